import Foundation
import LimesCore
import SQLKit
import Testing

@testable import LimesStore

/// A one-stop border post shared by Utopia (exit) and Niger (entry), through the store's calls:
/// each exit passes once, Niger's officer checks and decides in Niger's record, and Utopia's
/// operation says what Niger did.
@Suite("One-stop border posts in the store")
struct OneStopStoreTests {
    static func agreement(partner: String) -> SharingAgreement {
        SharingAgreement(
            id: "UTO-NER-OSBP",
            title: "One-stop border post at the North bridge",
            instrument: "Agreement on the one-stop border post, 2026",
            article: "Article 7",
            partner: partner,
            validFrom: Timestamp().day.adding(days: -30),
            validUntil: nil,
            terms: [
                .oneStopCrossing: .init(level: .identityAndDecision, fields: ExchangeKind.oneStopCrossing.identityAndDecisionFields),
                .oneStopResult: .init(level: .identityAndDecision, fields: ["decision", "ground"]),
            ]
        )
    }

    @Test(arguments: TestEngine.available) func anExitPassesOnceAndTheEntrySidesDecisionComesBack(engine: TestEngine) async throws {
        let utopia = try await Post.open(engine)
        let niger = try await Post.open(.sqlite)
        do {
            try await Self.run(utopia, niger)
        } catch {
            for side in [utopia, niger] {
                try? await side.store.close()
                await side.database.drop()
            }
            throw error
        }
        for side in [utopia, niger] {
            try await side.store.close()
            await side.database.drop()
        }
    }

    static func run(_ utopia: Post, _ niger: Post) async throws {
        let keyA = ExchangeKey.ephemeral(), keyB = ExchangeKey.ephemeral()
        try await niger.store.settings.setEntryPolicy(EntryPolicy.example(country: "NER"), actor: "system")
        try await utopia.store.exchange.savePartner(
            ExchangePartner(country: "NER", name: "Niger", url: "http://127.0.0.2:9", publicKey: keyB.publicKey),
            actor: "admin"
        )
        try await niger.store.exchange.savePartner(
            ExchangePartner(country: "UTO", name: "Utopia", url: "http://127.0.0.1:9", publicKey: keyA.publicKey),
            actor: "admin"
        )
        _ = try await utopia.store.exchange.saveAgreement(Self.agreement(partner: "NER"), actor: "admin")
        _ = try await niger.store.exchange.saveAgreement(Self.agreement(partner: "UTO"), actor: "admin")
        // An exit before the post became one-stop is not passed on.
        let before = try await utopia.check(
            try utopia.passport("EARLIER", number: "UT0000001"),
            direction: .exit,
            at: Timestamp().adding(seconds: -60)
        )
        _ = try await utopia.decide(before, .admit, at: Timestamp().adding(seconds: -50))
        try await utopia.store.organisation.saveBCP(
            BorderCrossingPoint(
                code: "NORTH",
                name: "North bridge",
                kind: .land,
                country: "UTO",
                agencyID: "police",
                lanes: [.init(code: "L1", name: "Lane 1")],
                oneStop: .init(partner: "NER", partnerBCP: "GAYA")
            )
        )
        try await niger.store.organisation.saveBCP(
            BorderCrossingPoint(
                code: "GAYA",
                name: "Gaya bridge",
                kind: .land,
                country: "NER",
                agencyID: "police",
                lanes: [.init(code: "G1", name: "Lane 1")],
                oneStop: .init(partner: "UTO", partnerBCP: "NORTH")
            )
        )
        func deliver(_ from: Post, _ key: ExchangeKey, _ code: String, to: Post, _ partner: String) async throws -> ExchangeReceipt {
            let (messages, _) = try await from.store.exchange.pendingDeliveries(partner: partner)
            let receipt = try await to.store.exchange.receive(
                from: code,
                try messages.map { SignedExchangeMessage(message: $0.text, signature: try key.sign($0.text)) }
            )
            try await from.store.exchange.recordOutcomes(partner: partner, receipt.outcomes)
            return receipt
        }

        // Two travellers leave Utopia at the one-stop post.
        var exits: [CrossingRecord] = []
        for (surname, number) in [("ISSOUFOU", "UT1000001"), ("MAHAMANE", "UT1000002")] {
            let check = try await utopia.check(try utopia.passport(surname, number: number), direction: .exit, at: Timestamp())
            exits.append(try await utopia.decide(check, .admit, at: Timestamp()).crossing)
        }
        #expect(try await utopia.store.exchange.queueOneStopCrossings() == 2)
        #expect(try await utopia.store.exchange.queueOneStopCrossings() == 0, "each exit passes once")
        let waiting = try await utopia.store.exchange.oneStopOperations(bcp: "NORTH")
        #expect(waiting.count == 2 && waiting.allSatisfy { $0.state == .waiting && $0.direction == .outgoing })
        #expect(try await deliver(utopia, keyA, "UTO", to: niger, "NER").outcomes.map(\.state) == [.accepted, .accepted])

        // At the same booth, Niger's officer checks each in Niger's record and decides.
        let incoming = try await niger.store.exchange.oneStopOperations(bcp: "GAYA")
        #expect(incoming.count == 2 && incoming.allSatisfy { $0.state == .toCheck && $0.partner == "UTO" })
        let first = try #require(incoming.first { $0.person["names"]?.list?.first == "ISSOUFOU" })
        #expect(first.person["document_number"]?.text == "UT1000001" && first.person["lane"] == nil, "the lane is beyond the agreement's level")
        for (operation, decision) in [(first, Decision.admit), (try #require(incoming.first { $0.id != first.id }), .refuse)] {
            let number = try #require(operation.person["document_number"]?.text)
            let check = try await niger.store.crossings.recordCheck(
                NewCheck(
                    document: try niger.passport(operation.person["names"]?.list?.first ?? "", number: number),
                    bcp: "GAYA",
                    lane: "G1",
                    direction: .entry,
                    officerID: niger.officer.id,
                    startedAt: Timestamp(),
                    checkedAt: Timestamp(),
                    verdict: Verdict(reasons: []),
                    stay: StayCalculator.assess(stays: [], rule: .schengen, direction: .entry, today: Timestamp().day),
                    stayBasis: .shortStay,
                    documentChecks: [],
                    hits: []
                ),
                purpose: "test"
            )
            try await niger.store.exchange.linkOneStopCheck(operation.id, checkID: check.id)
            await #expect(throws: StoreError.self) { try await niger.store.exchange.linkOneStopCheck(operation.id, checkID: check.id) }
            _ = try await niger.store.crossings.recordDecision(
                NewDecision(
                    checkID: check.id,
                    stage: .first,
                    decision: decision,
                    ground: decision == .refuse ? "A" : nil,
                    note: nil,
                    officerID: niger.officer.id,
                    decidedAt: Timestamp(),
                    idempotencyKey: nil,
                    requestHash: nil
                ),
                policy: EntryPolicy.example(country: "NER"),
                allowedBCPs: nil,
                purpose: "test"
            )
        }
        #expect(try await niger.store.exchange.queueOneStopResults() == 2)
        #expect(try await niger.store.exchange.queueOneStopResults() == 0, "each decision passes once")
        #expect(try await deliver(niger, keyB, "NER", to: utopia, "UTO").outcomes.map(\.state) == [.accepted, .accepted])

        let done = try await utopia.store.exchange.oneStopOperations(bcp: "NORTH")
        #expect(done.first { $0.id == exits[0].id }?.state == .done)
        let refused = try #require(done.first { $0.id == exits[1].id })
        #expect(refused.state == .refused && refused.reason == "A")
        #expect(try await niger.store.exchange.oneStopOperations(bcp: "GAYA").allSatisfy { $0.state == .decided && $0.crossingID != nil })

        // With the agreement suspended, an exit waits; resumed, it passes, once.
        var suspended = Self.agreement(partner: "NER")
        suspended.status = .suspended
        _ = try await utopia.store.exchange.saveAgreement(suspended, actor: "admin")
        let later = try await utopia.check(try utopia.passport("LATER", number: "UT1000003"), direction: .exit, at: Timestamp())
        let laterExit = try await utopia.decide(later, .admit, at: Timestamp()).crossing
        #expect(try await utopia.store.exchange.queueOneStopCrossings() == 0)
        #expect(try await utopia.store.exchange.queueOneStopCrossings() == 0)
        _ = try await utopia.store.exchange.saveAgreement(Self.agreement(partner: "NER"), actor: "admin")
        #expect(try await utopia.store.exchange.queueOneStopCrossings() == 1)
        #expect(try await utopia.store.exchange.queueOneStopCrossings() == 0)
        #expect(try await utopia.store.exchange.oneStopOperation(laterExit.id)?.state == .waiting)
    }
}
