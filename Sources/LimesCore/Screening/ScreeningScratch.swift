/// Working memory for one query at a time: a score per listed name, reused across queries so
/// that a query costs what it touches, not the size of the list. One per thread.
public final class ScreeningScratch {
    var scores: [Float]
    var stamps: [UInt32]
    var touched: [UInt32] = []
    var generation: UInt32 = 0

    public init(index: ScreeningIndex) {
        scores = [Float](repeating: 0, count: index.entries.count)
        stamps = [UInt32](repeating: 0, count: index.entries.count)
        touched.reserveCapacity(4096)
    }

    func reset() {
        for entry in touched { scores[Int(entry)] = 0 }
        touched.removeAll(keepingCapacity: true)
    }
}
