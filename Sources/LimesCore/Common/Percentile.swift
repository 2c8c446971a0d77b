/// Nearest-rank percentiles, as the statistics of processing times report them.
public enum Percentile {
    /// The value at `fraction` (0...1) of `sorted` values by the nearest-rank method: the
    /// smallest value with at least that share of the values at or below it. Nil for none.
    public static func nearestRank(_ sorted: [Double], _ fraction: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
