import ArgumentParser
import Foundation
import LimesCore

/// `limes mrz`: reads one MRZ and prints the document, its check digits, problems and checks.
struct MRZCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrz",
        abstract: "Read and validate a machine readable zone (ICAO Doc 9303).",
        discussion: """
            The MRZ comes from the arguments (one per line, or all in one) or, without arguments, \
            from standard input. Exit status: 0 when the MRZ is valid, 1 when it was read with \
            problems (wrong check digit, unknown country, invalid date, ...), 2 when it could \
            not be read at all. Document checks (expired, specimen, ...) are printed but do not \
            change the exit status.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, text
    }

    @Argument(help: "The MRZ lines. Read from standard input when absent.")
    var lines: [String] = []

    @Option(help: "Output format: json or text.")
    var format: Format = .json

    @Option(help: "Resolve dates and check expiry against this day (YYYY-MM-DD) instead of today.")
    var today: String?

    @Option(help: "Warn when the document expires within this many days.")
    var expiryWarningDays: Int = 30

    func validate() throws {
        if let today, CalendarDate(iso: today) == nil {
            throw ValidationError("--today '\(today)' is not a date in the form YYYY-MM-DD")
        }
        if expiryWarningDays < 0 {
            throw ValidationError("--expiry-warning-days must be 0 or more, got \(expiryWarningDays)")
        }
    }

    func run() throws {
        let day = today.flatMap { CalendarDate(iso: $0) } ?? .today()
        let text = lines.isEmpty ? readStandardInput() : lines.joined(separator: "\n")
        let document: MRZDocument
        do {
            document = try MRZParser(today: day).parse(text)
        } catch {
            switch format {
            case .json: print(MRZOutput.json(MRZOutput.Failure(error: .init(error))))
            case .text: printError("cannot read MRZ: \(error.message)")
            }
            throw ExitCode(2)
        }
        let checks = DocumentChecker(expiryWarningDays: expiryWarningDays).check(document, today: day)
        switch format {
        case .json: print(MRZOutput.json(MRZOutput.Reading(valid: document.isValid, document: document, checks: checks)))
        case .text: print(MRZOutput.text(document, checks: checks))
        }
        if !document.isValid { throw ExitCode(1) }
    }

    /// Reads at most a little over the parser's limit, so a huge pipe is refused, not buffered.
    private func readStandardInput() -> String {
        let data = FileHandle.standardInput.readData(ofLength: 4096)
        return String(decoding: data, as: UTF8.self)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
