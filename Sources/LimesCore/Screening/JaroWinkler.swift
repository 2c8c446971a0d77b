/// Jaro-Winkler similarity of two ASCII strings, 0 (nothing alike) to 1 (equal). Good on the
/// short name parts compared here; the prefix bonus rewards the stable start of names.
enum JaroWinkler {
    static func similarity(_ a: String, _ b: String) -> Double {
        if a == b { return 1 }
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in similarity(x, y) } }
    }

    /// The most `similarity` can give for parts of these lengths, however their letters fall:
    /// every letter of the shorter matched, none transposed, the longest shared start. Lets
    /// a caller skip the comparison when even this cannot reach its threshold.
    static func upperBound(_ xLength: Int, _ yLength: Int) -> Double {
        let xCount = min(xLength, 64), yCount = min(yLength, 64)
        if xCount == 0 || yCount == 0 { return 0 }
        let m = Double(min(xCount, yCount))
        let jaro = (m / Double(xCount) + m / Double(yCount) + 1) / 3
        return jaro + Double(min(4, xCount, yCount)) * 0.1 * (1 - jaro)
    }

    /// Matched flags live in two 64-bit masks: name parts are shorter than 64 letters (longer
    /// ones are compared on their first 64).
    static func similarity(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Double {
        let xCount = min(x.count, 64), yCount = min(y.count, 64)
        if xCount == 0 || yCount == 0 { return 0 }
        let window = max(0, max(xCount, yCount) / 2 - 1)
        var xMatched: UInt64 = 0, yMatched: UInt64 = 0
        var matches = 0
        for i in 0..<xCount {
            let low = max(0, i - window), high = min(yCount - 1, i + window)
            if low > high { continue }
            for j in low...high where yMatched & (1 << UInt64(j)) == 0 && x[i] == y[j] {
                xMatched |= 1 << UInt64(i)
                yMatched |= 1 << UInt64(j)
                matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0
        var j = 0
        for i in 0..<xCount where xMatched & (1 << UInt64(i)) != 0 {
            while yMatched & (1 << UInt64(j)) == 0 { j += 1 }
            if x[i] != y[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(xCount) + m / Double(yCount) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, xCount, yCount), x[prefix] == y[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
