/// Which way a traveller crosses.
public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
    case entry
    case exit
}
