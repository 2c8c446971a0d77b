/// A table asked for: one measure over a range of days, broken down by some dimensions and
/// filtered on others. Built from request parameters with an error that names the parameter.
public struct StatQuery: Sendable, Hashable, Codable {
    public var measure: StatMeasure
    public var from: CalendarDate
    public var to: CalendarDate
    /// Breakdown dimensions, in the order of the table's columns.
    public var by: [StatDimension]
    /// How periods are cut when `by` holds `period`.
    public var every: PeriodGranularity
    /// Only records whose value on the dimension is one of these.
    public var filters: [StatDimension: [String]]

    public init(
        measure: StatMeasure,
        from: CalendarDate,
        to: CalendarDate,
        by: [StatDimension] = [],
        every: PeriodGranularity = .month,
        filters: [StatDimension: [String]] = [:]
    ) {
        self.measure = measure
        self.from = from
        self.to = to
        self.by = by
        self.every = every
        self.filters = filters
    }

    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var parameter: String
        public var message: String
        public var description: String { "\(parameter): \(message)" }
    }

    /// The parameters a table is asked with; anything else is refused, so that a misspelt
    /// filter cannot silently widen a figure.
    public static let parameters = ["measure", "from", "to", "period", "by", "every"] + StatDimension.allCases.map(\.rawValue)

    /// Reads `measure`, `period` (or `from` and `to`), `by` (comma separated), `every`, and one
    /// parameter per filtered dimension (values comma separated).
    public init(parameters: [(String, String)], today: CalendarDate, ages: AgeBands = .eurostat) throws(Problem) {
        var seen: Set<String> = []
        var values: [String: String] = [:]
        for (name, value) in parameters {
            guard Self.parameters.contains(name) else {
                throw Problem(parameter: name, message: "no such parameter; use \(Self.parameters.joined(separator: ", "))")
            }
            guard seen.insert(name).inserted else { throw Problem(parameter: name, message: "given twice; give it once, values separated by commas") }
            values[name] = value
        }
        guard let measureText = values["measure"] else {
            throw Problem(parameter: "measure", message: "missing; use one of \(StatMeasure.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let measure = StatMeasure(rawValue: measureText) else {
            throw Problem(
                parameter: "measure",
                message: "'\(measureText)' is not a measure; use one of \(StatMeasure.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        var from: CalendarDate
        var to: CalendarDate
        if let text = values["period"] {
            guard values["from"] == nil, values["to"] == nil else {
                throw Problem(parameter: "period", message: "give either a period or from and to, not both")
            }
            guard let period = StatPeriod(text) else {
                throw Problem(parameter: "period", message: "'\(text)' is not a period; write 2026, 2026-Q4, 2026-12, 2026-W49 or 2026-12-08")
            }
            (from, to) = (period.first, period.last)
        } else {
            from = CalendarDate(year: today.year, month: 1, day: 1)!
            to = today
            if let text = values["from"] {
                guard let period = StatPeriod(text) else { throw Problem(parameter: "from", message: "'\(text)' is not a day or a period") }
                from = period.first
            }
            if let text = values["to"] {
                guard let period = StatPeriod(text) else { throw Problem(parameter: "to", message: "'\(text)' is not a day or a period") }
                to = period.last
            }
            guard from <= to else { throw Problem(parameter: "to", message: "the period ends (\(to)) before it starts (\(from))") }
        }
        var every = PeriodGranularity.month
        if let text = values["every"] {
            guard let value = PeriodGranularity(rawValue: text) else {
                throw Problem(parameter: "every", message: "'\(text)' is not day, week, month, quarter or year")
            }
            every = value
        }
        var by: [StatDimension] = []
        if let text = values["by"], !text.isEmpty {
            for name in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
                guard let dimension = StatDimension(rawValue: name) else {
                    throw Problem(
                        parameter: "by",
                        message: "'\(name)' is not a breakdown; use \(measure.dimensions.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                guard !by.contains(dimension) else { throw Problem(parameter: "by", message: "'\(name)' is given twice") }
                by.append(dimension)
            }
        }
        var filters: [StatDimension: [String]] = [:]
        for dimension in StatDimension.allCases where dimension != .period {
            guard let text = values[dimension.rawValue] else { continue }
            let list = text.split(separator: ",").map(String.init)
            guard !list.isEmpty else { throw Problem(parameter: dimension.rawValue, message: "give at least one value") }
            filters[dimension] = list
        }
        self.init(measure: measure, from: from, to: to, by: by, every: every, filters: filters)
        if let problem = problems(ages: ages).first { throw problem }
    }

    /// What does not fit the measure: breakdowns and filters it does not carry, values outside
    /// a fixed list, a period that ends before it starts, or more than four breakdowns.
    public func problems(ages: AgeBands) -> [Problem] {
        var found: [Problem] = []
        if to < from { found.append(Problem(parameter: "to", message: "the period ends (\(to)) before it starts (\(from))")) }
        if from.days(until: to) > 366 * 20 { found.append(Problem(parameter: "from", message: "a table covers at most 20 years")) }
        for dimension in by where !measure.dimensions.contains(dimension) {
            found.append(
                Problem(
                    parameter: "by",
                    message:
                        "\(measure.rawValue) cannot be broken down by \(dimension.rawValue); use \(measure.dimensions.map(\.rawValue).joined(separator: ", "))"
                )
            )
        }
        if measure == .travellers, !by.contains(.period), StatPeriod.exactly(from, to) == nil {
            found.append(
                Problem(
                    parameter: "period",
                    message: "travellers are counted once per day, week, month, quarter or year; give one such period or break down by period"
                )
            )
        }
        if by.count > 4 { found.append(Problem(parameter: "by", message: "at most four breakdowns in one table")) }
        for (dimension, values) in filters.sorted(by: { $0.key < $1.key }) {
            guard measure.dimensions.contains(dimension) else {
                found.append(Problem(parameter: dimension.rawValue, message: "\(measure.rawValue) has no \(dimension.rawValue) to filter on"))
                continue
            }
            if let fixed = dimension.fixedValues(ages: ages), let wrong = values.first(where: { !fixed.contains($0) }) {
                found.append(Problem(parameter: dimension.rawValue, message: "'\(wrong)' is not one of \(fixed.joined(separator: ", "))"))
            }
            if let long = values.first(where: { $0.count > 60 || $0.contains(where: { $0.isNewline }) }) {
                found.append(Problem(parameter: dimension.rawValue, message: "'\(long.prefix(20))…' is not a value"))
            }
        }
        return found
    }

    /// Where the figures come from: the measure whose records are counted (a refusal is a
    /// crossing refused), and for travellers, the period within which each is counted once.
    public var source: StatSource {
        switch measure {
        case .refusals: return StatSource(measure: .crossings)
        case .travellers:
            return StatSource(measure: .travellers, per: by.contains(.period) ? every : StatPeriod.exactly(from, to)?.granularity ?? .day)
        default: return StatSource(measure: measure)
        }
    }

    /// The same table as its source measure counts it: refusals are crossings whose outcome is
    /// refuse.
    public var asSource: StatQuery {
        guard measure == .refusals else { return self }
        var query = self
        query.measure = .crossings
        query.filters[.outcome] = ["refuse"]
        return query
    }

    /// True when the table's days are whole months and it cuts them into no less than months.
    public var coversWholeMonths: Bool {
        let month = PeriodGranularity.month
        return month.start(of: from) == from && StatPeriod(month.label(of: to))?.last == to
            && (!by.contains(.period) || [.month, .quarter, .year].contains(every))
    }

    /// The same table a year before, its ends widened to whole periods, for trends.
    public var yearEarlier: StatQuery {
        func shifted(_ day: CalendarDate) -> CalendarDate {
            CalendarDate(year: day.year - 1, month: day.month, day: min(day.day, CalendarDate.daysInMonth(year: day.year - 1, month: day.month)))!
        }
        var query = self
        query.from = every.start(of: shifted(from))
        query.to = StatPeriod(every.label(of: shifted(to)))!.last
        return query
    }

    /// The value of a record on a breakdown, given the day the record belongs to.
    public func key(of day: CalendarDate, _ value: (StatDimension) -> String) -> [String] {
        by.map { $0 == .period ? every.label(of: day) : value($0) }
    }
}

/// The records behind a measure, as the store reads them.
public struct StatSource: Sendable, Hashable, Codable {
    public var measure: StatMeasure
    /// For travellers: counted once within each period of this length.
    public var per: PeriodGranularity?

    public init(measure: StatMeasure, per: PeriodGranularity? = nil) {
        self.measure = measure
        self.per = per
    }
}

extension StatPeriod {
    /// The period that runs exactly from one day to another, the longest first.
    public static func exactly(_ from: CalendarDate, _ to: CalendarDate) -> StatPeriod? {
        for granularity in PeriodGranularity.allCases.reversed() {
            if let period = StatPeriod(granularity.label(of: from)), period.first == from, period.last == to { return period }
        }
        return nil
    }
}
