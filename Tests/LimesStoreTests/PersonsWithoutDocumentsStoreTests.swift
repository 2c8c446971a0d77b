import Foundation
import LimesCore
import LimesStore
import Testing

@Suite("Persons without documents, and flags raised with another record")
struct PersonsWithoutDocumentsStoreTests {
    let landing = Timestamp(iso: "2026-11-22T05:40:00.000Z")!

    @Test(arguments: TestEngine.available) func aGroupLandedBySeaIsRegisteredFlaggedAndFoundTogether(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let boy = try await post.store.persons.registerPersonWithoutDocuments(
                PersonWithoutDocuments(
                    givenNames: " amadou ",
                    estimatedAge: 14,
                    sex: .male,
                    nationality: "gin",
                    languages: "Fula, some French",
                    arrival: .sea,
                    group: "RESCUE-2026-117",
                    description: "alone, no adult claims him"
                ),
                bcp: "NORTH",
                flag: try NewProtectionFlag(kind: .child, note: "says he travelled alone"),
                actor: post.officer.id,
                at: landing
            )
            let woman = try await post.store.persons.registerPersonWithoutDocuments(
                PersonWithoutDocuments(arrival: .sea, group: "RESCUE-2026-117", description: "gives no name"),
                bcp: "NORTH",
                flag: nil,
                actor: post.officer.id,
                at: landing.adding(seconds: 60)
            )
            _ = try await post.store.persons.registerPersonWithoutDocuments(
                PersonWithoutDocuments(surname: "Tesfaye", arrival: .land, group: "GREEN-4"),
                bcp: "NORTH",
                flag: nil,
                actor: post.officer.id,
                at: landing.adding(seconds: 120)
            )

            #expect(boy.person.givenNames == "AMADOU" && boy.person.nationality == "GIN" && boy.person.surname == nil)
            #expect(boy.person.mayBeAChild(today: landing.day))
            let group = try await post.store.persons.personsWithoutDocuments(bcps: ["NORTH"], group: "RESCUE-2026-117")
            #expect(group.map(\.travellerID) == [woman.travellerID, boy.travellerID], "newest first, only the group")
            #expect(group.map(\.openProtectionFlags) == [0, 1])
            #expect(group[0].person.nationality == nil, "an unknown nationality reads back as unknown, not as XXX")
            #expect(try await post.store.persons.personsWithoutDocuments(bcps: ["NORTH"]).count == 3)
            #expect(try await post.store.persons.personsWithoutDocuments(bcps: []).isEmpty)
            #expect(try await post.store.persons.personWithoutDocuments(travellerID: boy.travellerID) == group[1])

            // The flag is a flag like any other: it blocks nothing yet, and counts as open.
            let flags = try await post.store.protection.protectionFlags(travellerID: boy.travellerID)
            #expect(flags.count == 1 && flags[0].kind == .child && flags[0].stage == "first" && flags[0].checkID == nil)
            #expect(try await post.store.protection.openProtectionFlagCount(travellerID: boy.travellerID) == 1)
            // And the person has a traveller record for assessments and referrals.
            let history = try #require(try await post.store.crossings.travellerHistory(id: boy.travellerID))
            #expect(history.documents.isEmpty && history.traveller.nationality == "GIN" && history.traveller.birthDate.isEmpty)
            let events = try await post.store.audit.events(limit: 20).map(\.recordType)
            #expect(events.filter { $0 == "person_without_documents" }.count == 3)
            #expect(events.filter { $0 == "protection_flag" }.count == 1)
        }
    }

    @Test(arguments: TestEngine.available) func badFieldsAreNamedAndLeaveNothingBehind(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let cases: [(PersonWithoutDocuments, String, String)] = [
                (PersonWithoutDocuments(nationality: "ZZZ", arrival: .sea), "NORTH", "nationality"),
                (PersonWithoutDocuments(estimatedAge: 140, arrival: .sea), "NORTH", "estimatedAge"),
                (PersonWithoutDocuments(birthDate: CalendarDate(iso: "2027-01-01")!, arrival: .sea), "NORTH", "birthDate"),
                (PersonWithoutDocuments(birthDate: CalendarDate(iso: "2010-01-01")!, estimatedAge: 16, arrival: .sea), "NORTH", "estimatedAge"),
                (PersonWithoutDocuments(surname: String(repeating: "A", count: 101), arrival: .sea), "NORTH", "surname"),
                (PersonWithoutDocuments(arrival: .sea), "SOUTH", "bcp"),
            ]
            for (person, bcp, field) in cases {
                await #expect {
                    try await post.store.persons.registerPersonWithoutDocuments(
                        person,
                        bcp: bcp,
                        flag: try NewProtectionFlag(kind: .child, note: nil),
                        actor: post.officer.id,
                        at: landing
                    )
                } throws: { error in
                    (error as? StoreError)?.field == field
                }
            }
            let persons = try await post.store.persons.personsWithoutDocuments(bcps: nil)
            let flags = try await post.store.protection.openProtectionFlags(reach: .everywhere)
            #expect(persons.isEmpty)
            #expect(flags.isEmpty, "no flag is left from a refused registration")
        }
    }

    @Test(arguments: TestEngine.available) func aFlagRaisedWithAReferralIsKeptWithItOrNotAtAll(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let check = try await post.check(try post.passport("HADDAD", number: "MA0000301"), at: landing)
            func refer(key: String) async throws -> (crossing: CrossingRecord, replayed: Bool) {
                try await post.store.crossings.recordDecision(
                    NewDecision(
                        checkID: check.id,
                        stage: .first,
                        decision: .refer,
                        ground: nil,
                        note: nil,
                        officerID: post.officer.id,
                        decidedAt: landing,
                        idempotencyKey: key,
                        requestHash: "refer-with-trafficking-flag",
                        protectionFlag: try NewProtectionFlag(kind: .trafficking, note: "documents held by a companion")
                    ),
                    policy: post.policy,
                    purpose: "test"
                )
            }
            let first = try await refer(key: "k1")
            #expect(!first.replayed)
            // A retry of the same request gets the first answer and no second flag.
            #expect(try await refer(key: "k1").replayed)
            // Another press of the button with a new key is refused, and flags nothing more.
            await #expect(throws: StoreError.self) { try await refer(key: "k2") }
            let flags = try await post.store.protection.protectionFlags(travellerID: check.traveller.id)
            #expect(flags.count == 1 && flags[0].kind == .trafficking && flags[0].checkID == check.id)
            #expect(flags[0].raisedAt == landing && flags[0].raisedBy == post.officer.id)
        }
    }
}
