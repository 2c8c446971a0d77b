/// Working memory for one query at a time: a score per listed name, reused across queries so
/// that a query costs what it touches, not the size of the list. One per thread.
public final class ScreeningScratch {
    /// Score and stamp side by side: one cache line per touched name, not two.
    struct Slot {
        var score: Float = 0
        var stamp: UInt32 = 0
    }

    var slots: [Slot]
    var touched: [UInt32] = []
    var generation: UInt32 = 0

    public init(index: ScreeningIndex) {
        slots = [Slot](repeating: Slot(), count: index.entries.count)
        touched.reserveCapacity(4096)
    }

    func reset() {
        for entry in touched { slots[Int(entry)].score = 0 }
        touched.removeAll(keepingCapacity: true)
    }
}
