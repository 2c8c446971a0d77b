import LimesCore
import SQLKit

/// Which travellers a user may act on. Officers at posts (first line, second line, supervisors)
/// reach the travellers checked or registered at their BCPs; protection officers, whose work
/// follows the person from post to reception centre, and roles not bound to posts reach every
/// traveller their permissions allow.
public enum TravellerReach: Sendable, Hashable {
    case everywhere
    case bcps(Set<String>)
}

extension User {
    public var reach: TravellerReach {
        isBoundToPosts && !roles.contains(.protectionOfficer) ? .bcps(bcps) : .everywhere
    }
}

extension CrossingStore {
    /// Whether the traveller was checked, or registered without documents, at one of the BCPs.
    static func isWithin(_ reach: TravellerReach, travellerID: String, on db: any SQLDatabase) async throws -> Bool {
        guard case .bcps(let bcps) = reach else { return true }
        guard !bcps.isEmpty else { return false }
        let codes = Array(bcps).sorted()
        let row = try await db.raw(
            """
            SELECT 1 AS one FROM checks WHERE traveller_id = \(bind: travellerID) AND bcp_code IN (\(binds: codes))
            UNION ALL
            SELECT 1 AS one FROM persons_without_documents WHERE traveller_id = \(bind: travellerID) AND bcp_code IN (\(binds: codes))
            LIMIT 1
            """
        ).first()
        return row != nil
    }

    static func requireWithin(_ reach: TravellerReach, travellerID: String, on db: any SQLDatabase) async throws {
        guard try await isWithin(reach, travellerID: travellerID, on: db) else {
            throw StoreError("traveller \(travellerID) was not checked or registered at your BCPs", code: .forbidden, field: "id")
        }
    }

    /// Refuses (forbidden) a traveller outside the reach; an unknown traveller is not found.
    public func requireReach(_ reach: TravellerReach, travellerID: String) async throws {
        guard case .bcps = reach else { return }
        try await read { db in
            guard try await db.raw("SELECT id FROM travellers WHERE id = \(bind: travellerID)").first() != nil else {
                throw StoreError("no traveller \(travellerID)", code: .notFound, field: "id")
            }
            try await CrossingStore.requireWithin(reach, travellerID: travellerID, on: db)
        }
    }

    /// The same for the traveller of a check.
    public func requireReach(_ reach: TravellerReach, checkID: String) async throws {
        guard case .bcps = reach else { return }
        try await read { db in
            guard let row = try await db.raw("SELECT traveller_id FROM checks WHERE id = \(bind: checkID)").first() else {
                throw StoreError("no check \(checkID)", code: .notFound, field: "id")
            }
            try await CrossingStore.requireWithin(reach, travellerID: try row.decode(column: "traveller_id", as: String.self), on: db)
        }
    }
}
