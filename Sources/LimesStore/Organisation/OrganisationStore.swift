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
    public func saveAgency(_ agency: Agency, actor: String = "system") async throws {
        if let problem = FreeText.nameProblem(agency.name) { throw StoreError("agency \(agency.id) name: \(problem)", field: "name") }
        try await transaction { db in
            try await self.refuseOnPost("agencies", on: db)
            try await db.insert(into: "agencies").columns("id", "name", "kind").values(agency.id, agency.name, agency.kind)
                .onConflict(with: ["id"]) { $0.set(excludedValueOf: "name").set(excludedValueOf: "kind") }.run()
            try await self.appendAudit(
                [AuditEntry(actor: actor, action: "save", recordType: "agency", recordID: agency.id, purpose: "administration")],
                on: db
            )
        }
    }

    public func agencies() async throws -> [Agency] {
        try await read { db in
            try await db.select().columns("id", "name", "kind").from("agencies").orderBy("id").all().map { row in
                Agency(
                    id: try row.decode(column: "id", as: String.self),
                    name: try row.decode(column: "name", as: String.self),
                    kind: try row.decode(column: "kind", as: String.self)
                )
            }
        }
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
        if let agency = bcp.agencyID, !(try await agencies().contains { $0.id == agency }) {
            throw StoreError("bcp \(bcp.code) agencyId: '\(agency)' is not a known agency", field: "agencyId")
        }
        try await transaction { db in
            try await self.refuseOnPost("BCPs and lanes", on: db)
            try await db.insert(into: "bcps").columns("code", "name", "kind", "country", "agency_id")
                .values(bcp.code, bcp.name, bcp.kind.rawValue, bcp.country, bcp.agencyID)
                .onConflict(with: ["code"]) { conflict in
                    conflict.set(excludedValueOf: "name").set(excludedValueOf: "kind").set(excludedValueOf: "country")
                        .set(excludedValueOf: "agency_id")
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
                lanes: lanes[code] ?? []
            )
        }
    }

}
