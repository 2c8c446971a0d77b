import Foundation
import LimesCore
import LimesStore
import Testing

@Suite("Referral store")
struct ReferralStoreTests {
    let morning = Timestamp(iso: "2026-11-22T08:00:00.000Z")!

    func partner(_ post: Post, agency: String, name: String) async throws -> User {
        try await post.store.organisation.saveAgency(Agency(id: agency, name: name, kind: "partner"))
        return try await post.store.users.saveUser(
            User(id: UUID().uuidString, username: agency, displayName: name, agencyID: agency, homeBCP: nil, roles: [.partner], bcps: []),
            password: "correct horse battery",
            rounds: 1_000,
            actor: "system"
        )
    }

    @Test(arguments: TestEngine.available) func aReferralGoesFromProposalToOutcomeSharingOnlyWhatWasAgreed(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let cps = try await partner(post, agency: "cps", name: "Child Protection Service")
            let other = try await partner(post, agency: "redcross", name: "Red Cross")
            let service = ProtectionService(
                id: "cps-north",
                name: "Child Protection Service, North",
                kinds: [.child, .trafficking],
                area: "North province",
                contact: "+000 555 0101",
                agencyID: "cps",
                acceptanceHours: 24
            )
            try await post.store.protection.saveService(service, actor: post.officer.id)
            let check = try await post.check(try post.passport("SANOGO", number: "MA0000201"), at: morning)
            let traveller = check.traveller.id
            _ = try await post.store.protection.raiseProtectionFlag(
                travellerID: traveller,
                kind: .child,
                stage: "first",
                checkID: check.id,
                note: "alone, 14",
                actor: post.officer.id,
                reach: .everywhere
            )
            let proposals = try await post.store.protection.referralProposals(travellerID: traveller)
            #expect(proposals.map(\.kind) == [.child] && proposals[0].services.map(\.id) == ["cps-north"])

            await #expect {
                try await post.store.protection.sendReferral(
                    travellerID: traveller,
                    serviceID: "cps-north",
                    kind: .health,
                    shares: [],
                    consent: [:],
                    actor: post.officer.id
                )
            } throws: { error in
                (error as? StoreError)?.field == "kind"
            }
            // Consent for her identity, not for the notes: the referral waits for a supervisor.
            let sent = try await post.store.protection.sendReferral(
                travellerID: traveller,
                serviceID: "cps-north",
                kind: .child,
                shares: [.identity, .protectionDetails],
                consent: [.identity: true, .protectionDetails: false],
                actor: post.officer.id
            )
            #expect(sent.status == .awaitingOverride && sent.deadline == nil)
            #expect(try await post.store.protection.partnerInbox(agencyID: "cps").isEmpty)
            let overridden = try await post.store.protection.overrideReferralConsent(
                id: sent.id,
                reason: "a child alone: the service needs the notes to protect her",
                supervisor: post.officer.id
            )
            #expect(overridden.status == .sent && overridden.deadline != nil && overridden.overrideBy == post.officer.id)

            // Another organisation may not answer it.
            await #expect {
                try await post.store.protection.respondToReferral(id: sent.id, accept: true, reason: nil, partner: other)
            } throws: { error in
                (error as? StoreError)?.code == .forbidden
            }
            let inbox = try await post.store.protection.partnerInbox(agencyID: "cps")
            #expect(inbox.count == 1 && inbox[0].traveller?.surname == "SANOGO" && inbox[0].protectionNotes == ["child: alone, 14"])
            #expect(inbox[0].findings == nil, "the assessment was not shared")
            #expect(try await post.store.protection.partnerInbox(agencyID: "redcross").isEmpty)

            // Not answered in 24 hours: late.
            #expect(try await post.store.protection.lateReferrals(now: Timestamp().adding(seconds: 25 * 3600)).map(\.id) == [sent.id])
            let accepted = try await post.store.protection.respondToReferral(id: sent.id, accept: true, reason: nil, partner: cps)
            #expect(accepted.status == .accepted)
            #expect(try await post.store.protection.lateReferrals(now: Timestamp().adding(seconds: 25 * 3600)).isEmpty)
            await #expect {
                try await post.store.protection.completeReferral(id: sent.id, provided: false, reason: " ", partner: cps)
            } throws: { error in
                (error as? StoreError)?.field == "reason"
            }
            let done = try await post.store.protection.completeReferral(id: sent.id, provided: true, reason: nil, partner: cps)
            #expect(done.status == .done && done.outcome == "provided")
            let figures = try await post.store.protection.protectionStatistics(from: Timestamp().day, to: Timestamp().day)
            #expect(
                figures.referralsByKind == ["child": 1] && figures.referralsByStatus == ["done": 1] && figures.referralOutcomes == ["provided": 1]
            )
            await #expect {
                try await post.store.protection.revokeReferral(id: sent.id, actor: post.officer.id)
            } throws: { error in
                (error as? StoreError)?.code == .conflict
            }
        }
    }

    @Test(arguments: TestEngine.available) func aRejectionNeedsItsReasonAndTheSenderMayRevoke(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let cps = try await partner(post, agency: "cps", name: "Child Protection Service")
            try await post.store.protection.saveService(
                ProtectionService(id: "cps", name: "CPS", kinds: [.child], area: nil, contact: nil, agencyID: "cps", acceptanceHours: 48),
                actor: post.officer.id
            )
            let check = try await post.check(try post.passport("KEITA", number: "MA0000202"), at: morning)
            let first = try await post.store.protection.sendReferral(
                travellerID: check.traveller.id,
                serviceID: "cps",
                kind: .child,
                shares: [.identity],
                consent: [.identity: true],
                actor: post.officer.id
            )
            await #expect {
                try await post.store.protection.respondToReferral(id: first.id, accept: false, reason: nil, partner: cps)
            } throws: { error in
                (error as? StoreError)?.field == "reason"
            }
            let rejected = try await post.store.protection.respondToReferral(
                id: first.id,
                accept: false,
                reason: "no place until Monday",
                partner: cps
            )
            #expect(rejected.status == .rejected && rejected.responseReason == "no place until Monday")
            let second = try await post.store.protection.sendReferral(
                travellerID: check.traveller.id,
                serviceID: "cps",
                kind: .child,
                shares: [],
                consent: [:],
                actor: post.officer.id
            )
            #expect(try await post.store.protection.revokeReferral(id: second.id, actor: post.officer.id).status == .revoked)
            await #expect {
                try await post.store.protection.saveService(
                    ProtectionService(id: "x", name: "X", kinds: [], area: nil, contact: nil, agencyID: nil, acceptanceHours: 48),
                    actor: post.officer.id
                )
            } throws: { error in
                (error as? StoreError)?.field == "kinds"
            }
        }
    }
}
