/// When two records are one person. A document is evidence of who holds it: the same document
/// presented by someone whose birth date or sex differs from the recorded holder's, or whose
/// name is not a spelling of the recorded one, is another person (an impostor, a fraudulent or
/// shared document) and must not be merged into the holder's history. A known person with a
/// new document is the same traveller.
public enum IdentityRules {
    /// What differs between the recorded identity and the presented one; empty when they can be
    /// the same person. Unknown values (a birth date with `<<`, sex `X`, `<` or not given) never
    /// differ; names are compared as spellings (transliteration, MOHAMED and MUHAMMAD,
    /// typos, parts in another order, given names missing or truncated on one side).
    public static func differences(recorded: TravellerIdentity, presented: TravellerIdentity) -> [IdentityDifference] {
        // The usual case at a booth, the same document read again as recorded, costs nothing more.
        if recorded.surname == presented.surname, recorded.givenNames == presented.givenNames, recorded.birthDate == presented.birthDate,
            recorded.sex == presented.sex
        {
            return []
        }
        var differences: [IdentityDifference] = []
        if !namesAreSpellingsOfOneName(recorded, presented) { differences.append(.name) }
        if !birthDatesAgree(recorded.birthDate, presented.birthDate) { differences.append(.birthDate) }
        let known: Set<String> = ["M", "F"]
        if let a = recorded.sex, let b = presented.sex, a != b, known.contains(a), known.contains(b) { differences.append(.sex) }
        return differences
    }

    /// A known person presenting another document: name, birth date and sex as recorded (spelling
    /// aside), the same nationality, and a birth date known on both sides.
    public static func isSamePersonWithAnotherDocument(recorded: TravellerIdentity, presented: TravellerIdentity) -> Bool {
        !recorded.birthDate.isEmpty && !presented.birthDate.isEmpty && recorded.nationality == presented.nationality
            && differences(recorded: recorded, presented: presented).isEmpty
    }

    /// Both dates as far as each is known: a year, a month or a day that both give must be equal.
    static func birthDatesAgree(_ a: String, _ b: String) -> Bool {
        let x = a.split(separator: "-"), y = b.split(separator: "-")
        for (p, q) in zip(x, y) where p != q { return false }
        return true
    }

    /// Every part of the shorter surname is a spelling of a part of the other, and the first
    /// given name of each side has a spelling among the other's given names (when both give one).
    static func namesAreSpellingsOfOneName(_ a: TravellerIdentity, _ b: TravellerIdentity) -> Bool {
        let surnameA = NameNormalizer.normalize(a.surname).tokens, surnameB = NameNormalizer.normalize(b.surname).tokens
        let givenA = NameNormalizer.normalize(a.givenNames).tokens, givenB = NameNormalizer.normalize(b.givenNames).tokens
        guard !surnameA.isEmpty || !surnameB.isEmpty else { return givenNamesAgree(givenA, givenB) }
        let (short, long) = surnameA.count <= surnameB.count ? (surnameA, surnameB) : (surnameB, surnameA)
        guard !short.isEmpty, short.allSatisfy({ part in long.contains { spells(part, $0) } }) else {
            // The surname in the given names and the other way round (a name typed in the wrong box).
            let all = surnameA + givenA, other = surnameB + givenB
            let (fewer, more) = all.count <= other.count ? (all, other) : (other, all)
            return !fewer.isEmpty && fewer.allSatisfy { part in more.contains { spells(part, $0) } }
        }
        return givenNamesAgree(givenA, givenB)
    }

    static func givenNamesAgree(_ a: [String], _ b: [String]) -> Bool {
        guard let firstA = a.first, let firstB = b.first else { return true }
        return b.contains { spells(firstA, $0) } || a.contains { spells(firstB, $0) }
    }

    /// One name part as a spelling of another: the same letters, the same consonant skeleton
    /// (MOHAMED, MUHAMMAD), a close typo, or a part cut short by the machine readable zone.
    static func spells(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        if a.count >= 2, b.count >= 2, a.hasPrefix(b) || b.hasPrefix(a), min(a.count, b.count) >= 2 {
            // Truncation keeps the start of a part; a part of one or two letters is an initial.
            return true
        }
        if PhoneticKey.of(a) == PhoneticKey.of(b), !PhoneticKey.of(a).isEmpty { return true }
        return JaroWinkler.similarity(a, b) >= 0.9
    }
}
