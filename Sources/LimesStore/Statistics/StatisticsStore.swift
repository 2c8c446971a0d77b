import Foundation
import LimesCore
import SQLKit

/// Figures without names: the rollups kept as crossings are written (`crossing_counts`,
/// `processing_times`), queue reports (`lane_queues`), and the counts read from the smaller
/// record tables. Owns those tables and `releases`.
public struct StatisticsStore: StoreConcept {
    let store: Store
}

extension Store {
    public var statistics: StatisticsStore { StatisticsStore(store: self) }
}

// MARK: Keeping the rollups

extension StatisticsStore {
    static let travellerColumns: [(PeriodGranularity, String)] = [
        (.day, "travellers_day"), (.week, "travellers_week"), (.month, "travellers_month"), (.quarter, "travellers_quarter"),
        (.year, "travellers_year"),
    ]

    /// Adds a crossing just written to the rollups, in the writer's transaction: every path that
    /// writes a crossing (a booth, a post's batch at headquarters, headquarters' crossings at a
    /// post) calls this once for each crossing it inserted.
    ///
    /// - Parameter rebuilding: crossings are being counted again in the order they were
    ///   decided, so only those decided before this one have been counted.
    static func count(crossing id: String, rebuilding: Bool = false, engine: Store.Engine, on db: any SQLDatabase) async throws {
        guard
            let row = try await db.raw(
                """
                \(unsafeRaw: StatisticsStore.countedSelect) WHERE c.id = \(bind: id)
                """
            ).first()
        else { throw StoreError("crossings \(id): the crossing, its traveller or its document is missing", code: .notFound) }
        try await count(try Counted(row), rebuilding: rebuilding, engine: engine, on: db)
    }

    /// `count(crossing:)` for a crossing whose values the writer has at hand (a booth's decision).
    static func count(_ crossing: Counted, rebuilding: Bool = false, engine: Store.Engine, on db: any SQLDatabase) async throws {
        try await addTime(of: crossing, on: db)
        guard crossing.completes else { return }
        var flags = [Int](repeating: 1, count: travellerColumns.count)
        // Earlier crossings of the traveller in the same periods: counted once per period, in
        // the cell of the crossing decided first. A crossing that arrives late but was decided
        // earlier takes the count over from the one that had it.
        let (low, high) = bounds(of: crossing.day)
        // Only when and in what order: the whole record is read only for a crossing whose count
        // is taken over.
        let others = try await db.raw(
            """
            SELECT id, day, decided_at FROM crossings
            WHERE traveller_id = \(bind: crossing.traveller) AND id <> \(bind: crossing.id)
                AND day >= \(bind: low.description) AND day <= \(bind: high.description) AND decision <> \(bind: Decision.refer.rawValue)
            """
        ).all().map { row in
            let text = try row.decode(column: "day", as: String.self)
            guard let day = CalendarDate(iso: text) else { throw StoreError("crossings: day '\(text)' is not a date") }
            return (
                id: try row.decode(column: "id", as: String.self), day: day,
                order: (try row.time("decided_at", of: "crossings").milliseconds, try row.decode(column: "id", as: String.self))
            )
        }.filter { !rebuilding || $0.order < crossing.order }
        var losers: [String: [Int]] = [:]
        for (position, (granularity, _)) in travellerColumns.enumerated() {
            let label = granularity.label(of: crossing.day)
            let same = others.filter { granularity.label(of: $0.day) == label }
            guard let first = same.min(by: { $0.order < $1.order }) else { continue }
            if first.order < crossing.order {
                flags[position] = 0
            } else {
                losers[first.id, default: [Int](repeating: 0, count: travellerColumns.count)][position] = -1
            }
        }
        // A crossing that loses the count in several periods (its month and its year) is read
        // and changed once.
        for (id, moved) in losers.sorted(by: { $0.key < $1.key }) {
            guard
                let row = try await db.raw(
                    """
                    \(unsafeRaw: StatisticsStore.countedSelect) WHERE c.id = \(bind: id)
                    """
                ).first()
            else { throw StoreError("crossings \(id): its traveller or document is missing") }
            try await add(try Counted(row), crossings: 0, travellers: moved, engine: engine, on: db)
        }
        try await add(crossing, crossings: 1, travellers: flags, engine: engine, on: db)
    }

    /// The columns a `Counted` is read from, and their tables; a caller adds its `WHERE`.
    static let countedSelect = """
        SELECT c.id, c.check_id, c.stage, c.traveller_id, c.bcp_code, c.lane_code, c.direction, c.decision, c.ground, c.day,
            c.check_started_at, c.decided_at, t.nationality, t.sex, t.birth_date, d.kind AS document_type
        FROM crossings c JOIN travellers t ON t.id = c.traveller_id JOIN documents d ON d.id = c.document_id
        """

    /// A stored sex as the figures count it: F, M, X, or UNK for anything else.
    static func sexCode(_ sex: String?) -> String { ["F", "M", "X"].contains(sex ?? "") ? sex! : "UNK" }

    /// The days a crossing's periods can share with others: its ISO week and its year.
    static func bounds(of day: CalendarDate) -> (CalendarDate, CalendarDate) {
        let week = PeriodGranularity.week.start(of: day)
        let year = PeriodGranularity.year.start(of: day)
        let yearEnd = CalendarDate(year: day.year, month: 12, day: 31)!
        return (min(week, year), max(week.adding(days: 6), yearEnd))
    }

    static func add(_ crossing: Counted, crossings: Int, travellers: [Int], engine: Store.Engine, on db: any SQLDatabase) async throws {
        let names = travellerColumns.map(\.1)
        let updates = (["crossings"] + names).map { "\($0) = crossing_counts.\($0) + excluded.\($0)" }.joined(separator: ", ")
        let values: [any Encodable & Sendable] = crossing.key + [crossings] + travellers
        try await db.raw(
            """
            INSERT INTO crossing_counts (day, bcp_code, lane_code, direction, outcome, ground, citizenship, sex, age, document_type,
                crossings, \(unsafeRaw: names.joined(separator: ", ")))
            VALUES (\(binds: values))
            ON CONFLICT (day, bcp_code, lane_code, direction, outcome, ground, citizenship, sex, age, document_type)
            DO UPDATE SET \(unsafeRaw: updates)
            """
        ).run()
        try await addGathered(crossing, crossings: crossings, travellers: travellers, engine: engine, on: db)
    }

    /// First-line decisions time the check, from its start; second-line decisions time the
    /// case, from the referral that opened it.
    static func addTime(of crossing: Counted, on db: any SQLDatabase) async throws {
        let started: Timestamp
        switch crossing.stage {
        case .first:
            started = crossing.checkStarted
        case .second:
            guard
                let referral = try await db.raw(
                    "SELECT decided_at FROM crossings WHERE check_id = \(bind: crossing.check) AND stage = \(bind: CrossingRecord.Stage.first.rawValue)"
                ).first()
            else { return }
            started = try referral.time("decided_at", of: "crossings")
        }
        let seconds = Double(crossing.decided.milliseconds - started.milliseconds) / 1000
        let hour = Int((started.milliseconds / 3_600_000) % 24)
        try await db.raw(
            """
            INSERT INTO processing_times (day, bcp_code, lane_code, stage, hour, bucket, n)
            VALUES (\(bind: started.day.description), \(bind: crossing.bcp), \(bind: crossing.lane), \(bind: crossing.stage.rawValue),
                \(bind: hour), \(bind: DurationHistogram.bucket(seconds: seconds)), 1)
            ON CONFLICT (day, bcp_code, lane_code, stage, hour, bucket) DO UPDATE SET n = processing_times.n + excluded.n
            """
        ).run()
    }

    /// A crossing as the rollups see it.
    struct Counted {
        var id: String
        var check: String
        var stage: CrossingRecord.Stage
        var traveller: String
        var bcp: String
        var lane: String
        var direction: String
        var decision: Decision
        var ground: String
        var day: CalendarDate
        var checkStarted: Timestamp
        var decided: Timestamp
        var citizenship: String
        var sex: String
        var age: Int
        var documentType: String

        init(_ record: CrossingRecord, citizenship: String, sex: String?, birth: String, documentType: String) {
            id = record.id
            check = record.checkID
            stage = record.stage
            traveller = record.travellerID
            bcp = record.bcp
            lane = record.lane
            direction = record.direction.rawValue
            decision = record.decision
            ground = record.ground ?? "_Z"
            day = record.day
            checkStarted = record.checkStartedAt
            decided = record.decidedAt
            self.citizenship = citizenship
            self.sex = StatisticsStore.sexCode(sex)
            age = AgeBands.age(birth: birth, on: record.day) ?? -1
            self.documentType = documentType
        }

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: String.self)
            check = try row.decode(column: "check_id", as: String.self)
            stage = try row.value("stage", as: CrossingRecord.Stage.self, of: "crossings")
            traveller = try row.decode(column: "traveller_id", as: String.self)
            bcp = try row.decode(column: "bcp_code", as: String.self)
            lane = try row.decode(column: "lane_code", as: String.self)
            direction = try row.decode(column: "direction", as: String.self)
            decision = try row.value("decision", as: Decision.self, of: "crossings")
            ground = try row.decode(column: "ground", as: String?.self) ?? "_Z"
            let dayText = try row.decode(column: "day", as: String.self)
            guard let day = CalendarDate(iso: dayText) else { throw StoreError("crossings \(id): day '\(dayText)' is not a date") }
            self.day = day
            checkStarted = try row.time("check_started_at", of: "crossings")
            decided = try row.time("decided_at", of: "crossings")
            citizenship = try row.decode(column: "nationality", as: String.self)
            let sex = try row.decode(column: "sex", as: String?.self) ?? ""
            self.sex = StatisticsStore.sexCode(sex)
            age = AgeBands.age(birth: try row.decode(column: "birth_date", as: String.self), on: day) ?? -1
            documentType = try row.decode(column: "document_type", as: String.self)
        }

        /// Admitted or refused: the crossing is done. A referral is counted at its decision.
        var completes: Bool { decision != .refer }
        var order: (Int64, String) { (decided.milliseconds, id) }
        var key: [any Encodable & Sendable] {
            [day.description, bcp, lane, direction, decision.rawValue, decision == .refuse ? ground : "_Z", citizenship, sex, age, documentType]
        }
    }
}

// MARK: Rebuilding and checking

extension StatisticsStore {
    /// Recomputes the rollups from the crossings: at the upgrade that introduced them, and on
    /// request (`limes stats rebuild`).
    static func rebuild(engine: Store.Engine, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM crossing_counts").run()
        try await db.raw("DELETE FROM crossing_rollups").run()
        try await db.raw("UPDATE statistics_state SET day_through = '', month_through = '', age_bands = '' WHERE id = 1").run()
        try await db.raw("DELETE FROM processing_times").run()
        let ids = try await db.raw("SELECT id FROM crossings ORDER BY decided_at, id").all().map { try $0.decode(column: "id", as: String.self) }
        for id in ids { try await count(crossing: id, rebuilding: true, engine: engine, on: db) }
    }

    public func rebuild(actor: String) async throws {
        try await transaction { db in
            try await StatisticsStore.rebuild(engine: self.engine, on: db)
            try await self.appendAudit(
                [AuditEntry(actor: actor, action: "update", recordType: "statistics", recordID: "rollups", purpose: "rebuild from the crossings")],
                on: db
            )
        }
    }

    /// Where the rollups and the crossings disagree, recomputed from the crossings in memory;
    /// empty when they agree.
    public func differences() async throws -> [String] {
        try await read { db in
            let rows = try await db.raw(
                """
                \(unsafeRaw: StatisticsStore.countedSelect) WHERE c.decision <> \(bind: Decision.refer.rawValue)
                """
            ).all().map(Counted.init)
            var expected: [String: [Int]] = [:]
            var firsts: [String: (Int64, String)] = [:]
            for crossing in rows {
                for (granularity, _) in StatisticsStore.travellerColumns {
                    let slot = "\(crossing.traveller)|\(granularity.rawValue)|\(granularity.label(of: crossing.day))"
                    if let known = firsts[slot], known < crossing.order { continue }
                    firsts[slot] = crossing.order
                }
            }
            for crossing in rows {
                let key = StatisticsStore.keyText(crossing.key)
                var values = expected[key] ?? [Int](repeating: 0, count: 6)
                values[0] += 1
                for (position, (granularity, _)) in StatisticsStore.travellerColumns.enumerated() {
                    let slot = "\(crossing.traveller)|\(granularity.rawValue)|\(granularity.label(of: crossing.day))"
                    if let first = firsts[slot], first.0 == crossing.order.0, first.1 == crossing.order.1 { values[position + 1] += 1 }
                }
                expected[key] = values
            }
            var stored: [String: [Int]] = [:]
            let state = try await StatisticsStore.compaction(on: db, share: false, engine: self.engine)
            var gatheredExpected: [String: [Int]] = [:]
            for row in try await db.raw("SELECT * FROM crossing_counts").all() {
                let key: [any Encodable & Sendable] = try [
                    row.decode(column: "day", as: String.self), row.decode(column: "bcp_code", as: String.self),
                    row.decode(column: "lane_code", as: String.self), row.decode(column: "direction", as: String.self),
                    row.decode(column: "outcome", as: String.self), row.decode(column: "ground", as: String.self),
                    row.decode(column: "citizenship", as: String.self), row.decode(column: "sex", as: String.self),
                    row.decode(column: "age", as: Int.self), row.decode(column: "document_type", as: String.self),
                ]
                let values = try (["crossings"] + StatisticsStore.travellerColumns.map(\.1)).map { try row.decode(column: $0, as: Int.self) }
                if values.contains(where: { $0 != 0 }) { stored[StatisticsStore.keyText(key)] = values }
                // The gathered levels, as the days they gathered add up.
                if let bands = state.bands, let dayText = key[0] as? String, let day = CalendarDate(iso: dayText), let age = key[8] as? Int {
                    let full: [String: any Encodable & Sendable] = [
                        "bcp_code": key[1], "lane_code": key[2], "direction": key[3], "outcome": key[4], "ground": key[5], "citizenship": key[6],
                        "sex": key[7], "age_band": bands.code(forAge: age >= 0 ? age : nil), "document_type": key[9],
                    ]
                    for level in StatisticsStore.levels where state.covers(day, at: level) {
                        for grain in level.grains {
                            let gatheredKey: [any Encodable & Sendable] =
                                [level.name, grain.name, level.granularity.start(of: day).description]
                                + StatisticsStore.rollupColumns.map { grain.columns.contains($0) ? full[$0]! : "_T" }
                            var sums = gatheredExpected[StatisticsStore.keyText(gatheredKey)] ?? [0, 0, 0, 0, 0, 0]
                            for index in 0..<6 { sums[index] += values[index] }
                            gatheredExpected[StatisticsStore.keyText(gatheredKey)] = sums
                        }
                    }
                }
            }
            var found: [String] = []
            for key in Set(expected.keys).union(stored.keys).sorted() where expected[key] != stored[key] {
                found.append("\(key): crossings say \(expected[key] ?? []), rollups say \(stored[key] ?? [])")
            }
            var gathered: [String: [Int]] = [:]
            for row in try await db.raw("SELECT * FROM crossing_rollups").all() {
                let key: [any Encodable & Sendable] =
                    try [
                        row.decode(column: "level", as: String.self), row.decode(column: "grain", as: String.self),
                        row.decode(column: "start", as: String.self),
                    ]
                    + StatisticsStore.rollupColumns.map { try row.decode(column: $0, as: String.self) }
                let values = try (["crossings"] + StatisticsStore.travellerColumns.map(\.1)).map { try row.decode(column: $0, as: Int.self) }
                if values.contains(where: { $0 != 0 }) { gathered[StatisticsStore.keyText(key)] = values }
            }
            gatheredExpected = gatheredExpected.filter { $0.value.contains { $0 != 0 } }
            for key in Set(gatheredExpected.keys).union(gathered.keys).sorted() where gatheredExpected[key] != gathered[key] {
                found.append("gathered \(key): days say \(gatheredExpected[key] ?? []), gathered rollup says \(gathered[key] ?? [])")
            }
            return found
        }
    }

    static func keyText(_ key: [any Encodable & Sendable]) -> String { key.map { "\($0)" }.joined(separator: "|") }
}
