/// How long checks and second-line cases took at a BCP over some days, overall and by weekday
/// and hour of the day (UTC) the check started: the figures lanes are staffed by.
public struct ProcessingTimes: Sendable, Hashable, Codable {
    public struct Slot: Sendable, Hashable, Codable {
        /// 1 for Monday to 7 for Sunday.
        public var weekday: Int
        public var hour: Int
        public var first: DurationHistogram
        public var second: DurationHistogram

        public init(weekday: Int, hour: Int, first: DurationHistogram = .init(), second: DurationHistogram = .init()) {
            self.weekday = weekday
            self.hour = hour
            self.first = first
            self.second = second
        }
    }

    /// From the start of a first-line check to its decision.
    public var first: DurationHistogram
    /// From the referral that opened a second-line case to its decision.
    public var second: DurationHistogram
    /// The 168 hours of the week, empty ones included.
    public var byHour: [Slot]

    public init(first: DurationHistogram = .init(), second: DurationHistogram = .init(), byHour: [Slot]? = nil) {
        self.first = first
        self.second = second
        self.byHour = byHour ?? (1...7).flatMap { weekday in (0..<24).map { Slot(weekday: weekday, hour: $0) } }
    }

    public mutating func add(day: CalendarDate, hour: Int, secondLine: Bool, bucket: Int, count: Int) {
        let index = (day.isoWeekday - 1) * 24 + hour
        if secondLine {
            second.add(bucket: bucket, count: count)
            byHour[index].second.add(bucket: bucket, count: count)
        } else {
            first.add(bucket: bucket, count: count)
            byHour[index].first.add(bucket: bucket, count: count)
        }
    }
}

/// What a lane reports of its queue, and the wait it makes, estimated from the lane's recent
/// throughput: people waiting divided by people decided per minute over the hour before.
public struct LaneQueue: Sendable, Hashable, Codable {
    public var bcp: String
    public var lane: String
    public var waiting: Int
    public var reportedAt: Timestamp
    /// First-line decisions at the lane in the hour before the report.
    public var decidedLastHour: Int
    /// Nil when the lane decided nobody in that hour: no throughput, no estimate.
    public var estimatedWaitMinutes: Double?

    public init(bcp: String, lane: String, waiting: Int, reportedAt: Timestamp, decidedLastHour: Int) {
        self.bcp = bcp
        self.lane = lane
        self.waiting = waiting
        self.reportedAt = reportedAt
        self.decidedLastHour = decidedLastHour
        estimatedWaitMinutes = decidedLastHour > 0 ? Double(waiting) / (Double(decidedLastHour) / 60) : nil
    }
}
