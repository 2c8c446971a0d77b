/// A stable sort of 64-bit keys by a range of their bits, in passes over a few kilobytes of
/// counts: for the thousands of names a query gathers, far cheaper than comparisons, and it
/// reads and writes memory in order.
enum RadixSort {
    /// Bits sorted per pass: 2,048 counts, which stay in the first-level cache.
    static let digitBits = 11

    /// Sorts `keys` by `(key >> shift) & (2^bits - 1)`; keys equal there keep their order.
    /// `spare` is working memory, reused between calls.
    static func sort(_ keys: inout [UInt64], spare: inout [UInt64], shift: Int, bits: Int) {
        let count = keys.count
        guard count > 1, bits > 0 else { return }
        if count <= 32 {
            insertionSort(&keys, shift: shift, bits: bits)
            return
        }
        if spare.count < count { spare = [UInt64](repeating: 0, count: max(count, 2 * spare.count)) }
        let passes = (bits + digitBits - 1) / digitBits
        let width = (bits + passes - 1) / passes
        keys.withUnsafeMutableBufferPointer { keys in
            spare.withUnsafeMutableBufferPointer { spare in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 1 << width) { counts in
                    // Passes go back and forth between the two buffers.
                    var from = UnsafeMutableBufferPointer(rebasing: keys[0..<count])
                    var to = UnsafeMutableBufferPointer(rebasing: spare[0..<count])
                    for pass in 0..<passes {
                        let digitShift = UInt64(shift + pass * width)
                        // The last pass may have fewer bits left than a digit.
                        let mask = (UInt64(1) << UInt64(min(width, bits - pass * width))) - 1
                        counts.initialize(repeating: 0)
                        for key in from { counts[Int((key >> digitShift) & mask)] += 1 }
                        var start = 0
                        for digit in counts.indices {
                            let n = counts[digit]
                            counts[digit] = start
                            start += n
                        }
                        for key in from {
                            let digit = Int((key >> digitShift) & mask)
                            to[counts[digit]] = key
                            counts[digit] += 1
                        }
                        swap(&from, &to)
                    }
                    // After an odd number of passes the result is in the spare buffer.
                    if from.baseAddress != keys.baseAddress {
                        _ = keys.update(fromContentsOf: from)
                    }
                }
            }
        }
    }

    private static func insertionSort(_ keys: inout [UInt64], shift: Int, bits: Int) {
        let mask = bits >= 64 ? UInt64.max : (UInt64(1) << UInt64(bits)) - 1
        for i in 1..<keys.count {
            let key = keys[i]
            let digit = (key >> UInt64(shift)) & mask
            var j = i
            while j > 0, (keys[j - 1] >> UInt64(shift)) & mask > digit {
                keys[j] = keys[j - 1]
                j -= 1
            }
            keys[j] = key
        }
    }
}
