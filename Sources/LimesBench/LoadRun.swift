import Foundation

/// Concurrent booths, each a thread with its own connection, sending a check and then the
/// decision for it, as a booth device does.
struct LoadRun: Sendable {
    let port: Int
    let token: String
    let travellers: BenchTravellers
    let clients: Int
    /// The server's process, to measure its CPU; nil measures none.
    var serverPID: Int32? = nil

    struct Acknowledged: Sendable {
        var key: String
        var crossingID: String
    }

    struct Pending: Sendable {
        var key: String
        var checkID: String
    }

    struct Result {
        var transactions: Int
        var seconds: Double
        var transactionMillis: [Double]
        var checkMillis: [Double]
        var crossingMillis: [Double]
        var failures: Int
        var unexpectedStatus: [Int: Int]
        var acknowledged: [Acknowledged]
        var inFlight: [Pending]
        var verdicts: [String: Int]
        /// CPU seconds used during the measured window by the server and by this load generator.
        var serverCPU: Double? = nil
        var clientCPU: Double? = nil

        var transactionsPerSecond: Double { Double(transactions) / max(seconds, 0.001) }
        /// p99 of the whole transaction, in milliseconds.
        var p99: Double { Self.percentile(transactionMillis.sorted(), 0.99) }

        static func percentile(_ sorted: [Double], _ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
        }

        var summary: String {
            let t = transactionMillis.sorted(), c = checkMillis.sorted(), x = crossingMillis.sorted()
            var lines = [
                String(
                    format: "%d transactions in %.1f s: %.0f transactions/s (%.0f HTTP requests/s)",
                    transactions,
                    seconds,
                    transactionsPerSecond,
                    2 * transactionsPerSecond
                ),
                String(format: "transaction (check + crossing): p50 %.2f ms, p99 %.2f ms", Self.percentile(t, 0.5), Self.percentile(t, 0.99)),
                String(format: "  check:    p50 %.2f ms, p99 %.2f ms", Self.percentile(c, 0.5), Self.percentile(c, 0.99)),
                String(format: "  crossing: p50 %.2f ms, p99 %.2f ms", Self.percentile(x, 0.5), Self.percentile(x, 0.99)),
                "verdicts: " + verdicts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
            ]
            if let serverCPU, let clientCPU, transactions > 0 {
                lines.append(
                    String(
                        format: "CPU per transaction: server %.2f ms (%.2f cores), load generator %.2f ms (%.2f cores)",
                        serverCPU * 1000 / Double(transactions),
                        serverCPU / seconds,
                        clientCPU * 1000 / Double(transactions),
                        clientCPU / seconds
                    )
                )
            }
            if failures > 0 || !unexpectedStatus.isEmpty {
                lines.append("failures: \(failures); unexpected statuses: \(unexpectedStatus)")
            }
            return lines.joined(separator: "\n")
        }

        var json: [String: Any] {
            let t = transactionMillis.sorted()
            return [
                "tps": (transactionsPerSecond * 10).rounded() / 10,
                "p50_ms": (Self.percentile(t, 0.5) * 100).rounded() / 100,
                "p99_ms": (p99 * 100).rounded() / 100,
                "transactions": transactions,
                "failures": failures + unexpectedStatus.values.reduce(0, +),
                "server_cpu_ms_per_tx": serverCPU.map { ($0 * 100_000 / Double(max(transactions, 1))).rounded() / 100 } ?? NSNull(),
            ]
        }
    }

    /// Per thread, merged at the end.
    final class Tally: @unchecked Sendable {
        var transactions = 0
        var transactionMillis: [Double] = []
        var checkMillis: [Double] = []
        var crossingMillis: [Double] = []
        var failures = 0
        var unexpected: [Int: Int] = [:]
        var acknowledged: [Acknowledged] = []
        var inFlight: [Pending] = []
        var verdicts: [String: Int] = [:]
    }

    /// - Parameter pass: how many windows went through the travellers before this one. Each
    ///   window starts again with the first travellers; those who entered in the last one now
    ///   leave, and the next time come back.
    func run(warmup: Double, seconds: Double, stopOnFailure: Bool = false, pass: Int = 0) -> Result {
        let start = Date()
        let measureFrom = start.addingTimeInterval(warmup)
        let end = measureFrom.addingTimeInterval(seconds)
        let runID = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let tallies = (0..<clients).map { _ in Tally() }
        let group = DispatchGroup()
        for client in 0..<clients {
            let tally = tallies[client]
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                self.booth(client, tally: tally, runID: runID, measureFrom: measureFrom, end: end, stopOnFailure: stopOnFailure, pass: pass)
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        // CPU at the start and at the end of the measured window, sampled beside the booths.
        var cpuAtStart: (server: Double?, client: Double?) = (nil, nil)
        if let serverPID {
            Thread.sleep(until: measureFrom)
            cpuAtStart = (ProcessCPU.seconds(String(serverPID)), ProcessCPU.seconds("self"))
        }
        group.wait()
        let cpuAtEnd = serverPID.map { (ProcessCPU.seconds(String($0)), ProcessCPU.seconds("self")) }
        let measured = min(Date(), end).timeIntervalSince(measureFrom)
        var result = Result(
            transactions: 0,
            seconds: measured,
            transactionMillis: [],
            checkMillis: [],
            crossingMillis: [],
            failures: 0,
            unexpectedStatus: [:],
            acknowledged: [],
            inFlight: [],
            verdicts: [:]
        )
        if let cpuAtEnd, let server0 = cpuAtStart.server, let client0 = cpuAtStart.client, let server1 = cpuAtEnd.0, let client1 = cpuAtEnd.1 {
            result.serverCPU = server1 - server0
            result.clientCPU = client1 - client0
        }
        for tally in tallies {
            result.transactions += tally.transactions
            result.transactionMillis += tally.transactionMillis
            result.checkMillis += tally.checkMillis
            result.crossingMillis += tally.crossingMillis
            result.failures += tally.failures
            result.unexpectedStatus.merge(tally.unexpected, uniquingKeysWith: +)
            result.acknowledged += tally.acknowledged
            result.inFlight += tally.inFlight
            result.verdicts.merge(tally.verdicts, uniquingKeysWith: +)
        }
        return result
    }

    private func booth(_ client: Int, tally: Tally, runID: String, measureFrom: Date, end: Date, stopOnFailure: Bool, pass: Int) {
        let http = BenchHTTPClient(port: port)
        let headers = ["Authorization": "Bearer \(token)"]
        var visits: [Int: Int] = [:]
        var index = client
        var n = 0
        while Date() < end {
            let traveller = index % travellers.mrz.count
            index += clients
            let visit = visits[traveller, default: 0]
            visits[traveller] = visit + 1
            let direction = (visit + pass) % 2 == 0 ? "entry" : "exit"
            let mrz = travellers.mrz[traveller].replacingOccurrences(of: "\n", with: "\\n")
            let checkBody = #"{"mrz":"\#(mrz)","bcp":"BENCH","lane":"L\#(client + 1)","direction":"\#(direction)"}"#
            let t0 = DispatchTime.now().uptimeNanoseconds
            guard let check = try? http.request("POST", "/api/v1/checks", body: Data(checkBody.utf8), headers: headers) else {
                tally.failures += 1
                if stopOnFailure { return }
                continue
            }
            let t1 = DispatchTime.now().uptimeNanoseconds
            guard check.status == 201, let checkID = Self.value(of: "checkId", in: check.body) else {
                tally.unexpected[check.status, default: 0] += 1
                continue
            }
            if let verdict = Self.value(of: "verdict", in: check.body) { tally.verdicts[verdict, default: 0] += 1 }
            n += 1
            let key = "\(runID)-\(client)-\(n)"
            let crossingBody = #"{"checkId":"\#(checkID)","decision":"admit"}"#
            let response: BenchHTTPClient.Response
            do {
                response = try http.request(
                    "POST",
                    "/api/v1/crossings",
                    body: Data(crossingBody.utf8),
                    headers: headers.merging(["Idempotency-Key": key]) { $1 }
                )
            } catch {
                tally.failures += 1
                tally.inFlight.append(Pending(key: key, checkID: checkID))
                if stopOnFailure { return }
                continue
            }
            let t2 = DispatchTime.now().uptimeNanoseconds
            guard response.status == 201, let crossingID = Self.value(of: "id", in: response.body) else {
                tally.unexpected[response.status, default: 0] += 1
                continue
            }
            tally.acknowledged.append(Acknowledged(key: key, crossingID: crossingID))
            if Date() >= measureFrom {
                tally.transactions += 1
                tally.transactionMillis.append(Double(t2 - t0) / 1e6)
                tally.checkMillis.append(Double(t1 - t0) / 1e6)
                tally.crossingMillis.append(Double(t2 - t1) / 1e6)
            }
        }
    }

    /// A string value in a JSON body, without decoding the whole answer.
    static func value(of key: String, in body: Data) -> String? {
        let pattern = Array("\"\(key)\":\"".utf8)
        return body.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> String? in
            guard bytes.count >= pattern.count else { return nil }
            var i = 0
            while i <= bytes.count - pattern.count {
                if bytes[i] == pattern[0] {
                    var j = 1
                    while j < pattern.count, bytes[i + j] == pattern[j] { j += 1 }
                    if j == pattern.count {
                        let start = i + j
                        var end = start
                        while end < bytes.count, bytes[end] != 34 { end += 1 }
                        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                    }
                }
                i += 1
            }
            return nil
        }
    }
}
