/// One reason behind a verdict, in words an officer can act on.
public struct VerdictReason: Sendable, Hashable, Codable {
    /// Stable, for devices and statistics: `document.expired`, `stay.exceeded`, `watchlist.strong`...
    public var code: String
    public var level: Verdict.Level
    public var message: String
    /// The refusal ground this reason would support, if entry is refused for it.
    public var ground: String?
    /// The values in `message`, by name, so that a client can write the reason in its own
    /// language: dates as YYYY-MM-DD, lists, actions and stay bases as their codes.
    public var details: [String: String]?

    public init(code: String, level: Verdict.Level, message: String, ground: String? = nil, details: [String: String]? = nil) {
        self.code = code
        self.level = level
        self.message = message
        self.ground = ground
        self.details = details
    }
}
