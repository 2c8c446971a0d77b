/// Jaro-Winkler similarity of two ASCII strings, 0 (nothing alike) to 1 (equal). Good on the
/// short name parts compared here; the prefix bonus rewards the stable start of names.
enum JaroWinkler {
    static func similarity(_ a: String, _ b: String) -> Double {
        if a == b { return 1 }
        let x = Array(a.utf8), y = Array(b.utf8)
        if x.isEmpty || y.isEmpty { return 0 }
        let window = max(0, max(x.count, y.count) / 2 - 1)
        var xMatched = [Bool](repeating: false, count: x.count)
        var yMatched = [Bool](repeating: false, count: y.count)
        var matches = 0
        for i in x.indices {
            let low = max(0, i - window), high = min(y.count - 1, i + window)
            if low > high { continue }
            for j in low...high where !yMatched[j] && x[i] == y[j] {
                xMatched[i] = true
                yMatched[j] = true
                matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0
        var j = 0
        for i in x.indices where xMatched[i] {
            while !yMatched[j] { j += 1 }
            if x[i] != y[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(x.count) + m / Double(y.count) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, x.count, y.count), x[prefix] == y[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
