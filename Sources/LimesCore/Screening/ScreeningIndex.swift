import Foundation

/// The watchlists in memory, indexed for screening at the speed of a booth.
///
/// Every listed name (primary and aliases) is normalised once; its parts' consonant keys, pairs
/// of keys, and keys with one symbol left out point back at it. A query gathers the names that
/// share keys with it from short lists, ranks them by how rare the shared keys are and by birth
/// year, and compares only the best (`ScreeningPolicy.candidateLimit`) carefully. Immutable once
/// built, so any number of threads may screen at once.
public final class ScreeningIndex: Sendable {
    struct Entry: Sendable {
        var alert: UInt32
        var tokens: [String]
        var keys: [String]
        var weights: [Float] = []
    }

    /// Every alert the index was given, by ordinal, including those a later change replaced
    /// or removed (`retired`), which no list reaches any more.
    let alerts: [Alert]
    let entries: [Entry]
    /// Each entry's birth year, 0 when unknown; lets the candidate ranking prefer the right
    /// generation. Each scratch keeps a copy beside its scores, where the ranking reads it.
    let birthYears: [Int16]
    let postings: [String: [UInt32]]
    let deletionPostings: [String: [UInt32]]
    /// Two parts of one name, keys in order, joined by `|`: selective where each part alone is common.
    let pairPostings: [String: [UInt32]]
    /// Folded document number -> alerts that list it.
    let documents: [String: [UInt32]]
    /// Ordinals of alerts changed or removed since the index was built whole.
    let retired: Set<UInt32>
    /// Alerts added, changed or removed since the index was built whole: the rarity of name
    /// parts is still that of the whole build, and dead ordinals take memory.
    public let changesSinceBuild: Int

    /// The alerts screened against.
    public var alertCount: Int { alerts.count - retired.count }

    public convenience init(alerts: [Alert]) {
        var tables = Tables()
        for (ordinal, alert) in alerts.enumerated() { tables.add(alert, ordinal: UInt32(ordinal)) }
        // Rarity is known only once every name is in.
        for i in tables.entries.indices { tables.weigh(i) }
        self.init(alerts: alerts, tables: tables, retired: [], changesSinceBuild: 0)
    }

    private init(alerts: [Alert], tables: Tables, retired: Set<UInt32>, changesSinceBuild: Int) {
        self.alerts = alerts
        self.entries = tables.entries
        self.birthYears = tables.birthYears
        self.postings = tables.postings
        self.deletionPostings = tables.deletionPostings
        self.pairPostings = tables.pairPostings
        self.documents = tables.documents
        self.retired = retired
        self.changesSinceBuild = changesSinceBuild
    }

    /// This index with the changes applied, without building it again: a changed or removed
    /// alert's names and documents leave the lists, a changed or added alert's join them. What
    /// this costs grows with the lists' total size (they are copied), not with the names'
    /// normalisation, the cost of a whole build. The rarity of the parts the index already
    /// held is not recomputed; build whole when many alerts changed (`changesSinceBuild`).
    public func applying(_ changes: WatchlistChanges) -> ScreeningIndex {
        var tables = Tables(
            entries: entries,
            birthYears: birthYears,
            postings: postings,
            deletionPostings: deletionPostings,
            pairPostings: pairPostings,
            documents: documents
        )
        var alerts = self.alerts
        var retired = self.retired
        // One pass over the alerts finds those leaving; a map from id to ordinal kept for this
        // would cost every index its memory and every whole build its time.
        let leaving = Set(changes.removed).union(changes.changed.map(\.id))
        if !leaving.isEmpty {
            for (position, alert) in alerts.enumerated() where leaving.contains(alert.id) {
                let ordinal = UInt32(position)
                guard !retired.contains(ordinal) else { continue }
                tables.remove(alert, ordinal: ordinal)
                retired.insert(ordinal)
            }
        }
        let firstNew = tables.entries.count
        for alert in changes.changed {
            tables.add(alert, ordinal: UInt32(alerts.count))
            alerts.append(alert)
        }
        for i in firstNew..<tables.entries.count { tables.weigh(i) }
        return ScreeningIndex(alerts: alerts, tables: tables, retired: retired, changesSinceBuild: changesSinceBuild + changes.count)
    }

    /// Whether applying these changes is worth it rather than building whole: while the changes
    /// since the whole build stay a small share of the list (a twentieth, and always a thousand).
    public func follows(_ changes: WatchlistChanges) -> Bool {
        changesSinceBuild + changes.count <= max(1_000, alertCount / 20)
    }

    /// The lists an index is made of, while it is being made.
    private struct Tables {
        var entries: [Entry] = []
        var birthYears: [Int16] = []
        var postings: [String: [UInt32]] = [:]
        var deletionPostings: [String: [UInt32]] = [:]
        var pairPostings: [String: [UInt32]] = [:]
        var documents: [String: [UInt32]] = [:]

        /// The alert's names as entries in the lists, and its documents.
        mutating func add(_ alert: Alert, ordinal: UInt32) {
            for name in alert.names {
                let normalized = NameNormalizer.normalize(name)
                guard !normalized.tokens.isEmpty else { continue }
                let keys = normalized.tokens.map(PhoneticKey.of)
                let entry = UInt32(entries.count)
                entries.append(Entry(alert: ordinal, tokens: normalized.tokens, keys: keys))
                birthYears.append(Int16(alert.birthDate?.year ?? 0))
                for pair in Self.pairs(of: keys) { pairPostings[pair, default: []].append(entry) }
                for (key, variants) in Self.keysAndVariants(keys) {
                    postings[key, default: []].append(entry)
                    for variant in variants { deletionPostings[variant, default: []].append(entry) }
                }
            }
            for document in Self.foldedDocuments(of: alert) { documents[document, default: []].append(ordinal) }
        }

        /// Takes the alert's entries and documents out of every list. Its entries are the run
        /// of entries with its ordinal: entries are appended in the order of their alerts.
        mutating func remove(_ alert: Alert, ordinal: UInt32) {
            var low = 0, high = entries.count
            while low < high {
                let middle = (low + high) / 2
                if entries[middle].alert < ordinal { low = middle + 1 } else { high = middle }
            }
            var index = low
            while index < entries.count, entries[index].alert == ordinal {
                let entry = UInt32(index)
                let keys = entries[index].keys
                for pair in Self.pairs(of: keys) { Self.drop(entry, from: pair, in: &pairPostings) }
                for (key, variants) in Self.keysAndVariants(keys) {
                    Self.drop(entry, from: key, in: &postings)
                    for variant in variants { Self.drop(entry, from: variant, in: &deletionPostings) }
                }
                index += 1
            }
            for document in Self.foldedDocuments(of: alert) { Self.drop(ordinal, from: document, in: &documents) }
        }

        /// Each part's weight: how rare its key is among every name now in the lists.
        mutating func weigh(_ i: Int) {
            let names = entries.count
            entries[i].weights = entries[i].keys.map { Float(ScreeningIndex.rarity(frequency: postings[$0]?.count ?? 0, names: names)) }
        }

        static func drop(_ value: UInt32, from key: String, in lists: inout [String: [UInt32]]) {
            guard var list = lists[key] else { return }
            lists[key] = nil
            list.removeAll { $0 == value }
            if !list.isEmpty { lists[key] = list }
        }

        static func pairs(of keys: [String]) -> [String] {
            let distinct = Array(Set(keys.filter { !$0.isEmpty })).sorted()
            var pairs: [String] = []
            for i in distinct.indices {
                for j in distinct.indices where j > i { pairs.append(distinct[i] + "|" + distinct[j]) }
            }
            return pairs
        }

        /// Each distinct key once, with those of its one-letter deletions not seen before
        /// (among the name's keys and earlier deletions).
        static func keysAndVariants(_ keys: [String]) -> [(String, [String])] {
            var seen = Set<String>()
            var result: [(String, [String])] = []
            for key in keys where !key.isEmpty && seen.insert(key).inserted {
                result.append((key, PhoneticKey.deletions(of: key).filter { seen.insert($0).inserted }))
            }
            return result
        }

        static func foldedDocuments(of alert: Alert) -> [String] {
            alert.documents.map { DocumentNumber.folded(DocumentNumber.normalized($0.number)) }.filter { !$0.isEmpty }
        }
    }

    /// Lists longer than this are walked only as a last resort.
    static let shortList = 3_000
    static let shortVariantList = 1_000

    /// How telling a name part with this key is: rare keys weigh more (inverse document frequency).
    func weight(ofKey key: String) -> Double {
        Self.rarity(frequency: postings[key]?.count ?? 0, names: entries.count)
    }

    /// Inverse document frequency: 1 for a key every name has, more the rarer it is.
    static func rarity(frequency: Int, names: Int) -> Double {
        1 + log(Double(names + 1) / Double(frequency + 1))
    }

    /// The alerts the traveller may be, best first, each with its reasons.
    ///
    /// - Parameters:
    ///   - today: alerts not in force on this day are left out; nil keeps all.
    ///   - scratch: reuse one per thread when screening many queries.
    ///   - clearance: an earlier "not this person" decision, by alert id, for this document.
    public func screen(
        _ query: ScreeningQuery,
        policy: ScreeningPolicy = ScreeningPolicy(),
        today: CalendarDate? = nil,
        scratch: ScreeningScratch? = nil,
        clearance: (String) -> Clearance? = { _ in nil }
    ) -> [ScreeningHit] {
        let hits = screenName(query, policy: policy, today: today, scratch: scratch, clearance: clearance)
        // A name the machine readable zone may have cut short (WOLFESCHLEGELSTEINHAUSENBERGERDORFF
        // HU for HUBERT JOHN): its last part may be the start of a longer one, so the name is
        // screened again without it, and each alert keeps its better score. Rare, so the usual
        // query pays nothing.
        guard query.nameMayBeTruncated else { return hits }
        let parts = NameNormalizer.normalize(query.name).tokens
        guard parts.count >= 2, let cut = parts.last else { return hits }
        var shorter = query
        shorter.name = parts.dropLast().joined(separator: " ")
        shorter.nameMayBeTruncated = false
        shorter.surnameParts = query.surnameParts.map { min($0, parts.count - 1) }
        var best = Dictionary(hits.map { ($0.alertID, $0) }, uniquingKeysWith: { a, _ in a })
        for var hit in screenName(shorter, policy: policy, today: today, scratch: scratch, clearance: clearance)
        where hit.score > (best[hit.alertID]?.score ?? 0) {
            hit.evidence.append(HitEvidence(.nameCutShort, ["part": cut]))
            hit.reasons = hit.evidence.map(\.text)
            best[hit.alertID] = hit
        }
        return best.values.sorted { $0.score != $1.score ? $0.score > $1.score : $0.alertID < $1.alertID }
    }

    private func screenName(
        _ query: ScreeningQuery,
        policy: ScreeningPolicy,
        today: CalendarDate?,
        scratch: ScreeningScratch?,
        clearance: (String) -> Clearance?
    ) -> [ScreeningHit] {
        let scratch = scratch ?? ScreeningScratch(index: self)
        let name = NameNormalizer.normalize(query.name)
        let keys = name.tokens.map(PhoneticKey.of)
        var found: [UInt32: (score: Double, hit: ScreeningHit)] = [:]

        let birthYear = query.birthDate.map { Int16($0.year) } ?? 0
        let (candidates, queryWeights) = nameCandidates(tokens: name.tokens, keys: keys, birthYear: birthYear, policy: policy, scratch: scratch)
        for (entryIndex, nameScore) in candidates {
            let ordinal = entries[Int(entryIndex)].alert
            // Read in place, through a pointer: a copy of the alert (a dozen references, each
            // retained and released, each a cache miss) per candidate was 2% of a booth's
            // transaction, and passing the array element `borrowing` still copied it.
            guard
                let (score, birth, sexDiffers, nationalityDiffers) = alerts.withUnsafeBufferPointer({
                    Self.weigh(nameScore, query: query, alert: $0.baseAddress! + Int(ordinal), today: today)
                }),
                score >= policy.possibleThreshold, score > (found[ordinal]?.score ?? 0)
            else { continue }

            // A hit: now it is worth the pairs of parts, and the sentences.
            let entry = entries[Int(entryIndex)]
            let alert = alerts[Int(ordinal)]
            let comparison = NameComparison.compare(
                queryTokens: name.tokens,
                queryKeys: keys,
                queryWeights: queryWeights,
                alertTokens: entry.tokens,
                alertKeys: entry.keys,
                alertWeights: entry.weights
            )
            var extra = [birth.evidence]
            if sexDiffers, let sex = query.sex, let listed = alert.sex {
                extra.append(HitEvidence(.sexDiffers, ["traveller": sex.rawValue, "alert": listed.rawValue]))
            }
            if let nationality = query.nationality, !alert.nationalities.isEmpty {
                extra.append(
                    nationalityDiffers
                        ? HitEvidence(
                            .nationalityNotAmongAlerts,
                            ["nationality": nationality, "nationalities": alert.nationalities.joined(separator: ", ")]
                        )
                        : HitEvidence(.nationalityEqual, ["nationality": nationality])
                )
            }
            let listedName = alert.names.first { NameNormalizer.normalize($0).tokens == entry.tokens } ?? alert.names.first
            let evidence =
                comparison.evidence(
                    query: name,
                    alert: NameNormalizer.normalize(listedName ?? ""),
                    surnameParts: query.surnameParts
                ) + extra
            found[entry.alert] = (score, hit(alert, score: score, evidence: evidence, matchedName: listedName, policy: policy))
        }

        for (ordinal, score, evidence) in documentMatches(query) {
            let alert = alerts[Int(ordinal)]
            if let today, !alert.isValid(on: today) { continue }
            if let existing = found[ordinal] {
                var merged = existing.hit
                merged.evidence = evidence + merged.evidence
                merged.reasons = merged.evidence.map(\.text)
                merged.score = max(score, merged.score)
                merged.band = merged.score >= policy.strongThreshold ? .strong : .possible
                found[ordinal] = (merged.score, merged)
            } else if score >= policy.possibleThreshold {
                found[ordinal] = (score, hit(alert, score: score, evidence: evidence, matchedName: nil, policy: policy))
            }
        }

        var hits = found.values.map(\.hit)
        if let number = query.documentNumber {
            let key = DocumentNumber.key(number: number, country: query.documentCountry)
            for i in hits.indices { hits[i].previouslyCleared = clearance(hits[i].alertID).flatMap { $0.documentKey == key ? $0 : nil } }
        }
        return hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.alertID < $1.alertID }
    }

    /// A name score weighed by what else the alert says; nil when the alert is not in force.
    private static func weigh(_ nameScore: Double, query: ScreeningQuery, alert: UnsafePointer<Alert>, today: CalendarDate?) -> (
        score: Double, birth: BirthDateComparison, sexDiffers: Bool, nationalityDiffers: Bool
    )? {
        if let today, !alert.pointee.isValid(on: today) { return nil }
        let birth = BirthDateComparison.compare(traveller: query.birthDate, alert: alert.pointee.birthDate)
        var score = nameScore * birth.factor
        let sexDiffers =
            query.sex.map { sex in alert.pointee.sex.map { $0 != sex && $0 != .nonSpecified && sex != .nonSpecified } ?? false } ?? false
        if sexDiffers { score *= 0.75 }
        let nationalityDiffers =
            query.nationality.map { !alert.pointee.nationalities.isEmpty && !alert.pointee.nationalities.contains($0) } ?? false
        if nationalityDiffers { score *= 0.9 }
        return (score, birth, sexDiffers, nationalityDiffers)
    }

    private func hit(_ alert: Alert, score: Double, evidence: [HitEvidence], matchedName: String?, policy: ScreeningPolicy) -> ScreeningHit {
        ScreeningHit(
            alertID: alert.id,
            list: alert.list,
            action: alert.action,
            score: (score * 1000).rounded() / 1000,
            band: score >= policy.strongThreshold ? .strong : .possible,
            evidence: evidence,
            matchedName: matchedName
        )
    }

    /// The listed names worth comparing carefully, each with its name score; and the weight
    /// of each of the query's parts, which scored them.
    private func nameCandidates(
        tokens: [String],
        keys: [String],
        birthYear: Int16,
        policy: ScreeningPolicy,
        scratch: ScreeningScratch
    ) -> (candidates: [(UInt32, Double)], queryWeights: [Float]) {
        scratch.reset()
        // Gathering touches names scattered over the whole list, each touch a cache miss, so
        // it walks only short lists: pairs of the query's parts (namesakes), and the lists of
        // its rare parts with their one-letter neighbours (typos, dropped letters). A common
        // part's whole list is walked only when nothing else found anything.
        let distinct = Array(Set(keys.filter { !$0.isEmpty })).sorted()
        guard !distinct.isEmpty else { return ([], keys.map { _ in 1 }) }
        let weights = distinct.map { Float(weight(ofKey: $0)) }
        let totalWeight = weights.reduce(0, +)
        for i in distinct.indices {
            for j in distinct.indices where j > i {
                scratch.generation &+= 1
                add(pairPostings[distinct[i] + "|" + distinct[j]], weight: weights[i] + weights[j], stamp: scratch.generation, scratch: scratch)
            }
        }
        var walked = [Bool](repeating: false, count: distinct.count)
        for (i, key) in distinct.enumerated() {
            scratch.generation &+= 1
            let stamp = scratch.generation
            let exact = postings[key]
            if (exact?.count ?? 0) <= Self.shortList {
                add(exact, weight: weights[i], stamp: stamp, scratch: scratch)
                walked[i] = true
            }
            // A letter too many or too few on either side, where those lists are short.
            if let list = deletionPostings[key], list.count <= Self.shortVariantList {
                add(list, weight: 0.7 * weights[i], stamp: stamp, scratch: scratch)
            }
            for variant in PhoneticKey.deletions(of: key) {
                if let list = postings[variant], list.count <= Self.shortVariantList {
                    add(list, weight: 0.7 * weights[i], stamp: stamp, scratch: scratch)
                }
            }
        }
        // Nothing gathered at all (a letter replaced in a short rare part, say): walk the
        // shortest list not walked yet, whatever its length. Not for every weak result: clean
        // travellers, most of a border's traffic, would pay for it.
        if scratch.touched.count < 20,
            let smallest = distinct.indices.filter({ !walked[$0] }).min(by: {
                (postings[distinct[$0]]?.count ?? 0) < (postings[distinct[$1]]?.count ?? 0)
            })
        {
            scratch.generation &+= 1
            add(postings[distinct[smallest]], weight: weights[smallest], stamp: scratch.generation, scratch: scratch)
        }
        let weightOfKey = Dictionary(uniqueKeysWithValues: zip(distinct, weights))
        let queryWeights = keys.map { weightOfKey[$0] ?? 1 }

        // Names that share at least a quarter of the query's weight, best first.
        let floor = totalWeight / 4
        var ranked: [(entry: UInt32, score: Float)] = []
        let touched = scratch.touched
        scratch.slots.withUnsafeBufferPointer { slots in
            for entry in touched {
                let slot = slots[Int(entry)]
                guard slot.score >= floor else { continue }
                var score = slot.score
                // Among namesakes, the same generation first.
                if birthYear != 0 {
                    let listed = slot.birthYear
                    if listed == birthYear {
                        score += totalWeight / 2
                    } else if listed != 0, abs(Int(listed) - Int(birthYear)) <= 1 {
                        score += totalWeight / 4
                    }
                }
                ranked.append((entry, score))
            }
        }
        if ranked.count > policy.candidateLimit {
            ranked = Self.best(ranked, policy.candidateLimit)
        }
        // Through a pointer, so that an entry (three arrays) is not copied per candidate.
        let scored = entries.withUnsafeBufferPointer { entries in
            warm(ranked, entries: entries)
            return ranked.map { candidate in
                let entry = entries.baseAddress! + Int(candidate.entry)
                return (
                    candidate.entry,
                    NameComparison.score(
                        queryTokens: tokens,
                        queryKeys: keys,
                        queryWeights: queryWeights,
                        alertTokens: entry.pointee.tokens,
                        alertKeys: entry.pointee.keys,
                        alertWeights: entry.pointee.weights
                    )
                )
            }
        }
        return (scored, queryWeights)
    }

    /// Reads, for every candidate at once, the memory its comparison and weighing will read:
    /// the entry, its three arrays, the alert and its nationalities, each far from the last.
    /// These loads do not wait on each other, so the processor overlaps their cache misses;
    /// met one candidate at a time, behind a comparison's worth of work, each miss is waited
    /// out alone.
    private func warm(_ ranked: [(entry: UInt32, score: Float)], entries: UnsafeBufferPointer<Entry>) {
        var sum = 0
        alerts.withUnsafeBufferPointer { alerts in
            for candidate in ranked {
                let entry = entries.baseAddress! + Int(candidate.entry)
                let alert = alerts.baseAddress! + Int(entry.pointee.alert)
                sum &+= entry.pointee.tokens.count &+ entry.pointee.keys.count &+ entry.pointee.weights.count
                sum &+= alert.pointee.nationalities.count &+ Int(alert.pointee.birthDate?.year ?? 0)
            }
        }
        // Used, so that the loads are not optimised away; never true.
        if sum == Int.min { preconditionFailure("warming read an impossible sum") }
    }

    /// The `limit` best by score, ties to the earlier, best first: what sorting all of them and
    /// keeping the first `limit` gives, without sorting the thousands a common name gathers.
    package static func best(_ ranked: [(entry: UInt32, score: Float)], _ limit: Int) -> [(entry: UInt32, score: Float)] {
        // Order: higher score first, then earlier position. A total order, so the set kept is
        // the stable sort's.
        var keys = ranked.indices.map { (score: ranked[$0].score, position: $0) }
        func before(_ a: (score: Float, position: Int), _ b: (score: Float, position: Int)) -> Bool {
            a.score != b.score ? a.score > b.score : a.position < b.position
        }
        // Quickselect: afterwards the first `limit` keys are the best, in no order.
        var low = 0, high = keys.count - 1
        while low < high {
            let pivot = keys[(low + high) / 2]
            var i = low, j = high
            while i <= j {
                while before(keys[i], pivot) { i += 1 }
                while before(pivot, keys[j]) { j -= 1 }
                if i <= j {
                    keys.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if limit - 1 <= j { high = j } else if limit - 1 >= i { low = i } else { break }
        }
        var kept = Array(keys.prefix(limit))
        kept.sort(by: before)
        return kept.map { ranked[$0.position] }
    }

    @inline(__always)
    private func add(_ list: [UInt32]?, weight: Float, stamp: UInt32, scratch: ScreeningScratch) {
        guard let list else { return }
        let fresh = scratch.queryStart
        // Taken out and put back, so that appending neither copies nor checks access each time.
        var touched = scratch.touched
        scratch.touched = []
        // One access to the slots per list, not one exclusivity check per name.
        scratch.slots.withUnsafeMutableBufferPointer { slots in
            for entry in list {
                let i = Int(entry)
                let seen = slots[i].stamp
                if seen == stamp { continue }
                slots[i].stamp = stamp
                if seen <= fresh {
                    // First touched by this query: whatever score is there is an earlier query's.
                    slots[i].score = weight
                    touched.append(entry)
                } else {
                    slots[i].score += weight
                }
            }
        }
        scratch.touched = touched
    }

    /// Alerts listing the traveller's document: exactly, or through OCR confusions.
    private func documentMatches(_ query: ScreeningQuery) -> [(UInt32, Double, [HitEvidence])] {
        guard let number = query.documentNumber else { return [] }
        let read = DocumentNumber.normalized(number)
        let folded = DocumentNumber.folded(read)
        guard !read.isEmpty, let ordinals = documents[folded] else { return [] }
        var matches: [(UInt32, Double, [HitEvidence])] = []
        for ordinal in ordinals {
            for document in alerts[Int(ordinal)].documents where DocumentNumber.folded(DocumentNumber.normalized(document.number)) == folded {
                if let listedCountry = document.country, let country = query.documentCountry, listedCountry != country { continue }
                let listed = DocumentNumber.normalized(document.number)
                var values = ["document": read]
                if let state = document.country { values["state"] = state }
                if listed == read {
                    matches.append((ordinal, 1.0, [HitEvidence(.documentListed, values)]))
                } else {
                    values["listed"] = listed
                    values["confusions"] = DocumentNumber.confusions(read: read, listed: listed).joined(separator: ", ")
                    matches.append((ordinal, 0.9, [HitEvidence(.documentThroughOCRConfusion, values)]))
                }
                break
            }
        }
        return matches
    }
}
