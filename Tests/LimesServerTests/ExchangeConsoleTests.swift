import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LimesCore
import LimesServer
import LimesStore
import Testing

/// Agreements, partners and the exchange log as administrators and auditors see them.
@Suite("Exchange over the API and in the console")
struct ExchangeConsoleTests {
    nonisolated(unsafe) static let agreement: [String: Any] = [
        "title": "Exchange of alerts between Utopia and Niger", "instrument": "Memorandum of understanding on border cooperation, 2026",
        "article": "Article 4", "partner": "NER", "validFrom": "2026-01-01",
        "terms": ["alert": ["level": "identity_and_decision", "fields": ["names", "birth_date", "action", "list"]]],
    ]

    @Test func agreementsAreVersionedAndRefusedNamingTheField() async throws {
        try await APIFixture.withAPI { fixture, client in
            let admin = try await client.login("administrator")
            let first = try await client.call(.put, "/api/v1/agreements/UTO-NER-1", token: admin, json: Self.agreement)
            #expect(first.status == .ok && first.json["version"] as? Int == 1, "\(first.raw)")
            var suspended = Self.agreement
            suspended["status"] = "suspended"
            let second = try await client.call(.put, "/api/v1/agreements/UTO-NER-1", token: admin, json: suspended)
            #expect(second.json["version"] as? Int == 2 && second.json["status"] as? String == "suspended")
            let auditor = try await client.login("auditor")
            let versions = try await client.call(.get, "/api/v1/agreements/UTO-NER-1/versions", token: auditor)
            #expect(versions.list.compactMap { ($0["agreement"] as? [String: Any])?["status"] as? String } == ["active", "suspended"])
            #expect(try await client.call(.put, "/api/v1/agreements/UTO-NER-1", token: auditor, json: Self.agreement).status == .forbidden)
            // A period that is not one is refused naming the parameter.
            let backwards = try await client.call(.get, "/api/v1/exchange/disclosures?from=2026-12-02&to=2026-12-01", token: auditor)
            #expect(backwards.status == .unprocessableContent && backwards.error["field"] as? String == "from")
            let notADay = try await client.call(.get, "/api/v1/exchange/received?to=2026-13-01", token: auditor)
            #expect(notADay.status == .unprocessableContent && notADay.error["field"] as? String == "to")

            var beyond = Self.agreement
            beyond["terms"] = ["alert": ["level": "identity_and_decision", "fields": ["authority"]]]
            let refused = try await client.call(.put, "/api/v1/agreements/UTO-NER-2", token: admin, json: beyond)
            #expect(refused.status == .unprocessableContent && refused.error["field"] as? String == "terms.alert.fields", "\(refused.raw)")
            var noBasis = Self.agreement
            noBasis["article"] = ""
            #expect(try await client.call(.put, "/api/v1/agreements/UTO-NER-2", token: admin, json: noBasis).error["field"] as? String == "article")
            let badKey = try await client.call(
                .put,
                "/api/v1/exchange/partners/NER",
                token: admin,
                json: ["name": "Niger", "url": "http://127.0.0.2:8080", "publicKey": "ed25519:notakey"]
            )
            #expect(badKey.status == .unprocessableContent && badKey.error["field"] as? String == "publicKey")
            let outside = try await client.call(
                .put,
                "/api/v1/exchange/partners/NER",
                token: admin,
                json: ["name": "Niger", "url": "http://limes.example.ne", "publicKey": ExchangeKey.ephemeral().publicKey]
            )
            #expect(outside.status == .unprocessableContent && outside.error["field"] as? String == "url", "personal data not in clear")
            #expect(try await fixture.store.exchange.partners().isEmpty)
        }
    }

    @Test func theExchangePageShowsAgreementsAndAnAdministratorSuspendsOne() async throws {
        try await APIFixture.withConsole { fixture, client in
            let admin = try await client.login("administrator")
            _ = try await client.call(.put, "/api/v1/agreements/UTO-NER-1", token: admin, json: Self.agreement)
            _ = try await client.call(
                .put,
                "/api/v1/exchange/partners/NER",
                token: admin,
                json: ["name": "Niger", "url": "http://127.0.0.2:8080", "publicKey": ExchangeKey.ephemeral().publicKey]
            )
            let auditorJar = CookieJar()
            _ = try await client.consoleLogin("auditor", jar: auditorJar)
            let read = try await client.page(.get, "/console/exchange", jar: auditorJar)
            #expect(read.status == .ok && read.html.contains("Memorandum of understanding on border cooperation, 2026, Article 4"))
            #expect(read.html.contains("identity and decision only") && read.html.contains("http://127.0.0.2:8080"))
            #expect(!read.html.contains("Suspend the agreement"), "auditors read, they do not change")
            // The log's filter as the form sends it, bounds left empty.
            #expect(try await client.page(.get, "/console/exchange?partner=&from=&to=", jar: auditorJar).status == .ok)

            let jar = CookieJar()
            _ = try await client.consoleLogin("administrator", jar: jar)
            let page = try await client.page(.get, "/console/exchange", jar: jar)
            let token = try #require(page.field("_csrf"))
            #expect(
                try await client.page(.post, "/console/agreements/UTO-NER-1/status", jar: jar, form: [("status", "suspended")]).status == .forbidden
            )
            let saved = try await client.pageFollowing(
                .post,
                "/console/agreements/UTO-NER-1/status",
                jar: jar,
                form: [("_csrf", token), ("status", "suspended")]
            )
            #expect(saved.status == .ok && saved.html.contains("Resume the agreement"))
            #expect(try await fixture.store.exchange.agreements().first?.status == .suspended)
            #expect(try await fixture.store.exchange.versions(of: "UTO-NER-1").count == 2)
            // Other roles do not see the page.
            let officer = CookieJar()
            _ = try await client.consoleLogin("first-line-officer", jar: officer)
            #expect(try await client.page(.get, "/console/exchange", jar: officer).status == .forbidden)
        }
    }

    /// A message from Niger, signed with the key Utopia pinned for it, taken by the fixture's store.
    static func fromNiger(
        _ store: Store,
        key: ExchangeKey,
        seq: Int64,
        kind: ExchangeKind,
        record: String,
        fields: [String: ExchangeValue]
    ) async throws -> ExchangeReceipt {
        let message = ExchangeMessage(
            id: UUID().uuidString,
            sender: "NER",
            recipient: "UTO",
            seq: seq,
            agreement: "UTO-NER-1",
            agreementVersion: 1,
            kind: kind,
            action: .publish,
            record: record,
            fields: fields,
            sentAt: Timestamp()
        )
        let text = try JSONStreamEncoder().encodeToString(message)
        return try await store.exchange.receive(from: "NER", [SignedExchangeMessage(message: text, signature: try key.sign(text))])
    }

    /// Niger's alert hits at Utopia's booth; the second line asks Niger from the case page, and
    /// answers Niger's own request on the requests page.
    @Test func theSecondLineAsksAPartnerFromTheCaseAndAnswersItsRequests() async throws {
        try await APIFixture.withConsole { fixture, client in
            let niger = ExchangeKey.ephemeral()
            let admin = try await client.login("administrator")
            var terms = Self.agreement
            terms["terms"] = [
                "alert": ["level": "identity_and_decision", "fields": ["names", "birth_date", "action", "list", "nationalities"]],
                "information_request": ["level": "identity_and_decision", "fields": ["alert", "question", "names"], "answerHours": 24],
                "information_answer": ["level": "full", "fields": ["answer"]],
            ]
            #expect(try await client.call(.put, "/api/v1/agreements/UTO-NER-1", token: admin, json: terms).status == .ok)
            _ = try await client.call(
                .put,
                "/api/v1/exchange/partners/NER",
                token: admin,
                json: ["name": "Niger", "url": "http://127.0.0.2:8080", "publicKey": niger.publicKey]
            )
            let alert = try await Self.fromNiger(
                fixture.store,
                key: niger,
                seq: 1,
                kind: .alert,
                record: "EB-9",
                fields: [
                    "list": .text("entry_ban"), "names": .list(["ISSOUFOU MOUSSA"]), "birth_date": .text("1980-02-03"),
                    "action": .text("refuse_entry"), "nationalities": .list(["NER"]),
                ]
            )
            #expect(alert.outcomes.first?.state == .accepted, "\(alert)")
            try await WatchlistRefresher(store: fixture.store, state: fixture.screening).refreshIfChanged()

            let first = try await client.login("first-line-officer")
            let mrz = APIFixture.passport(surname: "ISSOUFOU", given: "MOUSSA", number: "NE5550001", nationality: "NER", birth: "1980-02-03")
            let check = try await client.call(
                .post,
                "/api/v1/checks",
                token: first,
                json: ["mrz": mrz, "bcp": "NORTH", "lane": "L1", "direction": "entry"]
            )
            let hits = check.json["hits"] as? [[String: Any]] ?? []
            #expect(hits.contains { $0["alertId"] as? String == "NER:EB-9" }, "\(check.raw)")
            let checkID = try #require(check.json["checkId"] as? String)
            _ = try await client.call(.post, "/api/v1/crossings", token: first, json: ["checkId": checkID, "decision": "refer"])

            let jar = CookieJar()
            _ = try await client.consoleLogin("second-line-officer", jar: jar)
            let queue = try await client.page(.get, "/console/second-line", jar: jar)
            let caseRange = try #require(queue.html.range(of: "/console/cases/"))
            let caseID = String(queue.html[caseRange.upperBound...].prefix { $0 != "\"" })
            let casePage = try await client.page(.get, "/console/cases/\(caseID)", jar: jar)
            #expect(casePage.html.contains("Ask NER about this alert"))
            let hitID = try #require(hits.first { $0["alertId"] as? String == "NER:EB-9" }?["id"] as? String)
            let token = try #require(casePage.field("_csrf"))
            let asked = try await client.pageFollowing(
                .post,
                "/console/hits/\(hitID)/information-request",
                jar: jar,
                form: [("_csrf", token), ("question", "Is the ban still in force?")]
            )
            #expect(asked.status == .ok && asked.html.contains("id=\"requests-notice\"") && asked.html.contains("Is the ban still in force?"))
            let sent = try #require(try await fixture.store.exchange.disclosures(partner: "NER").first)
            #expect(sent.kind == .informationRequest && sent.text.contains("EB-9") && !sent.text.contains("NE5550001"), "\(sent.text)")

            // Niger asks Utopia; the second line answers on the page.
            let request = try await Self.fromNiger(
                fixture.store,
                key: niger,
                seq: 2,
                kind: .informationRequest,
                record: "REQ-1",
                fields: ["alert": .text("EB-1"), "question": .text("Who issued the ban on KARIMOV?")]
            )
            #expect(request.outcomes.first?.state == .accepted, "\(request)")
            let page = try await client.page(.get, "/console/information-requests", jar: jar)
            #expect(page.html.contains("Who issued the ban on KARIMOV?") && page.html.contains("id=\"request-NER:REQ-1\""))
            let answered = try await client.pageFollowing(
                .post,
                "/console/information-requests/NER:REQ-1/answer",
                jar: jar,
                form: [("_csrf", token), ("answer", "The national police, 2025.")]
            )
            #expect(answered.status == .ok && answered.html.contains("The national police, 2025."))
            #expect(try await fixture.store.exchange.disclosures(partner: "NER").first?.kind == .informationAnswer)
            // Answered once.
            let again = try await client.page(
                .post,
                "/console/information-requests/NER:REQ-1/answer",
                jar: jar,
                form: [("_csrf", token), ("answer", "Again")]
            )
            #expect(again.status == .conflict && again.html.contains("answered already"))
        }
    }

    /// An administrator records a partner and an agreement through the page's forms; a form that
    /// does not hold is shown back with the field at fault, and nothing is stored.
    @Test func anAdministratorRecordsAPartnerAndAnAgreementOnThePage() async throws {
        try await APIFixture.withConsole { fixture, client in
            let jar = CookieJar()
            _ = try await client.consoleLogin("administrator", jar: jar)
            let page = try await client.page(.get, "/console/exchange", jar: jar)
            #expect(page.html.contains("id=\"agreement-form\"") && page.html.contains("id=\"partner-form\""))
            let token = try #require(page.field("_csrf"))
            let partner = try await client.pageFollowing(
                .post,
                "/console/exchange/partners",
                jar: jar,
                form: [
                    ("_csrf", token), ("country", "ner"), ("name", "Niger"), ("url", "http://127.0.0.2:8080"),
                    ("publicKey", ExchangeKey.ephemeral().publicKey),
                ]
            )
            #expect(partner.status == .ok && partner.html.contains("The partner was saved."))
            #expect(try await fixture.store.exchange.partners().map(\.country) == ["NER"])

            var form: [(String, String)] = [
                ("_csrf", token), ("id", "UTO-NER-1"), ("title", "Exchange of alerts"),
                ("instrument", "Memorandum of understanding on border cooperation, 2026"), ("article", "Article 4"), ("partner", "NER"),
                ("validFrom", "2026-01-01"), ("level.alert", "identity_and_decision"), ("fields.alert", "names"), ("fields.alert", "birth_date"),
                ("level.information_request", "identity_and_decision"), ("fields.information_request", "alert"),
                ("fields.information_request", "question"),
            ]
            let refused = try await client.page(.post, "/console/agreements", jar: jar, form: form)
            #expect(refused.status == .unprocessableContent && refused.html.contains("terms.information_request.answerHours"))
            #expect(try await fixture.store.exchange.agreements().isEmpty)
            form.append(("hours.information_request", "48"))
            let saved = try await client.pageFollowing(.post, "/console/agreements", jar: jar, form: form)
            #expect(saved.status == .ok && saved.html.contains("id=\"agreement-UTO-NER-1\""))
            let agreement = try #require(try await fixture.store.exchange.agreements().first)
            #expect(agreement.terms[.alert]?.fields == ["birth_date", "names"] && agreement.terms[.informationRequest]?.answerHours == 48)
            #expect(agreement.terms[.lostDocument] == nil, "a kind left at 'does not pass' has no term")
        }
    }

    /// At a one-stop post: Niger's exit waits on the booth's page, the officer checks it in
    /// Utopia's system, and the answer page shows Niger's exit beside Utopia's check.
    @Test func theBoothChecksThePartnersExitAndSeesBothSideBySide() async throws {
        try await APIFixture.withConsole { fixture, client in
            let niger = ExchangeKey.ephemeral()
            let admin = try await client.login("administrator")
            var terms = Self.agreement
            terms["terms"] = [
                "one_stop_crossing": ["level": "identity_and_decision", "fields": ExchangeKind.oneStopCrossing.identityAndDecisionFields],
                "one_stop_result": ["level": "identity_and_decision", "fields": ["decision", "ground"]],
            ]
            #expect(try await client.call(.put, "/api/v1/agreements/UTO-NER-1", token: admin, json: terms).status == .ok)
            _ = try await client.call(
                .put,
                "/api/v1/exchange/partners/NER",
                token: admin,
                json: ["name": "Niger", "url": "http://127.0.0.2:8080", "publicKey": niger.publicKey]
            )
            let north: [String: Any] = [
                "code": "NORTH", "name": "North", "kind": "land", "country": "UTO", "agencyId": "police",
                "lanes": [["code": "L1", "name": "Lane 1"], ["code": "L2", "name": "Lane 2"]],
                "oneStop": ["partner": "NER", "partnerBcp": "NER-GAYA"],
            ]
            let saved = try await client.call(.put, "/api/v1/bcps/NORTH", token: admin, json: north)
            #expect(saved.status == .ok && (saved.json["oneStop"] as? [String: Any])?["partnerBcp"] as? String == "NER-GAYA", "\(saved.raw)")
            let exit = try await Self.fromNiger(
                fixture.store,
                key: niger,
                seq: 1,
                kind: .oneStopCrossing,
                record: "X-1",
                fields: [
                    "bcp": .text("NORTH"), "names": .list(["ISSOUFOU", "AMINA"]), "birth_date": .text("1990-03-04"), "sex": .text("F"),
                    "nationality": .text("NER"), "document_type": .text("P"), "document_number": .text("NE7654321"),
                    "document_issuer": .text("NER"), "document_expiry": .text("2031-06-30"), "decision": .text("admit"),
                ]
            )
            #expect(exit.outcomes.first?.state == .accepted, "\(exit)")

            let jar = CookieJar()
            _ = try await client.consoleLogin("first-line-officer", jar: jar)
            let page = try await client.page(.get, "/console/one-stop", jar: jar)
            #expect(page.status == .ok && page.html.contains("id=\"one-stop-NORTH\"") && page.html.contains("ISSOUFOU, AMINA"))
            let token = try #require(page.field("_csrf"))
            let answer = try await client.pageFollowing(.post, "/console/one-stop/NER:X-1/check", jar: jar, form: [("_csrf", token), ("lane", "L1")])
            #expect(answer.status == .ok && answer.html.contains("id=\"partner-exit\"") && answer.html.contains("Exit check in NER"))
            #expect(answer.html.contains("NE7654321") && answer.html.contains("id=\"verdict\""))
            let again = try await client.page(.post, "/console/one-stop/NER:X-1/check", jar: jar, form: [("_csrf", token), ("lane", "L1")])
            #expect(again.status == .conflict && again.html.contains("checked already"))
            let operation = try #require(try await fixture.store.exchange.oneStopOperation("NER:X-1"))
            let first = try await client.login("first-line-officer")
            let admitted = try await client.call(
                .post,
                "/api/v1/crossings",
                token: first,
                json: ["checkId": try #require(operation.checkID), "decision": "admit"]
            )
            #expect(admitted.status == .created, "\(admitted.raw)")
            #expect(try await fixture.store.exchange.queueOneStopResults() == 1)
            #expect(try await fixture.store.exchange.disclosures(partner: "NER").first?.kind == .oneStopResult)
            let after = try await client.page(.get, "/console/one-stop", jar: jar)
            #expect(after.html.contains("decided here"))
        }
    }
}
