/// What changed in the watchlists between two versions: the alerts added or changed (whole, as
/// they are now) and the ids of the alerts removed. A removal is applied before the changes, so
/// an alert removed and listed again in between is present.
public struct WatchlistChanges: Sendable, Hashable {
    /// The version the changes start from (not included).
    public var since: Int
    /// The version they lead to.
    public var version: Int
    public var changed: [Alert]
    public var removed: [String]

    public init(since: Int, version: Int, changed: [Alert], removed: [String]) {
        self.since = since
        self.version = version
        self.changed = changed
        self.removed = removed
    }

    public var count: Int { changed.count + removed.count }
}
