/// The range a linear function can take over { x ≥ 0 : A x = b }: what an attacker who knows
/// every published figure can learn about a withheld one. A dense two-phase simplex with
/// Bland's rule (it cannot cycle); phase one runs once and each objective starts from its basis.
public struct LinearProgram: Sendable {
    let columns: Int
    /// Row-major, `columns + 1` wide: the constraint coefficients, then the right-hand side.
    private var tableau: [Double]
    private var basis: [Int]
    public private(set) var feasible: Bool

    static let epsilon = 1e-9

    /// - Parameters:
    ///   - equations: each a set of variable indices whose sum is known, and that sum.
    public init(variables: Int, equations: [(variables: [Int], sum: Double)]) {
        columns = variables
        let width = variables + equations.count + 1
        var table = [Double](repeating: 0, count: equations.count * width)
        for (row, equation) in equations.enumerated() {
            let sign: Double = equation.sum < 0 ? -1 : 1
            for variable in equation.variables { table[row * width + variable] += sign }
            table[row * width + variables + row] = 1
            table[row * width + width - 1] = sign * equation.sum
        }
        var program = Phase(width: width, rows: equations.count, tableau: table, basis: (0..<equations.count).map { variables + $0 })
        // Phase one: minimise the sum of the artificial variables.
        var cost = [Double](repeating: 0, count: width - 1)
        for artificial in variables..<(width - 1) { cost[artificial] = 1 }
        feasible = program.minimise(cost, allowed: width - 1) == .optimal && program.value(cost) < 1e-6
        // Drive artificials that stayed in the basis (at zero) out where a real column can
        // replace them; rows where none can are redundant and are dropped.
        var keep: [Int] = []
        for row in 0..<program.rows {
            if program.basis[row] >= variables {
                if let column = (0..<variables).first(where: { abs(program.tableau[row * width + $0]) > Self.epsilon }) {
                    program.pivot(row: row, column: column)
                } else {
                    continue
                }
            }
            keep.append(row)
        }
        // Keep only the real columns and the right-hand side.
        let narrow = variables + 1
        var reduced = [Double](repeating: 0, count: keep.count * narrow)
        for (newRow, row) in keep.enumerated() {
            for column in 0..<variables { reduced[newRow * narrow + column] = program.tableau[row * width + column] }
            reduced[newRow * narrow + variables] = program.tableau[row * width + width - 1]
        }
        tableau = reduced
        basis = keep.map { program.basis[$0] }
    }

    /// The least and greatest value of the sum of some variables; the greatest is nil when it
    /// is unbounded. With `enough`, the search for the greatest stops once it reaches
    /// `least + enough`, which is all a protection check needs to know. Nil when the equations
    /// have no solution or the search gave up, which a caller must treat as "not protected".
    public func range(of variables: [Int], enough: Double? = nil) -> (least: Double, greatest: Double?)? {
        guard feasible else { return nil }
        var cost = [Double](repeating: 0, count: columns)
        for variable in variables { cost[variable] += 1 }
        var low = Phase(width: columns + 1, rows: basis.count, tableau: tableau, basis: basis)
        // Counts are never negative, so the least is bounded.
        guard low.minimise(cost, allowed: columns) == .optimal else { return nil }
        let least = low.value(cost)
        var high = Phase(width: columns + 1, rows: basis.count, tableau: tableau, basis: basis)
        let negated = cost.map { -$0 }
        switch high.minimise(negated, allowed: columns, stopBelow: enough.map { -(least + $0) }) {
        case .optimal: return (least, -high.value(negated))
        case .unbounded: return (least, nil)
        case .gaveUp: return nil
        }
    }

    enum Outcome { case optimal, unbounded, gaveUp }

    struct Phase {
        let width: Int
        let rows: Int
        var tableau: [Double]
        var basis: [Int]

        func value(_ cost: [Double]) -> Double {
            var total = 0.0
            for row in 0..<rows where basis[row] < cost.count { total += cost[basis[row]] * tableau[row * width + width - 1] }
            return total
        }

        mutating func pivot(row: Int, column: Int) {
            let base = row * width
            let scale = tableau[base + column]
            for index in 0..<width { tableau[base + index] /= scale }
            for other in 0..<rows where other != row {
                let factor = tableau[other * width + column]
                guard factor != 0 else { continue }
                let start = other * width
                for index in 0..<width { tableau[start + index] -= factor * tableau[base + index] }
            }
            basis[row] = column
        }

        /// Stops early, as optimal, once the objective falls below `stopBelow`.
        mutating func minimise(_ cost: [Double], allowed: Int, stopBelow: Double? = nil) -> Outcome {
            var iterations = 0
            while true {
                iterations += 1
                if iterations > 50_000 { return .gaveUp }
                if let stopBelow, value(cost) <= stopBelow + LinearProgram.epsilon { return .optimal }
                // Reduced costs; Bland's rule: the first improving column enters.
                var entering: Int? = nil
                for column in 0..<allowed where !basis.contains(column) {
                    var reduced = cost[column]
                    for row in 0..<rows {
                        let entry = tableau[row * width + column]
                        if entry != 0, basis[row] < cost.count { reduced -= cost[basis[row]] * entry }
                    }
                    if reduced < -LinearProgram.epsilon {
                        entering = column
                        break
                    }
                }
                guard let column = entering else { return .optimal }
                var leaving: Int? = nil
                var best = Double.infinity
                for row in 0..<rows {
                    let entry = tableau[row * width + column]
                    guard entry > LinearProgram.epsilon else { continue }
                    let ratio = tableau[row * width + width - 1] / entry
                    if ratio < best - LinearProgram.epsilon || (abs(ratio - best) <= LinearProgram.epsilon && basis[row] < basis[leaving!]) {
                        best = ratio
                        leaving = row
                    }
                }
                guard let row = leaving else { return .unbounded }
                pivot(row: row, column: column)
            }
        }
    }
}
