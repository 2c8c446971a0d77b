import Foundation
import LimesCore
import SQLKit

/// One operation at a one-stop border post: the exit admitted in one country, and the entry
/// the partner's officer checks and decides at the same booth in theirs. Each country's record
/// stays in its own system; what passes is what the agreement lets pass.
public struct OneStopOperation: Sendable, Hashable, Codable {
    public enum Direction: String, Sendable, Hashable, Codable {
        /// An exit here, passed to the partner.
        case outgoing
        /// A partner's exit, to be checked here as an entry.
        case incoming
    }

    public enum State: String, Sendable, Hashable, Codable {
        /// Outgoing: queued or sent, the partner has not decided yet.
        case waiting
        /// Outgoing: the partner admitted the traveller; done on both sides.
        case done
        /// Outgoing: the partner refused entry (`reason`).
        case refused
        /// Incoming: waits for this side's check.
        case toCheck = "to_check"
        /// Incoming: checked here, waits for the decision.
        case checked
        /// Incoming: decided here, the decision queued for the partner.
        case decided
    }

    public var id: String
    public var direction: Direction
    public var partner: String
    /// This side's BCP.
    public var bcp: String
    public var crossingID: String?
    public var checkID: String?
    /// What was sent or received of the traveller and the exit, as the agreement let it pass.
    public var person: [String: ExchangeValue]
    public var state: State
    public var reason: String?
    public var createdAt: Timestamp
    public var completedAt: Timestamp?
}

extension ExchangeStore {
    /// Queues, for every exit admitted at a one-stop post since it became one, the operation and
    /// its message to the partner, once (the operation is keyed by the crossing). An exit whose
    /// partner has no agreement in force carrying one-stop crossings waits for one, and so do
    /// the exits recorded after it.
    ///
    /// Crossings are found by following the audit chain from where the last sweep stopped
    /// (`one_stop_sweep`), as the service's crossings feed does: each round reads what was
    /// recorded (here or taken from posts) since, not every crossing of the post's history.
    @discardableResult
    public func queueOneStopCrossings(now: Timestamp = Timestamp()) async throws -> Int {
        try await transaction { db in
            guard let cursor = try await db.raw("SELECT after_seq FROM one_stop_sweep WHERE id = 1").first() else {
                throw StoreError("one_stop_sweep has no row: the database was not made by Limes")
            }
            let after = try cursor.decode(column: "after_seq", as: Int64.self)
            guard let head = try await db.raw("SELECT seq FROM audit_heads WHERE chain = 'local'").first() else { return 0 }
            let end = try head.decode(column: "seq", as: Int64.self)
            guard end > after else { return 0 }
            let limit = 2_000
            let events = try await db.raw(
                """
                SELECT seq, record_id FROM audit_events
                WHERE chain = 'local' AND seq > \(bind: after) AND seq <= \(bind: end) AND record_type = 'crossing'
                    AND action IN ('create', 'sync.create')
                ORDER BY seq LIMIT \(bind: limit)
                """
            ).all().map { (seq: try $0.decode(column: "seq", as: Int64.self), id: try $0.decode(column: "record_id", as: String.self)) }
            var next = events.count == limit ? events.last!.seq : end
            let rows =
                events.isEmpty
                ? []
                : try await db.raw(
                    """
                    SELECT c.id, c.bcp_code, c.lane_code, c.decided_at, c.officer_id, b.one_stop_partner, b.one_stop_partner_bcp,
                        t.surname, t.given_names, t.birth_date, t.sex, t.nationality, d.code AS document_code, d.number, d.issuer, d.expiry
                    FROM crossings c JOIN bcps b ON b.code = c.bcp_code JOIN travellers t ON t.id = c.traveller_id
                    JOIN documents d ON d.id = c.document_id
                    WHERE c.id IN (\(binds: events.map(\.id))) AND b.one_stop_partner IS NOT NULL AND c.direction = 'exit'
                        AND c.decision = 'admit' AND c.decided_at >= b.one_stop_since
                        AND NOT EXISTS (SELECT 1 FROM one_stop_operations o WHERE o.id = c.id)
                    """
                ).all()
            var byID: [String: any SQLRow] = [:]
            for row in rows { byID[try row.decode(column: "id", as: String.self)] = row }
            let own = byID.isEmpty ? "" : try await Self.ownCountry(on: db)
            let agreements = byID.isEmpty ? [] : try await Self.currentAgreements(on: db)
            var queued = 0
            for event in events {
                guard let row = byID[event.id] else { continue }
                let partner = try row.decode(column: "one_stop_partner", as: String.self)
                guard let agreement = agreements.inForce(with: partner, carrying: .oneStopCrossing, on: now.day)
                else {
                    next = event.seq - 1
                    break
                }
                let id = try row.decode(column: "id", as: String.self)
                var all: [String: ExchangeValue] = [
                    "bcp": .text(try row.decode(column: "one_stop_partner_bcp", as: String?.self) ?? ""),
                    "names": .list([try row.decode(column: "surname", as: String.self), try row.decode(column: "given_names", as: String.self)]),
                    "birth_date": .text(try row.decode(column: "birth_date", as: String.self)),
                    "nationality": .text(try row.decode(column: "nationality", as: String.self)),
                    "document_type": .text(try row.decode(column: "document_code", as: String.self)),
                    "document_number": .text(try row.decode(column: "number", as: String.self)),
                    "document_issuer": .text(try row.decode(column: "issuer", as: String.self)),
                    "decision": .text("admit"), "decided_at": .text(try row.decode(column: "decided_at", as: String.self)),
                    "lane": .text(try row.decode(column: "lane_code", as: String.self)),
                ]
                if let sex = try row.decode(column: "sex", as: String?.self) { all["sex"] = .text(sex) }
                if let expiry = try row.decode(column: "expiry", as: String?.self) { all["document_expiry"] = .text(expiry) }
                let passing = all.filter { agreement.allows($0.key, of: .oneStopCrossing) }
                // Without the post's code the partner cannot place it: wait for an agreement that passes it.
                guard passing["bcp"] != nil else {
                    next = event.seq - 1
                    break
                }
                try await Self.insert(
                    OneStopOperation(
                        id: id,
                        direction: .outgoing,
                        partner: partner,
                        bcp: try row.decode(column: "bcp_code", as: String.self),
                        crossingID: id,
                        checkID: nil,
                        person: passing,
                        state: .waiting,
                        reason: nil,
                        createdAt: now,
                        completedAt: nil
                    ),
                    on: db
                )
                try await Self.enqueue(
                    [QueuedMessage(kind: .oneStopCrossing, action: .publish, record: id, agreement: agreement, fields: passing)],
                    to: partner,
                    from: own,
                    by: try row.decode(column: "officer_id", as: String.self),
                    at: now,
                    on: db
                )
                queued += 1
            }
            try await db.raw("UPDATE one_stop_sweep SET after_seq = \(bind: next) WHERE id = 1").run()
            return queued
        }
    }

    /// This side's check of a partner's one-stop exit: linked once, to the operation still waiting for it.
    public func linkOneStopCheck(_ id: String, checkID: String) async throws {
        try await transaction { db in
            guard let operation = try await Self.operation(id, on: db), operation.direction == .incoming else {
                throw StoreError("no one-stop operation \(id) from a partner", code: .notFound, field: "id")
            }
            guard operation.state == .toCheck else { throw StoreError("one-stop operation \(id) was checked already", code: .conflict, field: "id") }
            try await db.update("one_stop_operations").set("check_id", to: checkID).set("state", to: OneStopOperation.State.checked.rawValue)
                .where("id", .equal, id).run()
        }
    }

    /// Queues this side's decision on each partner's exit checked here and decided (admitted or
    /// refused; a referral waits for the second line), once.
    @discardableResult
    public func queueOneStopResults(now: Timestamp = Timestamp()) async throws -> Int {
        try await transaction { db in
            let rows = try await db.raw(
                """
                SELECT o.id, o.partner, x.id AS crossing_id, x.decision, x.ground, x.decided_at, x.officer_id
                FROM one_stop_operations o JOIN crossings x ON x.check_id = o.check_id
                WHERE o.direction = 'incoming' AND o.state = 'checked' AND x.decision IN ('admit', 'refuse')
                ORDER BY x.decided_at
                """
            ).all()
            guard !rows.isEmpty else { return 0 }
            let own = try await Self.ownCountry(on: db)
            let agreements = try await Self.currentAgreements(on: db)
            var queued = 0
            for row in rows {
                let partner = try row.decode(column: "partner", as: String.self)
                guard let agreement = agreements.inForce(with: partner, carrying: .oneStopResult, on: now.day)
                else { continue }
                let id = try row.decode(column: "id", as: String.self)
                var all: [String: ExchangeValue] = [
                    "decision": .text(try row.decode(column: "decision", as: String.self)),
                    "decided_at": .text(try row.decode(column: "decided_at", as: String.self)),
                ]
                if let ground = try row.decode(column: "ground", as: String?.self) { all["ground"] = .text(ground) }
                try await Self.enqueue(
                    [
                        QueuedMessage(
                            kind: .oneStopResult,
                            action: .publish,
                            record: String(id.dropFirst(partner.count + 1)),
                            agreement: agreement,
                            fields: all.filter { agreement.allows($0.key, of: .oneStopResult) }
                        )
                    ],
                    to: partner,
                    from: own,
                    by: try row.decode(column: "officer_id", as: String.self),
                    at: now,
                    on: db
                )
                try await db.update("one_stop_operations").set("state", to: OneStopOperation.State.decided.rawValue)
                    .set("crossing_id", to: try row.decode(column: "crossing_id", as: String.self)).set("completed_at", to: now.description)
                    .where("id", .equal, id).run()
                queued += 1
            }
            return queued
        }
    }

    /// Operations at a BCP (or all), newest first.
    public func oneStopOperations(bcp: String? = nil) async throws -> [OneStopOperation] {
        try await read { db in
            var query = db.select().columns("*").from("one_stop_operations")
            if let bcp { query = query.where("bcp", .equal, bcp) }
            return try await query.orderBy("created_at", .descending).limit(500).all().map(Self.operation(from:))
        }
    }

    /// The partner's exit this side's check was made from, if any.
    public func oneStopOperation(checkID: String) async throws -> OneStopOperation? {
        try await read { db in
            try await db.select().columns("*").from("one_stop_operations").where("check_id", .equal, checkID).first().map(Self.operation(from:))
        }
    }

    public func oneStopOperation(_ id: String) async throws -> OneStopOperation? {
        try await read { db in try await Self.operation(id, on: db) }
    }

    /// A partner's one-stop exit: an operation at the post's BCP here, to be checked.
    static func receiveOneStopCrossing(_ message: ExchangeMessage, at now: Timestamp, on db: any SQLDatabase) async throws {
        guard let bcp = message.fields["bcp"]?.text else { throw ExchangeRefusal(field: "bcp", "names this side's code for the post") }
        guard
            let row = try await db.select().column("one_stop_partner").from("bcps").where("code", .equal, bcp).first(),
            try row.decode(column: "one_stop_partner", as: String?.self) == message.sender
        else { throw ExchangeRefusal(field: "bcp", "\(bcp) is not a one-stop post shared with \(message.sender)") }
        let id = "\(message.sender):\(message.record)"
        guard try await operation(id, on: db) == nil else { throw ExchangeRefusal(field: "record", "crossing \(message.record) was received before") }
        try await insert(
            OneStopOperation(
                id: id,
                direction: .incoming,
                partner: message.sender,
                bcp: bcp,
                crossingID: nil,
                checkID: nil,
                person: message.fields,
                state: .toCheck,
                reason: nil,
                createdAt: now,
                completedAt: nil
            ),
            on: db
        )
    }

    /// The partner's decision on an exit passed from here.
    static func receiveOneStopResult(_ message: ExchangeMessage, at now: Timestamp, on db: any SQLDatabase) async throws {
        guard let decision = message.fields["decision"]?.text, decision == "admit" || decision == "refuse" else {
            throw ExchangeRefusal(field: "decision", "admit or refuse")
        }
        guard let operation = try await operation(message.record, on: db), operation.direction == .outgoing, operation.partner == message.sender
        else { throw ExchangeRefusal(field: "record", "no one-stop crossing \(message.record) was passed to \(message.sender)") }
        guard operation.state == .waiting else { throw ExchangeRefusal(field: "record", "crossing \(message.record) was decided before") }
        let state: OneStopOperation.State = decision == "admit" ? .done : .refused
        try await db.update("one_stop_operations").set("state", to: state.rawValue).set("reason", to: message.fields["ground"]?.text)
            .set("completed_at", to: now.description).where("id", .equal, operation.id).run()
    }

    static func insert(_ operation: OneStopOperation, on db: any SQLDatabase) async throws {
        try await db.insert(into: "one_stop_operations").columns(
            "id",
            "direction",
            "partner",
            "bcp",
            "crossing_id",
            "check_id",
            "person",
            "state",
            "reason",
            "created_at",
            "completed_at"
        ).values(
            operation.id,
            operation.direction.rawValue,
            operation.partner,
            operation.bcp,
            operation.crossingID,
            operation.checkID,
            try Store.json(operation.person),
            operation.state.rawValue,
            operation.reason,
            operation.createdAt.description,
            operation.completedAt?.description
        ).run()
    }

    static func operation(_ id: String, on db: any SQLDatabase) async throws -> OneStopOperation? {
        try await db.select().columns("*").from("one_stop_operations").where("id", .equal, id).first().map(operation(from:))
    }

    static func operation(from row: any SQLRow) throws -> OneStopOperation {
        let table = "one_stop_operations"
        return OneStopOperation(
            id: try row.decode(column: "id", as: String.self),
            direction: try row.value("direction", as: OneStopOperation.Direction.self, of: table),
            partner: try row.decode(column: "partner", as: String.self),
            bcp: try row.decode(column: "bcp", as: String.self),
            crossingID: try row.decode(column: "crossing_id", as: String?.self),
            checkID: try row.decode(column: "check_id", as: String?.self),
            person: try row.json("person", as: [String: ExchangeValue].self, of: table),
            state: try row.value("state", as: OneStopOperation.State.self, of: table),
            reason: try row.decode(column: "reason", as: String?.self),
            createdAt: try row.time("created_at", of: table),
            completedAt: try row.optionalTime("completed_at", of: table)
        )
    }
}
