import Foundation
import LimesCore

/// How `limes mrz` shows a reading: JSON for programs, text for people.
enum MRZOutput {
    struct Reading: Encodable {
        var valid: Bool
        var document: MRZDocument
        var checks: [DocumentCheck]
    }

    struct Failure: Encodable {
        struct Body: Encodable {
            var code: String
            var message: String
            var receivedLineLengths: [Int]

            init(_ error: MRZParseError) {
                code = error.kind.rawValue
                message = error.message
                receivedLineLengths = error.receivedLineLengths
            }
        }
        var error: Body
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain values cannot fail; a failure would be a programming error.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    static func text(_ d: MRZDocument, checks: [DocumentCheck]) -> String {
        var out: [String] = []
        out.append("\(d.format.summary): \(d.isValid ? "valid" : "INVALID, \(d.problems.count) problem\(d.problems.count == 1 ? "" : "s")")")
        func row(_ label: String, _ value: String) {
            out.append(label.padding(toLength: 16, withPad: " ", startingAt: 0) + value)
        }
        row("Document", "\(d.documentCode) (\(d.kind.rawValue.replacingOccurrences(of: "_", with: " "))) \(d.documentNumber)")
        row("Issuing state", d.issuingState.description)
        row("Surname", d.surname)
        row("Given names", d.givenNames + (d.nameMayBeTruncated ? "  (may be truncated)" : ""))
        row("Nationality", d.nationality.description)
        row("Date of birth", d.dateOfBirth.description)
        row("Sex", d.sex.map { "\($0.rawValue) (\($0.label))" } ?? "unreadable")
        row("Date of expiry", d.dateOfExpiry.description)
        if !d.optionalData.isEmpty { row("Optional data", d.optionalData) }
        if let second = d.optionalData2, !second.isEmpty { row("Optional data 2", second) }
        let c = d.checkDigits
        var digits = ["document number \(mark(c.documentNumber))", "birth \(mark(c.dateOfBirth))", "expiry \(mark(c.dateOfExpiry))"]
        if let o = c.optionalData { digits.append("personal number \(mark(o))") }
        if let k = c.composite { digits.append("composite \(mark(k))") }
        row("Check digits", digits.joined(separator: ", "))
        if !d.problems.isEmpty {
            out.append("Problems:")
            out += d.problems.map { "  - \($0.message)" }
        }
        if !d.corrections.isEmpty {
            out.append("OCR corrections:")
            out += d.corrections.map { "  - \($0.description)" }
        }
        if !checks.isEmpty {
            out.append("Checks:")
            out += checks.map { "  - \($0.severity.rawValue): \($0.message)" }
        }
        return out.joined(separator: "\n")
    }

    private static func mark(_ ok: Bool) -> String { ok ? "ok" : "FAILED" }
}
