import SQLKit

extension StoreConcept {
    /// On a post, what headquarters owns (users, BCPs and lanes, agencies, settings, services,
    /// alerts) is changed only at headquarters: a change made here would be overwritten by the
    /// next copy from headquarters, and an officer would believe it had been made. Refused with
    /// the reason, inside the writer's transaction so that a database turned into a post while
    /// the request ran is refused too.
    func refuseOnPost(_ what: String, on db: any SQLDatabase) async throws {
        guard let row = try await db.raw("SELECT node_id FROM node_identity WHERE id = 1").first() else { return }
        let node = try row.decode(column: "node_id", as: String.self)
        throw StoreError("this is border post \(node): \(what) are managed at headquarters and reach this post from there", code: .forbidden)
    }
}
