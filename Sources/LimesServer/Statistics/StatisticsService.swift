import LimesCore
import LimesStore

/// Figures for analysts and what leaves Limes: tables read as asked (inside the service), and
/// the same tables protected, alone or as a release, against each other and against the
/// releases published before. No HTTP here, so the command line runs it too.
public struct StatisticsService: Sendable {
    let store: Store
    /// The check service's clock, which tests fix to a day.
    let now: @Sendable () -> Timestamp

    public init(store: Store, now: @escaping @Sendable () -> Timestamp = { Timestamp() }) {
        self.store = store
        self.now = now
    }

    public func today() -> CalendarDate { now().day }

    public func settings() async throws -> StatisticsSettings { try await store.settings.statistics() }

    /// A table read from request parameters, unprotected, with the same period a year before
    /// when it is broken down by period.
    public func table(parameters: [(String, String)]) async throws -> StatTable {
        let ages = try await settings().ageBands
        let query = try StatQuery(parameters: parameters, today: today(), ages: ages)
        var table = try await store.statistics.table(query, ages: ages)
        if query.by.contains(.period) {
            table.compare(withYearEarlier: try await store.statistics.table(query.yearEarlier, ages: ages))
        }
        return table
    }

    /// Tables protected together, and against the tables of every release published before
    /// that counts the same records.
    public func protect(_ queries: [StatQuery], rules: DisclosureRules) async throws -> [StatTable] {
        let ages = try await settings().ageBands
        var earlier: [ReleaseProtection.Earlier] = []
        for release in try await store.statistics.releases() {
            earlier += release.tables.map { ReleaseProtection.Earlier(table: $0) }
        }
        let linked = ReleaseProtection.linked(queries, earlier: earlier)
        var facts: [StatSource: StatFacts] = [:]
        for (source, need) in ReleaseProtection.needs(queries, earlier: linked) {
            // Whole months only: the monthly rollup answers; else the days are needed.
            let tables = (queries + linked.map(\.table.query)).map(\.asSource).filter { $0.source == source }
            let months = tables.allSatisfy(\.coversWholeMonths)
            facts[source] = try await store.statistics.facts(
                source,
                dimensions: need.dimensions,
                from: need.from,
                to: need.to,
                ages: ages,
                periods: months ? .month : .day
            )
        }
        return try ReleaseProtection.protect(queries, facts: facts, rules: rules, earlier: linked)
    }

    /// A draft release protected, not stored: what publishing it would publish.
    public func preview(_ draft: StatRelease.Draft, by user: String) async throws -> StatRelease {
        if let problem = draft.problems.first { throw APIError.invalid(problem.field, problem.message) }
        var tables = try await protect(draft.tables, rules: draft.rules)
        for index in tables.indices { tables[index].indicators = draft.indicators[index] }
        return StatRelease(id: "", title: draft.title, rules: draft.rules, tables: tables, publishedAt: now(), publishedBy: user)
    }

    public func publish(_ draft: StatRelease.Draft, by user: String) async throws -> StatRelease {
        try await store.statistics.publish(try await preview(draft, by: user))
    }
}
