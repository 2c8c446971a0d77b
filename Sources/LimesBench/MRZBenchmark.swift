import ArgumentParser
import Foundation
import LimesCore

/// `limes-bench mrz`: MRZ parsing and document checks, in documents per second.
struct MRZBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrz",
        abstract: "Parse and validate a deterministic set of MRZs; compare with the Python package mrz."
    )

    @Option(help: "How many MRZs to generate.")
    var count: Int = 100_000

    @Option(help: "Seed of the corpus.")
    var seed: UInt64 = 9303

    @Option(help: "Timed passes over the corpus; the fastest counts.")
    var passes: Int = 3

    @Option(help: "Python interpreter for the peer.")
    var python: String = "python3"

    @Flag(help: "Do not run the Python peer.")
    var noPeer = false

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        guard passes >= 1 else { throw ValidationError("--passes must be at least 1") }
    }

    func run() throws {
        let corpus = MRZCorpus.generate(count: count, seed: seed)
        let mix = MRZFormat.allCases.map { "\($0.rawValue) \(corpus.formatCounts[$0, default: 0])" }.joined(separator: ", ")
        print("corpus: \(count) MRZs (\(mix)), seed \(seed)")

        let today = CalendarDate(year: 2026, month: 1, day: 1)!
        let parser = MRZParser(today: today)
        let checker = DocumentChecker()
        var best = Double.infinity
        var valid = 0, corrected = 0, findings = 0
        for _ in 0..<(passes + 1) {  // the first pass warms caches and is not counted
            valid = 0; corrected = 0; findings = 0
            let start = ContinuousClock.now
            for record in corpus.records {
                guard let document = try? parser.parse(record) else { continue }
                if document.isValid { valid += 1 }
                if !document.corrections.isEmpty { corrected += 1 }
                findings += checker.check(document, today: today).count
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = min(best, seconds)
        }
        let limesRate = Double(count) / best
        print(
            "limes: \(count) docs in \(format(best, 3)) s = \(grouped(limesRate)) docs/s (valid \(valid), OCR-corrected \(corrected), findings \(findings); best of \(passes))"
        )

        var peerRate: Double? = nil
        var peerNote = "not run"
        if !noPeer {
            switch MRZPeer.run(records: corpus.records, python: python) {
            case .measured(let figures):
                peerRate = Double(figures.docs) / figures.seconds
                peerNote = "mrz \(figures.version) on Python \(figures.python)"
                print(
                    "peer (\(peerNote)): \(figures.docs) docs in \(format(figures.seconds, 3)) s = \(grouped(peerRate!)) docs/s (valid \(figures.valid))"
                )
            case .unavailable(let why):
                peerNote = why
                print("peer: not measured: \(why)")
            }
        }
        let ratio = peerRate.map { limesRate / $0 }
        if let ratio { print("ratio: limes is \(format(ratio, 1))x the peer's throughput (target: 50x)") }

        var summary: [String: Any] = [
            "benchmark": "mrz", "count": count, "seed": seed, "limes_docs_per_s": limesRate.rounded(),
            "limes_seconds": best, "valid": valid, "target_ratio": 50, "peer": peerNote,
        ]
        summary["peer_docs_per_s"] = peerRate.map { $0.rounded() } ?? NSNull()
        summary["ratio"] = ratio.map { ($0 * 10).rounded() / 10 } ?? NSNull()
        let json = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }

    private func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    private func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }
}
