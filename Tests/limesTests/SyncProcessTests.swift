import Foundation
import Testing

/// One service of many nodes, with real processes on loopback: a headquarters (on PostgreSQL
/// when LIMES_TEST_POSTGRES_URL is set, as in CI; else SQLite) and posts on SQLite, cut off,
/// stopped and killed while they work.
// Slow (about two minutes): on when LIMES_SYNC_PROCESSES=1, as scripts/test sets it.
@Suite("posts and headquarters", .serialized, .enabled(if: ProcessInfo.processInfo.environment["LIMES_SYNC_PROCESSES"] == "1"))
struct SyncProcessTests {
    /// A folder of its own for every node of a test.
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("limes-sync-\(UUID().uuidString)").path

    /// The demo's entry-banned person (alert DEMO-EB-1), typed as an officer would.
    static let listedPerson = """
        {"document":{"issuer":"UZB","number":"FA0412799","surname":"KARIMOV","givenNames":"RUSTAM","nationality":"UZB",\
        "birthDate":"1979-04-12","sex":"M","expiry":"2031-06-30"},"bcp":"UTO-NORTH","lane":"L1","direction":"entry"}
        """

    /// Ports far apart per test so that a process left over by a failed test cannot answer.
    static func port() -> Int { Int.random(in: 20_000..<60_000) }

    func limes(_ arguments: [String], environment: [String: String] = [:]) throws -> LimesProcess.Result {
        try LimesProcess.run(arguments, environment: environment)
    }

    /// Headquarters with the demo country: on PostgreSQL in a database of its own when the test
    /// environment names a server, else on SQLite.
    func headquarters() async throws -> (server: ServedLimes, store: [String]) {
        let folder = root + "/hq"
        var store = ["--data-dir", folder]
        if let admin = ProcessInfo.processInfo.environment["LIMES_TEST_POSTGRES_URL"], !admin.isEmpty {
            let name = "limes_sync_" + UUID().uuidString.prefix(8).lowercased()
            let created = Process()
            created.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            created.arguments = ["psql", admin, "-qc", "CREATE DATABASE \(name)"]
            try created.run()
            created.waitUntilExit()
            try #require(created.terminationStatus == 0, "psql CREATE DATABASE \(name)")
            store += ["--database-url", admin[..<admin.lastIndex(of: "/")!] + "/" + name]
        }
        let seeded = try limes(["demo", "--seed-only", "--password-rounds", "1000"] + store)
        try #require(seeded.status == 0, "\(seeded.stderr)")
        let server = ServedLimes(arguments: store, port: Self.port(), logFile: root + "/hq.log")
        try await server.start()
        return (server, store)
    }

    /// A post enrolled at headquarters with the key it made, serving `bcps`.
    func post(_ id: String, headquarters: ServedLimes, hqStore: [String], bcps: [String] = ["UTO-NORTH"], enrol: Bool = true, extra: [String] = [])
        async throws -> (server: ServedLimes, store: [String])
    {
        let store = ["--data-dir", root + "/" + id]
        let key = try limes(["node", "key"] + store)
        try #require(key.status == 0, "\(key.stderr)")
        if enrol {
            let enrolled = try limes(
                ["node", "enrol", "--id", id, "--public-key", key.stdout.trimmingCharacters(in: .whitespacesAndNewlines)]
                    + bcps.flatMap { ["--bcp", $0] } + hqStore
            )
            try #require(enrolled.status == 0, "\(enrolled.stderr)")
        }
        let server = ServedLimes(
            arguments: store + ["--post", "--node-id", id, "--headquarters", headquarters.url, "--sync-interval", "1"] + extra,
            port: Self.port(),
            logFile: root + "/\(id).log"
        )
        try await server.start()
        return (server, store)
    }

    /// What `limes node status` says of a post: outbox written and acknowledged, last error.
    func status(_ store: [String]) throws -> (written: Int, acknowledged: Int, text: String) {
        let result = try limes(["node", "status"] + store)
        try #require(result.status == 0, "\(result.stderr)")
        let numbers =
            result.stdout.split(separator: "\n").first { $0.hasPrefix("outbox:") }?
            .split(separator: " ").compactMap { Int($0) } ?? []
        try #require(numbers.count >= 2, "\(result.stdout)")
        return (numbers[0], numbers[1], result.stdout)
    }

    /// Checks a traveller of its own at the post and admits them: one check, one crossing.
    func cross(_ post: ServedLimes, token: String, number: Int, direction: String = "entry", document: String? = nil) async throws -> (
        traveller: String, crossing: String
    ) {
        let passport = document ?? String(format: "T%07d", number)
        // Names in Latin letters only, as an MRZ holds them: 1 is B, 27 is BB...
        let letters = String(String(number, radix: 26).map { Character(UnicodeScalar(UInt8(Int(String($0), radix: 26)! + 65))) })
        let (checked, body) = try await HTTP.request(
            post.url + "/api/v1/checks",
            method: "POST",
            json: """
                {"document":{"issuer":"UTO","number":"\(passport)","surname":"TESTER","givenNames":"NUMBER \(letters)","nationality":"UTO",\
                "birthDate":"1980-01-01","sex":"F","expiry":"2031-01-01"},"bcp":"UTO-NORTH","lane":"L1","direction":"\(direction)"}
                """,
            token: token
        )
        try #require(checked == 201, "\(body)")
        let check = try HTTP.object(body)
        let checkID = try #require(check["checkId"] as? String)
        let traveller = try #require((check["traveller"] as? [String: Any])?["id"] as? String)
        let (decided, decision) = try await HTTP.request(
            post.url + "/api/v1/crossings",
            method: "POST",
            json: #"{"checkId":"\#(checkID)","decision":"admit"}"#,
            token: token
        )
        try #require(decided == 201 || decided == 200, "\(decision)")
        return (traveller, try #require(try HTTP.object(decision)["id"] as? String))
    }

    /// scripts/chaos-proxy in front of `target`: with `faults`, it drops, loses answers,
    /// duplicates and replays requests at random (seeded); without, it only slows each one.
    func proxy(to target: ServedLimes, faults: Bool = true) async throws -> (ServedLimes, stats: String, Process) {
        try await proxy(to: [target], faults: faults)
    }

    /// The test's own network in front of `targets`, taking them in turn.
    func proxy(to targets: [ServedLimes], faults: Bool = true) async throws -> (ServedLimes, stats: String, Process) {
        let port = Self.port()
        let stats = root + "/proxy-\(port).json"
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/chaos-proxy").standardized.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", script, "--listen", "\(port)", "--seed", "2026", "--stats", stats] + targets.flatMap { ["--target", $0.url] }
            + (faults ? [] : ["--delay-ms", "150", "--drop", "0", "--lose-answer", "0", "--duplicate", "0", "--replay", "0"])
        let log = root + "/proxy-\(port).log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let network = ServedLimes(arguments: [], port: port, logFile: log)
        try await eventually("the proxy listens", within: 20) { (try? await HTTP.request(network.url + "/health"))?.0 != nil }
        return (network, stats, process)
    }

    /// The crossings headquarters holds for a traveller, by id.
    func crossings(at server: ServedLimes, traveller: String, token: String) async throws -> [String] {
        let (status, body) = try await HTTP.request(server.url + "/api/v1/travellers/\(traveller)", token: token)
        guard status == 200 else { return [] }
        let history = try HTTP.object(body)
        return (history["crossings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    func auditVerifies(_ store: [String]) throws {
        let verified = try limes(["audit", "verify"] + store)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }

    /// A post works while headquarters is down; when it returns, every record arrives once,
    /// also when headquarters is killed while it applies and the post is killed while it sends.
    @Test func recordsMadeOfflineArriveOnceThroughKillsAndRestarts() async throws {
        let (hq, hqStore) = try await headquarters()
        defer { hq.stopNow() }
        // A slow link: each batch takes a moment, so the kills below land while batches flow.
        let (link, _, proxy) = try await proxy(to: hq, faults: false)
        defer { end(proxy, within: 5) }
        let (post, postStore) = try await post("post-north", headquarters: link, hqStore: hqStore, extra: ["--sync-batch-size", "7"])
        defer { post.stopNow() }
        // The post takes users from headquarters before anyone can log in there.
        var token: String?
        try await eventually("the post knows headquarters' users") {
            token = try await HTTP.login(post.url, "first")
            return token != nil
        }

        await hq.stop()
        let before = try status(postStore)
        var made: [(traveller: String, crossing: String)] = []
        for number in 1...40 { made.append(try await cross(post, token: token!, number: number)) }
        let written = try status(postStore).written
        #expect(written >= before.written + 120, "each crossing writes its traveller, document, check and crossing")
        #expect(try status(postStore).acknowledged == before.acknowledged, "nothing reached headquarters while it was down")

        // Headquarters back, then killed as soon as it has applied something, and back again;
        // the post killed in the middle of sending, and back again.
        try await hq.start()
        try await eventually("headquarters applies a first batch", within: 30) { try status(postStore).acknowledged > 0 }
        hq.killNow()
        try await hq.start()
        try await eventually("more batches arrive", within: 30) { try status(postStore).acknowledged > 30 }
        post.killNow()
        #expect(try status(postStore).acknowledged < written, "the post was killed while it still had changes to send")
        try await post.start()
        // The post goes on writing after the crossings (the audit events of its own work travel
        // too), so the count to reach is the one at the moment the outbox is empty.
        var drained = written
        try await eventually("the outbox drains", within: 90) {
            let now = try status(postStore)
            drained = now.written
            return now.acknowledged == now.written
        }

        let nodes = try limes(["node", "list"] + hqStore)
        #expect(nodes.stdout.contains("post-north\tUTO-NORTH\t"), "\(nodes.stdout)")
        let row = nodes.stdout.split(separator: "\n").first { $0.hasPrefix("post-north\t") }?.split(separator: "\t", omittingEmptySubsequences: false)
        let applied = try #require(row.flatMap { $0.count > 3 ? Int($0[3]) : nil }, "\(nodes.stdout)")
        let since = try status(postStore).written
        #expect(applied >= drained && applied <= since, "headquarters applied every change the post wrote (\(drained)): \(nodes.stdout)")
        let supervisor = try #require(try await HTTP.login(hq.url, "supervisor"))
        for (traveller, crossing) in made {
            #expect(try await crossings(at: hq, traveller: traveller, token: supervisor) == [crossing])
        }
        try auditVerifies(hqStore)
        try auditVerifies(postStore)
    }

    /// Through a network that delays, drops, loses answers, duplicates and reorders requests
    /// (scripts/chaos-proxy, seeded), every record still arrives exactly once.
    @Test func anUnreliableNetworkNeitherLosesNorDoublesRecords() async throws {
        let (hq, hqStore) = try await headquarters()
        defer { hq.stopNow() }
        let (network, stats, proxy) = try await proxy(to: hq)
        defer { end(proxy, within: 5) }
        // Batches of 20: the post also sends up one audit event for each of the demo's crossings
        // it copies from headquarters (about 600), so a few dozen batches cross the bad network.
        let (post, postStore) = try await post("post-lake", headquarters: network, hqStore: hqStore, extra: ["--sync-batch-size", "20"])
        defer { post.stopNow() }
        var token: String?
        try await eventually("the post knows headquarters' users", within: 60) {
            token = try await HTTP.login(post.url, "first")
            return token != nil
        }
        var made: [(traveller: String, crossing: String)] = []
        for number in 1...30 { made.append(try await cross(post, token: token!, number: number)) }
        try await eventually("the outbox drains through the bad network", within: 180) {
            let now = try status(postStore)
            return now.written > 0 && now.acknowledged == now.written
        }
        let faults = try HTTP.object(try String(contentsOfFile: stats, encoding: .utf8))
        for fault in ["dropped", "answers_lost", "duplicated", "replayed"] {
            #expect((faults[fault] as? Int ?? 0) > 0, "the network \(fault) at least one request: \(faults)")
        }
        let supervisor = try #require(try await HTTP.login(hq.url, "supervisor"))
        for (traveller, crossing) in made {
            #expect(try await crossings(at: hq, traveller: traveller, token: supervisor) == [crossing])
        }
        let nodes = try limes(["node", "list"] + hqStore)
        #expect(nodes.stdout.contains("\t\(try status(postStore).written)\t"), "\(nodes.stdout)")
        try auditVerifies(hqStore)
    }

    /// A traveller enters at one post and leaves at another: the second post knows the entry
    /// (headquarters sent it down), so a second entry there is referred as an entry without an
    /// exit, the exit counts the stay begun at the first post, and headquarters ends up with one
    /// traveller with both crossings.
    @Test func aTravellerEntersAtOnePostAndLeavesAtAnother() async throws {
        let (hq, hqStore) = try await headquarters()
        defer { hq.stopNow() }
        let (north, northStore) = try await post("post-bridge", headquarters: hq, hqStore: hqStore)
        defer { north.stopNow() }
        let (air, _) = try await post("post-airport", headquarters: hq, hqStore: hqStore, bcps: ["UTO-AIR"])
        defer { air.stopNow() }
        var tokens: [String] = []
        for node in [north, air] {
            var token: String?
            try await eventually("the post knows headquarters' users") {
                token = try await HTTP.login(node.url, "first")
                return token != nil
            }
            tokens.append(token!)
        }
        // A Senegalese traveller: 90 days in any 180 without a visa (the demo's policy).
        func check(at node: ServedLimes, token: String, bcp: String, lane: String, _ direction: String) async throws -> [String: Any] {
            let (status, body) = try await HTTP.request(
                node.url + "/api/v1/checks",
                method: "POST",
                json: """
                    {"document":{"issuer":"SEN","number":"A07700770","surname":"NDIAYE","givenNames":"FATOU","nationality":"SEN",\
                    "birthDate":"1980-01-01","sex":"F","expiry":"2031-01-01"},"bcp":"\(bcp)","lane":"\(lane)","direction":"\(direction)"}
                    """,
                token: token
            )
            try #require(status == 201, "\(body)")
            return try HTTP.object(body)
        }
        func admit(_ check: [String: Any], at node: ServedLimes, token: String) async throws -> String {
            let checkID = try #require(check["checkId"] as? String)
            let (status, body) = try await HTTP.request(
                node.url + "/api/v1/crossings",
                method: "POST",
                json: #"{"checkId":"\#(checkID)","decision":"admit"}"#,
                token: token
            )
            try #require(status == 201, "\(body)")
            return try #require(try HTTP.object(body)["id"] as? String)
        }
        func codes(_ check: [String: Any]) -> [String] { (check["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } }

        let arrival = try await check(at: north, token: tokens[0], bcp: "UTO-NORTH", lane: "L1", "entry")
        let traveller = try #require((arrival["traveller"] as? [String: Any])?["id"] as? String)
        let entry = try await admit(arrival, at: north, token: tokens[0])
        try await eventually("the entry reaches headquarters", within: 30) {
            let now = try status(northStore)
            return now.acknowledged == now.written
        }
        // Watched through a read, not a check: a check at the airport before the entry arrives
        // would record the passport there as new (a case the store tests cover).
        let airSupervisor = try #require(try await HTTP.login(air.url, "supervisor"))
        try await eventually("the airport knows the entry made at the bridge", within: 60) {
            try await crossings(at: air, traveller: traveller, token: airSupervisor) == [entry]
        }
        let again = try await check(at: air, token: tokens[1], bcp: "UTO-AIR", lane: "A1", "entry")
        #expect(codes(again).contains("history.entry_without_exit"), "\(again)")
        let departure = try await check(at: air, token: tokens[1], bcp: "UTO-AIR", lane: "A1", "exit")
        #expect((departure["traveller"] as? [String: Any])?["id"] as? String == traveller, "one traveller across the posts")
        #expect((departure["stay"] as? [String: Any])?["daysUsed"] as? Int == 1, "the stay begun at the bridge counts: \(departure)")
        _ = try await admit(departure, at: air, token: tokens[1])
        let supervisor = try #require(try await HTTP.login(hq.url, "supervisor"))
        try await eventually("headquarters holds both crossings of the traveller", within: 30) {
            try await crossings(at: hq, traveller: traveller, token: supervisor).count == 2
        }
        try auditVerifies(hqStore)
    }

    /// Headquarters scaled out: two `limes serve` processes on one PostgreSQL behind a
    /// round-robin of the test's own, so that a post's batches, pulls and acknowledgements go to
    /// either. Every record arrives once and both answer the same; a policy set by a third
    /// process (the command line) is applied by both, and a deactivated officer is refused by both.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LIMES_TEST_POSTGRES_URL"]?.isEmpty == false))
    func twoHeadquartersProcessesOnOnePostgreSQLGiveTheSameAnswers() async throws {
        let (hq, hqStore) = try await headquarters()
        defer { hq.stopNow() }
        let second = ServedLimes(arguments: hqStore, port: Self.port(), logFile: root + "/hq-2.log")
        try await second.start()
        defer { second.stopNow() }
        let (balancer, stats, proxy) = try await proxy(to: [hq, second], faults: false)
        defer { end(proxy, within: 5) }
        let (post, postStore) = try await post("post-east", headquarters: balancer, hqStore: hqStore, extra: ["--sync-batch-size", "10"])
        defer { post.stopNow() }
        var token: String?
        try await eventually("the post knows headquarters' users") {
            token = try await HTTP.login(post.url, "first")
            return token != nil
        }
        var made: [(traveller: String, crossing: String)] = []
        for number in 1...20 { made.append(try await cross(post, token: token!, number: number)) }
        try await eventually("the outbox drains through both processes", within: 120) {
            let now = try status(postStore)
            return now.acknowledged == now.written
        }
        let spread = try HTTP.object(try String(contentsOfFile: stats, encoding: .utf8))["by_target"] as? [String: Int] ?? [:]
        #expect(spread[hq.url, default: 0] > 0 && spread[second.url, default: 0] > 0, "both processes served the post: \(spread)")
        for server in [hq, second] {
            let supervisor = try #require(try await HTTP.login(server.url, "supervisor"))
            for (traveller, crossing) in made {
                #expect(try await crossings(at: server, traveller: traveller, token: supervisor) == [crossing], "\(server.url)")
            }
        }

        // An entry without an exit: referred, as the demo's policy says; then the policy is set
        // from the command line, which neither process hears of, and both apply it.
        let officers = [try #require(try await HTTP.login(hq.url, "first")), try #require(try await HTTP.login(second.url, "first"))]
        func level(at server: ServedLimes, token: String) async throws -> String? {
            let (status, body) = try await HTTP.request(server.url + "/api/v1/checks", method: "POST", json: Self.returning, token: token)
            try #require(status == 201, "\(body)")
            let reasons = try HTTP.object(body)["reasons"] as? [[String: Any]] ?? []
            return reasons.first { $0["code"] as? String == "history.entry_without_exit" }?["level"] as? String
        }
        let (checked, answer) = try await HTTP.request(hq.url + "/api/v1/checks", method: "POST", json: Self.returning, token: officers[0])
        try #require(checked == 201, "\(answer)")
        let checkID = try #require(try HTTP.object(answer)["checkId"] as? String)
        let (admitted, _) = try await HTTP.request(
            hq.url + "/api/v1/crossings",
            method: "POST",
            json: #"{"checkId":"\#(checkID)","decision":"admit"}"#,
            token: officers[0]
        )
        #expect(admitted == 201)
        #expect(try await level(at: second, token: officers[1]) == "refer")
        var policy = try HTTP.object(try limes(["policy", "show"] + hqStore).stdout)
        policy["entryWithoutExit"] = "stop"
        let file = root + "/policy.json"
        try JSONSerialization.data(withJSONObject: policy).write(to: URL(fileURLWithPath: file))
        let set = try limes(["policy", "set", file] + hqStore)
        try #require(set.status == 0, "\(set.stderr)")
        for (server, officer) in zip([hq, second], officers) {
            try await eventually("\(server.url) applies the new policy", within: 15) { try await level(at: server, token: officer) == "stop" }
        }

        let deactivated = try limes(["user", "deactivate", "second"] + hqStore)
        try #require(deactivated.status == 0, "\(deactivated.stderr)")
        for server in [hq, second] { #expect(try await HTTP.login(server.url, "second") == nil, "\(server.url)") }
        try auditVerifies(hqStore)
    }

    /// A Ghanaian traveller who entered at headquarters' own BCP and comes to enter again.
    static let returning = """
        {"document":{"issuer":"GHA","number":"G01010101","surname":"MENSAH","givenNames":"AMA","nationality":"GHA",\
        "birthDate":"1990-05-05","sex":"F","expiry":"2032-01-01"},"bcp":"UTO-NORTH","lane":"L1","direction":"entry"}
        """

    /// What headquarters decides reaches the post: a withdrawn alert stops hitting there, and a
    /// revoked officer can no longer log in there.
    @Test func withdrawnAlertsAndRevokedUsersReachThePost() async throws {
        let (hq, hqStore) = try await headquarters()
        defer { hq.stopNow() }
        let (post, postStore) = try await post("post-air", headquarters: hq, hqStore: hqStore)
        defer { post.stopNow() }
        var token: String?
        try await eventually("the post knows headquarters' users") {
            token = try await HTTP.login(post.url, "first")
            return token != nil
        }
        func verdict() async throws -> (String, Int) {
            let (status, body) = try await HTTP.request(
                post.url + "/api/v1/checks",
                method: "POST",
                json: Self.listedPerson,
                token: token
            )
            try #require(status == 201, "\(body)")
            let check = try HTTP.object(body)
            return (check["verdict"] as? String ?? "", (check["hits"] as? [Any])?.count ?? -1)
        }
        try await eventually("the post screens against headquarters' alerts", within: 30) { try await verdict().1 > 0 }

        // Withdrawn at headquarters: the entry-ban list replaced by one other alert.
        let file = root + "/entry-bans.csv"
        try
            "id,list,names,birth_date,sex,nationality,document_number,document_country,action,valid_until\nW2,entry_ban,SOW MOUSSA,,,,,,refuse_entry,\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try limes(["watchlist", "import", "--replace", file] + hqStore)
        try #require(imported.status == 0, "\(imported.stderr)")
        try await eventually("the withdrawn alert stops hitting at the post", within: 30) {
            let (_, hits) = try await verdict()
            return hits == 0
        }

        // Revoked at headquarters: the session ends and the login is refused at the post.
        let revoked = try limes(["user", "deactivate", "first"] + hqStore)
        try #require(revoked.status == 0, "\(revoked.stderr)")
        try await eventually("the post refuses the revoked officer", within: 30) {
            try await HTTP.login(post.url, "first") == nil
        }
        // Sessions are cached for 15 s in the server (SessionAuthenticator), at a post as anywhere.
        try await eventually("the revoked officer's session ends at the post", within: 30) {
            try await HTTP.request(post.url + "/api/v1/me", token: token).0 == 401
        }
        #expect(try await HTTP.login(post.url, "second") != nil, "other officers still log in")
        try auditVerifies(postStore)
    }

    /// A post that is not enrolled, or that signs with another key than the one enrolled, is
    /// refused with the reason, and nothing it sends is stored.
    @Test func unknownPostsAndWrongKeysAreRefused() async throws {
        let (hq, hqStore) = try await headquarters()
        defer { hq.stopNow() }
        let (stranger, strangerStore) = try await post("post-stranger", headquarters: hq, hqStore: hqStore, enrol: false)
        defer { stranger.stopNow() }
        try await eventually("the stranger is told it is not enrolled", within: 20) {
            try status(strangerStore).text.contains("node post-stranger is not enrolled here")
        }

        // Enrolled with one key; a second post claims its id with a key of its own.
        let key = try limes(["node", "key", "--data-dir", root + "/genuine"])
        let enrolled = try limes(["node", "enrol", "--id", "post-port", "--bcp", "UTO-PORT", "--public-key", key.stdout] + hqStore)
        try #require(enrolled.status == 0, "\(enrolled.stderr)")
        let impostorStore = ["--data-dir", root + "/impostor"]
        let impostor = ServedLimes(
            arguments: impostorStore + ["--post", "--node-id", "post-port", "--headquarters", hq.url, "--sync-interval", "1"],
            port: Self.port(),
            logFile: root + "/impostor.log"
        )
        try await impostor.start()
        defer { impostor.stopNow() }
        try await eventually("the impostor is told its signature does not match", within: 20) {
            try status(impostorStore).text.contains("the signature does not match node post-port's enrolled key")
        }
        #expect(try await HTTP.login(impostor.url, "first") == nil, "it received no users")
        let nodes = try limes(["node", "list"] + hqStore)
        #expect(nodes.stdout.contains("post-port\tUTO-PORT\t"))
        #expect(!nodes.stdout.contains("post-stranger"))
    }
}
