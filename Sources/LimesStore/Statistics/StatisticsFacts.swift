import LimesCore
import SQLKit

// MARK: Reading figures

extension StatisticsStore {
    /// Counts by day and by the given dimensions over a range of days. Crossings and travellers
    /// come from the rollups; the other measures from their own, smaller tables. `filters`
    /// narrows what is read (a table's own filters; a release reads without them).
    ///
    /// - Parameter periods: the shortest period the caller will cut the days into (nil: none).
    ///   Crossings over whole months already gathered are then read from the monthly rollup,
    ///   unless the caller needs days, weeks or lanes.
    public func facts(
        _ source: StatSource,
        dimensions: [StatDimension],
        from: CalendarDate,
        to: CalendarDate,
        filters: [StatDimension: [String]] = [:],
        ages: AgeBands = .eurostat,
        periods: PeriodGranularity? = .day
    ) async throws -> StatFacts {
        let plan = try StatisticsStore.plan(source)
        let dims = dimensions.filter { $0 != .period }
        for dimension in dims where plan.columns[dimension] == nil {
            throw StoreError("\(source.measure.rawValue) cannot be broken down by \(dimension.rawValue)", field: "by")
        }
        // Whole months, then whole days, already gathered are read from their rollups at the
        // smallest grain that has what the table needs; the days left from the days' rows.
        var parts: [(plan: Plan, from: CalendarDate, to: CalendarDate)] = []
        var rest = [(from: from, to: to)]
        let needs = Set(dims).union(filters.keys).union(plan.condition == nil ? [] : [.outcome])
        let state = try await read { db in try await StatisticsStore.compaction(on: db, share: false, engine: self.engine) }
        if state.bands == ages {
            for level in StatisticsStore.levels.reversed() {
                guard level.granularity == .day || periods.map({ [.month, .quarter, .year].contains($0) }) ?? true,
                    let gathered = try StatisticsStore.gatheredPlan(source, level: level, needs: needs), let through = state.through[level.name]
                else { continue }
                var left: [(from: CalendarDate, to: CalendarDate)] = []
                for range in rest {
                    let unit = level.granularity
                    let first = unit.start(of: range.from) == range.from ? range.from : StatPeriod(unit.label(of: range.from))!.last.adding(days: 1)
                    let lastEnd = StatPeriod(unit.label(of: range.to))!.last == range.to ? range.to : unit.start(of: range.to).adding(days: -1)
                    let last = min(unit.start(of: lastEnd), through)
                    guard first <= last else {
                        left.append(range)
                        continue
                    }
                    let end = StatPeriod(unit.label(of: last))!.last
                    parts.append((gathered, first, end))
                    if range.from < first { left.append((range.from, first.adding(days: -1))) }
                    if end < range.to { left.append((end.adding(days: 1), range.to)) }
                }
                rest = left
            }
        }
        parts += rest.map { (plan, $0.from, $0.to) }
        var merged: [[String]: Int] = [:]
        var days: [String: CalendarDate] = [:]
        for part in parts {
            try await read(part.plan, dims: dims, from: part.from, to: part.to, filters: filters, ages: ages, into: &merged, days: &days)
        }
        return StatFacts(
            dimensions: dims,
            rows: merged.map { StatFacts.Row(day: days[$0.key[0]]!, values: Array($0.key.dropFirst()), count: $0.value) }
        )
    }

    private func read(
        _ plan: Plan,
        dims: [StatDimension],
        from: CalendarDate,
        to: CalendarDate,
        filters: [StatDimension: [String]],
        ages: AgeBands,
        into merged: inout [[String]: Int],
        days: inout [String: CalendarDate]
    ) async throws {
        var selected: [String] = []
        for dimension in dims {
            selected.append(dimension == .ageBand ? plan.age : plan.columns[dimension]!)
        }
        if dims.contains(.ageBand), let birth = plan.birth { selected.append(birth) }
        let dayColumn = plan.day
        let groups = ([dayColumn] + selected.filter { $0 != "NULL" }).joined(separator: ", ")
        var query: SQLQueryString = "SELECT \(unsafeRaw: dayColumn) AS stat_day"
        for (index, column) in selected.enumerated() { query += ", \(unsafeRaw: column) AS v\(unsafeRaw: String(index))" }
        query += ", \(unsafeRaw: plan.count) AS n FROM \(unsafeRaw: plan.from) WHERE \(unsafeRaw: dayColumn) >= \(bind: from.description)"
        query += " AND \(unsafeRaw: dayColumn) <= \(bind: to.description)"
        if let condition = plan.condition { query += " AND \(unsafeRaw: condition)" }
        for (dimension, values) in filters.sorted(by: { $0.key < $1.key }) where dimension != .period {
            guard let column = plan.columns[dimension], dimension != .ageBand || plan.ageIsBand else { continue }
            query += " AND \(unsafeRaw: column) IN (\(binds: values))"
        }
        query += " GROUP BY \(unsafeRaw: groups)"
        let finished = query
        let rows = try await read { db in try await db.raw(finished).all() }
        for row in rows {
            let dayText = try row.decode(column: "stat_day", as: String.self)
            guard let day = days[dayText] ?? CalendarDate(iso: dayText) else {
                throw StoreError("\(plan.table): the day '\(dayText)' of a record is not a date")
            }
            days[dayText] = day
            var values: [String] = []
            for (index, dimension) in dims.enumerated() {
                switch dimension {
                case .ageBand where plan.ageIsBand:
                    values.append(try row.decode(column: "v\(index)", as: String.self))
                case .ageBand:
                    var age = try row.decode(column: "v\(index)", as: Int?.self)
                    if age == nil, plan.birth != nil {
                        age = AgeBands.age(birth: try row.decode(column: "v\(selected.count - 1)", as: String?.self) ?? "", on: day)
                    }
                    values.append(ages.code(forAge: age.flatMap { $0 >= 0 ? $0 : nil }))
                case .sex:
                    values.append(StatisticsStore.sexCode(try row.decode(column: "v\(index)", as: String?.self)))
                default:
                    values.append(try row.decode(column: "v\(index)", as: String?.self) ?? "_Z")
                }
            }
            merged[[dayText] + values, default: 0] += try row.decode(column: "n", as: Int.self)
        }
    }

    /// The plan of a gathered level for crossings, refusals and travellers, at the smallest
    /// grain that has every dimension needed; nil for other sources, and when no grain has them.
    static func gatheredPlan(_ source: StatSource, level: Level, needs: Set<StatDimension>) throws -> Plan? {
        guard source.measure == .crossings || source.measure == .travellers || source.measure == .refusals else { return nil }
        let column: [StatDimension: String] = [
            .bcp: "bcp_code", .borderType: "bcp_code", .lane: "lane_code", .direction: "direction", .citizenship: "citizenship", .sex: "sex",
            .ageBand: "age_band", .documentType: "document_type", .outcome: "outcome", .ground: "ground",
        ]
        let wanted = Set(needs.compactMap { column[$0] })
        guard let grain = level.grains.first(where: { wanted.isSubset(of: $0.columns) }) else { return nil }
        var count = "CAST(SUM(c.crossings) AS BIGINT)"
        if source.measure == .travellers {
            guard let per = source.per, level.travellers.contains(per) else { return nil }
            count = "CAST(SUM(c.travellers_\(per.rawValue)) AS BIGINT)"
        }
        return Plan(
            table: "crossing_rollups",
            from: "crossing_rollups c LEFT JOIN bcps b ON b.code = c.bcp_code",
            day: "c.start",
            count: count,
            condition: "c.level = '\(level.name)' AND c.grain = '\(grain.name)'" + (source.measure == .refusals ? " AND c.outcome = 'refuse'" : ""),
            columns: [
                .bcp: "c.bcp_code", .borderType: "b.kind", .lane: "c.lane_code", .direction: "c.direction", .citizenship: "c.citizenship",
                .sex: "c.sex", .ageBand: "c.age_band", .documentType: "c.document_type", .outcome: "c.outcome", .ground: "c.ground",
            ],
            age: "c.age_band",
            ageIsBand: true
        )
    }

    /// Where a source's records are and how each dimension reads from them.
    struct Plan {
        var table: String
        var from: String
        var day: String
        var count: String
        var condition: String?
        var columns: [StatDimension: String]
        /// The column holding an age in years (-1 or NULL when unknown).
        var age: String
        /// A date of birth to work the age out from when `age` is NULL.
        var birth: String?
        /// `age` holds band codes already (the monthly rollup).
        var ageIsBand = false
    }

    static func plan(_ source: StatSource) throws -> Plan {
        let person: [StatDimension: String] = [.citizenship: "t.nationality", .sex: "t.sex", .ageBand: "NULL"]
        switch source.measure {
        case .crossings, .travellers, .refusals:
            var count = "CAST(SUM(c.crossings) AS BIGINT)"
            if source.measure == .travellers {
                guard let column = travellerColumns.first(where: { $0.0 == source.per })?.1 else {
                    throw StoreError("travellers are counted per day, week, month, quarter or year", field: "period")
                }
                count = "CAST(SUM(c.\(column)) AS BIGINT)"
            }
            return Plan(
                table: "crossing_counts",
                from: "crossing_counts c JOIN bcps b ON b.code = c.bcp_code",
                day: "c.day",
                count: count,
                condition: source.measure == .refusals ? "c.outcome = 'refuse'" : nil,
                columns: [
                    .bcp: "c.bcp_code", .borderType: "b.kind", .lane: "c.lane_code", .direction: "c.direction", .citizenship: "c.citizenship",
                    .sex: "c.sex", .ageBand: "c.age", .documentType: "c.document_type", .outcome: "c.outcome", .ground: "c.ground",
                ],
                age: "c.age"
            )
        case .hits:
            return Plan(
                table: "hits",
                from: """
                    hits h JOIN checks k ON k.id = h.check_id JOIN travellers t ON t.id = h.traveller_id
                    JOIN documents d ON d.id = k.document_id JOIN bcps b ON b.code = k.bcp_code
                    """,
                day: "substr(k.checked_at, 1, 10)",
                count: "count(*)",
                columns: person.merging([
                    .bcp: "k.bcp_code", .borderType: "b.kind", .direction: "k.direction", .documentType: "d.kind", .list: "h.list",
                    .outcome: "h.status",
                ]) { $1 },
                age: "NULL",
                birth: "t.birth_date"
            )
        case .protectionFlags:
            return Plan(
                table: "protection_flags",
                from: "protection_flags f JOIN travellers t ON t.id = f.traveller_id",
                day: "substr(f.raised_at, 1, 10)",
                count: "count(*)",
                columns: person.merging([.kind: "f.kind", .outcome: "f.status"]) { $1 },
                age: "NULL",
                birth: "t.birth_date"
            )
        case .referrals:
            return Plan(
                table: "referrals",
                from: "referrals r JOIN travellers t ON t.id = r.traveller_id",
                day: "substr(r.sent_at, 1, 10)",
                count: "count(*)",
                columns: person.merging([.kind: "r.kind", .outcome: "r.status"]) { $1 },
                age: "NULL",
                birth: "t.birth_date"
            )
        case .overstays:
            // Counted on the last authorised day, once that day is past; left or not, by any
            // later admitted crossing.
            let left = """
                CASE WHEN EXISTS (SELECT 1 FROM crossings x WHERE x.traveller_id = c.traveller_id AND x.decision = 'admit'
                    AND x.decided_at > c.decided_at) THEN 'left' ELSE 'still_in' END
                """
            return Plan(
                table: "crossings",
                from: """
                    (SELECT c.*, \(left) AS stay_outcome FROM crossings c
                        WHERE c.direction = 'entry' AND c.decision = 'admit' AND c.authorised_until IS NOT NULL
                            AND c.authorised_until < '\(CalendarDate.today().description)') c
                    JOIN travellers t ON t.id = c.traveller_id JOIN documents d ON d.id = c.document_id JOIN bcps b ON b.code = c.bcp_code
                    """,
                day: "c.authorised_until",
                count: "count(*)",
                columns: person.merging([
                    .bcp: "c.bcp_code", .borderType: "b.kind", .documentType: "d.kind", .outcome: "c.stay_outcome",
                ]) { $1 },
                age: "NULL",
                birth: "t.birth_date"
            )
        case .personsWithoutDocuments:
            return Plan(
                table: "persons_without_documents",
                from: "persons_without_documents p JOIN travellers t ON t.id = p.traveller_id JOIN bcps b ON b.code = p.bcp_code",
                day: "substr(p.registered_at, 1, 10)",
                count: "count(*)",
                columns: person.merging([.bcp: "p.bcp_code", .borderType: "b.kind"]) { $1 },
                age: "p.estimated_age",
                birth: "t.birth_date"
            )
        }
    }

    /// The figures of one table, read with its own filters.
    public func table(_ query: StatQuery, ages: AgeBands = .eurostat) async throws -> StatTable {
        let source = query.asSource
        let facts = try await facts(
            source.source,
            dimensions: StatFacts.dimensions(for: [source]),
            from: source.from,
            to: source.to,
            filters: source.filters,
            ages: ages,
            periods: source.by.contains(.period) ? source.every : nil
        )
        var table = StatTable.build(source, from: facts)
        table.query = query
        return table
    }
}
