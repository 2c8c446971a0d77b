import Foundation

/// Times the PyPI package `mrz` (its TD1/TD2/TD3/MRVA/MRVB CodeChecker classes) on the same
/// MRZs, in a Python process of its own.
enum MRZPeer {
    struct Figures: Decodable {
        var docs: Int
        var seconds: Double
        var valid: Int
        var version: String
        var python: String
    }

    enum Outcome {
        case measured(Figures)
        case unavailable(String)
    }

    static func run(records: [String], python: String) -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limes-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let corpus = folder.appendingPathComponent("mrz.txt")
            // One MRZ per line, its lines joined by `|`.
            try records.map { $0.replacingOccurrences(of: "\n", with: "|") }.joined(separator: "\n").write(
                to: corpus,
                atomically: true,
                encoding: .utf8
            )
            let script = folder.appendingPathComponent("mrz_peer.py")
            try source.write(to: script, atomically: true, encoding: .utf8)

            let result = try PeerProcess.run([python, script.path, corpus.path])
            guard result.status == 0 else { return .unavailable(result.lastErrorLine.isEmpty ? "exit \(result.status)" : result.lastErrorLine) }
            return .measured(try JSONDecoder().decode(Figures.self, from: result.stdout))
        } catch {
            return .unavailable("\(error)")
        }
    }

    static let source = #"""
        import sys, time, json, platform
        try:
            from importlib.metadata import version
            from mrz.checker.td1 import TD1CodeChecker
            from mrz.checker.td2 import TD2CodeChecker
            from mrz.checker.td3 import TD3CodeChecker
            from mrz.checker.mrva import MRVACodeChecker
            from mrz.checker.mrvb import MRVBCodeChecker
        except ImportError as e:
            sys.exit("python package mrz not found (pip install mrz): %s" % e)

        records = [line.replace("|", "\n") for line in open(sys.argv[1]).read().split("\n") if line]

        def checker(s):
            first = s.split("\n", 1)[0]
            if len(first) == 30: return TD1CodeChecker
            if len(first) == 36: return MRVBCodeChecker if first[0] == "V" else TD2CodeChecker
            return MRVACodeChecker if first[0] == "V" else TD3CodeChecker

        valid = 0
        start = time.perf_counter()
        for s in records:
            try:
                if checker(s)(s):
                    valid += 1
            except Exception:
                pass
        seconds = time.perf_counter() - start
        print(json.dumps({"docs": len(records), "seconds": seconds, "valid": valid,
                          "version": version("mrz"), "python": platform.python_version()}))
        """#
}
