/// Protects the tables of a release together, and against the tables of earlier releases that
/// count the same records, by building the atoms and figures `DisclosureControl` works on.
public enum ReleaseProtection {
    /// A table an earlier release published, with what it withheld.
    public struct Earlier: Sendable, Hashable {
        public var table: StatTable

        public init(table: StatTable) {
            self.table = table
        }
    }

    public struct Unprotectable: Error, Sendable, CustomStringConvertible {
        public var table: Int
        public var coordinates: [String]
        public var description: String {
            "table \(table + 1), cell \(coordinates.joined(separator: " × ")): earlier releases already pin it down; leave this cell's breakdown out"
        }
    }

    /// The earlier tables that count some of the same records as these.
    public static func linked(_ queries: [StatQuery], earlier: [Earlier]) -> [Earlier] {
        earlier.filter { old in
            let source = old.table.query.asSource.source
            return queries.contains { $0.asSource.source == source && $0.from <= old.table.query.to && old.table.query.from <= $0.to }
        }
    }

    /// What the store must read for a set of tables and the earlier ones linked to them: per
    /// source, the dimensions and the days.
    public static func needs(
        _ queries: [StatQuery],
        earlier: [Earlier] = []
    ) -> [StatSource: (dimensions: [StatDimension], from: CalendarDate, to: CalendarDate)] {
        var result: [StatSource: (dimensions: [StatDimension], from: CalendarDate, to: CalendarDate)] = [:]
        for query in (queries + linked(queries, earlier: earlier).map(\.table.query)).map(\.asSource) {
            let dims = StatFacts.dimensions(for: [query])
            if let known = result[query.source] {
                result[query.source] = (Array(Set(known.dimensions + dims)).sorted(), min(known.from, query.from), max(known.to, query.to))
            } else {
                result[query.source] = (dims, query.from, query.to)
            }
        }
        return result
    }

    /// The tables protected; `earlier` are tables of published releases, any source, any days:
    /// those that count the same records are taken into account.
    public static func protect(
        _ queries: [StatQuery],
        facts: [StatSource: StatFacts],
        rules: DisclosureRules,
        earlier: [Earlier] = []
    ) throws -> [StatTable] {
        let sources = Set(queries.map(\.asSource.source))
        let linked = linked(queries, earlier: earlier)
        var tables = queries.map { query in
            var table = StatTable.build(query.asSource, from: facts[query.asSource.source] ?? StatFacts(dimensions: [], rows: []))
            table.query = query
            return table
        }
        for source in sources {
            guard let sourceFacts = facts[source] else { continue }
            let current = queries.indices.filter { queries[$0].asSource.source == source }
            let old = linked.filter { $0.table.query.asSource.source == source }
            let all = current.map { queries[$0].asSource } + old.map { $0.table.query.asSource }
            let space = AtomSpace(queries: all, facts: sourceFacts)
            // Figures: one per distinct set of atoms, wherever it appears.
            var figureOf: [[Int]: Int] = [:]
            var figures: [DisclosureControl.Figure] = []
            var cellFigures: [[Int]] = []  // per table in `all`, per cell of that table
            var cellLists: [[StatCell]] = []
            for (position, query) in all.enumerated() {
                let members = space.members(of: query)
                let cells: [StatCell] = position < current.count ? tables[current[position]].cells : old[position - current.count].table.cells
                cellLists.append(cells)
                var indices: [Int] = []
                for cell in cells {
                    let atoms = members[cell.coordinates] ?? []
                    if let known = figureOf[atoms] {
                        indices.append(known)
                    } else {
                        figureOf[atoms] = figures.count
                        indices.append(figures.count)
                        figures.append(
                            DisclosureControl.Figure(
                                atoms: atoms,
                                value: atoms.reduce(0) { $0 + space.counts[$1] },
                                neighbours: [],
                                tableMates: [],
                                isMargin: !cell.isInterior
                            )
                        )
                    }
                }
                cellFigures.append(indices)
                for (a, cell) in cells.enumerated() {
                    let figure = indices[a]
                    figures[figure].tableMates += indices.filter { $0 != figure }
                    for (b, other) in cells.enumerated() where zip(cell.coordinates, other.coordinates).filter({ $0 != $1 }).count == 1 {
                        if indices[b] != figure { figures[figure].neighbours.append(indices[b]) }
                    }
                }
            }
            var withheld = Set<Int>()
            var published = Set<Int>()
            for (offset, table) in old.enumerated() {
                let position = current.count + offset
                for (cell, figure) in zip(table.table.cells, cellFigures[position]) {
                    if cell.value == nil { withheld.insert(figure) } else { published.insert(figure) }
                }
            }
            let result = try DisclosureControl.protect(
                atoms: space.counts.count,
                figures: figures,
                rules: rules,
                withheld: withheld.subtracting(published),
                published: published
            )
            for (position, tableIndex) in current.enumerated() {
                for (cellIndex, figure) in cellFigures[position].enumerated() {
                    if result.unprotected.contains(figure) {
                        throw Unprotectable(table: tableIndex, coordinates: tables[tableIndex].cells[cellIndex].coordinates)
                    }
                    if let status = result.status[figure] {
                        tables[tableIndex].cells[cellIndex].status = status
                        tables[tableIndex].cells[cellIndex].value = nil
                    }
                }
            }
        }
        return tables
    }
}

/// The non-empty combinations of every breakdown and filter that some tables use, with the
/// days cut at every boundary of their periods, and which of them each cell sums.
struct AtomSpace {
    var counts: [Int] = []
    private var keys: [(segment: Int, values: [String])] = []
    private let dimensions: [StatDimension]
    private let boundaries: [CalendarDate]
    private let segmentStarts: [CalendarDate]

    init(queries: [StatQuery], facts: StatFacts) {
        dimensions = facts.dimensions
        var cuts = Set<CalendarDate>()
        for query in queries {
            cuts.insert(query.from)
            cuts.insert(query.to.adding(days: 1))
            if query.by.contains(.period) {
                var day = query.every.start(of: query.from)
                while day <= query.to {
                    cuts.insert(max(day, query.from))
                    day = StatPeriod(query.every.label(of: day))!.last.adding(days: 1)
                }
            }
        }
        boundaries = cuts.sorted()
        segmentStarts = boundaries
        var index: [[String]: Int] = [:]
        for row in facts.rows where row.count != 0 {
            guard let segment = segment(of: row.day) else { continue }
            let key = [String(segment)] + row.values
            if let known = index[key] {
                counts[known] += row.count
            } else {
                index[key] = counts.count
                counts.append(row.count)
                keys.append((segment, row.values))
            }
        }
    }

    /// The segment a day falls in: the last boundary on or before it.
    private func segment(of day: CalendarDate) -> Int? {
        var low = 0
        var high = boundaries.count - 1
        guard high >= 0, day >= boundaries[0], day < boundaries[high] else { return nil }
        while low < high {
            let middle = (low + high + 1) / 2
            if boundaries[middle] <= day { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// For each cell of a query's table, interior and margins, the atoms it sums.
    func members(of query: StatQuery) -> [[String]: [Int]] {
        let filters = query.filters.map { (index: dimensions.firstIndex(of: $0.key), allowed: Set($0.value)) }
        let positions = query.by.map { dimensions.firstIndex(of: $0) }
        var result: [[String]: [Int]] = [:]
        for (atom, key) in keys.enumerated() {
            let start = segmentStarts[key.segment]
            guard start >= query.from, start <= query.to else { continue }
            guard filters.allSatisfy({ filter in filter.index.map { filter.allowed.contains(key.values[$0]) } ?? false }) else { continue }
            let coordinates = zip(query.by, positions).map { dimension, position in
                dimension == .period ? query.every.label(of: start) : position.map { key.values[$0] } ?? StatCell.total
            }
            for mask in 0..<(1 << coordinates.count) {
                var cell = coordinates
                for bit in 0..<coordinates.count where mask & (1 << bit) != 0 { cell[bit] = StatCell.total }
                result[cell, default: []].append(atom)
            }
        }
        return result
    }
}
