import Foundation
import LimesCore
import SQLKit

/// Agencies, border crossing points and their lanes. Owns `agencies`, `bcps` and `lanes`.
public struct OrganisationStore: StoreConcept {
    let store: Store
}

extension Store {
    public var organisation: OrganisationStore { OrganisationStore(store: self) }
}

extension OrganisationStore {
    /// Adds an agency or replaces its name, kind and mandate. The audit event says what the
    /// mandate gained and lost, so the trail reads as the history of what each agency may see.
    public func saveAgency(_ agency: Agency, actor: String = "system") async throws {
        guard !agency.id.isEmpty, agency.id.count <= 40, agency.id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw StoreError("agency id: '\(agency.id)' must be 1 to 40 letters, digits, '-' or '_'", field: "id")
        }
        guard !agency.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError("agency \(agency.id) name: empty", field: "name") }
        if let problem = FreeText.nameProblem(agency.name) { throw StoreError("agency \(agency.id) name: \(problem)", field: "name") }
        guard !agency.kind.isEmpty, agency.kind.count <= 40, agency.kind.allSatisfy({ $0.isLetter || $0 == "_" }) else {
            throw StoreError("agency \(agency.id) kind: '\(agency.kind)' must be 1 to 40 letters or '_'", field: "kind")
        }
        if let problem = agency.mandate.problems.first {
            throw StoreError("agency \(agency.id) mandate \(problem.field): \(problem.message)", field: "mandate.\(problem.field)")
        }
        let text = try Store.json(agency.mandate)
        try await transaction { db in
            try await self.refuseOnPost("agencies", on: db)
            let before = try await db.select().columns("*").from("agencies").where("id", .equal, agency.id).first()
                .map { try $0.json("mandate", as: Mandate.self, of: "agencies") }
            try await db.insert(into: "agencies").columns("id", "name", "kind", "mandate").values(agency.id, agency.name, agency.kind, text)
                .onConflict(with: ["id"]) { $0.set(excludedValueOf: "name").set(excludedValueOf: "kind").set(excludedValueOf: "mandate") }.run()
            let changes = agency.mandate.changes(from: before ?? Mandate(reads: [:], actions: []))
            let purpose = changes.isEmpty ? "administration" : "administration; mandate " + changes.joined(separator: " ")
            try await self.appendAudit(
                [AuditEntry(actor: actor, action: before == nil ? "create" : "update", recordType: "agency", recordID: agency.id, purpose: purpose)],
                on: db
            )
        }
    }

    public func agencies() async throws -> [Agency] {
        try await read { db in
            try await db.select().columns("*").from("agencies").orderBy("id").all().map { row in
                Agency(
                    id: try row.decode(column: "id", as: String.self),
                    name: try row.decode(column: "name", as: String.self),
                    kind: try row.decode(column: "kind", as: String.self),
                    mandate: try row.json("mandate", as: Mandate.self, of: "agencies")
                )
            }
        }
    }

    public func agency(id: String) async throws -> Agency? {
        try await agencies().first { $0.id == id }
    }

    /// Each agency's mandate, for reading users with what they may do.
    static func mandates(on db: any SQLDatabase) async throws -> [String: Mandate] {
        var found: [String: Mandate] = [:]
        for row in try await db.select().columns("id", "mandate").from("agencies").all() {
            found[try row.decode(column: "id", as: String.self)] = try row.json("mandate", as: Mandate.self, of: "agencies")
        }
        return found
    }

    /// Agencies that existed before mandates get their kind's preset; an agency of another
    /// kind keeps everything its users' roles allowed until then, so an upgrade takes nothing
    /// away unannounced. Each is audited, for an administrator to review.
    static func giveMandatesAtUpgrade(_ store: Store, on db: any SQLDatabase) async throws {
        var entries: [AuditEntry] = []
        for row in try await db.select().columns("id", "kind").from("agencies").orderBy("id").all() {
            let id = try row.decode(column: "id", as: String.self)
            let kind = try row.decode(column: "kind", as: String.self)
            let mandate = Mandate.presets[kind] ?? .everything
            try await db.update("agencies").set("mandate", to: try Store.json(mandate)).where("id", .equal, id).run()
            let source = Mandate.presets[kind] == nil ? "everything its roles allowed before mandates" : "the \(kind) preset"
            entries.append(
                AuditEntry(actor: "system", action: "update", recordType: "agency", recordID: id, purpose: "mandate set at upgrade: \(source)")
            )
        }
        if !entries.isEmpty { try await store.audit.append(entries, at: Timestamp(), on: db) }
    }

    /// Adds a BCP or replaces its name, kind and lanes. Lanes in use by recorded crossings stay
    /// valid history even when removed here: crossings keep the lane code they were made at.
    public func saveBCP(_ bcp: BorderCrossingPoint, actor: String = "system") async throws {
        guard !bcp.code.isEmpty, bcp.code.count <= 20 else {
            throw StoreError("bcp code: '\(bcp.code)' must be 1 to 20 characters", field: "code")
        }
        guard !bcp.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError("bcp \(bcp.code) name: empty", field: "name") }
        if let problem = FreeText.nameProblem(bcp.name) { throw StoreError("bcp \(bcp.code) name: \(problem)", field: "name") }
        for (index, lane) in bcp.lanes.enumerated() {
            if let problem = FreeText.nameProblem(lane.name) { throw StoreError("lanes[\(index)].name: \(problem)", field: "lanes[\(index)].name") }
        }
        guard CountryCode(code: bcp.country).isKnown else {
            throw StoreError("bcp \(bcp.code) country: '\(bcp.country)' is not an ICAO country code", field: "country")
        }
        guard !bcp.lanes.isEmpty else { throw StoreError("bcp \(bcp.code) lanes: a BCP needs at least one lane", field: "lanes") }
        var laneCodes = Set<String>()
        for lane in bcp.lanes {
            guard !lane.code.isEmpty, laneCodes.insert(lane.code).inserted else {
                throw StoreError("bcp \(bcp.code) lanes: lane code '\(lane.code)' is empty or repeated", field: "lanes")
            }
        }
        if let oneStop = bcp.oneStop {
            guard CountryCode(code: oneStop.partner).isKnown, oneStop.partner != bcp.country else {
                throw StoreError(
                    "bcp \(bcp.code) oneStop.partner: '\(oneStop.partner)' is not a neighbouring country's ICAO code",
                    field: "oneStop.partner"
                )
            }
            guard !oneStop.partnerBCP.isEmpty, oneStop.partnerBCP.count <= 20 else {
                throw StoreError(
                    "bcp \(bcp.code) oneStop.partnerBcp: the partner's code for the post, 1 to 20 characters",
                    field: "oneStop.partnerBcp"
                )
            }
        }
        if let agency = bcp.agencyID, !(try await agencies().contains { $0.id == agency }) {
            throw StoreError("bcp \(bcp.code) agencyId: '\(agency)' is not a known agency", field: "agencyId")
        }
        try await transaction { db in
            try await self.refuseOnPost("BCPs and lanes", on: db)
            // Exits are passed to the partner from the moment the post became one-stop, not before.
            let before = try await db.select().columns("one_stop_partner", "one_stop_since").from("bcps").where("code", .equal, bcp.code).first()
            let wasPartner = try before?.decode(column: "one_stop_partner", as: String?.self)
            let since =
                bcp.oneStop == nil
                ? nil
                : (wasPartner == bcp.oneStop?.partner ? try before?.decode(column: "one_stop_since", as: String?.self) : nil)
                    ?? Timestamp().description
            try await db.insert(into: "bcps").columns(
                "code",
                "name",
                "kind",
                "country",
                "agency_id",
                "one_stop_partner",
                "one_stop_partner_bcp",
                "one_stop_since"
            )
            .values(
                bcp.code,
                bcp.name,
                bcp.kind.rawValue,
                bcp.country,
                bcp.agencyID,
                bcp.oneStop?.partner,
                bcp.oneStop?.partnerBCP,
                since
            )
            .onConflict(with: ["code"]) { conflict in
                conflict.set(excludedValueOf: "name").set(excludedValueOf: "kind").set(excludedValueOf: "country")
                    .set(excludedValueOf: "agency_id").set(excludedValueOf: "one_stop_partner").set(excludedValueOf: "one_stop_partner_bcp")
                    .set(excludedValueOf: "one_stop_since")
            }.run()
            try await db.delete(from: "lanes").where("bcp_code", .equal, bcp.code).run()
            var insert = db.insert(into: "lanes").columns("bcp_code", "code", "name")
            for lane in bcp.lanes { insert = insert.values(bcp.code, lane.code, lane.name) }
            try await insert.run()
            try await self.appendAudit(
                [AuditEntry(actor: actor, action: "save", recordType: "bcp", recordID: bcp.code, purpose: "administration")],
                on: db
            )
        }
    }

    public func bcps() async throws -> [BorderCrossingPoint] {
        let (bcpRows, laneRows) = try await read { db in
            (
                try await db.select().columns("*").from("bcps").orderBy("code").all(),
                try await db.select().columns("*").from("lanes").orderBy("bcp_code").orderBy("code").all()
            )
        }
        var lanes: [String: [BorderCrossingPoint.Lane]] = [:]
        for row in laneRows {
            lanes[try row.decode(column: "bcp_code", as: String.self), default: []].append(
                BorderCrossingPoint.Lane(code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self))
            )
        }
        return try bcpRows.map { row in
            let code = try row.decode(column: "code", as: String.self)
            return BorderCrossingPoint(
                code: code,
                name: try row.decode(column: "name", as: String.self),
                kind: try row.value("kind", as: BorderCrossingPoint.Kind.self, of: "bcps"),
                country: try row.decode(column: "country", as: String.self),
                agencyID: try row.decode(column: "agency_id", as: String?.self),
                lanes: lanes[code] ?? [],
                oneStop: try row.decode(column: "one_stop_partner", as: String?.self).map {
                    BorderCrossingPoint.OneStop(partner: $0, partnerBCP: try row.decode(column: "one_stop_partner_bcp", as: String?.self) ?? "")
                }
            )
        }
    }

}
