import Foundation
import LimesCore
import SQLKit
import Testing

@testable import LimesStore

/// Two countries' stores exchanging through the store's own calls (signing as the server
/// does): what passes, what is refused and why, and that nothing is taken twice.
@Suite("Exchange between countries in the store")
struct ExchangeStoreTests {
    static let today = Timestamp().day

    static func agreement(partner: String, fields: [String], level: SharingLevel = .identityAndDecision, until: CalendarDate? = nil)
        -> SharingAgreement
    {
        SharingAgreement(
            id: "UTO-NER-1",
            title: "Exchange of alerts between Utopia and Niger",
            instrument: "Memorandum of understanding on border cooperation, 2026",
            article: "Article 4",
            partner: partner,
            validFrom: today.adding(days: -30),
            validUntil: until,
            terms: [.alert: .init(level: level, fields: fields)]
        )
    }

    static let identity = ["list", "names", "birth_date", "nationalities", "documents", "action"]

    struct Country {
        let store: Store
        let database: TestDatabase
        let key: ExchangeKey
        let code: String
    }

    static func country(_ code: String, _ engine: TestEngine) async throws -> Country {
        let database = try await TestDatabase.make(engine)
        let store = try await database.open()
        try await store.settings.setEntryPolicy(EntryPolicy.example(country: code), actor: "system")
        return Country(store: store, database: database, key: .ephemeral(), code: code)
    }

    static func with(_ engine: TestEngine, _ body: (Country, Country) async throws -> Void) async throws {
        let a = try await country("UTO", engine)
        let b = try await country("NER", .sqlite)
        do {
            try await a.store.exchange.savePartner(
                ExchangePartner(country: "NER", name: "Niger", url: "http://127.0.0.2:9", publicKey: b.key.publicKey),
                actor: "admin"
            )
            try await b.store.exchange.savePartner(
                ExchangePartner(country: "UTO", name: "Utopia", url: "http://127.0.0.1:9", publicKey: a.key.publicKey),
                actor: "admin"
            )
            try await body(a, b)
        } catch {
            for side in [a, b] {
                try? await side.store.close()
                await side.database.drop()
            }
            throw error
        }
        for side in [a, b] {
            try await side.store.close()
            await side.database.drop()
        }
    }

    /// What A's line to B holds, signed as the server signs it, taken by B, its answer recorded at A.
    @discardableResult
    static func deliver(_ a: Country, to b: Country) async throws -> ExchangeReceipt {
        let (messages, _) = try await a.store.exchange.pendingDeliveries(partner: b.code)
        let signed = try messages.map { SignedExchangeMessage(message: $0.text, signature: try a.key.sign($0.text)) }
        let receipt = try await b.store.exchange.receive(from: a.code, signed)
        try await a.store.exchange.recordOutcomes(partner: b.code, receipt.outcomes)
        return receipt
    }

    static let wanted = Alert(
        id: "W-1",
        list: .nationalWanted,
        names: ["TESTOVA ZARINA"],
        birthDate: PartialDate(iso: "1988-01-02"),
        sex: .female,
        nationalities: ["UZB"],
        documents: [.init(number: "AB1234567", country: "UZB")],
        action: .arrest,
        authority: "Utopia police, case 77"
    )

    @Test(arguments: TestEngine.available) func anAlertPassesStrippedAndIsWithdrawnAtTheSource(engine: TestEngine) async throws {
        try await Self.with(engine) { a, b in
            _ = try await a.store.exchange.saveAgreement(Self.agreement(partner: "NER", fields: Self.identity), actor: "admin")
            _ = try await b.store.exchange.saveAgreement(Self.agreement(partner: "UTO", fields: Self.identity), actor: "admin")
            _ = try await a.store.watchlist.importAlerts([Self.wanted], replace: false, actor: "admin-7")
            #expect(try await a.store.exchange.queueWatchlistChanges() == 1)
            #expect(try await a.store.exchange.queueWatchlistChanges() == 0, "queued once")
            let sent = try #require(try await a.store.exchange.disclosures(partner: "NER").first)
            #expect(sent.by == "admin-7", "the action behind the disclosure: the import that made the alert")
            #expect(!sent.text.contains("\"sex\"") && !sent.text.contains("case 77"), "stripped before it was signed: \(sent.text)")
            let receipt = try await Self.deliver(a, to: b)
            #expect(receipt.outcomes == [ExchangeOutcome(seq: 1, state: .accepted)])
            let held = try #require(try await b.store.watchlist.alerts().first { $0.id == "UTO:W-1" })
            #expect(held.names == ["TESTOVA ZARINA"] && held.sex == nil && held.action == .arrest)
            #expect(held.authority == "UTO under agreement UTO-NER-1", "where it comes from")
            #expect(try await a.store.exchange.disclosures(partner: "NER").first?.state == .accepted)

            // The same delivery again is answered as before, and nothing is taken twice.
            let message = try #require(try await a.store.exchange.disclosures(partner: "NER").first)
            let again = try await b.store.exchange.receive(
                from: "UTO",
                [SignedExchangeMessage(message: message.text, signature: try a.key.sign(message.text))]
            )
            #expect(again.outcomes == [ExchangeOutcome(seq: 1, state: .accepted)])
            #expect(try await b.store.exchange.received(from: "UTO").count == 1)

            // Withdrawn at the source, withdrawn at the partner.
            _ = try await a.store.watchlist.importAlerts(
                [Alert(id: "W-2", list: .nationalWanted, names: ["OTHER PERSON"], action: .arrest)],
                replace: true
            )
            #expect(try await a.store.exchange.queueWatchlistChanges() == 2)
            let second = try await Self.deliver(a, to: b)
            #expect(second.outcomes.map(\.state) == [.accepted, .accepted])
            let ids = Set(try await b.store.watchlist.alerts().map(\.id))
            #expect(!ids.contains("UTO:W-1") && ids.contains("UTO:W-2"))
            // A partner's alerts are not passed on, and a national file cannot take their ids.
            #expect(try await b.store.watchlist.nationalAlerts().alerts.isEmpty)
            await #expect(throws: StoreError.self) {
                try await b.store.watchlist.importAlerts(
                    [Alert(id: "UTO:W-2", list: .entryBan, names: ["X Y"], action: .refuseEntry)],
                    replace: false
                )
            }
            let events = try await b.store.audit.events(limit: 50).filter { $0.recordType == "exchange_message" && $0.action == "receive" }
            #expect(events.count == 3)
            let disclosed = try await a.store.audit.events(limit: 50).filter { $0.recordType == "exchange_message" && $0.action == "disclose" }
            #expect(disclosed.count == 3 && disclosed.allSatisfy { $0.purpose.contains("to NER under UTO-NER-1 v1") })
            #expect(disclosed.contains { $0.actor == "admin-7" } && disclosed.contains { $0.actor == "system" })
        }
    }

    @Test(arguments: TestEngine.available) func whatTheReceiversAgreementDoesNotAllowIsRefusedWithItsReason(engine: TestEngine) async throws {
        try await Self.with(engine) { a, b in
            // A sends the authority too; B's agreement does not let it pass.
            _ = try await a.store.exchange.saveAgreement(
                Self.agreement(partner: "NER", fields: Self.identity + ["authority"], level: .full),
                actor: "admin"
            )
            _ = try await b.store.exchange.saveAgreement(Self.agreement(partner: "UTO", fields: Self.identity), actor: "admin")
            _ = try await a.store.watchlist.importAlerts([Self.wanted], replace: false)
            try await a.store.exchange.queueWatchlistChanges()
            let receipt = try await Self.deliver(a, to: b)
            #expect(receipt.outcomes.first?.state == .refused)
            #expect(receipt.outcomes.first?.reason == "field authority is not allowed under agreement UTO-NER-1 for alert")
            #expect(try await b.store.watchlist.alerts().isEmpty, "nothing of a refused message is stored")
            #expect(try await a.store.exchange.disclosures(partner: "NER").first?.reason?.contains("authority") == true)

            // B suspends the agreement: the next message is refused, saying so.
            var suspended = Self.agreement(partner: "UTO", fields: Self.identity)
            suspended.status = .suspended
            let v2 = try await b.store.exchange.saveAgreement(suspended, actor: "admin")
            let versions = try await b.store.exchange.versions(of: "UTO-NER-1")
            #expect(v2.version == 2 && versions.map(\.agreement.status) == [.active, .suspended])
            _ = try await a.store.watchlist.importAlerts(
                [Alert(id: "W-3", list: .entryBan, names: ["THIRD PERSON"], action: .refuseEntry)],
                replace: false
            )
            try await a.store.exchange.queueWatchlistChanges()
            let refused = try await Self.deliver(a, to: b)
            #expect(refused.outcomes.map(\.reason) == ["agreement UTO-NER-1 is suspended"])

            // A's own agreement expired: nothing more is queued, and what waits is held.
            _ = try await a.store.exchange.saveAgreement(
                Self.agreement(partner: "NER", fields: Self.identity, until: Self.today.adding(days: -1)),
                actor: "admin"
            )
            _ = try await a.store.watchlist.importAlerts(
                [Alert(id: "W-4", list: .entryBan, names: ["FOURTH PERSON"], action: .refuseEntry)],
                replace: false
            )
            #expect(try await a.store.exchange.queueWatchlistChanges() == 0)
        }
    }

    @Test(arguments: TestEngine.available) func aForgedOrMisplacedDeliveryIsRefusedWhole(engine: TestEngine) async throws {
        try await Self.with(engine) { a, b in
            _ = try await a.store.exchange.saveAgreement(Self.agreement(partner: "NER", fields: Self.identity), actor: "admin")
            _ = try await b.store.exchange.saveAgreement(Self.agreement(partner: "UTO", fields: Self.identity), actor: "admin")
            _ = try await a.store.watchlist.importAlerts(
                [Self.wanted, Alert(id: "W-2", list: .entryBan, names: ["OTHER PERSON"], action: .refuseEntry)],
                replace: false
            )
            try await a.store.exchange.queueWatchlistChanges()
            let (messages, _) = try await a.store.exchange.pendingDeliveries(partner: "NER")
            #expect(messages.count == 2)
            // Signed with another key, or sent in another country's name: nothing is stored.
            let forger = ExchangeKey.ephemeral()
            await #expect(throws: ExchangeUnauthenticated.self) {
                try await b.store.exchange.receive(
                    from: "UTO",
                    [SignedExchangeMessage(message: messages[0].text, signature: try forger.sign(messages[0].text))]
                )
            }
            await #expect(throws: ExchangeUnauthenticated.self) {
                try await b.store.exchange.receive(
                    from: "ZZZ",
                    [SignedExchangeMessage(message: messages[0].text, signature: try a.key.sign(messages[0].text))]
                )
            }
            // A message changed after it was signed.
            let altered = messages[0].text.replacingOccurrences(of: "TESTOVA", with: "SOMEONE")
            await #expect(throws: ExchangeUnauthenticated.self) {
                try await b.store.exchange.receive(
                    from: "UTO",
                    [SignedExchangeMessage(message: altered, signature: try a.key.sign(messages[0].text))]
                )
            }
            #expect(try await b.store.exchange.received().isEmpty)
            // The second before the first: B says which it expects.
            let gap = try await b.store.exchange.receive(
                from: "UTO",
                [SignedExchangeMessage(message: messages[1].text, signature: try a.key.sign(messages[1].text))]
            )
            #expect(gap.outcomes.isEmpty && gap.expected == 1)
        }
    }

    /// Lost and stolen documents pass as their own kind: a document number, no more than it allows.
    @Test func aLostDocumentPassesAsItsOwnKind() async throws {
        try await Self.with(.sqlite) { a, b in
            var both = Self.agreement(partner: "NER", fields: Self.identity)
            both.terms[.lostDocument] = .init(level: .identityAndDecision, fields: ["documents"])
            _ = try await a.store.exchange.saveAgreement(both, actor: "admin")
            both.partner = "UTO"
            _ = try await b.store.exchange.saveAgreement(both, actor: "admin")
            let lost = Alert(
                id: "SLTD-1",
                list: .lostStolenDocument,
                names: ["OWNER NAME"],
                documents: [.init(number: "UT7654321", country: "UTO")],
                action: .informIssuingAuthority,
                authority: "Utopia passport office"
            )
            _ = try await a.store.watchlist.importAlerts([lost], replace: false)
            try await a.store.exchange.queueWatchlistChanges()
            let sent = try #require(try await a.store.exchange.disclosures(partner: "NER").first)
            #expect(sent.kind == .lostDocument && !sent.text.contains("OWNER NAME"))
            #expect(try await Self.deliver(a, to: b).outcomes.map(\.state) == [.accepted])
            let held = try #require(try await b.store.watchlist.alerts().first { $0.id == "UTO:SLTD-1" })
            #expect(held.list == .lostStolenDocument && held.documents == [.init(number: "UT7654321", country: "UTO")] && held.names.isEmpty)
        }
    }

    /// Niger's second line asks Utopia about a hit on Utopia's alert; Utopia answers, one
    /// request on time and one late, and both sides list the late one.
    @Test(arguments: TestEngine.available) func aRequestForInformationIsAnsweredOrListedAsLate(engine: TestEngine) async throws {
        let a = try await Self.country("UTO", engine)
        let post = try await Post.open(.sqlite)
        let b = Country(store: post.store, database: post.database, key: .ephemeral(), code: "NER")
        do {
            try await Self.askAndAnswer(a, b, post)
        } catch {
            try? await a.store.close()
            await a.database.drop()
            try? await b.store.close()
            throw error
        }
        try await a.store.close()
        await a.database.drop()
        try await b.store.close()
    }

    static func askAndAnswer(_ a: Country, _ b: Country, _ post: Post) async throws {
        try await b.store.settings.setEntryPolicy(EntryPolicy.example(country: "NER"), actor: "system")
        try await a.store.exchange.savePartner(
            ExchangePartner(country: "NER", name: "Niger", url: "http://127.0.0.2:9", publicKey: b.key.publicKey),
            actor: "admin"
        )
        try await b.store.exchange.savePartner(
            ExchangePartner(country: "UTO", name: "Utopia", url: "http://127.0.0.1:9", publicKey: a.key.publicKey),
            actor: "admin"
        )
        var terms = Self.agreement(partner: "NER", fields: Self.identity)
        terms.terms[.informationRequest] = .init(level: .identityAndDecision, fields: ["alert", "question", "names", "birth_date"], answerHours: 24)
        terms.terms[.informationAnswer] = .init(level: .full, fields: ["answer"])
        _ = try await a.store.exchange.saveAgreement(terms, actor: "admin")
        terms.partner = "UTO"
        _ = try await b.store.exchange.saveAgreement(terms, actor: "admin")
        _ = try await a.store.watchlist.importAlerts([Self.wanted], replace: false)
        try await a.store.exchange.queueWatchlistChanges()
        try await Self.deliver(a, to: b)

        // A check at Niger's post hits Utopia's alert.
        let hit = ScreeningHit(
            alertID: "UTO:W-1",
            list: .nationalWanted,
            action: .arrest,
            score: 0.97,
            band: .strong,
            evidence: [],
            matchedName: "TESTOVA ZARINA"
        )
        let morning = Timestamp()
        let check = try await post.check(try post.passport("TESTOVA", number: "UZ1111111", nationality: "UZB"), at: morning, hits: [hit])
        let hitID = try #require(check.hits.first?.id)
        await #expect(throws: StoreError.self) {
            try await b.store.exchange.askAboutHit(hitID, question: "Is the warrant still valid?", by: post.officer.id, allowedBCPs: ["SOUTH"])
        }
        let asked = try await b.store.exchange.askAboutHit(
            hitID,
            question: "Is the warrant still valid?",
            by: post.officer.id,
            allowedBCPs: ["NORTH"]
        )
        #expect(asked.partner == "UTO" && asked.alertID == "UTO:W-1" && asked.dueAt == asked.askedAt.adding(seconds: 24 * 3_600))
        #expect(asked.person == ["names": "TESTOVA SAMIR", "birth_date": "1985-02-03"], "what the agreement lets pass of the person met")
        let second = try await b.store.exchange.askAboutHit(hitID, question: "Any known companions?", by: post.officer.id, allowedBCPs: nil)
        try await Self.deliver(b, to: a)

        let incoming = try await a.store.exchange.informationRequests(direction: .incoming)
        #expect(incoming.count == 2 && incoming.allSatisfy { $0.alertID == "W-1" && $0.partner == "NER" })
        let first = try #require(incoming.first { $0.question == "Is the warrant still valid?" })
        let other = try #require(incoming.first { $0.question == "Any known companions?" })
        _ = try await a.store.exchange.answerRequest(
            first.id,
            answer: "Yes, warrant 77 stands.",
            by: "sirene-1",
            now: first.askedAt.adding(seconds: 3_600)
        )
        _ = try await a.store.exchange.answerRequest(other.id, answer: "None known.", by: "sirene-1", now: other.askedAt.adding(seconds: 25 * 3_600))
        await #expect(throws: StoreError.self) { try await a.store.exchange.answerRequest(first.id, answer: "Again", by: "sirene-1") }
        try await Self.deliver(a, to: b)

        let outgoing = try await b.store.exchange.informationRequests(direction: .outgoing)
        #expect(outgoing.first { $0.id == asked.id }?.answer == "Yes, warrant 77 stands.")
        #expect(outgoing.first { $0.id == second.id }?.answer == "None known.")
        // Late on Utopia's side: answered after its deadline.
        let lateThere = try await a.store.exchange.informationRequests(lateOnly: true, now: first.askedAt.adding(seconds: 26 * 3_600))
        #expect(lateThere.map(\.id) == [other.id])
        // Unanswered past the deadline is late too.
        let third = try await b.store.exchange.askAboutHit(hitID, question: "A third question", by: post.officer.id, allowedBCPs: nil)
        let lateHere = try await b.store.exchange.informationRequests(lateOnly: true, now: third.askedAt.adding(seconds: 25 * 3_600))
        #expect(lateHere.map(\.id).contains(third.id))
    }

    @Test func anAgreementThatDoesNotHoldIsRefusedNamingTheField() async throws {
        #expect(Self.agreement(partner: "NER", fields: Self.identity + ["authority"]).problems.map(\.field) == ["terms.alert.fields"])
        #expect(Self.agreement(partner: "QQQ", fields: []).problems.map(\.field) == ["partner"])
        var noBasis = Self.agreement(partner: "NER", fields: Self.identity)
        noBasis.instrument = " "
        #expect(noBasis.problems.map(\.field) == ["instrument"])
        #expect(Self.agreement(partner: "NER", fields: Self.identity).problems.isEmpty)
    }
}
