/// A sign, noted by any officer, that a person may need protection: the first step of
/// identifying vulnerable people at the border. Protection officers take it from there.
public enum ProtectionKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A child, above all one unaccompanied or separated.
    case child
    case trafficking
    case health
    case pregnancy
    case olderPerson = "older_person"
    /// Gender-based violence or torture.
    case violence
    /// Asylum sought, or fear of return.
    case asylum
    case other

    /// A refusal of entry or a return for a person flagged so waits for a supervisor's review:
    /// sending back a child, a victim of trafficking or a refugee can do harm that no appeal mends.
    public var blocksRefusal: Bool {
        switch self {
        case .child, .trafficking, .asylum: return true
        default: return false
        }
    }
}

/// When a protection flag is raised: at the booth, at the second line, or later (by
/// protection staff, after the crossing).
public enum ProtectionStage: String, Sendable, Hashable, Codable, CaseIterable {
    case first
    case second
    case later
}
