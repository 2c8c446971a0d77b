import Testing

@testable import LimesCore

/// Screening skips comparing name parts whose lengths alone keep them apart. That is right
/// only if the bound it uses is never below what the comparison would have found.
@Suite("Name parts skipped by length")
struct NamePartBoundTests {
    /// A fixed pseudo-random sequence, so a failure can be replayed.
    struct Sequence: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    @Test func theBoundIsNeverBelowTheSimilarity() {
        var random = Sequence(state: 2026)
        // Few letters, so that parts share many and the similarity runs high.
        let letters = Array("ABDEHIKLMNORS")
        var compared = 0
        for _ in 0..<40_000 {
            let x = String((0..<Int.random(in: 1...14, using: &random)).map { _ in letters.randomElement(using: &random)! })
            var y = Array(x)
            // Mostly near variants of each other: dropped, added and changed letters.
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                switch Int.random(in: 0...2, using: &random) {
                case 0 where y.count > 1: y.remove(at: Int.random(in: 0..<y.count, using: &random))
                case 1: y.insert(letters.randomElement(using: &random)!, at: Int.random(in: 0...y.count, using: &random))
                default: y[Int.random(in: 0..<y.count, using: &random)] = letters.randomElement(using: &random)!
                }
            }
            let other = String(y)
            let similarity = JaroWinkler.similarity(x, other)
            #expect(similarity <= JaroWinkler.upperBound(x.utf8.count, other.utf8.count) + 1e-12, "\(x) and \(other)")
            compared += 1
        }
        #expect(compared == 40_000)
    }

    @Test func theBoundIsReachedByAPartThatStartsTheOther() {
        for (short, long) in [("IVAN", "IVANOV"), ("PETR", "PETROVICH"), ("ALI", "ALI"), ("MO", "MOHAMED")] {
            #expect(abs(JaroWinkler.similarity(short, long) - JaroWinkler.upperBound(short.count, long.count)) < 1e-12)
        }
    }

    @Test func onlyPartsThatCouldNotMatchAreSkipped() {
        // Lengths 4 and 8: at best 0.9, halved by a quarter for the difference: never 0.8.
        #expect(NameComparison.cannotMatch(4, 8, sameKey: false))
        // Lengths 5 and 6 can still reach 0.8.
        #expect(!NameComparison.cannotMatch(5, 6, sameKey: false))
        #expect(!NameComparison.cannotMatch(7, 7, sameKey: false))
        // The same key is a spelling variant from 0.72, whatever the lengths do after.
        #expect(!NameComparison.cannotMatch(4, 7, sameKey: true))
        #expect(!NameComparison.cannotMatch(2, 9, sameKey: true))
        #expect(NameComparison.cannotMatch(1, 20, sameKey: true))
        // What is skipped really stays below the threshold, as scored.
        #expect(JaroWinkler.similarity("IVAN", "IVANOVIC") * (1 - 0.5 * 4 / 8) < NameComparison.minimumSimilarity)
    }
}
