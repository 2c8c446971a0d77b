import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LimesCore
import LimesServer
import LimesStore
import Testing

/// One crossing, seen by the officers of four agencies at the same post: each sees what its
/// agency's mandate reads, through the API and the console, and nothing else.
@Suite("Agencies' mandates over HTTP")
struct MandateAPITests {
    static func withAgencies(_ body: @Sendable (APIFixture, any TestClientProtocol) async throws -> Void) async throws {
        let fixture = try await APIFixture.make()
        let store = fixture.store
        try await store.organisation.saveAgency(Agency(id: "customs", name: "Customs", kind: "customs"))
        try await store.organisation.saveAgency(Agency(id: "health", name: "Port health", kind: "health"))
        try await store.organisation.saveAgency(Agency(id: "child-protection", name: "Child protection", kind: "child_protection"))
        // Roles say the job; the agency's mandate narrows it.
        for (username, agency, roles) in [
            ("customs-officer", "customs", [Role.supervisor]), ("health-officer", "health", [.supervisor]),
            ("child-officer", "child-protection", [.protectionOfficer, .secondLineOfficer]),
        ] {
            _ = try await store.users.saveUser(
                User(
                    id: UUID().uuidString,
                    username: username,
                    displayName: username,
                    agencyID: agency,
                    homeBCP: "NORTH",
                    roles: Set(roles),
                    bcps: []
                ),
                password: APIFixture.password,
                rounds: 1_000,
                actor: "system"
            )
        }
        do {
            try await fixture.consoleApplication().test(.live) { client in try await body(fixture, client) }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    /// KARIMOV RUSTAM, on the entry-ban list, checked at NORTH lane L1 and referred.
    static func referredTraveller(_ client: some TestClientProtocol) async throws -> String {
        let first = try await client.login("first-line-officer")
        let mrz = APIFixture.passport(surname: "KARIMOV", given: "RUSTAM", number: "UZ1234567", nationality: "UZB", birth: "1979-04-12")
        let check = try await client.call(
            .post,
            "/api/v1/checks",
            token: first,
            json: ["mrz": mrz, "bcp": "NORTH", "lane": "L1", "direction": "entry"]
        )
        let checkID = try #require(check.json["checkId"] as? String, "\(check.raw)")
        let crossing = try await client.call(.post, "/api/v1/crossings", token: first, json: ["checkId": checkID, "decision": "refer"])
        #expect(crossing.status == .created, "\(crossing.raw)")
        return try #require((check.json["traveller"] as? [String: Any])?["id"] as? String)
    }

    @Test func eachPresetSeesItsPartOfTheSameCrossingThroughTheAPI() async throws {
        try await Self.withAgencies { fixture, client in
            let traveller = try await Self.referredTraveller(client)
            func history(_ username: String) async throws -> APIResult {
                let result = try await client.call(.get, "/api/v1/travellers/\(traveller)", token: try await client.login(username))
                #expect(result.status == .ok, "\(username): \(result.raw)")
                return result
            }
            func keys(_ value: Any?) -> Set<String> { Set((value as? [String: Any])?.keys.map { $0 } ?? []) }
            func firstKeys(_ value: Any?) -> Set<String> { keys((value as? [[String: Any]])?.first) }

            // Border police: everything.
            let police = try await history("supervisor")
            #expect((police.json["hits"] as? [[String: Any]])?.first?["alertId"] as? String == "EB-1")
            #expect(firstKeys(police.json["crossings"]).isSuperset(of: ["decision", "officerId", "stage", "bcp", "lane"]))
            #expect(keys(police.json["traveller"]).isSuperset(of: ["birthDate", "sex", "nationality"]))

            // Customs: who crossed, when, where and by which lane; not the hit, not the decision.
            let customs = try await history("customs-officer")
            #expect(Set(customs.json.keys) == ["traveller", "documents", "crossings"], "no hits key at all")
            #expect(keys(customs.json["traveller"]) == ["id", "surname", "givenNames", "nationality"])
            #expect(firstKeys(customs.json["documents"]) == ["id", "kind", "code", "issuer", "number"])
            #expect(
                firstKeys(customs.json["crossings"]) == [
                    "id", "checkId", "travellerId", "day", "checkStartedAt", "decidedAt", "bcp", "lane", "direction",
                ]
            )
            #expect(!customs.raw.contains("EB-1") && !customs.raw.contains("refer") && !customs.raw.contains("1979"))

            // Health: what a health declaration asks.
            let health = try await history("health-officer")
            #expect(Set(health.json.keys) == ["traveller", "documents", "crossings"])
            #expect(keys(health.json["traveller"]) == ["id", "surname", "givenNames", "birthDate", "sex", "nationality"])
            #expect(firstKeys(health.json["documents"]) == ["id", "kind", "code", "number"])
            #expect(!health.raw.contains("EB-1") && !health.raw.contains("refer"))

            // Child protection: the person and where they came, not the document number or the hit.
            let child = try await history("child-officer")
            #expect(Set(child.json.keys) == ["traveller", "documents", "crossings"])
            #expect(firstKeys(child.json["documents"]) == ["id", "kind", "code", "issuer"])
            #expect(!child.raw.contains("UZ1234567") && !child.raw.contains("EB-1"))

            // Outside the mandate, whatever the role: customs supervisors do not read protection flags.
            let refused = try await client.call(
                .get,
                "/api/v1/travellers/\(traveller)/protection-flags",
                token: try await client.login("customs-officer")
            )
            #expect(refused.status == .forbidden && refused.error["code"] as? String == "outside_mandate", "\(refused.raw)")
            // Every read is audited, whoever read and whatever they saw.
            let reads = try await fixture.store.audit.events(recordID: traveller).filter { $0.action == "read" }
            let customsID = try #require(try await fixture.store.users.user(username: "customs-officer")?.id)
            #expect(reads.contains { $0.actor == customsID })
        }
    }

    @Test func eachPresetSeesItsPartOfTheSameCrossingInTheConsole() async throws {
        try await Self.withAgencies { _, client in
            let traveller = try await Self.referredTraveller(client)
            func page(_ username: String) async throws -> String {
                let jar = CookieJar()
                _ = try await client.consoleLogin(username, jar: jar)
                let page = try await client.page(.get, "/console/travellers/\(traveller)", jar: jar)
                #expect(page.status == .ok, "\(username): \(page.html.prefix(300))")
                return page.html
            }
            let police = try await page("supervisor")
            #expect(
                police.contains("EB-1") && police.contains("id=\"hits\"") && police.contains("id=\"birth-date\"")
                    && police.contains("class=\"decision\"")
            )
            let customs = try await page("customs-officer")
            #expect(customs.contains("KARIMOV") && customs.contains("NORTH L1") && customs.contains("UZ1234567"))
            #expect(!customs.contains("EB-1") && !customs.contains("id=\"hits\"") && !customs.contains("id=\"birth-date\""))
            #expect(!customs.contains("class=\"decision\""))
            let health = try await page("health-officer")
            #expect(health.contains("id=\"birth-date\"") && health.contains("UZ1234567") && !health.contains("EB-1"))
            let child = try await page("child-officer")
            #expect(child.contains("KARIMOV") && !child.contains("UZ1234567") && !child.contains("EB-1"))
        }
    }

    @Test func anAdministratorChangesAMandateAndItsUsersSeeTheChangeAtOnce() async throws {
        try await Self.withAgencies { fixture, client in
            let traveller = try await Self.referredTraveller(client)
            let admin = try await client.login("administrator")
            let customs = try await client.login("customs-officer")
            #expect(try await client.call(.get, "/api/v1/travellers/\(traveller)", token: customs).json["hits"] == nil)

            let listed = try await client.call(.get, "/api/v1/agencies", token: admin)
            #expect(listed.list.map { $0["id"] as? String } == ["child-protection", "customs", "health", "police"])
            var mandate = try #require(listed.list.first { $0["id"] as? String == "customs" }?["mandate"] as? [String: Any])
            var reads = try #require(mandate["reads"] as? [String: Any])
            reads["hits"] = ["alert", "match", "resolution"]
            mandate["reads"] = reads
            let saved = try await client.call(
                .put,
                "/api/v1/agencies/customs",
                token: admin,
                json: ["name": "Customs", "kind": "customs", "mandate": mandate]
            )
            #expect(saved.status == .ok, "\(saved.raw)")
            let now = try await client.call(.get, "/api/v1/travellers/\(traveller)", token: customs)
            #expect((now.json["hits"] as? [[String: Any]])?.first?["alertId"] as? String == "EB-1", "the same session sees the wider mandate")
            let events = try await fixture.store.audit.events(recordID: "customs").filter { $0.recordType == "agency" && $0.action == "update" }
            #expect(events.first?.purpose == "administration; mandate +hits.alert +hits.match +hits.resolution")

            // Refusals name the field; nothing is stored.
            let unknownField = try await client.call(
                .put,
                "/api/v1/agencies/customs",
                token: admin,
                json: ["name": "Customs", "kind": "customs", "mandate": ["reads": ["identity": ["eye_colour"]], "actions": []]]
            )
            #expect(unknownField.status == .unprocessableContent && unknownField.error["field"] as? String == "mandate.reads.identity")
            let unknownKind = try await client.call(
                .put,
                "/api/v1/agencies/customs",
                token: admin,
                json: ["name": "Customs", "kind": "customs", "mandate": ["reads": ["dreams": ["all"]], "actions": []]]
            )
            #expect(unknownKind.status == .badRequest && unknownKind.error["field"] as? String == "mandate.reads", "\(unknownKind.raw)")
            #expect((unknownKind.error["message"] as? String ?? "").contains("'dreams' is not a kind of record"))
            let noPreset = try await client.call(
                .put,
                "/api/v1/agencies/coastguard",
                token: admin,
                json: ["name": "Coastguard", "kind": "coastguard"]
            )
            #expect(noPreset.status == .unprocessableContent && noPreset.error["field"] as? String == "mandate")
            let checksWithoutHits = try await client.call(
                .put,
                "/api/v1/agencies/health",
                token: admin,
                json: ["name": "Port health", "kind": "health", "mandate": ["reads": ["identity": ["names"]], "actions": ["check_travellers"]]]
            )
            #expect(checksWithoutHits.status == .unprocessableContent && checksWithoutHits.error["field"] as? String == "mandate.actions")
            #expect(try await fixture.store.organisation.agency(id: "health")?.mandate == Mandate.presets["health"])
            #expect(try await fixture.store.organisation.agency(id: "coastguard") == nil)
            let catalogue = try await client.call(.get, "/api/v1/mandates", token: customs)
            #expect((catalogue.json["presets"] as? [[String: Any]])?.count == Mandate.presets.count)
        }
    }

    @Test func theAgenciesPageChangesAMandateWithItsTokenOnly() async throws {
        try await Self.withAgencies { fixture, client in
            let jar = CookieJar()
            _ = try await client.consoleLogin("administrator", jar: jar)
            let page = try await client.page(.get, "/console/agencies", jar: jar)
            #expect(page.status == .ok && page.html.contains("id=\"agency-customs\"") && page.html.contains("Screening hits"))
            let token = try #require(page.field("_csrf"))
            let reads = ["identity.names", "crossings.time", "crossings.place"]
            var form: [(String, String)] = reads.map { ("read", $0) } + [("action", "read_travellers")]
            let forged = try await client.page(.post, "/console/agencies/customs", jar: jar, form: form)
            #expect(forged.status == .forbidden)
            #expect(try await fixture.store.organisation.agency(id: "customs")?.mandate == Mandate.presets["customs"])
            form.insert(("_csrf", token), at: 0)
            let saved = try await client.pageFollowing(.post, "/console/agencies/customs", jar: jar, form: form)
            #expect(saved.status == .ok && saved.html.contains("id=\"agencies-notice\""))
            let mandate = try #require(try await fixture.store.organisation.agency(id: "customs")?.mandate)
            #expect(mandate == Mandate(reads: [.identity: ["names"], .crossings: ["time", "place"]], actions: [.readTravellers]))
            // A mandate that does not hold is shown back with the field at fault.
            let refused = try await client.page(
                .post,
                "/console/agencies/customs",
                jar: jar,
                form: [("_csrf", token), ("read", "identity.names"), ("action", "check_travellers")]
            )
            #expect(
                refused.status == .unprocessableContent && refused.html.contains("id=\"agency-error\"") && refused.html.contains("mandate.actions")
            )
            let added = try await client.pageFollowing(
                .post,
                "/console/agencies",
                jar: jar,
                form: [("_csrf", token), ("id", "port-health"), ("name", "Port health north"), ("kind", "health")]
            )
            #expect(added.status == .ok && added.html.contains("id=\"agency-port-health\""))
            #expect(try await fixture.store.organisation.agency(id: "port-health")?.mandate == Mandate.presets["health"])
        }
    }
}
