/// The thresholds of screening, which an administrator may tune.
public struct ScreeningPolicy: Sendable, Hashable, Codable {
    /// A hit at or above this score is strong: the officer must act.
    public var strongThreshold: Double
    /// Hits below this score are not shown.
    public var possibleThreshold: Double
    /// How many names the index hands to careful scoring per query.
    public var candidateLimit: Int

    public init(strongThreshold: Double = 0.85, possibleThreshold: Double = 0.70, candidateLimit: Int = 100) {
        self.strongThreshold = strongThreshold
        self.possibleThreshold = possibleThreshold
        self.candidateLimit = candidateLimit
    }
}
