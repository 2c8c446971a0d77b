import Foundation
import LimesCore
import SQLKit

/// Crossings recorded elsewhere in the service, sent down to a post so that a traveller who
/// entered at one post and leaves at another has their stay weighed right: each crossing with
/// the traveller, document and check it rests on.
public struct ServiceCrossings: Sendable, Hashable, Codable {
    public struct Record: Sendable, Hashable, Codable {
        public var traveller: [String: SyncValue]
        public var document: [String: SyncValue]
        public var check: [String: SyncValue]
        public var crossing: [String: SyncValue]

        func row(of table: String) -> [String: SyncValue] {
            switch table {
            case "travellers": traveller
            case "documents": document
            case "checks": check
            default: crossing
            }
        }
    }

    /// Where the next request starts: headquarters' position in its own audit chain.
    public var next: Int64
    /// True when more crossings wait after `next`.
    public var more: Bool
    public var records: [Record]

    public init(next: Int64, more: Bool, records: [Record]) {
        self.next = next
        self.more = more
        self.records = records
    }
}

/// What a post did with the crossings it was sent.
public struct ServiceCrossingsApplied: Sendable, Hashable {
    /// Crossings new to the post.
    public var copied: Int
    /// Of those, the crossings whose passport the post held under an id of its own (recorded
    /// there as new before the two records met): copied onto the post's traveller and document.
    public var aliased: [String]
}

extension NodeStore {
    /// In the order a post writes them: each row's references before it.
    static let feedTables = ["travellers", "documents", "checks", "crossings"]

    /// The crossings headquarters recorded, or took from other posts, after position `after` of
    /// its own audit chain, decided on `since` or later. Headquarters' chain is the cursor because
    /// every crossing made or received here has its event there, numbered in commit order (the
    /// chain's head is locked until the transaction commits), so no crossing can appear behind
    /// a position already given out.
    public func serviceCrossings(for node: Node, after: Int64, since: Timestamp, limit: Int = 500) async throws -> ServiceCrossings {
        try await read { db in
            guard let head = try await db.raw("SELECT seq FROM audit_heads WHERE chain = 'local'").first() else {
                throw StoreError("the audit chain has no head row; the database was altered outside Limes")
            }
            let end = try head.decode(column: "seq", as: Int64.self)
            let events = try await db.raw(
                """
                SELECT seq, record_id FROM audit_events
                WHERE chain = 'local' AND seq > \(bind: after) AND seq <= \(bind: end) AND record_type = 'crossing'
                    AND action IN ('create', 'sync.create') AND actor <> \(bind: "node:" + node.id)
                ORDER BY seq LIMIT \(bind: limit)
                """
            ).all()
            let more = events.count == limit
            let next = more ? try events.last!.decode(column: "seq", as: Int64.self) : max(end, after)
            var columns: [String: [SyncedTables.Column]] = [:]
            for table in Self.feedTables {
                columns[table] = try await SyncedTables.columns(of: table, on: db, engine: self.engine)
            }
            func row(_ table: String, where column: String, is id: String) async throws -> [String: SyncValue] {
                guard let found = try await db.raw("SELECT * FROM \(unsafeRaw: table) WHERE \(unsafeRaw: column) = \(bind: id)").first() else {
                    throw StoreError("\(table) \(id) is referenced but not here; the database was altered outside Limes")
                }
                return try SyncedTables.values(of: found, columns: columns[table]!, table: table)
            }
            var records: [ServiceCrossings.Record] = []
            for event in events {
                let id = try event.decode(column: "record_id", as: String.self)
                let crossing = try await row("crossings", where: "id", is: id)
                guard case .text(let decided)? = crossing["decided_at"] else { throw StoreError("crossings \(id): decided_at is not a time") }
                guard case .text(let checkID)? = crossing["check_id"], case .text(let travellerID)? = crossing["traveller_id"],
                    case .text(let documentID)? = crossing["document_id"]
                else { throw StoreError("crossings \(id): a crossing without its check, traveller or document") }
                if decided < since.description, !(try await Self.opensAStay(crossing, id: id, traveller: travellerID, decided: decided, on: db)) {
                    continue
                }
                records.append(
                    ServiceCrossings.Record(
                        traveller: try await row("travellers", where: "id", is: travellerID),
                        document: try await row("documents", where: "id", is: documentID),
                        check: try await row("checks", where: "id", is: checkID),
                        crossing: crossing
                    )
                )
            }
            return ServiceCrossings(next: next, more: more, records: records)
        }
    }

    /// An admitted entry with no admitted crossing of its traveller after it: a stay still open,
    /// which a check at the post must see however long ago it began (the check reads the last
    /// admitted crossing before its window too, `CrossingStore.crossingRows`).
    static func opensAStay(_ crossing: [String: SyncValue], id: String, traveller: String, decided: String, on db: any SQLDatabase) async throws
        -> Bool
    {
        guard crossing["direction"] == .text(Direction.entry.rawValue), crossing["decision"] == .text(Decision.admit.rawValue) else { return false }
        let later = try await db.raw(
            """
            SELECT 1 AS later FROM crossings WHERE traveller_id = \(bind: traveller) AND decision = \(bind: Decision.admit.rawValue)
                AND decided_at > \(bind: decided) AND id <> \(bind: id) LIMIT 1
            """
        ).first()
        return later == nil
    }
}

extension OutboxStore {
    /// Copies crossings recorded elsewhere into the post's record, with an audit event for each,
    /// and moves the post's position forward (an answer that arrives late never moves it back).
    /// The copies do not enter the outbox (headquarters has them): `outbox_state.copying` holds
    /// the triggers back for this transaction. A crossing the post has already is left as it is.
    public func applyServiceCrossings(_ feed: ServiceCrossings, at now: Timestamp = Timestamp()) async throws -> ServiceCrossingsApplied {
        try await transaction { db in
            guard try await Self.identity(on: db) != nil else { throw StoreError("this database is not a post's") }
            try await db.raw("UPDATE outbox_state SET copying = 1 WHERE id = 1").run()
            var columns: [String: [SyncedTables.Column]] = [:]
            for table in NodeStore.feedTables {
                columns[table] = try await SyncedTables.columns(of: table, on: db, engine: .sqlite)
            }
            var copied = 0
            var aliased: [String] = []
            var audit: [AuditEntry] = []
            for record in feed.records {
                let crossingID = record.crossing["id"]?.description ?? "?"
                var rows = Dictionary(uniqueKeysWithValues: NodeStore.feedTables.map { ($0, record.row(of: $0)) })
                // The passport may be here under another id: recorded as new at this post (a
                // check made before the crossing arrived). The post's record stays, and the
                // crossing is written onto it, so that the stay is weighed on one record here;
                // headquarters joins the two when the post's document reaches it.
                if case .text(let issuer)? = record.document["issuer"], case .text(let number)? = record.document["number"],
                    let here = try await db.raw(
                        "SELECT id, traveller_id FROM documents WHERE issuer = \(bind: issuer) AND number = \(bind: number)"
                    ).first(),
                    case let localDocument = try here.decode(column: "id", as: String.self), .text(localDocument) != record.document["id"]
                {
                    let localTraveller = try here.decode(column: "traveller_id", as: String.self)
                    rows["travellers"] = nil
                    rows["documents"] = nil
                    for table in ["checks", "crossings"] {
                        rows[table]?["traveller_id"] = .text(localTraveller)
                        rows[table]?["document_id"] = .text(localDocument)
                    }
                    aliased.append(crossingID)
                }
                var inserted = false
                for table in NodeStore.feedTables {
                    guard let row = rows[table] else { continue }
                    let names = columns[table]!.map(\.name).joined(separator: ", ")
                    let binds = try SyncedTables.binds(row, columns: columns[table]!, table: table)
                    let new =
                        try await db.raw(
                            "INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: names)) VALUES (\(binds: binds)) ON CONFLICT (id) DO NOTHING RETURNING id"
                        ).first() != nil
                    if table == "crossings" { inserted = new }
                }
                if inserted {
                    try await StatisticsStore.count(crossing: crossingID, engine: engine, on: db)
                    copied += 1
                    audit.append(
                        AuditEntry(
                            actor: "headquarters",
                            action: "sync.copy",
                            recordType: "crossing",
                            recordID: crossingID,
                            purpose: "service crossings"
                        )
                    )
                } else {
                    aliased.removeAll { $0 == crossingID }
                }
            }
            try await appendAudit(audit, at: now, on: db)
            try await db.raw(
                """
                UPDATE node_identity SET crossings_after = max(crossings_after, \(bind: feed.next)), crossings_pulled_at = \(bind: now.description),
                    last_contact = \(bind: now.description) WHERE id = 1
                """
            ).run()
            try await db.raw("UPDATE outbox_state SET copying = 0 WHERE id = 1").run()
            return ServiceCrossingsApplied(copied: copied, aliased: aliased)
        }
    }
}
