/// What an officer decides for a check.
public enum Decision: String, Sendable, Hashable, Codable, CaseIterable {
    case admit
    /// Hands the traveller to second line; the crossing is decided there.
    case refer
    /// Refusal of entry (or of exit), always with a legal ground.
    case refuse
}
