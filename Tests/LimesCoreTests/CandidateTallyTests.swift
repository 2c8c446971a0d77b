import Testing

@testable import LimesCore

/// The scratch's sort-based tally must give what a score slot per name gave: per name, the sum
/// over groups of the weight of the group's first list holding it, in the order names were
/// first gathered.
@Suite("Gathering candidates by sorting")
struct CandidateTallyTests {
    /// A small deterministic generator, so that a failure can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    /// What the slots computed: a running sum per name, a stamp per group.
    static func reference(_ groups: [[(list: [UInt32], weight: Float)]], floor: Float) -> (passing: [(UInt32, Float)], distinct: Int) {
        var score: [UInt32: Float] = [:]
        var stampOf: [UInt32: Int] = [:]
        var touched: [UInt32] = []
        for (stamp, group) in groups.enumerated() {
            for (list, weight) in group {
                for entry in list {
                    if stampOf[entry] == stamp { continue }
                    stampOf[entry] = stamp
                    if let sum = score[entry] {
                        score[entry] = sum + weight
                    } else {
                        score[entry] = weight
                        touched.append(entry)
                    }
                }
            }
        }
        return (touched.compactMap { score[$0]! >= floor ? ($0, score[$0]!) : nil }, touched.count)
    }

    @Test("sums, floor and order are the running sum's, over many random gatherings", arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func matchesRunningSums(seed: UInt64) {
        var random = Generator(state: seed)
        let scratch = ScreeningScratch()
        for round in 0..<40 {
            // Small numbers make names meet across lists; large ones need several sort passes.
            let names = round % 3 == 0 ? 60 : (round % 3 == 1 ? 5_000 : 3_000_000)
            let entryBits = max(1, Int.bitWidth - names.leadingZeroBitCount)
            var groups: [[(list: [UInt32], weight: Float)]] = []
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                var group: [(list: [UInt32], weight: Float)] = []
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let length = Int.random(in: 0...(round % 5 == 0 ? 2_000 : 40), using: &random)
                    // Lists may repeat a name: the tally must count it once per group.
                    let list = (0..<length).map { _ in UInt32.random(in: 0..<UInt32(names), using: &random) }
                    group.append((list, Float(Int.random(in: 1...40, using: &random)) / 8))
                }
                groups.append(group)
            }
            let floor = Float(Int.random(in: 0...12, using: &random)) / 4
            scratch.reset()
            for group in groups {
                scratch.startGroup()
                for (list, weight) in group { scratch.gather(list, weight: weight) }
            }
            let tallied = scratch.tally(floor: floor, entryBits: entryBits)
            let expected = Self.reference(groups, floor: floor)
            #expect(tallied.distinct == expected.distinct, "seed \(seed) round \(round)")
            #expect(tallied.passing.map(\.entry) == expected.passing.map(\.0), "seed \(seed) round \(round)")
            #expect(tallied.passing.map(\.score) == expected.passing.map(\.1), "seed \(seed) round \(round)")
        }
    }

    @Test("a second tally after more lists counts them too")
    func tallyAgain() {
        let scratch = ScreeningScratch()
        scratch.reset()
        scratch.startGroup()
        scratch.gather([5, 9], weight: 1)
        #expect(scratch.tally(floor: 0, entryBits: 4).distinct == 2)
        scratch.startGroup()
        scratch.gather([9, 2], weight: 2)
        let again = scratch.tally(floor: 2, entryBits: 4)
        #expect(again.distinct == 3)
        #expect(again.passing.map(\.entry) == [9, 2])
        #expect(again.passing.map(\.score) == [3, 2])
    }

    @Test("the radix sort is a stable sort on the chosen bits", arguments: [0, 1, 31, 33, 500, 5_000])
    func radixSortIsStable(count: Int) {
        var random = Generator(state: UInt64(count) + 11)
        for (shift, bits) in [(32, 21), (32, 11), (32, 23), (0, 7), (8, 40)] {
            let keys = (0..<count).map { _ in UInt64.random(in: 0...UInt64.max, using: &random) }
            let mask = (UInt64(1) << UInt64(bits)) - 1
            let expected = keys.enumerated().sorted {
                let (a, b) = (($0.element >> UInt64(shift)) & mask, ($1.element >> UInt64(shift)) & mask)
                return a != b ? a < b : $0.offset < $1.offset
            }.map(\.element)
            var sorted = keys
            var spare: [UInt64] = []
            RadixSort.sort(&sorted, spare: &spare, shift: shift, bits: bits)
            #expect(sorted == expected, "count \(count), shift \(shift), bits \(bits)")
        }
    }
}
