/// Durations counted in buckets, so that medians and 90th percentiles over any number of days
/// come from a few rows instead of every record: one-second buckets up to two minutes, ten
/// seconds up to half an hour, a minute up to eight hours, and one bucket beyond. A percentile
/// is exact to its bucket's width.
public struct DurationHistogram: Sendable, Hashable, Codable {
    public private(set) var counts: [Int: Int] = [:]

    public init(counts: [Int: Int] = [:]) {
        self.counts = counts
    }

    public static func bucket(seconds: Double) -> Int {
        let s = max(0, Int(seconds))
        if s < 120 { return s }
        if s < 1800 { return 120 + (s - 120) / 10 }
        if s < 28_800 { return 288 + (s - 1800) / 60 }
        return 738
    }

    /// The first second a bucket holds.
    public static func lowerSeconds(_ bucket: Int) -> Double {
        if bucket < 120 { return Double(bucket) }
        if bucket < 288 { return Double(120 + (bucket - 120) * 10) }
        if bucket < 738 { return Double(1800 + (bucket - 288) * 60) }
        return 28_800
    }

    public mutating func add(bucket: Int, count: Int) { counts[bucket, default: 0] += count }

    public var total: Int { counts.values.reduce(0, +) }

    /// The nearest-rank percentile, as the start of the bucket it falls in; nil when empty.
    public func percentile(_ fraction: Double) -> Double? {
        let total = self.total
        guard total > 0 else { return nil }
        let rank = max(1, Int((fraction * Double(total)).rounded(.up)))
        var seen = 0
        for bucket in counts.keys.sorted() {
            seen += counts[bucket]!
            if seen >= rank { return Self.lowerSeconds(bucket) }
        }
        return nil
    }
}
