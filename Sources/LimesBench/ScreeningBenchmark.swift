import ArgumentParser
import Dispatch
import Foundation
import LimesCore

/// `limes-bench screening`: index build, memory, latency, throughput and quality on a generated
/// watchlist, side by side with brute-force rapidfuzz on the same files.
struct ScreeningBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screening",
        abstract: "Screen generated travellers against a generated watchlist; compare with the rapidfuzz peer."
    )

    @Option(help: "Listed persons.")
    var persons: Int = 1_000_000

    @Option(help: "Queries that are variants of listed persons.")
    var variants: Int = 2_000

    @Option(help: "Queries of clean travellers, on no list.")
    var clean: Int = 2_000

    @Option(help: "Seed of the corpus.")
    var seed: UInt64 = 2026

    @Option(help: "The peer script.")
    var peer: String = "../shared/peers/rapidfuzz_screen.py"

    @Option(help: "How many queries the peer screens (it scans the whole list per query).")
    var peerQueries: Int = 300

    @Option(help: "Python interpreter for the peer.")
    var python: String = "python3"

    @Flag(help: "Do not run the peer.")
    var noPeer = false

    @Option(help: "Also write the generated watchlist.csv and queries.csv into this folder (for limes watchlist import, limes screen).")
    var keepFiles: String?

    @Option(help: "Print this many missed variants and false alarms, to see what to improve.")
    var showErrors: Int = 0

    func run() throws {
        let generationStart = ContinuousClock.now
        let corpus = ScreeningCorpus.generate(persons: persons, variants: variants, clean: clean, seed: seed)
        let names = corpus.alerts.reduce(0) { $0 + $1.names.count }
        print(
            "corpus: \(persons) persons, \(names) names, \(variants) variant and \(clean) clean queries, seed \(seed) (made in \(fmt(seconds(since: generationStart), 1)) s)"
        )

        if let keepFiles {
            try FileManager.default.createDirectory(atPath: keepFiles, withIntermediateDirectories: true)
            try Self.writeFiles(
                corpus: corpus,
                queries: corpus.queries,
                listPath: keepFiles + "/watchlist.csv",
                queriesPath: keepFiles + "/queries.csv"
            )
            print("files: \(keepFiles)/watchlist.csv, \(keepFiles)/queries.csv")
        }

        let buildStart = ContinuousClock.now
        let index = ScreeningIndex(alerts: corpus.alerts)
        let buildSeconds = seconds(since: buildStart)
        let memory = Memory.read()
        print("index: built in \(fmt(buildSeconds, 2)) s; resident \(memory.residentMB) MB (peak \(memory.peakMB) MB) (targets: 30 s, 1,500 MB)")

        let queries = corpus.queries.map { ScreeningQuery(name: $0.name, birthDate: $0.birthDate, nationality: $0.nationality) }
        let policy = ScreeningPolicy()
        let scratch = ScreeningScratch(index: index)
        for query in queries.prefix(200) { _ = index.screen(query, policy: policy, scratch: scratch) }

        // Single thread: latency of each query.
        var latencies: [Double] = []
        latencies.reserveCapacity(queries.count)
        var results: [[ScreeningHit]] = []
        results.reserveCapacity(queries.count)
        for query in queries {
            let start = ContinuousClock.now
            let hits = index.screen(query, policy: policy, scratch: scratch)
            latencies.append(seconds(since: start) * 1000)
            results.append(hits)
        }
        let sorted = latencies.sorted()
        let p50 = percentile(sorted, 0.5), p99 = percentile(sorted, 0.99)
        let singleQPS = Double(queries.count) / (latencies.reduce(0, +) / 1000)
        print("latency (1 thread): p50 \(fmt(p50, 3)) ms, p99 \(fmt(p99, 3)) ms, \(fmt(singleQPS, 0)) queries/s (targets: 1 ms, 5 ms)")

        // All cores: each worker its own scratch.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let parallelStart = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: cores) { worker in
            let scratch = ScreeningScratch(index: index)
            var i = worker
            while i < queries.count {
                _ = index.screen(queries[i], policy: policy, scratch: scratch)
                i += cores
            }
        }
        let parallelQPS = Double(queries.count) / seconds(since: parallelStart)
        print("throughput (\(cores) cores): \(fmt(parallelQPS, 0)) queries/s")

        let quality = Quality(corpus.queries, hits: results.map { $0.map(\.alertID) })
        print(
            "quality: recall \(fmt(quality.recall * 100, 1))% of \(quality.variants) variants; \(fmt(quality.falsePositivesPerThousand, 1)) false positives per 1,000 clean travellers"
        )

        if showErrors > 0 {
            let byID = Dictionary(uniqueKeysWithValues: corpus.alerts.map { ($0.id, $0) })
            var missed = 0, alarms = 0
            for (query, hits) in zip(corpus.queries, results) {
                if let expected = query.expected, !hits.contains(where: { $0.alertID == expected }), missed < showErrors {
                    missed += 1
                    let alert = byID[expected]!
                    print(
                        "  missed: \(query.name) \(query.birthDate?.description ?? "-") -> \(expected) \(alert.names) \(alert.birthDate?.description ?? "-"); best: \(hits.first.map { "\($0.alertID) \($0.score)" } ?? "none")"
                    )
                } else if query.expected == nil, let hit = hits.first, alarms < showErrors {
                    alarms += 1
                    let alert = byID[hit.alertID]!
                    print(
                        "  false alarm: \(query.name) \(query.birthDate?.description ?? "-") -> \(hit.alertID) \(alert.names) \(alert.birthDate?.description ?? "-") \(hit.score): \(hit.reasons.joined(separator: "; "))"
                    )
                }
            }
        }

        var summary: [String: Any] = [
            "benchmark": "screening", "persons": persons, "names": names, "seed": seed, "queries": queries.count,
            "build_s": round3(buildSeconds), "resident_mb": memory.residentMB, "peak_mb": memory.peakMB,
            "p50_ms": round3(p50), "p99_ms": round3(p99), "qps_1_thread": singleQPS.rounded(), "qps_all_cores": parallelQPS.rounded(), "cores": cores,
            "recall": round3(quality.recall), "fp_per_1000_clean": round3(quality.falsePositivesPerThousand),
        ]

        if !noPeer {
            let subset = Array(corpus.queries.prefix(peerQueries))
            switch try runPeer(corpus: corpus, subset: subset) {
            case .measured(let peerHits, let peerQPS):
                let peerQuality = Quality(subset, hits: peerHits)
                let ours = Quality(subset, hits: results.prefix(subset.count).map { $0.map(\.alertID) })
                let ratio = singleQPS / peerQPS
                print("peer rapidfuzz (token_sort_ratio, threshold 85) on the first \(subset.count) queries: \(fmt(peerQPS, 2)) queries/s (1 thread)")
                print(
                    "  on those queries: peer recall \(fmt(peerQuality.recall * 100, 1))%, \(fmt(peerQuality.falsePositivesPerThousand, 1)) false positives per 1,000 clean; limes recall \(fmt(ours.recall * 100, 1))%, \(fmt(ours.falsePositivesPerThousand, 1)) per 1,000"
                )
                print("ratio: limes screens \(fmt(ratio, 0))x the peer's single-thread queries per second (target: 500x)")
                summary["peer"] = "rapidfuzz token_sort_ratio 85"
                summary["peer_queries"] = subset.count
                summary["peer_qps_1_thread"] = round3(peerQPS)
                summary["peer_recall"] = round3(peerQuality.recall)
                summary["peer_fp_per_1000_clean"] = round3(peerQuality.falsePositivesPerThousand)
                summary["limes_recall_on_peer_queries"] = round3(ours.recall)
                summary["limes_fp_per_1000_clean_on_peer_queries"] = round3(ours.falsePositivesPerThousand)
                summary["ratio_qps"] = ratio.rounded()
            case .unavailable(let why):
                print("peer: not measured: \(why)")
                summary["peer"] = why
            }
        }
        let json = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }

    enum PeerOutcome {
        case measured(hits: [[String]], qps: Double)
        case unavailable(String)
    }

    /// Writes the list and the queries in the batch formats and runs the peer on them.
    private func runPeer(corpus: ScreeningCorpus, subset: [ScreeningCorpus.Query]) throws -> PeerOutcome {
        guard FileManager.default.fileExists(atPath: peer) else { return .unavailable("no peer script at \(peer)") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limes-bench-screening-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let listPath = folder.appendingPathComponent("watchlist.csv").path
        let queriesPath = folder.appendingPathComponent("queries.csv").path
        var list = WatchlistFile.requiredColumns.joined(separator: ",") + "\n"
        for alert in corpus.alerts {
            list +=
                "\(alert.id),\(alert.list.rawValue),\(alert.names.joined(separator: "|")),\(alert.birthDate?.description ?? ""),\(alert.sex?.rawValue ?? ""),\(alert.nationalities.joined(separator: "|")),,,\(alert.action.rawValue),\n"
        }
        try list.write(toFile: listPath, atomically: false, encoding: .utf8)
        var queryText = "query_id,name,birth_date,nationality\n"
        for query in subset { queryText += "\(query.id),\(query.name),\(query.birthDate?.description ?? ""),\(query.nationality ?? "")\n" }
        try queryText.write(toFile: queriesPath, atomically: false, encoding: .utf8)

        let result = try PeerProcess.run([python, peer, listPath, queriesPath])
        let lastError = result.lastErrorLine
        let out = result.stdout
        guard result.status == 0 else { return .unavailable("the peer failed: \(lastError)") }
        guard let timing = try? JSONSerialization.jsonObject(with: Data(lastError.utf8)) as? [String: Any], let qps = timing["qps"] as? Double else {
            return .unavailable("no timing line from the peer")
        }
        var byQuery: [String: [String]] = [:]
        for line in String(decoding: out, as: UTF8.self).split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let id = object["query_id"] as? String
            else { continue }
            byQuery[id] = (object["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        return .measured(hits: subset.map { byQuery[$0.id] ?? [] }, qps: qps)
    }
}

extension ScreeningBenchmark {
    /// The batch formats of `limes screen` and the peer.
    static func writeFiles(corpus: ScreeningCorpus, queries: [ScreeningCorpus.Query], listPath: String, queriesPath: String) throws {
        var list = WatchlistFile.requiredColumns.joined(separator: ",") + "\n"
        for alert in corpus.alerts {
            list += "\(alert.id),\(alert.list.rawValue),\(alert.names.joined(separator: "|")),\(alert.birthDate?.description ?? ""),"
            list += "\(alert.sex?.rawValue ?? ""),\(alert.nationalities.joined(separator: "|")),,,\(alert.action.rawValue),\n"
        }
        try list.write(toFile: listPath, atomically: false, encoding: .utf8)
        var queryText = "query_id,name,birth_date,nationality\n"
        for query in queries { queryText += "\(query.id),\(query.name),\(query.birthDate?.description ?? ""),\(query.nationality ?? "")\n" }
        try queryText.write(toFile: queriesPath, atomically: false, encoding: .utf8)
    }
}

/// Recall on variants, and clean travellers who got any hit.
struct Quality {
    var variants = 0
    var found = 0
    var cleanCount = 0
    var alarmed = 0

    init(_ queries: [ScreeningCorpus.Query], hits: [[String]]) {
        for (query, ids) in zip(queries, hits) {
            if let expected = query.expected {
                variants += 1
                if ids.contains(expected) { found += 1 }
            } else {
                cleanCount += 1
                if !ids.isEmpty { alarmed += 1 }
            }
        }
    }

    var recall: Double { variants == 0 ? 0 : Double(found) / Double(variants) }
    var falsePositivesPerThousand: Double { cleanCount == 0 ? 0 : 1000 * Double(alarmed) / Double(cleanCount) }
}

/// The process's memory, from /proc.
struct Memory {
    var residentMB: Int
    var peakMB: Int

    static func read() -> Memory {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return Memory(residentMB: -1, peakMB: -1) }
        func value(_ key: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return -1 }
            return (Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "") ?? -1024) / 1024
        }
        return Memory(residentMB: value("VmRSS:"), peakMB: value("VmHWM:"))
    }
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
}

func fmt(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
