/// Working memory for one query at a time: a score per listed name, reused across queries so
/// that a query costs what it touches, not the size of the list. One per thread.
public final class ScreeningScratch {
    /// Score, stamp and the name's birth year side by side: one cache line per touched name,
    /// not three. The year is the index's, copied once; the ranking reads it for thousands of
    /// gathered names, and from an array of its own each read was a cache miss (4% of a
    /// booth's transaction in the profile).
    struct Slot {
        var score: Float = 0
        var stamp: UInt32 = 0
        var birthYear: Int16 = 0
    }

    var slots: [Slot]
    var touched: [UInt32] = []
    /// Stamps only grow, one per list group of a query: a slot whose stamp is not above
    /// `queryStart` holds a score left by an earlier query and counts as zero. So a new query
    /// starts without clearing the slots the last one touched, a cache miss each.
    var generation: UInt32 = 0
    var queryStart: UInt32 = 0

    public init(index: ScreeningIndex) {
        slots = index.birthYears.map { Slot(birthYear: $0) }
        touched.reserveCapacity(4096)
    }

    func reset() {
        touched.removeAll(keepingCapacity: true)
        // Before the stamps could wrap (after some hundred million queries), clear them once.
        if generation > UInt32.max - 1_000_000 {
            for i in slots.indices { slots[i] = Slot(birthYear: slots[i].birthYear) }
            generation = 0
        }
        queryStart = generation
    }
}
