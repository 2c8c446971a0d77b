/// The rules a release is protected by.
public struct DisclosureRules: Sendable, Hashable, Codable {
    /// Cells counting at least one and fewer than this many are withheld.
    public var threshold: Int
    /// How wide the range that an attacker can narrow a withheld cell to must stay, at least.
    public var protectionInterval: Int

    public init(threshold: Int = 5, protectionInterval: Int? = nil) {
        self.threshold = threshold
        self.protectionInterval = protectionInterval ?? threshold
    }

    public static let standard = DisclosureRules()

    public var problems: [(field: String, message: String)] {
        var found: [(String, String)] = []
        if !(2...100).contains(threshold) { found.append(("threshold", "must be from 2 to 100")) }
        if !(1...1000).contains(protectionInterval) { found.append(("protectionInterval", "must be from 1 to 1000")) }
        return found
    }
}

/// Cell suppression across linked tables. Every published figure is a sum of "atoms", the
/// non-empty combinations of all the breakdowns involved; a figure is withheld when small
/// (primary), and further figures are withheld (secondary) until, for each primary cell, the
/// lowest and highest value that the published figures allow, found by linear programming, lie
/// at least the protection interval apart.
///
/// The attacker modelled here knows every published figure, that counts are never negative,
/// and even which combinations are non-empty: stronger than a reader of the release, so that
/// what protects against it protects against them.
public enum DisclosureControl {
    public struct Figure: Sendable, Hashable {
        /// The atoms it sums, ascending.
        public var atoms: [Int]
        public var value: Int
        /// Figures that share a line with it in a table (all breakdowns equal but one), the
        /// first candidates for secondary suppression.
        public var neighbours: [Int]
        /// Figures in the same tables, the candidates when no neighbour is left.
        public var tableMates: [Int]
        public var isMargin: Bool

        public init(atoms: [Int], value: Int, neighbours: [Int], tableMates: [Int], isMargin: Bool) {
            self.atoms = atoms
            self.value = value
            self.neighbours = neighbours
            self.tableMates = tableMates
            self.isMargin = isMargin
        }
    }

    public struct Result: Sendable, Hashable {
        public var status: [StatCell.Status?]
        /// For each primary cell, the range an attacker can narrow it to (nil upper: unbounded).
        public var ranges: [Int: (least: Double, greatest: Double?)]
        /// Primary cells that figures published by earlier releases already pin down, so that
        /// nothing in this release can protect them.
        public var unprotected: [Int] = []

        public static func == (a: Self, b: Self) -> Bool { a.status == b.status }
        public func hash(into hasher: inout Hasher) { hasher.combine(status) }
    }

    public struct TooLarge: Error, Sendable, CustomStringConvertible {
        public var atoms: Int
        public var description: String {
            "the release combines \(atoms) groups of breakdown values, more than \(DisclosureControl.maximumAtoms) can be protected; use fewer or coarser breakdowns"
        }
    }

    public static let maximumAtoms = 4_000

    /// - Parameters:
    ///   - atoms: how many atoms there are.
    ///   - withheld: figures withheld by an earlier release that overlaps this one; they stay
    ///     withheld, so that the two cannot be differenced.
    ///   - published: figures an earlier release published: known to the attacker, and never
    ///     withheld now (that would protect nothing).
    public static func protect(
        atoms: Int,
        figures: [Figure],
        rules: DisclosureRules,
        withheld: Set<Int> = [],
        published: Set<Int> = []
    ) throws -> Result {
        guard atoms <= maximumAtoms else { throw TooLarge(atoms: atoms) }
        var status = [StatCell.Status?](repeating: nil, count: figures.count)
        for (index, figure) in figures.enumerated() where figure.value > 0 && figure.value < rules.threshold && !published.contains(index) {
            status[index] = .primary
        }
        for index in withheld where status[index] == nil { status[index] = .secondary }
        let primary = status.indices.filter { status[$0] == .primary }
        var ranges: [Int: (least: Double, greatest: Double?)] = [:]
        while true {
            let program = LinearProgram(
                variables: atoms,
                equations: figures.indices.filter { status[$0] == nil }.map { (figures[$0].atoms, Double(figures[$0].value)) }
            )
            var failing: [Int] = []
            for index in primary {
                let range = program.range(of: figures[index].atoms, enough: Double(rules.protectionInterval))
                if let range { ranges[index] = range }
                guard let range, range.greatest.map({ $0 - range.least >= Double(rules.protectionInterval) - 1e-6 }) ?? true else {
                    failing.append(index)
                    continue
                }
            }
            if failing.isEmpty { return Result(status: status, ranges: ranges) }
            var added = false
            for index in failing {
                if let next = candidate(for: index, figures: figures, status: status, published: published) {
                    status[next] = .secondary
                    added = true
                }
            }
            // Nothing left to withhold around the failing cells: withhold what remains.
            if !added {
                let rest = status.indices.filter { status[$0] == nil && !published.contains($0) }
                // Only what earlier releases published is left: nothing more can be done.
                if rest.isEmpty { return Result(status: status, ranges: ranges, unprotected: failing) }
                for index in rest { status[index] = .secondary }
            }
        }
    }

    /// The cheapest published figure to withhold next to a failing one: on its lines first,
    /// interior cells before margins, smallest first; then elsewhere in its tables.
    static func candidate(for index: Int, figures: [Figure], status: [StatCell.Status?], published: Set<Int>) -> Int? {
        func best(_ pool: [Int]) -> Int? {
            pool.filter { status[$0] == nil && !published.contains($0) }.min { a, b in
                (figures[a].isMargin ? 1 : 0, figures[a].value, a) < (figures[b].isMargin ? 1 : 0, figures[b].value, b)
            }
        }
        return best(figures[index].neighbours) ?? best(figures[index].tableMates)
    }
}
