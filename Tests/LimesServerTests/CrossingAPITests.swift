import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LimesCore
import LimesServer
import LimesStore
import Testing

@Suite("Crossing API over HTTP")
struct CrossingAPITests {
    let listed = APIFixture.passport(surname: "KARIMOV", given: "RUSTAM", number: "UZ1234567", nationality: "UZB", birth: "1979-04-12")
    let clean = APIFixture.passport(surname: "BENALI", given: "OMAR", number: "MA7654321", nationality: "MAR", birth: "1988-09-30")

    @Test func aListedTravellerGoesFromFirstLineThroughSecondLine() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.application.test(.live) { client in
            let officer = try await client.login("first-line-officer")
            let check = try await client.call(
                .post,
                "/api/v1/checks",
                token: officer,
                json: ["mrz": listed, "bcp": "NORTH", "lane": "L1", "direction": "entry", "visaMrz": ""]
            )
            #expect(check.status == .created, "\(check.raw)")
            #expect(check.json["verdict"] as? String == "stop", "strong entry-ban hit: \(check.raw)")
            let hits = check.json["hits"] as? [[String: Any]] ?? []
            #expect(hits.first?["alertId"] as? String == "EB-1")
            #expect((hits.first?["reasons"] as? [String])?.isEmpty == false)
            let reasons = (check.json["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(reasons.first == "watchlist.strong")
            #expect(reasons.contains("visa.missing"), "UZB nationals need a visa in the example policy")
            let checkID = try #require(check.json["checkId"] as? String)

            // Refer, with a retry of the same request.
            let referral: [String: Any] = ["checkId": checkID, "decision": "refer", "note": "entry ban hit"]
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "booth-1-0001"]
            let first = try await client.call(.post, "/api/v1/crossings", token: officer, json: referral, headers: key)
            #expect(first.status == .created, "\(first.raw)")
            let retry = try await client.call(.post, "/api/v1/crossings", token: officer, json: referral, headers: key)
            #expect(retry.status == .created)
            #expect(retry.json["id"] as? String == first.json["id"] as? String)
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")

            // A first-line officer has no second-line queue.
            #expect(try await client.call(.get, "/api/v1/second-line/cases", token: officer).status == .forbidden)

            let second = try await client.login("second-line-officer")
            let queue = try await client.call(.get, "/api/v1/second-line/cases", token: second)
            #expect(queue.status == .ok)
            #expect(queue.list.count == 1)
            let caseID = try #require(queue.list.first?["id"] as? String)
            let shown = try await client.call(.get, "/api/v1/second-line/cases/\(caseID)", token: second)
            let hitID = try #require(((shown.json["check"] as? [String: Any])?["hits"] as? [[String: Any]])?.first?["id"] as? String)

            let early = try await client.call(.post, "/api/v1/second-line/cases/\(caseID)/decision", token: second, json: ["decision": "admit"])
            #expect(early.status == .conflict)
            #expect(early.error["message"] as? String ?? "" == "resolve the open hits first (alerts EB-1): confirm or dismiss each")

            let noReason = try await client.call(
                .post,
                "/api/v1/hits/\(hitID)/resolution",
                token: second,
                json: ["resolution": "dismiss", "reason": " "]
            )
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.error["field"] as? String == "reason")
            let dismissed = try await client.call(
                .post,
                "/api/v1/hits/\(hitID)/resolution",
                token: second,
                json: ["resolution": "dismiss", "reason": "different father's name, biometrics differ"]
            )
            #expect(dismissed.status == .ok, "\(dismissed.raw)")
            #expect(dismissed.json["status"] as? String == "dismissed")

            let refused = try await client.call(
                .post,
                "/api/v1/second-line/cases/\(caseID)/decision",
                token: second,
                json: ["decision": "refuse", "ground": "C", "note": "no visa"]
            )
            #expect(refused.status == .created, "\(refused.raw)")
            #expect(refused.json["stage"] as? String == "second")
            #expect(try await client.call(.get, "/api/v1/second-line/cases", token: second).list.isEmpty)

            // The history shows both decisions; the next check remembers the refusal and the dismissal.
            let travellerID = try #require((check.json["traveller"] as? [String: Any])?["id"] as? String)
            let history = try await client.call(.get, "/api/v1/travellers/\(travellerID)?purpose=test", token: second)
            let decisions = (history.json["crossings"] as? [[String: Any]] ?? []).compactMap { $0["decision"] as? String }
            #expect(decisions == ["refuse", "refer"])
            let again = try await client.call(
                .post,
                "/api/v1/checks",
                token: officer,
                json: ["mrz": listed, "bcp": "NORTH", "lane": "L2", "direction": "entry"]
            )
            let codes = (again.json["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(codes.contains("history.refused"))
            #expect(codes.contains("watchlist.cleared"))
            #expect(!codes.contains("watchlist.strong"))

            let admin = try await client.login("administrator")
            let audit = try await client.call(.get, "/api/v1/audit/verify", token: admin)
            #expect(audit.json["intact"] as? Bool == true, "\(audit.raw)")
        }
        let events = try await fixture.store.audit.events(limit: 200)
        #expect(events.contains { $0.action == "read" && $0.recordType == "traveller" && $0.purpose == "test" })
        try await fixture.store.close()
    }

    @Test func theBearerSchemeIsReadWhateverItsCaseAndSpacing() async throws {
        try await APIFixture.withAPI { _, client in
            let token = try await client.login("analyst")
            for (header, status) in [
                ("Bearer \(token)", HTTPResponse.Status.ok), ("bearer \(token)", .ok), ("BEARER   \(token)  ", .ok),
                ("Bearer\t\(token)", .unauthorized),
                ("Basic \(token)", .unauthorized), ("Bearer", .unauthorized), ("Bearer    ", .unauthorized), ("Bearer x\(token)", .unauthorized),
            ] {
                let answer = try await client.call(.get, "/api/v1/me", headers: [.authorization: header])
                #expect(answer.status == status, "\(header.replacingOccurrences(of: token, with: "TOKEN"))")
            }
        }
    }

    @Test func aCleanTravellerIsClearWithDaysRemaining() async throws {
        try await APIFixture.withAPI { _, client in
            let officer = try await client.login("first-line-officer")
            let check = try await client.call(
                .post,
                "/api/v1/checks",
                token: officer,
                json: ["mrz": clean, "bcp": "NORTH", "lane": "L1", "direction": "entry"]
            )
            #expect(check.json["verdict"] as? String == "clear", "\(check.raw)")
            let stay = check.json["stay"] as? [String: Any] ?? [:]
            #expect(stay["daysRemaining"] as? Int == 90)
            #expect(stay["latestExit"] as? String == "2027-02-19")
            let checkID = try #require(check.json["checkId"] as? String)
            let admitted = try await client.call(.post, "/api/v1/crossings", token: officer, json: ["checkId": checkID, "decision": "admit"])
            #expect(admitted.status == .created)
            #expect(admitted.json["authorisedUntil"] as? String == "2027-02-19")
            let twice = try await client.call(.post, "/api/v1/crossings", token: officer, json: ["checkId": checkID, "decision": "admit"])
            #expect(twice.status == .conflict, "a check is decided once at first line, key or no key")

            // Typed in instead of scanned: the same traveller, found by the document.
            let typed = try await client.call(
                .post,
                "/api/v1/checks",
                token: officer,
                json: [
                    "document": [
                        "issuer": "MAR", "number": "MA7654321", "surname": "Benali", "givenNames": "Omar", "nationality": "MAR",
                        "birthDate": "1988-09-30", "sex": "M", "expiry": "2031-05-01",
                    ],
                    "bcp": "NORTH", "lane": "L1", "direction": "exit",
                ]
            )
            #expect(typed.status == .created, "\(typed.raw)")
            #expect((typed.json["traveller"] as? [String: Any])?["id"] as? String == (check.json["traveller"] as? [String: Any])?["id"] as? String)
            #expect((typed.json["lastCrossings"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func badRequestsGetAClearErrorNeverA500() async throws {
        try await APIFixture.withAPI { _, client in
            let officer = try await client.login("first-line-officer")
            func expectError(_ result: APIResult, _ status: HTTPResponse.Status, _ code: String, field: String? = nil) {
                #expect(result.status == status, "\(result.raw)")
                #expect(result.error["code"] as? String == code, "\(result.raw)")
                if let field { #expect(result.error["field"] as? String == field, "\(result.raw)") }
                #expect((result.error["message"] as? String)?.isEmpty == false)
            }
            expectError(try await client.call(.post, "/api/v1/checks", json: ["mrz": clean]), .unauthorized, "unauthenticated")
            expectError(try await client.call(.post, "/api/v1/checks", token: "not-a-token", json: [:]), .unauthorized, "unauthenticated")
            expectError(
                try await client.call(.post, "/api/v1/checks", token: officer, body: "{\"mrz\": ", headers: [.contentType: "application/json"]),
                .badRequest,
                "malformed_json"
            )
            expectError(
                try await client.call(
                    .post,
                    "/api/v1/checks",
                    token: officer,
                    body: "mrz=x",
                    headers: [.contentType: "application/x-www-form-urlencoded"]
                ),
                .unsupportedMediaType,
                "unsupported_media_type",
                field: "Content-Type"
            )
            expectError(
                try await client.call(.post, "/api/v1/checks", token: officer, json: ["mrz": clean, "lane": "L1", "direction": "entry"]),
                .badRequest,
                "missing_field",
                field: "bcp"
            )
            expectError(
                try await client.call(.post, "/api/v1/checks", token: officer, json: ["mrz": clean, "bcp": 7, "lane": "L1", "direction": "entry"]),
                .badRequest,
                "wrong_type",
                field: "bcp"
            )
            expectError(
                try await client.call(
                    .post,
                    "/api/v1/checks",
                    token: officer,
                    json: ["mrz": clean, "bcp": "EAST", "lane": "L1", "direction": "entry"]
                ),
                .unprocessableContent,
                "invalid_field",
                field: "bcp"
            )
            expectError(
                try await client.call(
                    .post,
                    "/api/v1/checks",
                    token: officer,
                    json: ["mrz": clean, "bcp": "SOUTH", "lane": "L1", "direction": "entry"]
                ),
                .forbidden,
                "not_assigned",
                field: "bcp"
            )
            expectError(
                try await client.call(
                    .post,
                    "/api/v1/checks",
                    token: officer,
                    json: ["mrz": clean, "bcp": "NORTH", "lane": "L9", "direction": "entry"]
                ),
                .unprocessableContent,
                "invalid_field",
                field: "lane"
            )
            expectError(
                try await client.call(
                    .post,
                    "/api/v1/checks",
                    token: officer,
                    json: ["mrz": clean, "bcp": "NORTH", "lane": "L1", "direction": "in"]
                ),
                .unprocessableContent,
                "invalid_field",
                field: "direction"
            )
            let truncated = String(clean.dropLast(10))
            let mrzError = try await client.call(
                .post,
                "/api/v1/checks",
                token: officer,
                json: ["mrz": truncated, "bcp": "NORTH", "lane": "L1", "direction": "entry"]
            )
            expectError(mrzError, .unprocessableContent, "invalid_field", field: "mrz")
            #expect((mrzError.error["message"] as? String ?? "").contains("44"), "\(mrzError.raw)")
            expectError(
                try await client.call(
                    .post,
                    "/api/v1/checks",
                    token: officer,
                    json: [
                        "document": [
                            "issuer": "MAR", "number": "MA1", "surname": "Бенали", "givenNames": "Omar", "nationality": "MAR",
                            "birthDate": "1988-09-30", "expiry": "2031-05-01",
                        ],
                        "bcp": "NORTH", "lane": "L1", "direction": "entry",
                    ]
                ),
                .unprocessableContent,
                "invalid_field",
                field: "document.surname"
            )
            expectError(
                try await client.call(
                    .post,
                    "/api/v1/checks",
                    token: officer,
                    json: ["mrz": String(repeating: "P", count: 2_000_000), "bcp": "NORTH", "lane": "L1", "direction": "entry"]
                ),
                .contentTooLarge,
                "too_large"
            )
            expectError(
                try await client.call(.post, "/api/v1/crossings", token: officer, json: ["checkId": "no-such-check", "decision": "admit"]),
                .notFound,
                "not_found",
                field: "checkId"
            )
            expectError(
                try await client.call(.post, "/api/v1/crossings", token: officer, json: ["checkId": "x", "decision": "wave through"]),
                .unprocessableContent,
                "invalid_field",
                field: "decision"
            )
            expectError(
                try await client.call(.post, "/api/v1/login", json: ["username": "first-line-officer", "password": "guess"]),
                .unauthorized,
                "bad_credentials"
            )
        }
    }

    @Test func concurrentRetriesOfOneDecisionMakeOneCrossing() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.application.test(.live) { client in
            let officer = try await client.login("first-line-officer")
            let check = try await client.call(
                .post,
                "/api/v1/checks",
                token: officer,
                json: ["mrz": clean, "bcp": "NORTH", "lane": "L1", "direction": "entry"]
            )
            let checkID = try #require(check.json["checkId"] as? String)
            let ids = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let result = try await client.call(
                            .post,
                            "/api/v1/crossings",
                            token: officer,
                            json: ["checkId": checkID, "decision": "admit"],
                            headers: [HTTPField.Name("Idempotency-Key")!: "same-key"]
                        )
                        return result.status == .created ? result.json["id"] as? String : nil
                    }
                }
                var ids: [String?] = []
                for try await id in group { ids.append(id) }
                return ids
            }
            #expect(ids.count == 8)
            #expect(Set(ids.compactMap { $0 }).count == 1, "every answer names the one crossing: \(ids)")
            #expect(ids.allSatisfy { $0 != nil })
        }
        let crossings = try await fixture.store.crossings.counts().crossings
        #expect(crossings == 1)
        try await fixture.store.close()
    }
}

@Suite("Administration API refuses bad input")
struct AdministrationInputTests {
    @Test func badBCPsUsersAndPoliciesAreRefusedNamingTheFieldAndChangeNothing() async throws {
        let fixture = try await APIFixture.make()
        let before = try await fixture.store.organisation.bcps()
        let usersBefore = try await fixture.store.users.all().count
        try await fixture.application.test(.live) { client in
            let admin = try await client.login("administrator")
            func bcp(_ changes: [String: Any]) -> [String: Any] {
                var body: [String: Any] = [
                    "code": "NORTH", "name": "North", "kind": "land", "country": "UTO", "agencyId": "police",
                    "lanes": [["code": "L1", "name": "Lane 1"]],
                ]
                for (key, value) in changes { body[key] = value }
                return body
            }
            let cases: [([String: Any], String, String)] = [
                (bcp(["lanes": [["code": "L1", "name": "a"], ["code": "L1", "name": "b"]]]), "invalid_field", "lanes"),
                (bcp(["lanes": [[String: Any]]()]), "invalid_field", "lanes"),
                (bcp(["agencyId": "navy"]), "invalid_field", "agencyId"),
                (bcp(["country": "ZZZ"]), "invalid_field", "country"),
                (bcp(["kind": "rail"]), "invalid_value", "kind"),
                (bcp(["code": "SOUTH"]), "invalid_field", "code"),
            ]
            for (body, code, field) in cases {
                let result = try await client.call(.put, "/api/v1/bcps/NORTH", token: admin, json: body)
                #expect(result.status.code / 100 == 4, "\(result.raw)")
                #expect(result.error["code"] as? String == code, "\(result.raw)")
                #expect(result.error["field"] as? String == field, "\(result.raw)")
            }
            let users: [([String: Any], String)] = [
                (["username": "Bad Name", "displayName": "x", "password": "long enough pass", "roles": ["analyst"]], "username"),
                (["username": "ok.name", "displayName": "x", "password": "short", "roles": ["analyst"]], "password"),
                (["username": "ok.name", "displayName": "x", "password": "long enough pass", "roles": ["boss"]], "roles"),
                (["username": "ok.name", "displayName": "x", "password": "long enough pass", "roles": ["analyst"], "agencyId": "navy"], "agencyId"),
                (
                    ["username": "ok.name", "displayName": "x", "password": "long enough pass", "roles": ["first_line_officer"], "bcps": ["EAST"]],
                    "bcps"
                ),
            ]
            for (body, field) in users {
                let result = try await client.call(.post, "/api/v1/users", token: admin, json: body)
                #expect(result.status == .unprocessableContent, "\(result.raw)")
                #expect(result.error["field"] as? String == field, "\(result.raw)")
            }
            // Adding a user never changes another: the administrator's own account stays theirs.
            let taken = try await client.call(
                .post,
                "/api/v1/users",
                token: admin,
                json: ["username": "administrator", "displayName": "x", "password": "long enough pass", "roles": ["analyst"]]
            )
            #expect(taken.status == .conflict && taken.error["field"] as? String == "username", "\(taken.raw)")
            #expect(try await client.call(.get, "/api/v1/me", token: admin).status == .ok, "the administrator's session survives")
            var policy = try #require(try await client.call(.get, "/api/v1/entry-policy", token: admin).json as [String: Any]?)
            policy["refusalGrounds"] = [[String: Any]]()
            let refused = try await client.call(.put, "/api/v1/entry-policy", token: admin, json: policy)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.error["field"] as? String == "refusalGrounds", "\(refused.raw)")
        }
        #expect(try await fixture.store.organisation.bcps() == before)
        #expect(try await fixture.store.users.all().count == usersBefore)
        #expect(try await fixture.store.settings.entryPolicy()?.refusalGrounds.isEmpty == false)
        try await fixture.store.close()
    }
    /// The impostor case: another person with a known passport is sent to second line and kept
    /// apart; a known person's new passport stays one traveller and is shown as a renewal.
    @Test func aPassportOfAnotherPersonIsReferredAndTheTwoAreNotMerged() async throws {
        try await APIFixture.withAPI { _, client in
            let officer = try await client.login("first-line-officer")
            func check(_ surname: String, _ given: String, _ sex: String, _ birth: String, number: String = "G7766554", direction: String = "entry")
                async throws -> APIResult
            {
                try await client.call(
                    .post,
                    "/api/v1/checks",
                    token: officer,
                    json: [
                        "document": [
                            "issuer": "GHA", "number": number, "surname": surname, "givenNames": given, "nationality": "GHA",
                            "birthDate": birth, "sex": sex, "expiry": "2031-05-01",
                        ],
                        "bcp": "NORTH", "lane": "L1", "direction": direction,
                    ]
                )
            }
            func travellerID(_ result: APIResult) -> String? { (result.json["traveller"] as? [String: Any])?["id"] as? String }
            func codes(_ result: APIResult) -> [String] { (result.json["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } }

            let his = try await check("MENSAH", "KWAME", "M", "1985-01-01")
            #expect(his.json["verdict"] as? String == "clear", "\(his.raw)")
            let checkID = try #require(his.json["checkId"] as? String)
            #expect(
                try await client.call(.post, "/api/v1/crossings", token: officer, json: ["checkId": checkID, "decision": "admit"]).status == .created
            )

            let hers = try await check("OWUSU", "ABENA", "F", "1990-07-07")
            #expect(hers.json["verdict"] as? String == "refer", "\(hers.raw)")
            let reason = (hers.json["reasons"] as? [[String: Any]] ?? []).first { $0["code"] as? String == "identity.document_of_another" }
            let message = reason?["message"] as? String ?? ""
            #expect(message.contains("MENSAH KWAME, M, born 1985-01-01") && message.contains("name, birth date and sex differ"), "\(hers.raw)")
            let herID = try #require(travellerID(hers))
            #expect(herID != travellerID(his), "two people, two traveller records")
            #expect((hers.json["lastCrossings"] as? [[String: Any]])?.isEmpty == true, "his crossing is not in her history")
            // She comes again with the same passport: the same record of hers, still referred.
            let again = try await check("OWUSU", "ABENA", "F", "1990-07-07")
            #expect(travellerID(again) == herID && codes(again).contains("identity.document_of_another"))
            let second = try await client.login("second-line-officer")
            let history = try await client.call(.get, "/api/v1/travellers/\(herID)", token: second)
            #expect(history.status == .ok && (history.json["crossings"] as? [[String: Any]])?.isEmpty == true, "\(history.raw)")

            // He leaves with a new passport: the same traveller, the officer sees the renewal.
            let renewed = try await check("MENSAH", "KWAME", "M", "1985-01-01", number: "G9900112", direction: "exit")
            #expect(travellerID(renewed) == travellerID(his) && renewed.json["verdict"] as? String == "clear", "\(renewed.raw)")
            #expect(codes(renewed).contains("identity.new_document"))
            #expect((renewed.json["lastCrossings"] as? [[String: Any]])?.count == 1)
        }
    }
    /// Three entries in a row with no exit: the second already counts the day used and goes to
    /// second line, naming the entry still open.
    @Test func aSecondEntryWithoutAnExitIsReferredAndTheOpenStayCounts() async throws {
        try await APIFixture.withAPI { _, client in
            let officer = try await client.login("first-line-officer")
            var answers: [APIResult] = []
            for _ in 0..<3 {
                let check = try await client.call(
                    .post,
                    "/api/v1/checks",
                    token: officer,
                    json: [
                        "mrz": APIFixture.passport(surname: "HADDAD", given: "NADIA", number: "TN1000001", nationality: "TUN", birth: "1979-04-05"),
                        "bcp": "NORTH", "lane": "L1", "direction": "entry",
                    ]
                )
                answers.append(check)
                let checkID = try #require(check.json["checkId"] as? String, "\(check.raw)")
                #expect(
                    try await client.call(.post, "/api/v1/crossings", token: officer, json: ["checkId": checkID, "decision": "admit"]).status
                        == .created
                )
            }
            func codes(_ result: APIResult) -> [String] { (result.json["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } }
            #expect(answers[0].json["verdict"] as? String == "clear" && !codes(answers[0]).contains("history.entry_without_exit"))
            #expect(answers[1].json["verdict"] as? String == "refer", "\(answers[1].raw)")
            #expect(codes(answers[1]).contains("history.entry_without_exit"))
            #expect((answers[1].json["stay"] as? [String: Any])?["daysUsed"] as? Int == 1, "the day of the first entry is a day of stay")
            #expect(codes(answers[2]).contains("history.entry_without_exit"))
        }
    }
    /// Typed data keeps the whole name: the record, the screening and the answer see it, not
    /// the 39 characters an MRZ would hold.
    @Test func aTypedLongNameIsKeptWhole() async throws {
        try await APIFixture.withAPI { _, client in
            let officer = try await client.login("first-line-officer")
            let typed = try await client.call(
                .post,
                "/api/v1/checks",
                token: officer,
                json: [
                    "document": [
                        "issuer": "D", "number": "C01X00T47", "surname": "Wolfeschlegelsteinhausenbergerdorff", "givenNames": "Hubert John",
                        "nationality": "D", "birthDate": "1964-02-29", "sex": "M", "expiry": "2031-05-01",
                    ],
                    "bcp": "NORTH", "lane": "L1", "direction": "entry",
                ]
            )
            #expect(typed.status == .created, "\(typed.raw)")
            let document = typed.json["document"] as? [String: Any] ?? [:]
            #expect(document["surname"] as? String == "WOLFESCHLEGELSTEINHAUSENBERGERDORFF")
            #expect(document["givenNames"] as? String == "HUBERT JOHN" && document["nameMayBeTruncated"] as? Bool == false, "\(document)")
            let traveller = typed.json["traveller"] as? [String: Any] ?? [:]
            #expect(traveller["givenNames"] as? String == "HUBERT JOHN", "the record keeps the whole name")

            // Read from an MRZ, the same name is cut short, and the answer says so.
            let scanned = try await client.call(
                .post,
                "/api/v1/checks",
                token: officer,
                json: [
                    "mrz": APIFixture.passport(
                        surname: "WOLFESCHLEGELSTEINHAUSENBERGERDORFF",
                        given: "HUBERT JOHN",
                        number: "C01X00T48",
                        nationality: "D",
                        birth: "1964-02-29"
                    ),
                    "bcp": "NORTH", "lane": "L1", "direction": "entry",
                ]
            )
            let read = scanned.json["document"] as? [String: Any] ?? [:]
            #expect(read["nameMayBeTruncated"] as? Bool == true && read["givenNames"] as? String == "HU", "\(read)")
            let reasons = (scanned.json["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(reasons.contains("document.name_may_be_truncated"), "\(reasons)")
        }
    }
}
