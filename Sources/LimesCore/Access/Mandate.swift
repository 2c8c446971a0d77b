/// What an agency's users may read and do, written as data an administrator can read, change
/// and audit. A user's roles say what their job is; their agency's mandate says what the law
/// lets that agency see and do. A user may do what both allow.
///
/// Reads are given field by field: a field outside the mandate is not sent at all, not even as
/// an empty value, so that its absence does not reveal that something exists.
public struct Mandate: Sendable, Hashable {
    /// Per kind of record, the fields that may be read. A kind missing here is not read at all.
    public var reads: [RecordKind: Set<String>]
    /// What the agency's users may do, at most (their roles narrow it further).
    public var actions: Set<Permission>

    public init(reads: [RecordKind: Set<String>], actions: Set<Permission>) {
        self.reads = reads.filter { !$0.value.isEmpty }
        self.actions = actions
    }

    public func reads(_ kind: RecordKind, _ field: String) -> Bool { reads[kind]?.contains(field) ?? false }

    public func reads(_ kind: RecordKind) -> Bool { !(reads[kind]?.isEmpty ?? true) }

    /// Every field of every kind, every action: what the border service itself holds.
    public static let everything = Mandate(
        reads: Dictionary(uniqueKeysWithValues: RecordKind.allCases.map { ($0, Set($0.fields)) }),
        actions: Set(Permission.allCases)
    )

    /// What is wrong with this mandate: a field no kind has, or an action granted without the
    /// fields its work shows (a booth cannot check a traveller without seeing the hits). Each
    /// problem names the field (`reads.hits`, `actions`).
    public var problems: [(field: String, message: String)] {
        var found: [(field: String, message: String)] = []
        for (kind, fields) in reads.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for field in fields.sorted() where !kind.fields.contains(field) {
                found.append(
                    (
                        "reads.\(kind.rawValue)",
                        "'\(field)' is not a field of \(kind.rawValue) (known: \(kind.fields.joined(separator: ", ")))"
                    )
                )
            }
        }
        for action in actions.sorted(by: { $0.rawValue < $1.rawValue }) {
            for (kind, needed) in action.needs.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                let missing = needed.filter { !reads(kind, $0) }
                if !missing.isEmpty {
                    found.append(
                        (
                            "actions",
                            "\(action.rawValue) needs to read \(kind.rawValue): \(missing.joined(separator: ", "))"
                        )
                    )
                }
            }
        }
        return found
    }

    /// Lines a person reads in the audit trail: what a change gave and took away.
    public func changes(from old: Mandate) -> [String] {
        var lines: [String] = []
        for kind in RecordKind.allCases {
            let before = old.reads[kind] ?? [], after = reads[kind] ?? []
            for field in kind.fields where after.contains(field) != before.contains(field) {
                lines.append((after.contains(field) ? "+" : "-") + "\(kind.rawValue).\(field)")
            }
        }
        for action in Permission.allCases where actions.contains(action) != old.actions.contains(action) {
            lines.append((actions.contains(action) ? "+" : "-") + action.rawValue)
        }
        return lines
    }
}

extension Mandate: Codable {
    enum CodingKeys: String, CodingKey {
        case reads, actions
    }

    struct KindKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Written with sorted keys and sorted lists, so that the same mandate is always the same
    /// text (the audit trail and the API compare them).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var fields = container.nestedContainer(keyedBy: KindKey.self, forKey: .reads)
        for kind in RecordKind.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let names = reads[kind], !names.isEmpty else { continue }
            try fields.encode(names.sorted(), forKey: KindKey(stringValue: kind.rawValue))
        }
        try container.encode(actions.map(\.rawValue).sorted(), forKey: .actions)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let fields = try container.decode([String: [String]].self, forKey: .reads)
        var reads: [RecordKind: Set<String>] = [:]
        for (name, names) in fields {
            guard let kind = RecordKind(rawValue: name) else {
                let known = RecordKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw DecodingError.dataCorruptedError(
                    forKey: .reads,
                    in: container,
                    debugDescription: "'\(name)' is not a kind of record (known: \(known))"
                )
            }
            reads[kind] = Set(names)
        }
        var actions: Set<Permission> = []
        for name in try container.decode([String].self, forKey: .actions) {
            guard let action = Permission(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: .actions, in: container, debugDescription: "'\(name)' is not a known action")
            }
            actions.insert(action)
        }
        self.init(reads: reads, actions: actions)
    }
}

/// The kinds of record a mandate speaks of, and their fields.
public enum RecordKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A crossing: when, where (BCP and lane), which way, what was decided and by whom.
    case crossings
    /// A check's verdict, its reasons, the stay it computed and the document's own checks.
    case checks
    /// Screening hits: which alert, how close, how it was resolved.
    case hits
    /// Who a traveller is: names, birth date, sex, nationality.
    case identity
    /// Travel documents: type, issuer, number, expiry.
    case documents
    /// Protection flags: that one is raised, of which kind, its state, and what it says.
    case protectionFlags = "protection_flags"
    /// Referrals to partner services.
    case referrals
    /// Counts without names.
    case statistics

    public var fields: [String] {
        switch self {
        case .crossings: return ["time", "place", "direction", "decision", "officer", "stay"]
        case .checks: return ["verdict", "stay", "document_checks"]
        case .hits: return ["alert", "match", "resolution"]
        case .identity: return ["names", "birth_date", "sex", "nationality"]
        case .documents: return ["type", "issuer", "number", "expiry"]
        case .protectionFlags: return ["kind", "status", "details"]
        case .referrals: return ["service", "status", "details"]
        case .statistics: return ["counts"]
        }
    }
}

extension Permission {
    /// The fields the work behind this permission shows: whoever may do it must read them.
    public var needs: [RecordKind: [String]] {
        let all: (RecordKind) -> [String] = { $0.fields }
        switch self {
        case .checkTravellers, .workSecondLine:
            return [
                .identity: all(.identity), .documents: all(.documents), .checks: all(.checks), .hits: all(.hits),
                .crossings: all(.crossings),
            ]
        case .recordCrossings: return [.crossings: all(.crossings)]
        case .readTravellers: return [.identity: ["names"]]
        case .readOverstayers: return [.identity: ["names"], .crossings: ["time", "place", "stay"]]
        case .raiseProtectionFlags: return [.protectionFlags: ["kind"]]
        case .registerPersons: return [.identity: all(.identity)]
        case .readProtectionDetails: return [.protectionFlags: all(.protectionFlags)]
        case .assessVulnerability:
            return [.protectionFlags: all(.protectionFlags), .identity: all(.identity), .referrals: all(.referrals)]
        case .workReferrals: return [.referrals: all(.referrals), .identity: ["names"]]
        case .reviewSafeguards: return [.protectionFlags: all(.protectionFlags), .checks: ["verdict"], .referrals: all(.referrals)]
        case .readStatistics, .publishStatistics: return [.statistics: ["counts"]]
        case .administer, .managePolicy, .auditSystem: return [:]
        }
    }
}

extension Mandate {
    /// The presets an administrator starts from, by agency kind. Each is the least its agency's
    /// work at a post needs; an administrator may widen or narrow it.
    public static let presets: [String: Mandate] = [
        "border_police": .everything,
        // Customs see who crossed, when, where and by which lane: not screening, not protection.
        "customs": Mandate(
            reads: [
                .identity: ["names", "nationality"], .documents: ["type", "issuer", "number"],
                .crossings: ["time", "place", "direction"], .statistics: ["counts"],
            ],
            actions: [.readTravellers, .readStatistics]
        ),
        // What a health declaration asks: who, born when, travelling on what, arrived when and
        // where; and the health referrals addressed to the service.
        "health": Mandate(
            reads: [
                .identity: ["names", "birth_date", "sex", "nationality"], .documents: ["type", "number"],
                .crossings: ["time", "place", "direction"], .referrals: Set(RecordKind.referrals.fields),
            ],
            actions: [.readTravellers, .workReferrals]
        ),
        // Child protection works the protection case and its referrals, not the screening.
        "child_protection": Mandate(
            reads: [
                .identity: Set(RecordKind.identity.fields), .documents: ["type", "issuer"],
                .crossings: ["time", "place", "direction"], .protectionFlags: Set(RecordKind.protectionFlags.fields),
                .referrals: Set(RecordKind.referrals.fields),
            ],
            actions: [.readTravellers, .raiseProtectionFlags, .registerPersons, .readProtectionDetails, .assessVulnerability, .workReferrals]
        ),
    ]
}
