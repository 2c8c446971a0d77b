/// How a border post stands with its headquarters: when it last heard from it and how old its
/// copies are. A post's console shows it on every page and its verdicts say when the copy of
/// the service's crossings is too old to trust.
public struct PostLink: Sendable, Hashable, Codable {
    /// When headquarters last answered at all.
    public var lastContact: Timestamp?
    /// When the post last took headquarters' reference data and watchlists (or found them unchanged).
    public var watchlistTakenAt: Timestamp?
    /// When the post last took the crossings recorded elsewhere in the service.
    public var crossingsTakenAt: Timestamp?
    /// Changes recorded here that headquarters has not acknowledged yet.
    public var waiting: Int64

    public init(lastContact: Timestamp?, watchlistTakenAt: Timestamp?, crossingsTakenAt: Timestamp?, waiting: Int64) {
        self.lastContact = lastContact
        self.watchlistTakenAt = watchlistTakenAt
        self.crossingsTakenAt = crossingsTakenAt
        self.waiting = waiting
    }

    /// Offline once headquarters has missed three rounds, and never before a minute: one lost
    /// round on a poor link is not worth a banner.
    public func isOffline(at now: Timestamp, roundSeconds: Int64) -> Bool {
        guard let lastContact else { return true }
        return now.milliseconds - lastContact.milliseconds > max(3 * roundSeconds, 60) * 1000
    }

    /// The note a verdict carries when the post's copy of the service's crossings is older than
    /// `limitSeconds` (or was never taken): a stay begun at another post after that moment is
    /// not counted here. Informational (`clear`): a post cut off for a day must go on working,
    /// and the officer weighs it.
    public func staleCrossingsReason(at now: Timestamp, limitSeconds: Int64) -> VerdictReason? {
        if let taken = crossingsTakenAt, now.milliseconds - taken.milliseconds <= limitSeconds * 1000 { return nil }
        guard let taken = crossingsTakenAt else {
            return VerdictReason(
                code: "service.crossings_unknown",
                level: .clear,
                message:
                    "this post has not yet received the crossings recorded elsewhere in the service: a stay begun at another post is not counted",
                details: [:]
            )
        }
        return VerdictReason(
            code: "service.crossings_stale",
            level: .clear,
            message:
                "crossings recorded elsewhere after \(taken.minuteText) UTC are not known here: a stay begun at another post since then is not counted",
            details: ["after": taken.description]
        )
    }
}

extension Timestamp {
    /// `YYYY-MM-DD HH:MM`, for a sentence.
    var minuteText: String {
        let text = description
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }
}
