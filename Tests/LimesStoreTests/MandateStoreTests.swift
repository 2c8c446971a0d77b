import Foundation
import LimesCore
import SQLKit
import Testing

@testable import LimesStore

@Suite("Agencies' mandates in the store")
struct MandateStoreTests {
    let morning = Timestamp(iso: "2026-11-22T08:00:00.000Z")!

    @Test(arguments: TestEngine.available) func usersCarryTheirAgencysMandate(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            try await post.store.organisation.saveAgency(Agency(id: "customs", name: "Customs", kind: "customs"))
            let saved = try await post.store.users.saveUser(
                User(
                    id: UUID().uuidString,
                    username: "customs",
                    displayName: "C",
                    agencyID: "customs",
                    homeBCP: "NORTH",
                    roles: [.supervisor],
                    bcps: []
                ),
                password: "correct horse battery",
                rounds: 1_000,
                actor: "system"
            )
            #expect(saved.mandate == Mandate.presets["customs"])
            // A supervisor's role, narrowed by the customs mandate.
            #expect(saved.permissions == [.readTravellers, .readStatistics])
            #expect(saved.rolePermissions.contains(.workSecondLine))
            let police = try #require(try await post.store.users.user(username: "officer"))
            #expect(police.mandate == .everything && police.permissions == Role.secondLineOfficer.permissions)
        }
    }

    /// What a mandate does not read is not read: no hits for customs, no birth date either.
    @Test(arguments: TestEngine.available) func aHistoryReadThroughAMandateHoldsNothingElse(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let hit = ScreeningHit(
                alertID: "EB-7",
                list: .entryBan,
                action: .refuseEntry,
                score: 0.78,
                band: .possible,
                evidence: [HitEvidence(.nameEqual, ["role": "surname", "part": "ALAOUI"])],
                matchedName: "ALAOUI SAMIR"
            )
            let check = try await post.check(try post.passport("ALAOUI", number: "MA0000003"), at: morning, hits: [hit])
            _ = try await post.decide(check, .refer, at: morning.adding(seconds: 30))
            let whole = try #require(try await post.store.crossings.travellerHistory(id: check.traveller.id))
            #expect(whole.hits.count == 1 && whole.traveller.birthDate == "1985-02-03" && whole.crossings.count == 1)
            let customs = try #require(Mandate.presets["customs"])
            let seen = try #require(try await post.store.crossings.travellerHistory(id: check.traveller.id, reads: customs))
            #expect(seen.hits.isEmpty && seen.readThrough == customs)
            #expect(seen.traveller.surname == "ALAOUI" && seen.traveller.nationality == "MAR")
            #expect(seen.traveller.birthDate.isEmpty && seen.traveller.sex == nil)
            #expect(seen.documents.map(\.number) == ["MA0000003"] && seen.crossings.count == 1)
            let nothing = Mandate(reads: [.identity: ["names"]], actions: [.readTravellers])
            let bare = try #require(try await post.store.crossings.travellerHistory(id: check.traveller.id, reads: nothing))
            #expect(bare.documents.isEmpty && bare.crossings.isEmpty && bare.hits.isEmpty && bare.traveller.nationality.isEmpty)
        }
    }

    @Test(arguments: TestEngine.available) func aMandateChangeIsAuditedWithWhatItGaveAndTookAway(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            var customs = Agency(id: "customs", name: "Customs", kind: "customs")
            try await post.store.organisation.saveAgency(customs, actor: "admin-1")
            var reads = customs.mandate.reads
            reads[.hits] = ["alert"]
            customs.mandate = Mandate(reads: reads, actions: customs.mandate.actions)
            try await post.store.organisation.saveAgency(customs, actor: "admin-1")
            let events = try await post.store.audit.events(recordID: "customs").filter { $0.recordType == "agency" }
            #expect(events.map(\.action).sorted() == ["create", "update"])
            #expect(events.contains { $0.action == "update" && $0.purpose == "administration; mandate +hits.alert" && $0.actor == "admin-1" })
            #expect(try await post.store.organisation.agency(id: "customs")?.mandate.reads(.hits, "alert") == true)
        }
    }

    @Test(arguments: TestEngine.available) func aMandateThatDoesNotHoldIsRefusedNamingTheField(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let bad = Agency(
                id: "customs",
                name: "Customs",
                kind: "customs",
                mandate: Mandate(reads: [.identity: ["names"]], actions: [.checkTravellers])
            )
            do {
                try await post.store.organisation.saveAgency(bad)
                Issue.record("a mandate granting checks without hits was stored")
            } catch let error as StoreError {
                #expect(error.field == "mandate.actions")
                #expect(error.message.contains("check_travellers needs to read"))
            }
            #expect(try await post.store.organisation.agency(id: "customs") == nil, "nothing half-written")
        }
    }

    /// A mandate changed outside Limes into something unreadable stops reading, naming the row.
    @Test(arguments: TestEngine.available) func anUnreadableMandateIsAnErrorNamingTheAgency(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            try await post.store.write { db in try await db.raw("UPDATE agencies SET mandate = '{\"reads\":7}' WHERE id = 'police'").run() }
            do {
                _ = try await post.store.organisation.agencies()
                Issue.record("an unreadable mandate was read")
            } catch let error as StoreError {
                #expect(error.message.hasPrefix("agencies row police: column mandate holds"))
            }
            await #expect(throws: StoreError.self) { try await post.store.users.user(username: "officer") }
        }
    }
}
