import Foundation
import LimesCore
import LimesStore
import Testing

@Suite("Protection store")
struct ProtectionStoreTests {
    let morning = Timestamp(iso: "2026-11-22T08:00:00.000Z")!

    @Test(arguments: TestEngine.available) func aFlaggedChildIsNotRefusedBeforeASupervisorsReview(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let check = try await post.check(try post.passport("BENALI", number: "MA0000101"), at: morning)
            let flag = try await post.store.protection.raiseProtectionFlag(
                travellerID: check.traveller.id,
                kind: .child,
                stage: "first",
                checkID: check.id,
                note: "travelling alone, says she is 15",
                actor: post.officer.id,
                reach: .everywhere
            )
            #expect(flag.status == "open" && flag.kind == .child)
            await #expect {
                try await post.decide(check, .refuse, ground: "C", at: morning)
            } throws: { error in
                (error as? StoreError)?.code == .conflict && (error as? StoreError)?.field == "decision"
            }
            // Nothing was recorded by the refused refusal.
            #expect(try await post.store.crossings.travellerHistory(id: check.traveller.id)?.crossings.isEmpty == true)
            // Too short a review is no review.
            await #expect {
                try await post.store.protection.recordSafeguardReview(checkID: check.id, reasons: "ok", reviewer: post.officer.id)
            } throws: { error in
                (error as? StoreError)?.field == "reasons"
            }
            _ = try await post.store.protection.recordSafeguardReview(
                checkID: check.id,
                reasons: "age confirmed 19 by birth certificate; no protection need found",
                reviewer: post.officer.id
            )
            let refused = try await post.decide(check, .refuse, ground: "C", at: morning)
            #expect(refused.crossing.decision == .refuse)
            let flags = try await post.store.protection.protectionFlags(travellerID: check.traveller.id)
            #expect(flags.count == 1 && flags[0].note == "travelling alone, says she is 15")
        }
    }

    @Test(arguments: TestEngine.available) func otherFlagsAndOtherDecisionsAreNotHeldBack(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let sick = try await post.check(try post.passport("ALAOUI", number: "MA0000102"), at: morning)
            _ = try await post.store.protection.raiseProtectionFlag(
                travellerID: sick.traveller.id,
                kind: .health,
                stage: "first",
                checkID: nil,
                note: nil,
                actor: post.officer.id,
                reach: .everywhere
            )
            // A health flag calls for care, not for a review of the refusal.
            #expect(try await post.decide(sick, .refuse, ground: "C", at: morning).crossing.decision == .refuse)

            let asylum = try await post.check(try post.passport("HADDAD", number: "MA0000103"), at: morning)
            _ = try await post.store.protection.raiseProtectionFlag(
                travellerID: asylum.traveller.id,
                kind: .asylum,
                stage: "first",
                checkID: asylum.id,
                note: "asks for protection",
                actor: post.officer.id,
                reach: .everywhere
            )
            // Admitting or referring is never held back.
            #expect(try await post.decide(asylum, .refer, at: morning).crossing.decision == .refer)
        }
    }

    @Test(arguments: TestEngine.available) func aFlagNeedsAKnownTravellerAndStage(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            await #expect {
                try await post.store.protection.raiseProtectionFlag(
                    travellerID: "nobody",
                    kind: .child,
                    stage: "first",
                    checkID: nil,
                    note: nil,
                    actor: post.officer.id,
                    reach: .everywhere
                )
            } throws: { error in
                (error as? StoreError)?.code == .notFound
            }
            let check = try await post.check(try post.passport("IDRISSI", number: "MA0000104"), at: morning)
            await #expect {
                try await post.store.protection.raiseProtectionFlag(
                    travellerID: check.traveller.id,
                    kind: .child,
                    stage: "somewhere",
                    checkID: nil,
                    note: nil,
                    actor: post.officer.id,
                    reach: .everywhere
                )
            } throws: { error in
                (error as? StoreError)?.field == "stage"
            }
            #expect(try await post.store.protection.protectionFlags(travellerID: check.traveller.id).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available) func aVulnerabilityCheckNamesKnownIndicatorsWithEvidence(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let check = try await post.check(try post.passport("KONATE", number: "MA0000105"), at: morning)
            let traveller = check.traveller.id
            #expect(try await post.store.settings.vulnerabilityIndicators() == .standard)
            await #expect {
                try await post.store.protection.recordVulnerabilityAssessment(
                    travellerID: traveller,
                    level: .high,
                    findings: [VulnerabilityFinding(code: "no_such_sign", evidence: "x")],
                    note: nil,
                    assessor: post.officer.id
                )
            } throws: { error in
                (error as? StoreError)?.field == "findings[0].code"
            }
            await #expect {
                try await post.store.protection.recordVulnerabilityAssessment(
                    travellerID: traveller,
                    level: .high,
                    findings: [VulnerabilityFinding(code: "child_unaccompanied", evidence: "  ")],
                    note: nil,
                    assessor: post.officer.id
                )
            } throws: { error in
                (error as? StoreError)?.field == "findings[0].evidence"
            }
            #expect(try await post.store.protection.vulnerabilityAssessments(travellerID: traveller).isEmpty, "a refused check leaves nothing")
            let saved = try await post.store.protection.recordVulnerabilityAssessment(
                travellerID: traveller,
                level: .high,
                findings: [
                    VulnerabilityFinding(code: "child_unaccompanied", evidence: "no adult with her at the booth"),
                    VulnerabilityFinding(code: "trafficking_documents_held", evidence: "a man outside holds her passport"),
                ],
                note: "referred to child protection",
                assessor: post.officer.id
            )
            let read = try await post.store.protection.vulnerabilityAssessments(travellerID: traveller)
            #expect(read == [saved] && read[0].findings.count == 2 && read[0].level == .high)

            // A ministry's own list replaces the standard one, checked first.
            await #expect {
                try await post.store.settings.setVulnerabilityIndicators(VulnerabilityIndicators(indicators: []), actor: post.officer.id)
            } throws: { error in
                (error as? StoreError)?.field == "indicators"
            }
            let own = VulnerabilityIndicators(indicators: [.init(code: "alone", domain: .child, text: "a child alone")])
            try await post.store.settings.setVulnerabilityIndicators(own, actor: post.officer.id)
            #expect(try await post.store.settings.vulnerabilityIndicators() == own)
        }
    }

    @Test(arguments: TestEngine.available) func aPersonWhoseAgeIsInDoubtIsTreatedAsAChild(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let check = try await post.check(try post.passport("DIALLO", number: "MA0000106"), at: morning)
            #expect(try await post.store.protection.openProtectionFlagCount(travellerID: check.traveller.id) == 0)
            let opened = try await post.store.protection.openAgeAssessment(
                travellerID: check.traveller.id,
                claimedAge: 16,
                doubt: "document says 1985; looks and says 16",
                guardian: "M. Sy, temporary guardian",
                actor: post.officer.id
            )
            #expect(opened.status == "open")
            // What the next check is told: one thing to look at, though no flag was raised.
            #expect(try await post.store.protection.openProtectionFlagCount(travellerID: check.traveller.id) == 1)
            // Open: treated as a child, so a refusal waits for a review.
            await #expect {
                try await post.decide(check, .refuse, ground: "C", at: morning)
            } throws: { error in
                (error as? StoreError)?.field == "decision"
            }
            // The methods must go from the least intrusive.
            await #expect {
                try await post.store.protection.concludeAgeAssessment(
                    id: opened.id,
                    methods: [.radiological, .interview],
                    professionals: [AssessmentProfessional(role: "doctor", name: "Dr A")],
                    minAge: 17,
                    maxAge: 19,
                    appeal: nil,
                    actor: post.officer.id
                )
            } throws: { error in
                (error as? StoreError)?.field == "methods[1]"
            }
            let concluded = try await post.store.protection.concludeAgeAssessment(
                id: opened.id,
                methods: [.documents, .interview, .psychosocial],
                professionals: [
                    AssessmentProfessional(role: "social_worker", name: "F. Sow"), AssessmentProfessional(role: "psychologist", name: "K. Ba"),
                ],
                minAge: 16,
                maxAge: 18,
                appeal: nil,
                actor: post.officer.id
            )
            // The lowest of the range is the age recorded: still a child.
            #expect(concluded.recordedAge == 16 && concluded.status == "closed" && concluded.methods == [.documents, .interview, .psychosocial])
            #expect(try await post.store.protection.openProtectionFlagCount(travellerID: check.traveller.id) == 1)
            await #expect {
                try await post.decide(check, .refuse, ground: "C", at: morning)
            } throws: { error in
                (error as? StoreError)?.field == "decision"
            }

            // An adult after assessment is not held back.
            let adult = try await post.check(try post.passport("SOW", number: "MA0000107"), at: morning)
            let second = try await post.store.protection.openAgeAssessment(
                travellerID: adult.traveller.id,
                claimedAge: 17,
                doubt: "beard, work history",
                guardian: nil,
                actor: post.officer.id
            )
            _ = try await post.store.protection.concludeAgeAssessment(
                id: second.id,
                methods: [.documents],
                professionals: [AssessmentProfessional(role: "social_worker", name: "F. Sow")],
                minAge: 21,
                maxAge: 25,
                appeal: nil,
                actor: post.officer.id
            )
            #expect(try await post.store.protection.openProtectionFlagCount(travellerID: adult.traveller.id) == 0)
            #expect(try await post.decide(adult, .refuse, ground: "C", at: morning).crossing.decision == .refuse)
        }
    }

    @Test(arguments: TestEngine.available) func closingAFlagInformingThePersonAndCountingWithoutNames(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let check = try await post.check(try post.passport("TRAORE", number: "MA0000108"), at: morning)
            let flag = try await post.store.protection.raiseProtectionFlag(
                travellerID: check.traveller.id,
                kind: .trafficking,
                stage: "first",
                checkID: check.id,
                note: "passport held by a companion",
                actor: post.officer.id,
                reach: .everywhere
            )
            _ = try await post.store.protection.raiseProtectionFlag(
                travellerID: check.traveller.id,
                kind: .health,
                stage: "second",
                checkID: nil,
                note: nil,
                actor: post.officer.id,
                reach: .everywhere
            )
            _ = try await post.store.protection.recordVulnerabilityAssessment(
                travellerID: check.traveller.id,
                level: .medium,
                findings: [VulnerabilityFinding(code: "trafficking_documents_held", evidence: "companion kept her passport")],
                note: nil,
                assessor: post.officer.id
            )
            let given = try await post.store.protection.recordInformationGiven(
                travellerID: check.traveller.id,
                leaflet: "Rights of victims of trafficking",
                language: "fr",
                actor: post.officer.id,
                reach: .everywhere
            )
            #expect(try await post.store.protection.informationGiven(travellerID: check.traveller.id) == [given])
            await #expect {
                try await post.store.protection.recordInformationGiven(
                    travellerID: check.traveller.id,
                    leaflet: " ",
                    language: "fr",
                    actor: post.officer.id,
                    reach: .everywhere
                )
            } throws: { error in
                (error as? StoreError)?.field == "leaflet"
            }

            let today = Timestamp().day
            let before = try await post.store.protection.protectionStatistics(from: today, to: today)
            #expect(before.flagsByKind == ["trafficking": 1, "health": 1] && before.openFlagsByKind == ["trafficking": 1, "health": 1])
            #expect(before.vulnerabilityChecksByLevel == ["medium": 1])

            // Closed: the need is met, the refusal is no longer held back.
            await #expect {
                try await post.store.protection.closeProtectionFlag(id: flag.id, reason: " ", actor: post.officer.id, reach: .everywhere)
            } throws: { error in
                (error as? StoreError)?.field == "reason"
            }
            try await post.store.protection.closeProtectionFlag(
                id: flag.id,
                reason: "handed to the anti-trafficking unit, who found no sign",
                actor: post.officer.id,
                reach: .everywhere
            )
            #expect(try await post.decide(check, .refuse, ground: "C", at: morning).crossing.decision == .refuse)
            let after = try await post.store.protection.protectionStatistics(from: today, to: today)
            #expect(after.flagsByKind == ["trafficking": 1, "health": 1] && after.openFlagsByKind == ["health": 1])
            let yesterday = try await post.store.protection.protectionStatistics(from: today.adding(days: -1), to: today.adding(days: -1))
            #expect(yesterday.flagsByKind.isEmpty)
        }
    }
}
