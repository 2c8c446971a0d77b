import Foundation
import LimesCore
import SQLKit

/// A refusal of a delivery as a whole: from no partner this service knows, or not signed by
/// the key pinned for it. Nothing of it is stored.
public struct ExchangeUnauthenticated: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension ExchangeStore {
    /// Takes a partner's delivery: each message's signature is checked against the partner's
    /// pinned key before anything is stored; then, in order, each is accepted or refused with
    /// a reason (agreement unknown, not in force, kind or field it does not let pass), once:
    /// a message received before is answered as it was then. Alerts accepted are screened like
    /// national ones from the next index build, with their provenance.
    public func receive(from sender: String, _ delivery: [SignedExchangeMessage], now: Timestamp = Timestamp()) async throws -> ExchangeReceipt {
        guard let partner = try await partners().first(where: { $0.country == sender }) else {
            throw ExchangeUnauthenticated(description: "\(sender) is not a partner of this service")
        }
        guard let key = AuditPublicKey(text: partner.publicKey) else {
            throw StoreError("exchange_partners row \(sender): column public_key holds no Ed25519 key")
        }
        var messages: [(signed: SignedExchangeMessage, message: ExchangeMessage)] = []
        for (index, item) in delivery.enumerated() {
            guard key.isValid(signature: item.signature, for: ExchangeMessage.signed(item.message)) else {
                throw ExchangeUnauthenticated(description: "messages[\(index)]: the signature is not \(sender)'s pinned key's")
            }
            let message: ExchangeMessage
            do {
                message = try Store.decodeJSON(ExchangeMessage.self, item.message)
            } catch {
                throw StoreError("messages[\(index)]: not a Limes exchange message (\(error))", field: "messages[\(index)]")
            }
            guard message.sender == sender else {
                throw ExchangeUnauthenticated(description: "messages[\(index)] says it is from \(message.sender), the delivery from \(sender)")
            }
            messages.append((item, message))
        }
        let checked = messages
        return try await transaction { db in
            try await self.refuseOnPost("exchange_inbox", on: db)
            let own = try await Self.ownCountry(on: db)
            var last =
                try await db.raw("SELECT max(seq) AS s FROM exchange_inbox WHERE sender = \(bind: sender)").first()?
                .decode(column: "s", as: Int64?.self) ?? 0
            let agreements = try await Self.currentAgreements(on: db).filter { $0.partner == sender }
            var outcomes: [ExchangeOutcome] = []
            var expected: Int64?
            var changed: [(alert: Alert, message: String)] = []
            var withdrawn: [String] = []
            var entries: [AuditEntry] = []
            for (signed, message) in checked {
                if message.seq <= last {
                    guard
                        let row = try await db.select().columns("state", "reason").from("exchange_inbox").where("sender", .equal, sender)
                            .where("seq", .equal, message.seq).first()
                    else { throw StoreError("exchange_inbox: no row for \(sender) \(message.seq), below the last \(last)") }
                    outcomes.append(
                        ExchangeOutcome(
                            seq: message.seq,
                            state: try row.value("state", as: ExchangeLogEntry.State.self, of: "exchange_inbox"),
                            reason: try row.decode(column: "reason", as: String?.self)
                        )
                    )
                    continue
                }
                guard message.seq == last + 1 else {
                    expected = last + 1
                    break
                }
                var refusal: String?
                if message.recipient != own {
                    refusal = "addressed to \(message.recipient), this is \(own)"
                } else if let agreement = agreements.first(where: { $0.id == message.agreement }) {
                    if let reason = agreement.notInForce(on: now.day) {
                        refusal = reason
                    } else if !agreement.carries(message.kind) {
                        refusal = "agreement \(agreement.id) does not let \(message.kind.rawValue) messages pass"
                    } else if let field = message.forbiddenFields(under: agreement).first {
                        refusal = "field \(field) is not allowed under agreement \(agreement.id) for \(message.kind.rawValue)"
                    }
                } else {
                    refusal = "no agreement \(message.agreement) with \(sender)"
                }
                if refusal == nil, let agreement = agreements.first(where: { $0.id == message.agreement }) {
                    do {
                        switch (message.kind, message.action) {
                        case (.alert, .publish), (.lostDocument, .publish):
                            changed.append((try Alert.fromExchange(message), message.id))
                        case (.alert, .withdraw), (.lostDocument, .withdraw):
                            withdrawn.append("\(sender):\(message.record)")
                        case (.informationRequest, .publish):
                            try await Self.receiveRequest(message, under: agreement, at: now, on: db)
                        case (.informationAnswer, .publish):
                            try await Self.receiveAnswer(message, at: now, on: db)
                        case (.oneStopCrossing, .publish):
                            try await Self.receiveOneStopCrossing(message, at: now, on: db)
                        case (.oneStopResult, .publish):
                            try await Self.receiveOneStopResult(message, at: now, on: db)
                        case (.informationRequest, .withdraw), (.informationAnswer, .withdraw), (.oneStopCrossing, .withdraw),
                            (.oneStopResult, .withdraw):
                            throw ExchangeRefusal(field: "action", "a request, an answer or a crossing is not withdrawn")
                        }
                    } catch let problem as ExchangeRefusal {
                        refusal = problem.description
                    }
                }
                let state: ExchangeLogEntry.State = refusal == nil ? .accepted : .refused
                try await db.insert(into: "exchange_inbox").columns(
                    "sender",
                    "seq",
                    "id",
                    "kind",
                    "action",
                    "record",
                    "agreement_id",
                    "agreement_version",
                    "text",
                    "signature",
                    "received_at",
                    "state",
                    "reason"
                ).values(
                    sender,
                    message.seq,
                    message.id,
                    message.kind.rawValue,
                    message.action.rawValue,
                    message.record,
                    message.agreement,
                    message.agreementVersion,
                    signed.message,
                    signed.signature,
                    now.description,
                    state.rawValue,
                    refusal
                ).run()
                entries.append(
                    AuditEntry(
                        actor: "partner:\(sender)",
                        action: "receive",
                        recordType: "exchange_message",
                        recordID: message.id,
                        purpose: "\(message.kind.rawValue) \(message.action.rawValue) \(message.record) from \(sender) under "
                            + "\(message.agreement) v\(message.agreementVersion): \(state.rawValue)" + (refusal.map { " (\($0))" } ?? "")
                    )
                )
                outcomes.append(ExchangeOutcome(seq: message.seq, state: state, reason: refusal))
                last = message.seq
            }
            if !changed.isEmpty || !withdrawn.isEmpty {
                let next = try await WatchlistStore.version(on: db) + 1
                // A later message about the same alert wins: they are applied in order.
                try await WatchlistStore.applyPartner(changed, withdrawn: withdrawn, source: sender, version: next, on: db)
                try await db.raw("UPDATE watchlist_version SET version = \(bind: next)").run()
            }
            if !entries.isEmpty { try await self.appendAudit(entries, at: now, on: db) }
            return ExchangeReceipt(outcomes: outcomes, expected: expected)
        }
    }
}
