import Foundation
import LimesCore
import SQLKit

/// Sharing agreements with other countries, their services' pinned keys, and the messages
/// exchanged under them: what this service sends each partner, in order, and what it received.
/// Owns `agreements`, `exchange_partners`, `exchange_outbox` and `exchange_inbox`.
public struct ExchangeStore: StoreConcept {
    let store: Store
}

extension Store {
    public var exchange: ExchangeStore { ExchangeStore(store: self) }
}

// MARK: Agreements

extension ExchangeStore {
    /// Records a new version of an agreement (the first if the id is new) and returns it.
    public func saveAgreement(_ agreement: SharingAgreement, actor: String) async throws -> SharingAgreement {
        guard !agreement.id.isEmpty, agreement.id.count <= 60, agreement.id.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw StoreError("agreement id: '\(agreement.id)' must be 1 to 60 letters, digits, '-', '_' or '.'", field: "id")
        }
        if let problem = agreement.problems.first {
            throw StoreError("agreement \(agreement.id) \(problem.field): \(problem.message)", field: problem.field)
        }
        for text in [agreement.title, agreement.instrument, agreement.article] {
            if let problem = FreeText.nameProblem(text) { throw StoreError("agreement \(agreement.id): \(problem)", field: "title") }
        }
        let now = Timestamp()
        return try await transaction { db in
            try await self.refuseOnPost("agreements", on: db)
            let last = try await db.raw("SELECT max(version) AS v FROM agreements WHERE id = \(bind: agreement.id)").first()?
                .decode(column: "v", as: Int?.self)
            if let last, let before = try await Self.agreement(agreement.id, version: last, on: db), before.partner != agreement.partner {
                throw StoreError("agreement \(agreement.id) is with \(before.partner); a new partner needs a new agreement", field: "partner")
            }
            var saved = agreement
            saved.version = (last ?? 0) + 1
            try await db.insert(into: "agreements").columns(
                "id",
                "version",
                "title",
                "instrument",
                "article",
                "partner",
                "valid_from",
                "valid_until",
                "status",
                "terms",
                "recorded_by",
                "recorded_at"
            ).values(
                saved.id,
                saved.version,
                saved.title,
                saved.instrument,
                saved.article,
                saved.partner,
                saved.validFrom.description,
                saved.validUntil?.description,
                saved.status.rawValue,
                try Store.json(saved.terms),
                actor,
                now.description
            ).run()
            try await self.appendAudit(
                [
                    AuditEntry(
                        actor: actor,
                        action: last == nil ? "create" : "update",
                        recordType: "agreement",
                        recordID: saved.id,
                        purpose: "administration; version \(saved.version), \(saved.status.rawValue), with \(saved.partner)"
                    )
                ],
                at: now,
                on: db
            )
            return saved
        }
    }

    /// Every agreement in its current (highest) version.
    public func agreements() async throws -> [SharingAgreement] {
        try await read { db in try await Self.currentAgreements(on: db) }
    }

    /// Every version of one agreement, oldest first, with who recorded each and when.
    public func versions(of id: String) async throws -> [(agreement: SharingAgreement, recordedBy: String, recordedAt: Timestamp)] {
        try await read { db in
            try await db.select().columns("*").from("agreements").where("id", .equal, id).orderBy("version").all().map {
                (try Self.agreement(from: $0), try $0.decode(column: "recorded_by", as: String.self), try $0.time("recorded_at", of: "agreements"))
            }
        }
    }

    static func currentAgreements(on db: any SQLDatabase) async throws -> [SharingAgreement] {
        try await db.raw(
            """
            SELECT a.* FROM agreements a
            WHERE a.version = (SELECT max(b.version) FROM agreements b WHERE b.id = a.id) ORDER BY a.id
            """
        ).all().map(Self.agreement(from:))
    }

    static func agreement(_ id: String, version: Int, on db: any SQLDatabase) async throws -> SharingAgreement? {
        try await db.select().columns("*").from("agreements").where("id", .equal, id).where("version", .equal, version).first()
            .map(Self.agreement(from:))
    }

    static func agreement(from row: any SQLRow) throws -> SharingAgreement {
        let id = try row.decode(column: "id", as: String.self)
        return SharingAgreement(
            id: id,
            version: try row.decode(column: "version", as: Int.self),
            title: try row.decode(column: "title", as: String.self),
            instrument: try row.decode(column: "instrument", as: String.self),
            article: try row.decode(column: "article", as: String.self),
            partner: try row.decode(column: "partner", as: String.self),
            validFrom: try row.day("valid_from", of: "agreements"),
            validUntil: try row.optionalDay("valid_until", of: "agreements"),
            status: try row.value("status", as: SharingAgreement.Status.self, of: "agreements"),
            terms: try row.json("terms", as: [ExchangeKind: SharingAgreement.Term].self, of: "agreements")
        )
    }
}

// MARK: Partners

extension ExchangeStore {
    public func savePartner(_ partner: ExchangePartner, actor: String) async throws {
        guard CountryCode(code: partner.country).isKnown else {
            throw StoreError("partner country: '\(partner.country)' is not an ICAO country code", field: "country")
        }
        if let problem = FreeText.nameProblem(partner.name) { throw StoreError("partner name: \(problem)", field: "name") }
        guard AuditPublicKey(text: partner.publicKey) != nil else {
            throw StoreError("partner publicKey: not an Ed25519 key ('ed25519:' and 32 bytes in base64)", field: "publicKey")
        }
        guard let url = URL(string: partner.url), let scheme = url.scheme, let host = url.host, ["http", "https"].contains(scheme) else {
            throw StoreError("partner url: '\(partner.url)' is not an http(s) address", field: "url")
        }
        if scheme == "http", !(host == "localhost" || host.hasPrefix("127.") || host == "::1") {
            throw StoreError("partner url \(partner.url): messages carry personal data; use https (plain http only on loopback)", field: "url")
        }
        try await transaction { db in
            try await self.refuseOnPost("exchange_partners", on: db)
            let known = try await db.select().column("country").from("exchange_partners").where("country", .equal, partner.country).first() != nil
            try await db.insert(into: "exchange_partners").columns("country", "name", "url", "public_key")
                .values(partner.country, partner.name, partner.url, partner.publicKey)
                .onConflict(with: ["country"]) { $0.set(excludedValueOf: "name").set(excludedValueOf: "url").set(excludedValueOf: "public_key") }
                .run()
            try await self.appendAudit(
                [
                    AuditEntry(
                        actor: actor,
                        action: known ? "update" : "create",
                        recordType: "exchange_partner",
                        recordID: partner.country,
                        purpose: "administration; key \(partner.publicKey)"
                    )
                ],
                on: db
            )
        }
    }

    public func partners() async throws -> [ExchangePartner] {
        try await read { db in
            try await db.select().columns("*").from("exchange_partners").orderBy("country").all().map(Self.partner(from:))
        }
    }

    static func partner(from row: any SQLRow) throws -> ExchangePartner {
        ExchangePartner(
            country: try row.decode(column: "country", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            url: try row.decode(column: "url", as: String.self),
            publicKey: try row.decode(column: "public_key", as: String.self),
            lastContact: try row.optionalTime("last_contact", of: "exchange_partners"),
            lastError: try row.decode(column: "last_error", as: String?.self)
        )
    }

    /// The country this service is: the entry policy's.
    static func ownCountry(on db: any SQLDatabase) async throws -> String {
        guard
            let text = try await db.select().column("value").from("settings").where("name", .equal, SettingsStore.policySetting).first()?
                .decode(column: "value", as: String.self)
        else { throw StoreError("no entry policy: this service does not know which country it is") }
        return try Store.decodeJSON(EntryPolicy.self, text).country
    }
}

// MARK: Sending

extension ExchangeStore {
    /// Queues, for every partner, the national watchlist's changes it has not been sent, as
    /// messages stripped to what each agreement in force lets pass. The number queued.
    @discardableResult
    public func queueWatchlistChanges(now: Timestamp = Timestamp()) async throws -> Int {
        let (partners, agreements, own) = try await read { db in
            (
                try await db.select().columns("*").from("exchange_partners").orderBy("country").all().map(Self.partner(from:)),
                try await Self.currentAgreements(on: db),
                try await Self.ownCountry(on: db)
            )
        }
        let version = try await store.watchlist.watchlistVersion()
        var queued = 0
        for partner in partners {
            let byKind = Dictionary(
                [ExchangeKind.alert, .lostDocument].compactMap { kind in
                    agreements.inForce(with: partner.country, carrying: kind, on: now.day).map { (kind, $0) }
                },
                uniquingKeysWith: { first, _ in first }
            )
            guard !byKind.isEmpty else { continue }
            let sent = try await read { db in
                try await db.select().column("watchlist_sent").from("exchange_partners").where("country", .equal, partner.country).first()?
                    .decode(column: "watchlist_sent", as: Int.self) ?? 0
            }
            guard sent < version else { continue }
            let changed: [Alert], removed: [String], upTo: Int
            if sent > 0, let changes = try await store.watchlist.nationalChanges(since: sent) {
                (changed, removed, upTo) = (changes.changed, changes.removed, changes.version)
            } else {
                let all = try await store.watchlist.nationalAlerts()
                (changed, removed, upTo) = (all.alerts, [], all.version)
            }
            var messages: [QueuedMessage] = []
            for alert in changed {
                let kind: ExchangeKind = alert.list == .lostStolenDocument ? .lostDocument : .alert
                guard let agreement = byKind[kind] else { continue }
                let fields = alert.exchangeFields(kind: kind, under: agreement)
                guard !fields.isEmpty else { continue }
                messages.append(QueuedMessage(kind: kind, action: .publish, record: alert.id, agreement: agreement, fields: fields))
            }
            for id in removed {
                guard let (kind, agreement) = byKind.sorted(by: { $0.key.rawValue < $1.key.rawValue }).first else { continue }
                messages.append(QueuedMessage(kind: kind, action: .withdraw, record: id, agreement: agreement, fields: [:]))
            }
            let queue = messages
            let country = partner.country
            let count = try await transaction { db in
                // The action behind these messages: whoever made the latest version they carry.
                let actor =
                    try await db.raw(
                        "SELECT actor FROM watchlist_imports WHERE version <= \(bind: Int64(upTo)) ORDER BY version DESC LIMIT 1"
                    ).first()?.decode(column: "actor", as: String.self) ?? "system"
                try await Self.enqueue(queue, to: country, from: own, by: actor, at: now, on: db)
                try await db.update("exchange_partners").set("watchlist_sent", to: Int64(upTo)).where("country", .equal, country).run()
                return queue.count
            }
            queued += count
        }
        return queued
    }

    /// A message to be numbered and queued.
    struct QueuedMessage: Sendable {
        var kind: ExchangeKind
        var action: ExchangeMessage.Action
        var record: String
        var agreement: SharingAgreement
        var fields: [String: ExchangeValue]
    }

    /// Numbers the messages after the last in the line to `partner` and queues them as the text
    /// that will be signed, inside the caller's transaction.
    @discardableResult
    static func enqueue(_ queue: [QueuedMessage], to partner: String, from own: String, by actor: String, at now: Timestamp, on db: any SQLDatabase)
        async throws -> [ExchangeMessage]
    {
        var seq =
            try await db.raw("SELECT max(seq) AS s FROM exchange_outbox WHERE partner = \(bind: partner)").first()?
            .decode(column: "s", as: Int64?.self) ?? 0
        var made: [ExchangeMessage] = []
        // Inserted in slices: SQLite allows 32,766 bound values, 12 a row.
        for start in stride(from: 0, to: queue.count, by: 1_000) {
            var insert = db.insert(into: "exchange_outbox").columns(
                "partner",
                "seq",
                "id",
                "kind",
                "action",
                "record",
                "agreement_id",
                "agreement_version",
                "text",
                "created_at",
                "created_by",
                "state"
            )
            for item in queue[start..<min(start + 1_000, queue.count)] {
                seq += 1
                let message = ExchangeMessage(
                    id: Store.newID(now: now),
                    sender: own,
                    recipient: partner,
                    seq: seq,
                    agreement: item.agreement.id,
                    agreementVersion: item.agreement.version,
                    kind: item.kind,
                    action: item.action,
                    record: item.record,
                    fields: item.fields,
                    sentAt: now
                )
                insert = insert.values(
                    partner,
                    seq,
                    message.id,
                    item.kind.rawValue,
                    item.action.rawValue,
                    item.record,
                    item.agreement.id,
                    item.agreement.version,
                    try Store.json(message),
                    now.description,
                    actor,
                    ExchangeLogEntry.State.waiting.rawValue
                )
                made.append(message)
            }
            try await insert.run()
        }
        return made
    }

    /// The next messages waiting for `partner`, in order; stops before the first whose agreement
    /// is no longer in force (and says why), since the partner takes them in order or not at all.
    public func pendingDeliveries(partner: String, limit: Int = 500, now: Timestamp = Timestamp()) async throws -> (
        messages: [(seq: Int64, text: String)], held: String?
    ) {
        try await read { db in
            let rows = try await db.select().columns("seq", "text", "agreement_id").from("exchange_outbox").where("partner", .equal, partner)
                .where("state", .equal, ExchangeLogEntry.State.waiting.rawValue).orderBy("seq").limit(limit).all()
            let agreements = Dictionary(try await Self.currentAgreements(on: db).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var messages: [(seq: Int64, text: String)] = []
            for row in rows {
                let id = try row.decode(column: "agreement_id", as: String.self)
                guard let agreement = agreements[id] else { return (messages, "agreement \(id) no longer exists") }
                if let reason = agreement.notInForce(on: now.day) { return (messages, reason) }
                messages.append((try row.decode(column: "seq", as: Int64.self), try row.decode(column: "text", as: String.self)))
            }
            return (messages, nil)
        }
    }

    /// What the partner did with each message; each disclosure goes into the audit chain with
    /// what was sent, to whom, under which agreement, and on whose action.
    public func recordOutcomes(partner: String, _ outcomes: [ExchangeOutcome], at now: Timestamp = Timestamp()) async throws {
        guard !outcomes.isEmpty else { return }
        let answered = outcomes.filter { $0.state != .waiting }
        try await transaction { db in
            var entries: [AuditEntry] = []
            // Read and marked a slice at a time: a delivery's answers are hundreds, and a statement
            // per message cost more than the partner's whole work on PostgreSQL.
            for start in stride(from: 0, to: answered.count, by: 500) {
                let slice = Array(answered[start..<min(start + 500, answered.count)])
                let rows = try await db.select().columns("*").from("exchange_outbox").where("partner", .equal, partner)
                    .where("seq", .in, slice.map(\.seq)).where("state", .equal, ExchangeLogEntry.State.waiting.rawValue).all()
                var waiting: [Int64: any SQLRow] = [:]
                for row in rows { waiting[try row.decode(column: "seq", as: Int64.self)] = row }
                let accepted = slice.filter { $0.state == .accepted && $0.reason == nil && waiting[$0.seq] != nil }.map(\.seq)
                if !accepted.isEmpty {
                    try await db.update("exchange_outbox").set("state", to: ExchangeLogEntry.State.accepted.rawValue)
                        .set("outcome_at", to: now.description).where("partner", .equal, partner).where("seq", .in, accepted).run()
                }
                for outcome in slice where waiting[outcome.seq] != nil && !(outcome.state == .accepted && outcome.reason == nil) {
                    try await db.update("exchange_outbox").set("state", to: outcome.state.rawValue).set("reason", to: outcome.reason)
                        .set("outcome_at", to: now.description).where("partner", .equal, partner).where("seq", .equal, outcome.seq).run()
                }
                for outcome in slice {
                    guard let row = waiting[outcome.seq] else { continue }
                    let what = [
                        try row.decode(column: "kind", as: String.self), try row.decode(column: "action", as: String.self),
                        try row.decode(column: "record", as: String.self),
                    ].joined(separator: " ")
                    let agreement =
                        "\(try row.decode(column: "agreement_id", as: String.self)) v\(try row.decode(column: "agreement_version", as: Int.self))"
                    entries.append(
                        AuditEntry(
                            actor: try row.decode(column: "created_by", as: String.self),
                            action: "disclose",
                            recordType: "exchange_message",
                            recordID: try row.decode(column: "id", as: String.self),
                            purpose: "\(what) to \(partner) under \(agreement): \(outcome.state.rawValue)" + (outcome.reason.map { " (\($0))" } ?? "")
                        )
                    )
                }
            }
            try await db.update("exchange_partners").set("last_contact", to: now.description).set("last_error", to: SQLLiteral.null)
                .where("country", .equal, partner).run()
            if !entries.isEmpty { try await self.appendAudit(entries, at: now, on: db) }
        }
    }

    /// The partner could not be reached or refused the delivery: kept for the console.
    public func noteFailure(partner: String, _ error: String) async throws {
        try await write { db in
            try await db.update("exchange_partners").set("last_error", to: String(error.prefix(500))).where("country", .equal, partner).run()
        }
    }

    /// What was sent (or waits to be), newest first: to one partner, in a period.
    public func disclosures(partner: String? = nil, from: Timestamp? = nil, until: Timestamp? = nil, limit: Int = 1_000) async throws
        -> [ExchangeLogEntry]
    {
        try await log(.sent, partner: partner, from: from, until: until, limit: limit)
    }

    /// What partners sent, newest first: from one partner, in a period.
    public func received(from partner: String? = nil, since: Timestamp? = nil, until: Timestamp? = nil, limit: Int = 1_000) async throws
        -> [ExchangeLogEntry]
    {
        try await log(.received, partner: partner, from: since, until: until, limit: limit)
    }

    func log(_ direction: ExchangeLogEntry.Direction, partner: String?, from: Timestamp?, until: Timestamp?, limit: Int) async throws
        -> [ExchangeLogEntry]
    {
        let (table, who, at) = direction == .sent ? ("exchange_outbox", "partner", "created_at") : ("exchange_inbox", "sender", "received_at")
        return try await read { db in
            var query = db.select().columns("*").from(table)
            if let partner { query = query.where(SQLIdentifier(who), .equal, SQLBind(partner)) }
            if let from { query = query.where(SQLIdentifier(at), .greaterThanOrEqual, SQLBind(from.description)) }
            if let until { query = query.where(SQLIdentifier(at), .lessThan, SQLBind(until.description)) }
            return try await query.orderBy(at, .descending).orderBy("seq", .descending).limit(limit).all().map { row in
                ExchangeLogEntry(
                    direction: direction,
                    partner: try row.decode(column: who, as: String.self),
                    seq: try row.decode(column: "seq", as: Int64.self),
                    id: try row.decode(column: "id", as: String.self),
                    kind: try row.value("kind", as: ExchangeKind.self, of: table),
                    action: try row.value("action", as: ExchangeMessage.Action.self, of: table),
                    record: try row.decode(column: "record", as: String.self),
                    agreement: try row.decode(column: "agreement_id", as: String.self),
                    agreementVersion: try row.decode(column: "agreement_version", as: Int.self),
                    text: try row.decode(column: "text", as: String.self),
                    at: try row.time(at, of: table),
                    by: direction == .sent
                        ? try row.decode(column: "created_by", as: String.self) : "partner:\(try row.decode(column: who, as: String.self))",
                    state: try row.value("state", as: ExchangeLogEntry.State.self, of: table),
                    outcomeAt: direction == .sent ? try row.optionalTime("outcome_at", of: table) : nil,
                    reason: try row.decode(column: "reason", as: String?.self)
                )
            }
        }
    }
}
