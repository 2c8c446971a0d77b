/// Compares a traveller's name with one listed name: parts in any order, joined or split
/// parts, given names missing on one side, spelling variants and typos; rare parts weigh more
/// than common ones.
struct NameComparison {
    struct Pair {
        var query: Int
        var alert: Int
        var similarity: Double
        var sameKey: Bool
    }

    var score: Double
    var pairs: [Pair]
    var queryTokens: [String]
    var alertTokens: [String]

    /// Below this a pair of parts is not a match at all.
    static let minimumSimilarity = 0.8

    /// The weights say how telling each part is (rare parts weigh more).
    static func compare(
        queryTokens: [String],
        queryKeys: [String],
        queryWeights: [Float],
        alertTokens: [String],
        alertKeys: [String],
        alertWeights: [Float]
    ) -> NameComparison {
        matching(
            queryTokens: queryTokens,
            queryKeys: queryKeys,
            queryWeights: queryWeights,
            alertTokens: alertTokens,
            alertKeys: alertKeys,
            alertWeights: alertWeights
        ) { score, pairs, qTokens, aTokens in
            NameComparison(score: score, pairs: Array(pairs), queryTokens: qTokens, alertTokens: aTokens)
        }
    }

    /// `compare(…).score`, keeping nothing: a query scores a hundred listed names and only
    /// the few hits need their pairs, so the rest are spared an array each and the references
    /// the result would hold.
    static func score(
        queryTokens: [String],
        queryKeys: [String],
        queryWeights: [Float],
        alertTokens: [String],
        alertKeys: [String],
        alertWeights: [Float]
    ) -> Double {
        matching(
            queryTokens: queryTokens,
            queryKeys: queryKeys,
            queryWeights: queryWeights,
            alertTokens: alertTokens,
            alertKeys: alertKeys,
            alertWeights: alertWeights
        ) { score, _, _, _ in score }
    }

    /// Pairs the parts and scores the pairing; `body` sees the score, the pairs (in the order
    /// they were chosen) and the parts as compared (joined parts merged).
    @inline(__always)
    private static func matching<Result>(
        queryTokens: [String],
        queryKeys: [String],
        queryWeights: [Float],
        alertTokens: [String],
        alertKeys: [String],
        alertWeights: [Float],
        _ body: (Double, UnsafeMutableBufferPointer<Pair>, [String], [String]) -> Result
    ) -> Result {
        var qTokens = queryTokens, qKeys = queryKeys, qWeights = queryWeights
        var aTokens = alertTokens, aKeys = alertKeys, aWeights = alertWeights
        // Joined against split parts can only be when the counts differ.
        if qTokens.count != aTokens.count {
            mergeJoinedParts(&aTokens, &aKeys, &aWeights, against: qTokens)
            mergeJoinedParts(&qTokens, &qKeys, &qWeights, against: aTokens)
        }

        // Every pair's similarity; then greedy, best pairs first (n and m are a handful). The
        // working arrays live on the stack: a query compares a hundred listed names.
        return withUnsafeTemporaryAllocation(of: Pair.self, capacity: qTokens.count * aTokens.count) { candidates in
            var count = 0
            for (i, q) in qTokens.enumerated() {
                for (j, a) in aTokens.enumerated() {
                    let sameKey = !qKeys[i].isEmpty && qKeys[i] == aKeys[j]
                    var similarity = 1.0
                    if q != a {
                        if cannotMatch(q.utf8.count, a.utf8.count, sameKey: sameKey) { continue }
                        similarity = JaroWinkler.similarity(q, a)
                    }
                    if sameKey, similarity >= 0.72 {
                        // Same skeleton and letters that agree well enough: a spelling variant.
                        // Short skeletons meet by chance (ASSATA and SEYDOU are both ST), hence the gate.
                        similarity = max(similarity, 0.93)
                    } else if q.utf8.count != a.utf8.count {
                        // Jaro-Winkler rewards a shared start: IVAN and IVANOV, PETR and PETROVICH
                        // are different names, so a difference in length costs.
                        let longer = Double(max(q.utf8.count, a.utf8.count))
                        similarity *= 1 - 0.5 * Double(abs(q.utf8.count - a.utf8.count)) / longer
                    }
                    if similarity >= minimumSimilarity {
                        candidates.initializeElement(at: count, to: Pair(query: i, alert: j, similarity: similarity, sameKey: sameKey))
                        count += 1
                    }
                }
            }
            var found = UnsafeMutableBufferPointer(rebasing: candidates[..<count])
            defer { found.deinitialize() }
            // Stable, as the array sort it replaces happened to be for these few elements.
            found.sort { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : ($0.query, $0.alert) < ($1.query, $1.alert) }
            // The chosen pairs move to the front of `found`, in the order chosen.
            let chosen = withUnsafeTemporaryAllocation(of: Bool.self, capacity: qTokens.count + aTokens.count) { used in
                used.initialize(repeating: false)
                var chosen = 0
                for k in found.indices where !used[found[k].query] && !used[qTokens.count + found[k].alert] {
                    used[found[k].query] = true
                    used[qTokens.count + found[k].alert] = true
                    found[chosen] = found[k]
                    chosen += 1
                }
                return chosen
            }
            let pairs = UnsafeMutableBufferPointer(rebasing: found[..<chosen])
            return body(score(of: pairs, qWeights, aWeights, queryIsShorter: qTokens.count <= aTokens.count), pairs, qTokens, aTokens)
        }
    }

    private static func score(of pairs: UnsafeMutableBufferPointer<Pair>, _ qWeights: [Float], _ aWeights: [Float], queryIsShorter: Bool)
        -> Double
    {
        // Coverage of the shorter name, so a missing given name costs little; each part of the
        // longer name left over costs a little more.
        let shortWeights = queryIsShorter ? qWeights : aWeights
        let longWeights = queryIsShorter ? aWeights : qWeights
        let total = Double(shortWeights.reduce(0, +))
        var covered = 0.0
        var matchedLongWeight: Float = 0
        for pair in pairs {
            covered += pair.similarity * Double(queryIsShorter ? qWeights[pair.query] : aWeights[pair.alert])
            matchedLongWeight += queryIsShorter ? aWeights[pair.alert] : qWeights[pair.query]
        }
        var score = total > 0 ? covered / total : 0
        // Parts of the longer name left unmatched cost by how telling they are: a missing
        // common given name little, a missing rare surname much more.
        let longTotal = longWeights.reduce(0, +)
        if longTotal > 0 { score *= 1 - 0.2 * Double((longTotal - matchedLongWeight) / longTotal) }
        // One matching part is weaker evidence than two, however rare.
        if pairs.count == 1 { score = min(score, 0.9) }
        return score
    }

    /// Whether parts of these lengths stay below `minimumSimilarity` whatever their letters:
    /// the best Jaro-Winkler can give them, with the cost of the difference in length, as
    /// scored below. Most pairs of a hundred candidates are of unlike lengths, and this spares
    /// them the letter-by-letter comparison; what is kept is exactly what was kept before.
    static func cannotMatch(_ queryLength: Int, _ alertLength: Int, sameKey: Bool) -> Bool {
        let best = JaroWinkler.upperBound(queryLength, alertLength)
        // A margin against rounding: when in doubt, compare.
        let margin = 1e-9
        // Same key: from 0.72 the pair counts as a spelling variant, lengths aside.
        if sameKey, best >= 0.72 - margin { return false }
        var bound = best
        if queryLength != alertLength {
            let longer = Double(max(queryLength, alertLength))
            bound *= 1 - 0.5 * Double(abs(queryLength - alertLength)) / longer
        }
        return bound < minimumSimilarity - margin
    }

    /// Where one side writes as one part what the other splits in two (JEANPIERRE and JEAN
    /// PIERRE), joins the two so they compare as one.
    private static func mergeJoinedParts(_ tokens: inout [String], _ keys: inout [String], _ weights: inout [Float], against other: [String]) {
        guard tokens.count >= 2 else { return }
        var i = 0
        while i + 1 < tokens.count {
            let length = tokens[i].utf8.count + tokens[i + 1].utf8.count
            if other.contains(where: { $0.utf8.count == length && $0 == tokens[i] + tokens[i + 1] }) {
                tokens[i] += tokens[i + 1]
                keys[i] = PhoneticKey.of(tokens[i])
                weights[i] = max(weights[i], weights[i + 1])
                tokens.remove(at: i + 1)
                keys.remove(at: i + 1)
                weights.remove(at: i + 1)
            }
            i += 1
        }
    }

    /// Evidence for the officer, e.g. "surname ZAKHAROV matches ЗАХАРОВ after transliteration".
    func evidence(query: NormalizedName, alert: NormalizedName, surnameParts: Int?) -> [HitEvidence] {
        func role(_ index: Int) -> String {
            guard let surnameParts else { return "name_part" }
            return index < surnameParts ? "surname" : "given_name"
        }
        var evidence: [HitEvidence] = []
        for pair in pairs.sorted(by: { $0.query < $1.query }) {
            // Show what the document and the list wrote, not the internal tokens (ABDEL KADER, not ABDKADER).
            let q = queryTokens.count == query.tokens.count ? query.sources[pair.query].uppercased() : queryTokens[pair.query]
            let a = alertTokens[pair.alert]
            let source = pair.alert < alert.sources.count && alertTokens.count == alert.tokens.count ? alert.sources[pair.alert] : a
            let sourceIsOtherScript = source.unicodeScalars.contains { $0.value >= 0x370 }
            let sourceHasAccents = !sourceIsOtherScript && source.unicodeScalars.contains { $0.value >= 0x80 }
            let values = ["role": role(pair.query), "part": q]
            if queryTokens[pair.query] == a {
                if sourceIsOtherScript {
                    evidence.append(HitEvidence(.nameTransliterated, values.merging(["listed": source]) { $1 }))
                } else if sourceHasAccents {
                    evidence.append(HitEvidence(.nameWithoutAccents, values.merging(["listed": source]) { $1 }))
                } else {
                    evidence.append(HitEvidence(.nameEqual, values))
                }
            } else {
                let shown = sourceIsOtherScript ? "\(source) (\(a))" : source.uppercased()
                if pair.sameKey {
                    evidence.append(HitEvidence(.nameVariant, values.merging(["listed": shown]) { $1 }))
                } else {
                    let similarity = String(Int((pair.similarity * 100).rounded()))
                    evidence.append(HitEvidence(.nameClose, values.merging(["listed": shown, "similarity": similarity]) { $1 }))
                }
            }
        }
        let matchedQ = Set(pairs.map(\.query)), matchedA = Set(pairs.map(\.alert))
        for (i, token) in queryTokens.enumerated() where !matchedQ.contains(i) {
            evidence.append(
                HitEvidence(queryTokens.count > alertTokens.count ? .nameMissingOnAlert : .nameNotOnAlert, ["role": role(i), "part": token])
            )
        }
        for (j, token) in alertTokens.enumerated() where !matchedA.contains(j) {
            evidence.append(HitEvidence(alertTokens.count > queryTokens.count ? .listedMissingForTraveller : .listedNotMatched, ["listed": token]))
        }
        let order = pairs.sorted { $0.query < $1.query }.map(\.alert)
        if order.count > 1, order != order.sorted() { evidence.append(HitEvidence(.nameOrder)) }
        return evidence
    }
}
