import Foundation
import LimesCore
import LimesStore
import Testing

@Suite("Retention store")
struct RetentionStoreTests {
    let morning = Timestamp(iso: "2026-11-22T08:00:00.000Z")!

    @Test(arguments: TestEngine.available) func expiredRecordsLoseWhatNamesThePersonAndKeepWhatIsCounted(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let check = try await post.check(try post.passport("CAMARA", number: "MA0000301"), at: morning)
            let traveller = check.traveller.id
            let flag = try await post.store.protection.raiseProtectionFlag(
                travellerID: traveller,
                kind: .trafficking,
                stage: "first",
                checkID: nil,
                note: "companion holds her passport",
                actor: post.officer.id,
                reach: .everywhere
            )
            let open = try await post.store.protection.raiseProtectionFlag(
                travellerID: traveller,
                kind: .health,
                stage: "first",
                checkID: nil,
                note: "needs insulin",
                actor: post.officer.id,
                reach: .everywhere
            )
            try await post.store.protection.closeProtectionFlag(id: flag.id, reason: "handed over", actor: post.officer.id, reach: .everywhere)
            _ = try await post.store.protection.recordVulnerabilityAssessment(
                travellerID: traveller,
                level: .high,
                findings: [VulnerabilityFinding(code: "trafficking_documents_held", evidence: "a man keeps her passport")],
                note: "seen at booth 3",
                assessor: post.officer.id
            )
            _ = try await post.store.protection.recordInformationGiven(
                travellerID: traveller,
                leaflet: "Your rights",
                language: "en",
                actor: post.officer.id,
                reach: .everywhere
            )

            // Within the periods: nothing to do.
            let now = try await post.store.settings.runRetention(dryRun: false, actor: post.officer.id)
            #expect(now.counts.values.allSatisfy { $0 == 0 })
            await #expect {
                try await post.store.settings.setRetentionPolicy(RetentionPolicy(days: [.referrals: 0]), actor: post.officer.id)
            } throws: { error in
                (error as? StoreError)?.field != nil
            }

            // Three years on: a dry run counts and changes nothing; the run removes.
            let later = Timestamp().adding(seconds: 3 * 365 * 86_400)
            let dry = try await post.store.settings.runRetention(now: later, dryRun: true, actor: post.officer.id)
            #expect(dry.counts["protection_flags"] == 1 && dry.counts["vulnerability_assessments"] == 1 && dry.counts["information_given"] == 1)
            #expect(
                try await post.store.protection.protectionFlags(travellerID: traveller).first { $0.id == flag.id }?.note
                    == "companion holds her passport"
            )
            let run = try await post.store.settings.runRetention(now: later, dryRun: false, actor: post.officer.id)
            #expect(run.counts == dry.counts && !run.dryRun)
            let flags = try await post.store.protection.protectionFlags(travellerID: traveller)
            #expect(flags.first { $0.id == flag.id }?.note == nil, "the closed flag's note is gone")
            #expect(flags.first { $0.id == open.id }?.note == "needs insulin", "an open flag is still being worked: kept")
            let assessment = try await post.store.protection.vulnerabilityAssessments(travellerID: traveller)[0]
            #expect(assessment.findings == [VulnerabilityFinding(code: "trafficking_documents_held", evidence: "")] && assessment.note == nil)
            #expect(assessment.level == .high)
            #expect(try await post.store.protection.informationGiven(travellerID: traveller).isEmpty)
            // Counted as before.
            let figures = try await post.store.protection.protectionStatistics(from: Timestamp().day, to: Timestamp().day)
            #expect(figures.flagsByKind == ["trafficking": 1, "health": 1] && figures.vulnerabilityChecksByLevel == ["high": 1])
            // A second run finds nothing more, and the audit chain holds.
            #expect(
                try await post.store.settings.runRetention(now: later, dryRun: false, actor: post.officer.id).counts.values.allSatisfy { $0 == 0 }
            )
            #expect(try await post.store.audit.verify().isIntact)
        }
    }

    @Test(arguments: TestEngine.available) func aRegistrationWithoutDocumentsLosesItsDescriptionUnlessStillFollowed(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let landed = PersonWithoutDocuments(languages: "Tigrinya", arrival: .sea, group: "R-1", description: "scar on the left hand")
            let done = try await post.store.persons.registerPersonWithoutDocuments(
                landed,
                bcp: "NORTH",
                flag: nil,
                actor: post.officer.id,
                at: morning
            )
            let followed = try await post.store.persons.registerPersonWithoutDocuments(
                landed,
                bcp: "NORTH",
                flag: try NewProtectionFlag(kind: .health, note: nil),
                actor: post.officer.id,
                at: morning
            )
            let later = morning.adding(seconds: 3 * 365 * 86_400)
            let dry = try await post.store.settings.runRetention(now: later, dryRun: true, actor: post.officer.id)
            #expect(dry.counts["persons_without_documents"] == 1)
            #expect(try await post.store.persons.personWithoutDocuments(travellerID: done.travellerID)?.person.description == "scar on the left hand")
            _ = try await post.store.settings.runRetention(now: later, dryRun: false, actor: post.officer.id)
            let kept = try #require(try await post.store.persons.personWithoutDocuments(travellerID: done.travellerID))
            #expect(kept.person.description == nil && kept.person.languages == nil)
            #expect(kept.person.arrival == .sea && kept.person.group == "R-1", "what the statistics and the group need stays")
            let stillFollowed = try await post.store.persons.personWithoutDocuments(travellerID: followed.travellerID)
            #expect(stillFollowed?.person.description == "scar on the left hand", "an open flag keeps the record whole")
        }
    }
}
