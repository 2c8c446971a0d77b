import LimesCore
import SQLKit

// MARK: Processing times and queues

extension StatisticsStore {
    /// Processing times at one BCP, or every BCP when `bcp` is nil, from the rollups.
    public func processingTimes(bcp: String?, from: CalendarDate, to: CalendarDate) async throws -> ProcessingTimes {
        let rows = try await read { db in
            var query: SQLQueryString = """
                SELECT day, stage, hour, bucket, CAST(SUM(n) AS BIGINT) AS n FROM processing_times
                WHERE day >= \(bind: from.description) AND day <= \(bind: to.description)
                """
            if let bcp { query += " AND bcp_code = \(bind: bcp)" }
            query += " GROUP BY day, stage, hour, bucket"
            return try await db.raw(query).all()
        }
        var times = ProcessingTimes()
        for row in rows {
            let text = try row.decode(column: "day", as: String.self)
            guard let day = CalendarDate(iso: text) else { throw StoreError("processing_times: day '\(text)' is not a date") }
            let stage = try row.value("stage", as: CrossingRecord.Stage.self, of: "processing_times")
            let hour = try row.decode(column: "hour", as: Int.self)
            guard (0..<24).contains(hour) else { throw StoreError("processing_times \(text): hour \(hour) is not an hour") }
            times.add(
                day: day,
                hour: hour,
                secondLine: stage == .second,
                bucket: try row.decode(column: "bucket", as: Int.self),
                count: try row.decode(column: "n", as: Int.self)
            )
        }
        return times
    }

    /// Records how many people wait at a lane.
    public func reportQueue(bcp: String, lane: String, waiting: Int, by actor: String, at moment: Timestamp = Timestamp()) async throws -> LaneQueue {
        guard (0...10_000).contains(waiting) else {
            throw StoreError("waiting: give the number of people in the queue, 0 to 10000", field: "waiting")
        }
        return try await transaction { db in
            guard try await db.raw("SELECT code FROM lanes WHERE bcp_code = \(bind: bcp) AND code = \(bind: lane)").first() != nil else {
                throw StoreError("BCP \(bcp) has no lane \(lane)", code: .notFound, field: "lane")
            }
            try await db.raw(
                """
                INSERT INTO lane_queues (bcp_code, lane_code, reported_at, waiting, reported_by)
                VALUES (\(bind: bcp), \(bind: lane), \(bind: moment.description), \(bind: waiting), \(bind: actor))
                ON CONFLICT (bcp_code, lane_code, reported_at) DO UPDATE SET waiting = excluded.waiting, reported_by = excluded.reported_by
                """
            ).run()
            return LaneQueue(
                bcp: bcp,
                lane: lane,
                waiting: waiting,
                reportedAt: moment,
                decidedLastHour: try await StatisticsStore.decided(bcp: bcp, lane: lane, before: moment, on: db)
            )
        }
    }

    /// Each lane's latest report at a BCP, with its estimated wait; lanes that never reported
    /// are left out.
    public func queues(bcp: String) async throws -> [LaneQueue] {
        try await read { db in
            let rows = try await db.raw(
                """
                SELECT q.lane_code, q.waiting, q.reported_at FROM lane_queues q
                WHERE q.bcp_code = \(bind: bcp) AND q.reported_at = (
                    SELECT max(reported_at) FROM lane_queues l WHERE l.bcp_code = q.bcp_code AND l.lane_code = q.lane_code)
                ORDER BY q.lane_code
                """
            ).all()
            var result: [LaneQueue] = []
            for row in rows {
                let lane = try row.decode(column: "lane_code", as: String.self)
                let at = try row.time("reported_at", of: "lane_queues")
                result.append(
                    LaneQueue(
                        bcp: bcp,
                        lane: lane,
                        waiting: try row.decode(column: "waiting", as: Int.self),
                        reportedAt: at,
                        decidedLastHour: try await StatisticsStore.decided(bcp: bcp, lane: lane, before: at, on: db)
                    )
                )
            }
            return result
        }
    }

    static func decided(bcp: String, lane: String, before moment: Timestamp, on db: any SQLDatabase) async throws -> Int {
        let start = moment.adding(seconds: -3600)
        let days = Array(Set([start.day.description, moment.day.description]))
        return try await db.raw(
            """
            SELECT count(*) AS n FROM crossings WHERE bcp_code = \(bind: bcp) AND day IN (\(binds: days)) AND lane_code = \(bind: lane)
                AND stage = \(bind: CrossingRecord.Stage.first.rawValue)
                AND decided_at > \(bind: start.description) AND decided_at <= \(bind: moment.description)
            """
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
