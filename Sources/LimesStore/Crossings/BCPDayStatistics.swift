import LimesCore
import SQLKit

/// What a BCP did on one day: counts and times, no names. For supervisors and analysts.
public struct BCPDayStatistics: Sendable, Hashable, Codable {
    public struct Hour: Sendable, Hashable, Codable {
        public var hour: Int
        public var entries: Int
        public var exits: Int
    }

    public var bcp: String
    public var day: CalendarDate
    /// The 24 hours of the day (UTC), empty ones included, so that a chart has no gaps.
    public var hours: [Hour]
    public var entries: Int
    public var exits: Int
    public var admitted: Int
    public var referred: Int
    public var refused: Int
    public var openCases: Int
    /// From the start of the check to the decision, first-line decisions only.
    public var medianProcessingSeconds: Double?
    public var p90ProcessingSeconds: Double?
}

extension CrossingStore {
    public func bcpDay(_ code: String, day: CalendarDate) async throws -> BCPDayStatistics {
        let (rows, openCases) = try await read { db in
            let rows = try await db.raw(
                """
                SELECT direction, decision, stage, check_started_at, decided_at FROM crossings
                WHERE bcp_code = \(bind: code) AND day = \(bind: day.description)
                """
            ).all()
            let open = try await db.raw("SELECT count(*) AS n FROM cases WHERE bcp_code = \(bind: code) AND status = 'open'").first()
            return (rows, try open?.decode(column: "n", as: Int.self) ?? 0)
        }
        var hours = (0..<24).map { BCPDayStatistics.Hour(hour: $0, entries: 0, exits: 0) }
        var stats = BCPDayStatistics(
            bcp: code,
            day: day,
            hours: [],
            entries: 0,
            exits: 0,
            admitted: 0,
            referred: 0,
            refused: 0,
            openCases: openCases
        )
        var durations: [Double] = []
        for row in rows {
            let stage = try row.decode(column: "stage", as: String.self)
            let decision = try row.decode(column: "decision", as: String.self)
            switch decision {
            case Decision.admit.rawValue: stats.admitted += 1
            case Decision.refer.rawValue: stats.referred += 1
            case Decision.refuse.rawValue: stats.refused += 1
            default: break
            }
            // A referred traveller is decided twice; the crossing is counted once, at its end.
            let decided = try row.time("decided_at", of: "crossings")
            if stage == CrossingRecord.Stage.first.rawValue {
                let started = try row.time("check_started_at", of: "crossings")
                durations.append(Double(decided.milliseconds - started.milliseconds) / 1000)
            }
            guard decision != Decision.refer.rawValue else { continue }
            let hour = Int((decided.milliseconds / 3_600_000) % 24)
            if try row.decode(column: "direction", as: String.self) == Direction.entry.rawValue {
                hours[hour].entries += 1
                stats.entries += 1
            } else {
                hours[hour].exits += 1
                stats.exits += 1
            }
        }
        stats.hours = hours
        durations.sort()
        stats.medianProcessingSeconds = Percentile.nearestRank(durations, 0.5)
        stats.p90ProcessingSeconds = Percentile.nearestRank(durations, 0.9)
        return stats
    }
}
