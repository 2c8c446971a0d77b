/// What Limes proposes at first line: the officer decides.
public struct Verdict: Sendable, Hashable, Codable {
    public enum Level: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
        /// Nothing stands against admitting the traveller.
        case clear
        /// Something needs a closer look: second line should examine.
        case refer
        /// The traveller must not pass at first line.
        case stop

        private var rank: Int { self == .clear ? 0 : (self == .refer ? 1 : 2) }
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    public var level: Level
    /// Most serious first.
    public var reasons: [VerdictReason]

    public init(reasons: [VerdictReason]) {
        self.reasons = reasons.enumerated().sorted { a, b in
            a.element.level != b.element.level ? a.element.level > b.element.level : a.offset < b.offset
        }.map(\.element)
        self.level = reasons.map(\.level).max() ?? .clear
    }
}
