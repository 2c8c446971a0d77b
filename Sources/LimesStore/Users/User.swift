import LimesCore

/// Someone who logs in: an officer, an analyst, an administrator, a partner's staff.
public struct User: Sendable, Hashable, Codable {
    public var id: String
    public var username: String
    public var displayName: String
    public var agencyID: String?
    public var homeBCP: String?
    public var roles: Set<Role>
    /// The BCPs where the user may record crossings (home BCP included).
    public var bcps: Set<String>
    /// `en`, `fr`, `ar`, `ru`.
    public var language: String
    public var active: Bool
    /// The mandate of the user's agency, read with the user; nil for a user of no agency (the
    /// border service's own staff at headquarters), whose roles alone say what they may do.
    public var mandate: Mandate?

    public init(
        id: String,
        username: String,
        displayName: String,
        agencyID: String?,
        homeBCP: String?,
        roles: Set<Role>,
        bcps: Set<String>,
        language: String = "en",
        active: Bool = true,
        mandate: Mandate? = nil
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.agencyID = agencyID
        self.homeBCP = homeBCP
        self.roles = roles
        self.bcps = bcps
        self.language = language
        self.active = active
        self.mandate = mandate
    }

    /// What the user's roles allow, within their agency's mandate.
    public var permissions: Set<Permission> {
        let byRole = rolePermissions
        guard let mandate else { return byRole }
        return byRole.intersection(mandate.actions)
    }

    public var rolePermissions: Set<Permission> { roles.reduce(into: []) { $0.formUnion($1.permissions) } }

    /// What the user may read: their agency's mandate, or everything for a user of no agency.
    public var reads: Mandate { mandate ?? .everything }

    /// Asked on every request: answered without building the permission sets.
    public func may(_ permission: Permission) -> Bool {
        roles.contains { $0.permissions.contains(permission) } && (mandate?.actions.contains(permission) ?? true)
    }

    /// Whether one of the user's roles works at posts, and so only at the assigned BCPs.
    public var isBoundToPosts: Bool { roles.contains(where: \.isBoundToPosts) }

    /// Whether the user may act at a BCP: assigned there, or holding only roles not bound to posts.
    public func worksAt(_ bcp: String) -> Bool { bcps.contains(bcp) }
}

/// A logged-in session: a web session that lapses after inactivity, or a device token.
public struct Session: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case web
        case device
    }

    public var user: User
    public var kind: Kind
    public var expiresAt: Timestamp
}
