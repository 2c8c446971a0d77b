import LimesCore

/// An agency at the border: police, customs, health, a protection service.
public struct Agency: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// `border_police`, `customs`, `health`, `protection`, `partner`...
    public var kind: String
    /// What its users may read and do (`Mandate`).
    public var mandate: Mandate

    public init(id: String, name: String, kind: String, mandate: Mandate) {
        self.id = id
        self.name = name
        self.kind = kind
        self.mandate = mandate
    }

    /// An agency with its kind's preset mandate; a kind without a preset starts with an empty
    /// mandate (it sees and does nothing until an administrator gives it one).
    public init(id: String, name: String, kind: String) {
        self.init(id: id, name: name, kind: kind, mandate: Mandate.presets[kind] ?? Mandate(reads: [:], actions: []))
    }
}

/// A border crossing point with its lanes.
public struct BorderCrossingPoint: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case air, land, sea
    }

    public struct Lane: Sendable, Hashable, Codable {
        public var code: String
        public var name: String

        public init(code: String, name: String) {
            self.code = code
            self.name = name
        }
    }

    /// A one-stop border post: the partner country whose officers work at the same place, and
    /// its code for the post. Exits admitted here are passed to the partner to record the entry.
    public struct OneStop: Sendable, Hashable, Codable {
        public var partner: String
        public var partnerBCP: String

        public init(partner: String, partnerBCP: String) {
            self.partner = partner
            self.partnerBCP = partnerBCP
        }
    }

    public var code: String
    public var name: String
    public var kind: Kind
    public var country: String
    public var agencyID: String?
    public var lanes: [Lane]
    public var oneStop: OneStop?

    public init(code: String, name: String, kind: Kind, country: String, agencyID: String?, lanes: [Lane], oneStop: OneStop? = nil) {
        self.code = code
        self.name = name
        self.kind = kind
        self.country = country
        self.agencyID = agencyID
        self.lanes = lanes
        self.oneStop = oneStop
    }
}
