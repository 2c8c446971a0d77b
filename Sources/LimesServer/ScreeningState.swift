import LimesCore

/// The screening index the server answers from, swapped whole when the watchlists change:
/// queries under way keep the index they started with.
public actor ScreeningState {
    public struct Status: Sendable, Codable, Equatable {
        public var ready: Bool
        public var alerts: Int
        /// The watchlist version the index was built from.
        public var version: Int
    }

    private var index: ScreeningIndex?
    private var version = -1

    public init() {}

    public var current: ScreeningIndex? { index }

    public var status: Status { Status(ready: index != nil, alerts: index?.alertCount ?? 0, version: max(version, 0)) }

    var builtVersion: Int { version }

    func install(_ index: ScreeningIndex, version: Int) {
        self.index = index
        self.version = version
    }
}
