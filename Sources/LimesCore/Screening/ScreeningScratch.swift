/// Working memory for one query at a time: the names its lists gathered, reused across
/// queries so that a query allocates nothing once the buffers have grown. One per thread.
///
/// Why a sort and not a score slot per listed name: with a million alerts the slots were
/// tens of megabytes, and each gathered name was a cache miss (and often a page-table miss)
/// into them, the largest single cost of a booth's transaction. The gathered names sorted by
/// their number give the same sums from memory read in order.
public final class ScreeningScratch {
    /// A gathered name: its number in the high 32 bits, its position in the gathering order
    /// in the low 32.
    var gathered: [UInt64] = []
    /// For each position, the list it came from.
    var listOfPosition: [UInt32] = []
    var lists: [(weight: Float, group: UInt32)] = []
    var group: UInt32 = 0
    var spare: [UInt64] = []
    var sorted: [UInt64] = []
    var order: [UInt64] = []
    var passing: [(entry: UInt32, score: Float)] = []

    /// The index is not needed any more; kept so that callers make one per index as before.
    public convenience init(index: ScreeningIndex) {
        self.init()
    }

    public init() {
        gathered.reserveCapacity(4096)
        listOfPosition.reserveCapacity(4096)
    }

    func reset() {
        gathered.removeAll(keepingCapacity: true)
        listOfPosition.removeAll(keepingCapacity: true)
        lists.removeAll(keepingCapacity: true)
        group = 0
    }

    /// Lists added after this belong to a new group. A name counts once per group, with the
    /// weight of the group's first list that holds it.
    func startGroup() {
        group &+= 1
    }

    func gather(_ list: [UInt32], weight: Float) {
        guard !list.isEmpty else { return }
        let listNumber = UInt32(lists.count)
        lists.append((weight, group))
        var position = UInt64(gathered.count)
        precondition(position + UInt64(list.count) <= UInt64(UInt32.max), "a query gathered more than 4 billion names")
        for entry in list {
            gathered.append(UInt64(entry) << 32 | position)
            position += 1
        }
        listOfPosition.append(contentsOf: repeatElement(listNumber, count: list.count))
    }

    /// The names gathered so far whose summed weight reaches `floor`, in the order each was
    /// first gathered, with that sum; and how many distinct names were gathered.
    ///
    /// - Parameter entryBits: bits enough for the largest name number.
    func tally(floor: Float, entryBits: Int) -> (passing: [(entry: UInt32, score: Float)], distinct: Int) {
        passing.removeAll(keepingCapacity: true)
        order.removeAll(keepingCapacity: true)
        guard !gathered.isEmpty else { return ([], 0) }
        sorted.removeAll(keepingCapacity: true)
        sorted.append(contentsOf: gathered)
        // Stable: each name's positions stay in gathering order, so its groups come in order
        // and its first position comes first.
        RadixSort.sort(&sorted, spare: &spare, shift: 32, bits: entryBits)
        var distinct = 0
        sorted.withUnsafeBufferPointer { sorted in
            listOfPosition.withUnsafeBufferPointer { listOf in
                lists.withUnsafeBufferPointer { lists in
                    var i = 0
                    while i < sorted.count {
                        let entry = UInt32(truncatingIfNeeded: sorted[i] >> 32)
                        let first = UInt32(truncatingIfNeeded: sorted[i])
                        var score: Float = 0
                        var lastGroup = UInt32.max
                        // The same order of additions as a running sum per name would make,
                        // so the same Float.
                        while i < sorted.count, UInt32(truncatingIfNeeded: sorted[i] >> 32) == entry {
                            let list = lists[Int(listOf[Int(UInt32(truncatingIfNeeded: sorted[i]))])]
                            if list.group != lastGroup {
                                score = lastGroup == UInt32.max ? list.weight : score + list.weight
                                lastGroup = list.group
                            }
                            i += 1
                        }
                        distinct += 1
                        if score >= floor {
                            order.append(UInt64(first) << 32 | UInt64(passing.count))
                            passing.append((entry, score))
                        }
                    }
                }
            }
        }
        // Back to the order first gathered, which breaks ties among equal scores later.
        let positionBits = UInt64.bitWidth - UInt64(gathered.count).leadingZeroBitCount
        RadixSort.sort(&order, spare: &spare, shift: 32, bits: max(1, positionBits))
        let inOrder = order.map { passing[Int(UInt32(truncatingIfNeeded: $0))] }
        return (inOrder, distinct)
    }
}
