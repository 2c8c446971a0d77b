import Foundation
import LimesCore
import SQLKit

/// A service or partner organisation that people are referred to.
public struct ProtectionService: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// The kinds of need it takes: the referral rules are these, matched to flags and findings.
    public var kinds: [ProtectionKind]
    public var area: String?
    public var contact: String?
    /// Its partner users belong to this agency and see its referrals.
    public var agencyID: String?
    /// How long it has to accept or reject a referral.
    public var acceptanceHours: Int

    public init(id: String, name: String, kinds: [ProtectionKind], area: String?, contact: String?, agencyID: String?, acceptanceHours: Int) {
        self.id = id
        self.name = name
        self.kinds = kinds
        self.area = area
        self.contact = contact
        self.agencyID = agencyID
        self.acceptanceHours = acceptanceHours
    }
}

public struct Referral: Sendable, Hashable, Codable {
    public var id: String
    public var travellerID: String
    public var serviceID: String
    public var kind: ProtectionKind
    public var status: ReferralStatus
    public var shares: [SharedData]
    public var consent: [String: Bool]
    public var overrideReason: String?
    public var overrideBy: String?
    public var sentBy: String
    public var sentAt: Timestamp
    public var deadline: Timestamp?
    public var respondedBy: String?
    public var respondedAt: Timestamp?
    public var responseReason: String?
    public var outcome: String?
    public var outcomeReason: String?
}

/// A referral as its partner sees it. While the referral is live (sent or accepted), what it
/// shared, frozen when it was sent; once rejected, revoked or done, only that it existed.
public struct PartnerReferral: Sendable, Hashable, Codable {
    public var referral: Referral
    public var traveller: TravellerRecord?
    public var protectionNotes: [String]?
    public var findings: [VulnerabilityFinding]?
}

/// What a referral disclosed to its partner, taken when it was sent and never read again from
/// the live records: a flag raised or closed later, or a new assessment, does not reach the
/// partner through an old referral.
struct ReferralDisclosure: Sendable, Hashable, Codable {
    var takenAt: Timestamp
    var traveller: TravellerRecord?
    var protectionNotes: [String]?
    var findings: [VulnerabilityFinding]?
}

/// Services proposed for one kind of need.
public struct ReferralProposal: Sendable, Hashable, Codable {
    public var kind: ProtectionKind
    public var services: [ProtectionService]
}

extension ProtectionStore {
    public func saveService(_ service: ProtectionService, actor: String) async throws {
        guard !service.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError("a service needs a name", field: "name") }
        for (field, text) in [("name", service.name), ("area", service.area), ("contact", service.contact)] {
            if let text, let problem = FreeText.nameProblem(text) { throw StoreError("\(field): \(problem)", field: field) }
        }
        guard !service.kinds.isEmpty else { throw StoreError("say which needs the service takes", field: "kinds") }
        guard (1...720).contains(service.acceptanceHours) else { throw StoreError("1 to 720 hours to accept", field: "acceptanceHours") }
        let now = Timestamp()
        try await transaction { db in
            try await self.refuseOnPost("referral services", on: db)
            if let agency = service.agencyID, try await db.raw("SELECT id FROM agencies WHERE id = \(bind: agency)").first() == nil {
                throw StoreError("no agency \(agency)", field: "agencyId")
            }
            try await db.insert(into: "services").columns("id", "name", "kinds", "area", "contact", "agency_id", "acceptance_hours")
                .values(
                    service.id,
                    service.name,
                    try Store.json(service.kinds),
                    service.area,
                    service.contact,
                    service.agencyID,
                    service.acceptanceHours
                )
                .onConflict(with: ["id"]) {
                    $0.set(excludedValueOf: "name").set(excludedValueOf: "kinds").set(excludedValueOf: "area").set(excludedValueOf: "contact")
                        .set(excludedValueOf: "agency_id").set(excludedValueOf: "acceptance_hours")
                }
                .run()
            try await self.appendAudit(
                [AuditEntry(actor: actor, action: "update", recordType: "service", recordID: service.id, purpose: "administration")],
                at: now,
                on: db
            )
        }
    }

    public func services() async throws -> [ProtectionService] {
        let rows = try await read { db in try await db.raw("SELECT * FROM services ORDER BY name").all() }
        return try rows.map(ProtectionStore.service(from:))
    }

    static func service(from row: any SQLRow) throws -> ProtectionService {
        ProtectionService(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            kinds: try Store.decodeJSON([ProtectionKind].self, try row.decode(column: "kinds", as: String.self)),
            area: try row.decode(column: "area", as: String?.self),
            contact: try row.decode(column: "contact", as: String?.self),
            agencyID: try row.decode(column: "agency_id", as: String?.self),
            acceptanceHours: try row.decode(column: "acceptance_hours", as: Int.self)
        )
    }

    /// Services for the needs the person's open flags and latest vulnerability check show.
    public func referralProposals(travellerID: String) async throws -> [ReferralProposal] {
        var kinds = Set(try await protectionFlags(travellerID: travellerID).filter { $0.status == "open" }.map(\.kind))
        if let latest = try await vulnerabilityAssessments(travellerID: travellerID).first {
            let indicators = try await store.settings.vulnerabilityIndicators()
            kinds.formUnion(latest.findings.compactMap { indicators.indicator($0.code)?.domain })
        }
        let services = try await services()
        return ProtectionKind.allCases.filter(kinds.contains).map { kind in
            ReferralProposal(kind: kind, services: services.filter { $0.kinds.contains(kind) })
        }
    }

    /// Sends a referral. Without consent for every kind of data shared it waits for a supervisor.
    public func sendReferral(
        travellerID: String,
        serviceID: String,
        kind: ProtectionKind,
        shares: [SharedData],
        consent: [SharedData: Bool],
        actor: String,
        at now: Timestamp = Timestamp()
    ) async throws -> Referral {
        let consented = shares.allSatisfy { consent[$0] == true }
        let id = Store.newID()
        try await transaction { db in
            guard try await db.raw("SELECT id FROM travellers WHERE id = \(bind: travellerID)").first() != nil else {
                throw StoreError("no traveller \(travellerID)", code: .notFound, field: "id")
            }
            guard let row = try await db.raw("SELECT * FROM services WHERE id = \(bind: serviceID)").first() else {
                throw StoreError("no service \(serviceID)", field: "serviceId")
            }
            let service = try ProtectionStore.service(from: row)
            guard service.kinds.contains(kind) else {
                throw StoreError("\(service.name) does not take \(kind.rawValue) referrals", field: "kind")
            }
            let deadline = consented ? now.adding(seconds: Int64(service.acceptanceHours) * 3600).description : nil
            // Only a referral that leaves now discloses; one that waits for an override discloses
            // what there is when the supervisor lets it go.
            let disclosure = consented ? try await ProtectionStore.disclosure(travellerID: travellerID, shares: shares, at: now, on: db) : nil
            try await db.insert(into: "referrals")
                .columns("id", "traveller_id", "service_id", "kind", "status", "shares", "consent", "sent_by", "sent_at", "deadline", "shared")
                .values(
                    id,
                    travellerID,
                    serviceID,
                    kind.rawValue,
                    (consented ? ReferralStatus.sent : .awaitingOverride).rawValue,
                    try Store.json(shares),
                    try Store.json(Dictionary(uniqueKeysWithValues: consent.map { ($0.key.rawValue, $0.value) })),
                    actor,
                    now.description,
                    deadline,
                    try disclosure.map(Store.json)
                )
                .run()
            try await self.appendAudit(
                [AuditEntry(actor: actor, action: "create", recordType: "referral", recordID: id, purpose: "referral")],
                at: now,
                on: db
            )
        }
        return try await referral(id: id)!
    }

    public func referral(id: String) async throws -> Referral? {
        try await read { db in try await db.raw("SELECT * FROM referrals WHERE id = \(bind: id)").first() }.map(ProtectionStore.referral(from:))
    }

    static func referral(from row: any SQLRow) throws -> Referral {
        Referral(
            id: try row.decode(column: "id", as: String.self),
            travellerID: try row.decode(column: "traveller_id", as: String.self),
            serviceID: try row.decode(column: "service_id", as: String.self),
            kind: try row.value("kind", as: ProtectionKind.self, of: "referrals"),
            status: try row.value("status", as: ReferralStatus.self, of: "referrals"),
            shares: try Store.decodeJSON([SharedData].self, try row.decode(column: "shares", as: String.self)),
            consent: try Store.decodeJSON([String: Bool].self, try row.decode(column: "consent", as: String.self)),
            overrideReason: try row.decode(column: "override_reason", as: String?.self),
            overrideBy: try row.decode(column: "override_by", as: String?.self),
            sentBy: try row.decode(column: "sent_by", as: String.self),
            sentAt: try row.time("sent_at", of: "referrals"),
            deadline: try row.optionalTime("deadline", of: "referrals"),
            respondedBy: try row.decode(column: "responded_by", as: String?.self),
            respondedAt: try row.optionalTime("responded_at", of: "referrals"),
            responseReason: try row.decode(column: "response_reason", as: String?.self),
            outcome: try row.decode(column: "outcome", as: String?.self),
            outcomeReason: try row.decode(column: "outcome_reason", as: String?.self)
        )
    }

    /// What `shares` lets the partner see of the traveller now: identity, the open flags' kinds
    /// and notes (newest first), the latest vulnerability check's findings. Read on `db`, in the
    /// transaction that sends the referral.
    static func disclosure(travellerID: String, shares: [SharedData], at now: Timestamp, on db: any SQLDatabase) async throws -> ReferralDisclosure {
        var disclosure = ReferralDisclosure(takenAt: now)
        if shares.contains(.identity) {
            guard
                let row = try await db.raw(
                    "SELECT id, surname, given_names, birth_date, sex, nationality FROM travellers WHERE id = \(bind: travellerID)"
                ).first()
            else { throw StoreError("no traveller \(travellerID)", code: .notFound, field: "id") }
            disclosure.traveller = try CrossingStore.traveller(from: row)
        }
        if shares.contains(.protectionDetails) {
            disclosure.protectionNotes = try await db.raw(
                "SELECT kind, note FROM protection_flags WHERE traveller_id = \(bind: travellerID) AND status = 'open' ORDER BY raised_at DESC"
            ).all().map { "\(try $0.decode(column: "kind", as: String.self)): \(try $0.decode(column: "note", as: String?.self) ?? "")" }
        }
        if shares.contains(.assessment) {
            let latest = try await db.raw(
                "SELECT findings FROM vulnerability_assessments WHERE traveller_id = \(bind: travellerID) ORDER BY assessed_at DESC LIMIT 1"
            ).first()
            disclosure.findings =
                try latest.map { try Store.decodeJSON([VulnerabilityFinding].self, try $0.decode(column: "findings", as: String.self)) } ?? []
        }
        return disclosure
    }

    /// Referrals that were live when disclosures began to be frozen (schema 10) disclose what
    /// there was at that upgrade, as their partners saw it then.
    static func freezeLiveReferralsAtUpgrade(on db: any SQLDatabase, at now: Timestamp) async throws -> [String] {
        let rows = try await db.raw("SELECT id, traveller_id, shares FROM referrals WHERE status IN ('sent', 'accepted') AND shared IS NULL").all()
        var ids: [String] = []
        for row in rows {
            let id = try row.decode(column: "id", as: String.self)
            let shares = try Store.decodeJSON([SharedData].self, try row.decode(column: "shares", as: String.self))
            let disclosure = try await disclosure(
                travellerID: try row.decode(column: "traveller_id", as: String.self),
                shares: shares,
                at: now,
                on: db
            )
            try await db.raw("UPDATE referrals SET shared = \(bind: try Store.json(disclosure)) WHERE id = \(bind: id)").run()
            ids.append(id)
        }
        return ids
    }

    /// Moves a referral on, if it is where `from` says; audited.
    private func moveReferral(
        _ id: String,
        from: Set<ReferralStatus>,
        actor: String,
        action: String,
        change: @escaping @Sendable (Referral, Timestamp, any SQLDatabase) async throws -> [(String, (any Encodable & Sendable)?)]
    ) async throws -> Referral {
        let now = Timestamp()
        try await transaction { db in
            guard let row = try await db.raw("SELECT * FROM referrals WHERE id = \(bind: id)").first() else {
                throw StoreError("no referral \(id)", code: .notFound, field: "id")
            }
            let referral = try ProtectionStore.referral(from: row)
            guard from.contains(referral.status) else {
                throw StoreError("the referral is \(referral.status.rawValue); it cannot be \(action) now", code: .conflict, field: "id")
            }
            var update = db.update("referrals")
            for (column, value) in try await change(referral, now, db) {
                if let value {
                    update = update.set(SQLIdentifier(column), to: SQLBind(value))
                } else {
                    update = update.set(SQLIdentifier(column), to: SQLLiteral.null)
                }
            }
            try await update.where("id", .equal, id).run()
            try await self.appendAudit(
                [AuditEntry(actor: actor, action: "update", recordType: "referral", recordID: id, purpose: "referral: \(action)")],
                at: now,
                on: db
            )
        }
        return try await referral(id: id)!
    }

    /// A supervisor lets a referral go without every consent, for reasons recorded.
    public func overrideReferralConsent(id: String, reason: String, supervisor: String) async throws -> Referral {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = FreeText.textProblem(reason) { throw StoreError("reason: \(problem)", field: "reason") }
        guard reason.count >= 10 else { throw StoreError("give the override's reasons (10 characters at least)", field: "reason") }
        let services = try await services()
        return try await moveReferral(id, from: [.awaitingOverride], actor: supervisor, action: "overridden") { referral, now, db in
            guard let hours = services.first(where: { $0.id == referral.serviceID })?.acceptanceHours else {
                throw StoreError("the referral's service \(referral.serviceID) is gone", code: .conflict, field: "id")
            }
            return [
                ("status", ReferralStatus.sent.rawValue), ("override_reason", reason), ("override_by", supervisor),
                ("deadline", now.adding(seconds: Int64(hours) * 3600).description),
                (
                    "shared",
                    try Store.json(try await ProtectionStore.disclosure(travellerID: referral.travellerID, shares: referral.shares, at: now, on: db))
                ),
            ]
        }
    }

    /// The partner accepts or rejects (with a reason); only the service's own agency may.
    public func respondToReferral(id: String, accept: Bool, reason: String?, partner: User) async throws -> Referral {
        try await requirePartner(of: id, partner)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason, let problem = FreeText.textProblem(reason) { throw StoreError("reason: \(problem)", field: "reason") }
        if !accept, reason?.isEmpty ?? true { throw StoreError("say why the referral is rejected", field: "reason") }
        return try await moveReferral(id, from: [.sent], actor: partner.id, action: accept ? "accepted" : "rejected") { _, now, _ in
            [
                ("status", (accept ? ReferralStatus.accepted : .rejected).rawValue), ("responded_by", partner.id),
                ("responded_at", now.description), ("response_reason", reason),
            ] + (accept ? [] : [("closed_at", now.description)])
        }
    }

    /// The partner reports the outcome: the service provided, or not and why.
    public func completeReferral(id: String, provided: Bool, reason: String?, partner: User) async throws -> Referral {
        try await requirePartner(of: id, partner)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason, let problem = FreeText.textProblem(reason) { throw StoreError("reason: \(problem)", field: "reason") }
        if !provided, reason?.isEmpty ?? true { throw StoreError("say why the service was not provided", field: "reason") }
        return try await moveReferral(id, from: [.accepted], actor: partner.id, action: "done") { _, now, _ in
            [
                ("status", ReferralStatus.done.rawValue), ("outcome", provided ? "provided" : "not_provided"), ("outcome_reason", reason),
                ("closed_at", now.description),
            ]
        }
    }

    public func revokeReferral(id: String, actor: String) async throws -> Referral {
        try await moveReferral(id, from: [.awaitingOverride, .sent, .accepted], actor: actor, action: "revoked") { _, now, _ in
            [("status", ReferralStatus.revoked.rawValue), ("closed_at", now.description)]
        }
    }

    private func requirePartner(of id: String, _ partner: User) async throws {
        let agency = try await read { db in
            try await db.raw("SELECT s.agency_id FROM referrals r JOIN services s ON s.id = r.service_id WHERE r.id = \(bind: id)").first()
        }
        guard let agency else { throw StoreError("no referral \(id)", code: .notFound, field: "id") }
        guard let owner = try agency.decode(column: "agency_id", as: String?.self), owner == partner.agencyID else {
            throw StoreError("this referral is addressed to another organisation", code: .forbidden, field: "id")
        }
    }

    /// The referrals addressed to a partner's organisation, each with only what it shares.
    public func partnerInbox(agencyID: String) async throws -> [PartnerReferral] {
        let rows = try await read { db in
            try await db.raw(
                """
                SELECT r.* FROM referrals r JOIN services s ON s.id = r.service_id
                WHERE s.agency_id = \(bind: agencyID) AND r.status <> 'awaiting_override' ORDER BY r.sent_at
                """
            ).all()
        }
        return try rows.map { row in
            let referral = try ProtectionStore.referral(from: row)
            var item = PartnerReferral(referral: referral, traveller: nil, protectionNotes: nil, findings: nil)
            guard referral.status == .sent || referral.status == .accepted else {
                // Ended: that it existed, and how it ended; nothing about the person.
                item.referral.travellerID = ""
                item.referral.overrideReason = nil
                return item
            }
            guard let text = try row.decode(column: "shared", as: String?.self) else {
                throw StoreError("referrals row \(referral.id): column shared is empty on a \(referral.status.rawValue) referral")
            }
            let disclosure = try Store.decodeJSON(ReferralDisclosure.self, text)
            item.traveller = disclosure.traveller
            item.protectionNotes = disclosure.protectionNotes
            item.findings = disclosure.findings
            return item
        }
    }

    /// A person's referrals, newest first.
    public func referrals(travellerID: String) async throws -> [Referral] {
        let rows = try await read { db in
            try await db.raw("SELECT * FROM referrals WHERE traveller_id = \(bind: travellerID) ORDER BY sent_at DESC").all()
        }
        return try rows.map(ProtectionStore.referral(from:))
    }

    /// Referrals waiting for a supervisor's override, oldest first.
    public func referralsAwaitingOverride() async throws -> [Referral] {
        let rows = try await read { db in
            try await db.raw("SELECT * FROM referrals WHERE status = 'awaiting_override' ORDER BY sent_at").all()
        }
        return try rows.map(ProtectionStore.referral(from:))
    }

    /// Sent and not answered by their deadline.
    public func lateReferrals(now: Timestamp = Timestamp()) async throws -> [Referral] {
        let rows = try await read { db in
            try await db.raw("SELECT * FROM referrals WHERE status = 'sent' AND deadline < \(bind: now.description) ORDER BY deadline").all()
        }
        return try rows.map(ProtectionStore.referral(from:))
    }
}
