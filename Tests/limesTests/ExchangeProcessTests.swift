import Foundation
import Testing

/// Two countries' headquarters as real processes on loopback (Utopia on PostgreSQL when the
/// test environment names a server, as in CI; Niger on SQLite), with an agreement between them.
// Slow (about a minute): on when LIMES_SYNC_PROCESSES=1, as scripts/test sets it.
@Suite("two countries' headquarters", .serialized, .enabled(if: ProcessInfo.processInfo.environment["LIMES_SYNC_PROCESSES"] == "1"))
struct ExchangeProcessTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("limes-exchange-\(UUID().uuidString)").path
    let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
    var yesterday: String {
        ISO8601DateFormatter.string(from: Date().addingTimeInterval(-86_400), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
    }
    let header = "id,list,names,birth_date,sex,nationality,document_number,document_country,action,valid_until\n"
    let identity = #"["list","names","birth_date","nationalities","documents","action"]"#

    func limes(_ arguments: [String]) throws -> LimesProcess.Result { try LimesProcess.run(arguments) }

    /// A country's headquarters: the demo, on PostgreSQL for Utopia when one is named.
    func headquarters(_ name: String, postgres: Bool) async throws -> (server: ServedLimes, store: [String]) {
        var store = ["--data-dir", root + "/" + name]
        if postgres, let admin = ProcessInfo.processInfo.environment["LIMES_TEST_POSTGRES_URL"], !admin.isEmpty {
            let database = "limes_exchange_" + UUID().uuidString.prefix(8).lowercased()
            let created = Process()
            created.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            created.arguments = ["psql", admin, "-qc", "CREATE DATABASE \(database)"]
            try created.run()
            created.waitUntilExit()
            try #require(created.terminationStatus == 0, "psql CREATE DATABASE \(database)")
            store += ["--database-url", admin[..<admin.lastIndex(of: "/")!] + "/" + database]
        }
        let seeded = try limes(["demo", "--seed-only", "--password-rounds", "1000"] + store)
        try #require(seeded.status == 0, "\(seeded.stderr)")
        let server = ServedLimes(arguments: store, port: Int.random(in: 20_000..<60_000), logFile: root + "/\(name).log")
        try await server.start()
        return (server, store)
    }

    func call(_ base: String, _ method: String, _ path: String, _ json: String? = nil, token: String?) async throws -> (Int, String) {
        try await HTTP.request(base + path, method: method, json: json, token: token)
    }

    func agreement(partner: String, fields: String, level: String = "identity_and_decision", until: String? = nil) -> String {
        """
        {"title":"Exchange of alerts between Utopia and Niger","instrument":"Memorandum of understanding on border cooperation, 2026",\
        "article":"Article 4","partner":"\(partner)","validFrom":"2026-01-01",\(until.map { "\"validUntil\":\"\($0)\"," } ?? "")\
        "terms":{"alert":{"level":"\(level)","fields":\(fields)},\
        "information_request":{"level":"identity_and_decision","fields":["alert","question","names","birth_date"],"answerHours":24},\
        "information_answer":{"level":"full","fields":["answer"]}}}
        """
    }

    func importAlerts(_ csv: String, store: [String], name: String) throws {
        let file = root + "/\(name).csv"
        try (header + csv).write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try limes(["watchlist", "import", "--replace", file] + store)
        try #require(imported.status == 0, "\(imported.stderr)")
    }

    /// A check at Niger of the person Utopia lists; the alert ids of its hits.
    func hitsAtNiger(_ niger: ServedLimes, token: String?) async throws -> [String] {
        try await hitIDsAtNiger(niger, token: token).map(\.alert)
    }

    func hitIDsAtNiger(_ niger: ServedLimes, token: String?) async throws -> [(alert: String, hit: String)] {
        let (status, body) = try await call(
            niger.url,
            "POST",
            "/api/v1/checks",
            """
            {"document":{"issuer":"UZB","number":"AB1234567","surname":"TESTOVA","givenNames":"ZARINA","nationality":"UZB",\
            "birthDate":"1988-01-02","sex":"F","expiry":"2031-06-30"},"bcp":"UTO-NORTH","lane":"L1","direction":"entry"}
            """,
            token: token
        )
        try #require(status == 200 || status == 201, "\(status) \(body)")
        return (try HTTP.object(body)["hits"] as? [[String: Any]] ?? []).compactMap { hit in
            guard let alert = hit["alertId"] as? String, let id = hit["id"] as? String else { return nil }
            return (alert, id)
        }
    }

    func disclosures(_ utopia: ServedLimes, token: String?) async throws -> [[String: Any]] {
        let (status, body) = try await call(utopia.url, "GET", "/api/v1/exchange/disclosures?partner=NER&from=\(today)&to=\(today)", token: token)
        try #require(status == 200, "\(status) \(body)")
        return try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]])
    }

    /// Niger made Niger (its entry policy names its country), and each pinning the other's key.
    func connect(utopia: ServedLimes, niger: ServedLimes, adminA: String?, adminB: String?) async throws {
        let (_, policy) = try await call(niger.url, "GET", "/api/v1/entry-policy", token: adminB)
        var nigerPolicy = try HTTP.object(policy)
        nigerPolicy["country"] = "NER"
        let policyText = String(decoding: try JSONSerialization.data(withJSONObject: nigerPolicy), as: UTF8.self)
        #expect(try await call(niger.url, "PUT", "/api/v1/entry-policy", policyText, token: adminB).0 == 200)
        let keyA = try HTTP.object(try await call(utopia.url, "GET", "/api/v1/exchange/key", token: adminA).1)["publicKey"] as? String
        let keyB = try HTTP.object(try await call(niger.url, "GET", "/api/v1/exchange/key", token: adminB).1)["publicKey"] as? String
        let partnerB = #"{"name":"Niger","url":"\#(niger.url)","publicKey":"\#(try #require(keyB))"}"#
        let partnerA = #"{"name":"Utopia","url":"\#(utopia.url)","publicKey":"\#(try #require(keyA))"}"#
        #expect(try await call(utopia.url, "PUT", "/api/v1/exchange/partners/NER", partnerB, token: adminA).0 == 200)
        #expect(try await call(niger.url, "PUT", "/api/v1/exchange/partners/UTO", partnerA, token: adminB).0 == 200)
    }

    @Test func alertsPassUnderTheAgreementAndWhatItForbidsIsRefused() async throws {
        let utopia = try await headquarters("utopia", postgres: true)
        defer { utopia.server.stopNow() }
        let niger = try await headquarters("niger", postgres: false)
        defer { niger.server.stopNow() }
        let adminA = try await HTTP.login(utopia.server.url, "admin")
        let adminB = try await HTTP.login(niger.server.url, "admin")

        // Each pins the other's key and records the agreement.
        try await connect(utopia: utopia.server, niger: niger.server, adminA: adminA, adminB: adminB)
        let savedA = try await call(
            utopia.server.url,
            "PUT",
            "/api/v1/agreements/UTO-NER-1",
            agreement(partner: "NER", fields: identity),
            token: adminA
        )
        #expect(savedA.0 == 200, "\(savedA.1)")
        let savedB = try await call(
            niger.server.url,
            "PUT",
            "/api/v1/agreements/UTO-NER-1",
            agreement(partner: "UTO", fields: identity),
            token: adminB
        )
        #expect(savedB.0 == 200, "\(savedB.1)")

        // Published in Utopia, screened in Niger, without the fields the agreement forbids.
        try importAlerts("XCHG-1,national_wanted,TESTOVA ZARINA,1988-01-02,F,UZB,AB1234567,UZB,arrest,\n", store: utopia.store, name: "one")
        let officerB = try await HTTP.login(niger.server.url, "first")
        try await eventually("Utopia's alert hits in Niger", within: 90) {
            try await hitsAtNiger(niger.server, token: officerB).contains("UTO:XCHG-1")
        }
        let auditorA = try await HTTP.login(utopia.server.url, "auditor")
        // Niger's answer is recorded in Utopia once the delivery returns.
        try await eventually("the disclosure is recorded as accepted") {
            try await disclosures(utopia.server, token: auditorA).first { $0["record"] as? String == "XCHG-1" }?["state"] as? String == "accepted"
        }
        let first = try #require(try await disclosures(utopia.server, token: auditorA).first { $0["record"] as? String == "XCHG-1" })
        #expect(!((first["message"] as? String) ?? "\"sex\"").contains("\"sex\""), "sex is not in the agreement")

        // Niger's second line asks Utopia about the hit; Utopia's answers within the deadline.
        let hit = try #require(try await hitIDsAtNiger(niger.server, token: officerB).first { $0.alert == "UTO:XCHG-1" })
        let secondB = try await HTTP.login(niger.server.url, "second")
        let asked = try await call(
            niger.server.url,
            "POST",
            "/api/v1/hits/\(hit.hit)/information-requests",
            #"{"question":"Is the warrant still valid?"}"#,
            token: secondB
        )
        #expect(asked.0 == 201, "\(asked.1)")
        let secondA = try await HTTP.login(utopia.server.url, "second")
        var incomingID: String?
        try await eventually("Utopia receives the request") {
            let (_, body) = try await call(utopia.server.url, "GET", "/api/v1/information-requests?direction=incoming", token: secondA)
            let list = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]] ?? []
            incomingID = list.first { $0["alertId"] as? String == "XCHG-1" }?["id"] as? String
            return incomingID != nil
        }
        let answered = try await call(
            utopia.server.url,
            "POST",
            "/api/v1/information-requests/\(try #require(incomingID))/answer",
            #"{"answer":"Yes: warrant 77 stands."}"#,
            token: secondA
        )
        #expect(answered.0 == 200, "\(answered.1)")
        try await eventually("Niger has the answer, on time") {
            let (_, body) = try await call(niger.server.url, "GET", "/api/v1/information-requests?direction=outgoing", token: secondB)
            let list = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]] ?? []
            return list.contains { $0["answer"] as? String == "Yes: warrant 77 stands." && $0["late"] as? Bool == false }
        }

        // Niger cannot be reached: Utopia's messages wait, then arrive once when it returns.
        await niger.server.stop()
        try importAlerts("XCHG-2,national_wanted,SECOND PERSON,1990-05-06,M,UZB,,,arrest,\n", store: utopia.store, name: "two")
        try await eventually("the withdrawal waits for Niger") {
            try await disclosures(utopia.server, token: auditorA).contains {
                $0["record"] as? String == "XCHG-1" && $0["action"] as? String == "withdraw"
            }
        }
        try await Task.sleep(for: .seconds(2))
        #expect(try await disclosures(utopia.server, token: auditorA).first { $0["record"] as? String == "XCHG-2" }?["state"] as? String == "waiting")
        try await niger.server.start()
        let officerB2 = try await HTTP.login(niger.server.url, "first")
        try await eventually("withdrawn in Utopia, no longer hits in Niger", within: 90) {
            !(try await hitsAtNiger(niger.server, token: officerB2).contains("UTO:XCHG-1"))
        }
        let received = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try await call(niger.server.url, "GET", "/api/v1/exchange/received?partner=UTO", token: adminB).1.utf8)
            )
                as? [[String: Any]]
        )
        let seqs = received.compactMap { ($0["seq"] as? NSNumber)?.int64Value }
        #expect(Set(seqs).count == seqs.count && received.filter { $0["record"] as? String == "XCHG-2" }.count == 1, "each taken once")

        // Utopia widens its side to the traveller's sex; Niger's agreement does not: refused, with the reason.
        let widened = agreement(partner: "NER", fields: #"["list","names","birth_date","sex","nationalities","documents","action"]"#, level: "full")
        #expect(try await call(utopia.server.url, "PUT", "/api/v1/agreements/UTO-NER-1", widened, token: adminA).0 == 200)
        try importAlerts("XCHG-3,national_wanted,THIRD PERSON,1970-01-01,F,UZB,,,arrest,\n", store: utopia.store, name: "three")
        try await eventually("Niger refuses the field its agreement forbids") {
            try await disclosures(utopia.server, token: auditorA).first { $0["record"] as? String == "XCHG-3" }?["reason"] as? String
                == "field sex is not allowed under agreement UTO-NER-1 for alert"
        }

        // Niger's agreement expired: the next message is refused, saying so.
        #expect(
            try await call(utopia.server.url, "PUT", "/api/v1/agreements/UTO-NER-1", agreement(partner: "NER", fields: identity), token: adminA).0
                == 200
        )
        let expired = agreement(partner: "UTO", fields: identity, until: yesterday)
        #expect(try await call(niger.server.url, "PUT", "/api/v1/agreements/UTO-NER-1", expired, token: adminB).0 == 200)
        try importAlerts("XCHG-4,national_wanted,FOURTH PERSON,1971-01-01,M,UZB,,,arrest,\n", store: utopia.store, name: "four")
        try await eventually("Niger refuses under an expired agreement") {
            (try await disclosures(utopia.server, token: auditorA).first { $0["record"] as? String == "XCHG-4" }?["reason"] as? String)?
                .hasPrefix("agreement UTO-NER-1 expired on") == true
        }

        // A delivery not signed with Utopia's pinned key, or from a country Niger does not know: 401, nothing stored.
        let forged = #"{"messages":[{"message":"{}","signature":"AAAA"}]}"#
        let (badSignature, reason) = try await HTTP.request(
            niger.server.url + "/api/v1/exchange/messages",
            method: "POST",
            json: forged,
            headers: ["Limes-Country": "UTO"]
        )
        #expect(badSignature == 401 && reason.contains("not UTO's pinned key"), "\(reason)")
        let (unknown, why) = try await HTTP.request(
            niger.server.url + "/api/v1/exchange/messages",
            method: "POST",
            json: forged,
            headers: ["Limes-Country": "FRA"]
        )
        #expect(unknown == 401 && why.contains("FRA is not a partner"), "\(why)")
    }

    /// Utopia's booth admits an exit at the one-stop post while Niger is down; when Niger
    /// returns, its officer at the same booth checks the traveller in Niger's system from what
    /// Utopia passed and admits; Utopia's operation then reads done on both sides, once.
    @Test func aOneStopCrossingCompletesWhenThePartnerReturns() async throws {
        let utopia = try await headquarters("utopia", postgres: true)
        defer { utopia.server.stopNow() }
        let niger = try await headquarters("niger", postgres: false)
        defer { niger.server.stopNow() }
        let adminA = try await HTTP.login(utopia.server.url, "admin")
        let adminB = try await HTTP.login(niger.server.url, "admin")
        try await connect(utopia: utopia.server, niger: niger.server, adminA: adminA, adminB: adminB)
        func osbpAgreement(_ partner: String) -> String {
            """
            {"title":"One-stop border post at the North bridge","instrument":"Agreement on the one-stop border post, 2026",\
            "article":"Article 7","partner":"\(partner)","validFrom":"2026-01-01","terms":{\
            "one_stop_crossing":{"level":"identity_and_decision","fields":["bcp","names","birth_date","sex","nationality",\
            "document_type","document_number","document_issuer","document_expiry","decision"]},\
            "one_stop_result":{"level":"identity_and_decision","fields":["decision","ground"]}}}
            """
        }
        #expect(try await call(utopia.server.url, "PUT", "/api/v1/agreements/UTO-NER-OSBP", osbpAgreement("NER"), token: adminA).0 == 200)
        #expect(try await call(niger.server.url, "PUT", "/api/v1/agreements/UTO-NER-OSBP", osbpAgreement("UTO"), token: adminB).0 == 200)
        // The post, on each side, and an officer of Niger's at it.
        let north =
            #"{"code":"UTO-NORTH","name":"North Bridge","kind":"land","country":"UTO","agencyId":"police","lanes":[{"code":"L1","name":"Cars"},{"code":"L2","name":"Pedestrians"}],"oneStop":{"partner":"NER","partnerBcp":"NER-GAYA"}}"#
        let northSaved = try await call(utopia.server.url, "PUT", "/api/v1/bcps/UTO-NORTH", north, token: adminA)
        #expect(northSaved.0 == 200, "\(northSaved.1)")
        let gaya =
            #"{"code":"NER-GAYA","name":"Gaya","kind":"land","country":"NER","agencyId":"police","lanes":[{"code":"G1","name":"Cars"}],"oneStop":{"partner":"UTO","partnerBcp":"UTO-NORTH"}}"#
        #expect(try await call(niger.server.url, "PUT", "/api/v1/bcps/NER-GAYA", gaya, token: adminB).0 == 200)
        let officer =
            #"{"username":"gaya","displayName":"Gaya officer","password":"limes-demo-2026","roles":["first_line_officer"],"agencyId":"police","homeBcp":"NER-GAYA","bcps":["NER-GAYA"]}"#
        let created = try await call(niger.server.url, "POST", "/api/v1/users", officer, token: adminB)
        #expect(created.0 == 201, "\(created.1)")

        // Niger is down when Utopia's booth admits the exit.
        await niger.server.stop()
        let firstA = try await HTTP.login(utopia.server.url, "first")
        let (checked, body) = try await call(
            utopia.server.url,
            "POST",
            "/api/v1/checks",
            """
            {"document":{"issuer":"NER","number":"NE7654321","surname":"ISSOUFOU","givenNames":"AMINA","nationality":"NER",\
            "birthDate":"1990-03-04","sex":"F","expiry":"2031-06-30"},"bcp":"UTO-NORTH","lane":"L1","direction":"exit"}
            """,
            token: firstA
        )
        #expect(checked == 201, "\(body)")
        let checkID = try #require(try HTTP.object(body)["checkId"] as? String)
        let (decided, crossing) = try await call(
            utopia.server.url,
            "POST",
            "/api/v1/crossings",
            #"{"checkId":"\#(checkID)","decision":"admit"}"#,
            token: firstA
        )
        #expect(decided == 201, "\(crossing)")
        let crossingID = try #require(try HTTP.object(crossing)["id"] as? String)
        func operations(_ base: String, _ bcp: String, token: String?) async throws -> [[String: Any]] {
            let (status, text) = try await call(base, "GET", "/api/v1/one-stop/operations?bcp=\(bcp)", token: token)
            try #require(status == 200, "\(status) \(text)")
            return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        }
        try await eventually("Utopia's operation waits for Niger") {
            try await operations(utopia.server.url, "UTO-NORTH", token: firstA).first { $0["id"] as? String == crossingID }?["state"] as? String
                == "waiting"
        }

        // Niger returns: the exit arrives once, its officer checks and admits in Niger's record.
        try await niger.server.start()
        let gayaOfficer = try await HTTP.login(niger.server.url, "gaya")
        var operationID: String?
        try await eventually("the exit reaches Niger's booth", within: 90) {
            let list = try await operations(niger.server.url, "NER-GAYA", token: gayaOfficer)
            operationID = list.first { $0["state"] as? String == "to_check" }?["id"] as? String
            return operationID != nil
        }
        let (nigerChecked, nigerBody) = try await call(
            niger.server.url,
            "POST",
            "/api/v1/one-stop/operations/\(try #require(operationID))/check",
            #"{"lane":"G1"}"#,
            token: gayaOfficer
        )
        #expect(nigerChecked == 201, "\(nigerBody)")
        let nigerCheck = try HTTP.object(nigerBody)
        #expect((nigerCheck["traveller"] as? [String: Any])?["surname"] as? String == "ISSOUFOU")
        let nigerCheckID = try #require(nigerCheck["checkId"] as? String)
        let (twice, _) = try await call(
            niger.server.url,
            "POST",
            "/api/v1/one-stop/operations/\(try #require(operationID))/check",
            #"{"lane":"G1"}"#,
            token: gayaOfficer
        )
        #expect(twice == 409, "one check per operation")
        #expect(
            try await call(niger.server.url, "POST", "/api/v1/crossings", #"{"checkId":"\#(nigerCheckID)","decision":"admit"}"#, token: gayaOfficer).0
                == 201
        )
        try await eventually("Utopia's operation is done on both sides", within: 90) {
            try await operations(utopia.server.url, "UTO-NORTH", token: firstA).first { $0["id"] as? String == crossingID }?["state"] as? String
                == "done"
        }
        #expect(try await operations(niger.server.url, "NER-GAYA", token: gayaOfficer).count == 1, "recorded once in Niger")
    }
}
