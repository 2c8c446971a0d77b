/// Counts of one measure by day and by some dimensions, as the store reads them from its
/// rollups: the raw material of tables and of disclosure control.
public struct StatFacts: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var day: CalendarDate
        /// Aligned with `dimensions`.
        public var values: [String]
        public var count: Int

        public init(day: CalendarDate, values: [String], count: Int) {
            self.day = day
            self.values = values
            self.count = count
        }
    }

    public var dimensions: [StatDimension]
    public var rows: [Row]

    public init(dimensions: [StatDimension], rows: [Row]) {
        self.dimensions = dimensions
        self.rows = rows
    }

    /// The dimensions a set of queries needs from the store: their breakdowns and filters.
    public static func dimensions(for queries: [StatQuery]) -> [StatDimension] {
        var all = Set<StatDimension>()
        for query in queries {
            all.formUnion(query.by.filter { $0 != .period })
            all.formUnion(query.filters.keys)
        }
        return all.sorted()
    }

    /// The rows a query counts: inside its days and passing its filters.
    public func rows(for query: StatQuery) -> [Row] {
        let filters = query.filters.map { (index: dimensions.firstIndex(of: $0.key), allowed: Set($0.value)) }
        return rows.filter { row in
            row.day >= query.from && row.day <= query.to
                && filters.allSatisfy { filter in filter.index.map { filter.allowed.contains(row.values[$0]) } ?? false }
        }
    }
}

/// A table's cell: its coordinates on the table's breakdowns (`_T` for a total, as SDMX writes
/// it), its value, and, in a protected table, why it is withheld.
public struct StatCell: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Below the threshold.
        case primary
        /// Withheld so that a primary cell cannot be worked out from the others.
        case secondary
    }

    public var coordinates: [String]
    /// Nil when withheld.
    public var value: Int?
    public var status: Status?
    /// The same cell a year earlier, for trends; only in unprotected tables with a period breakdown.
    public var yearEarlier: Int?

    public init(coordinates: [String], value: Int?, status: Status? = nil, yearEarlier: Int? = nil) {
        self.coordinates = coordinates
        self.value = value
        self.status = status
        self.yearEarlier = yearEarlier
    }

    public static let total = "_T"
    public var isInterior: Bool { !coordinates.contains(Self.total) }
}

/// A table of one measure: every non-empty combination of its breakdowns, and every margin
/// (each breakdown summed out, alone and together, down to the grand total). A combination
/// that is absent is zero.
public struct StatTable: Sendable, Hashable, Codable {
    public var query: StatQuery
    public var cells: [StatCell]
    /// The register's indicators this table serves, in a release.
    public var indicators: [String]?

    public init(query: StatQuery, cells: [StatCell]) {
        self.query = query
        self.cells = cells
    }

    public static func build(_ query: StatQuery, from facts: StatFacts) -> StatTable {
        let indices = query.by.map { facts.dimensions.firstIndex(of: $0) }
        var sums: [[String]: Int] = [:]
        for row in facts.rows(for: query) where row.count != 0 {
            let key = query.key(of: row.day) { dimension in
                indices[query.by.firstIndex(of: dimension)!].map { row.values[$0] } ?? StatCell.total
            }
            for mask in 0..<(1 << key.count) {
                var cell = key
                for bit in 0..<key.count where mask & (1 << bit) != 0 { cell[bit] = StatCell.total }
                sums[cell, default: 0] += row.count
            }
        }
        if sums.isEmpty { sums[Array(repeating: StatCell.total, count: query.by.count)] = 0 }
        let cells = sums.map { StatCell(coordinates: $0.key, value: $0.value) }.sorted { StatTable.order($0.coordinates, $1.coordinates) }
        return StatTable(query: query, cells: cells)
    }

    /// Totals last within each breakdown, values in their natural order.
    static func order(_ a: [String], _ b: [String]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            if x == StatCell.total { return false }
            if y == StatCell.total { return true }
            return x < y
        }
        return false
    }

    public var total: Int? { cells.first { !$0.coordinates.contains { $0 != StatCell.total } }?.value }

    public func cell(_ coordinates: [String]) -> StatCell? { cells.first { $0.coordinates == coordinates } }

    /// Adds, to each cell of a table broken down by period, the same cell a year earlier.
    public mutating func compare(withYearEarlier earlier: StatTable) {
        guard let index = query.by.firstIndex(of: .period) else { return }
        let before = Dictionary(earlier.cells.map { ($0.coordinates, $0.value ?? 0) }, uniquingKeysWith: +)
        for position in cells.indices where cells[position].coordinates[index] != StatCell.total {
            var key = cells[position].coordinates
            guard let label = query.every.yearEarlier(key[index]) else { continue }
            key[index] = label
            cells[position].yearEarlier = before[key] ?? 0
        }
    }
}
