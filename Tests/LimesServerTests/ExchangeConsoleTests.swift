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
}
