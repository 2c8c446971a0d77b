import LimesCore

/// A generated watchlist of persons from several naming cultures, and labelled queries: true
/// variants of listed persons and clean travellers who are on no list.
struct ScreeningCorpus {
    struct Part {
        var latin: String
        var arabic: String? = nil
        var cyrillic: String? = nil
        var variants: [String] = []
    }

    enum Culture: Int, CaseIterable {
        case arabic, westAfrican, slavic, latin
    }

    struct Person {
        var culture: Culture
        var surname: Part
        var given: [Part]
        var birthDate: PartialDate
        var sex: Sex
        var nationality: String
    }

    struct Query {
        var id: String
        var name: String
        var birthDate: PartialDate?
        var nationality: String?
        /// The alert this query is a variant of; nil for a clean traveller.
        var expected: String?
    }

    var alerts: [Alert]
    var queries: [Query]

    static func generate(persons count: Int, variants: Int, clean: Int, seed: UInt64) -> ScreeningCorpus {
        var rng = SplitMix64(seed: seed)
        var people: [Person] = []
        people.reserveCapacity(count)
        var alerts: [Alert] = []
        alerts.reserveCapacity(count)
        var listedKeys = Set<String>()
        for n in 0..<count {
            let person = makePerson(using: &rng)
            people.append(person)
            listedKeys.insert(identityKey(person))
            alerts.append(makeAlert(person, id: "A\(n)", using: &rng))
        }
        var queries: [Query] = []
        queries.reserveCapacity(variants + clean)
        var made = (variants: 0, clean: 0)
        // Alternate true variants and clean travellers, so any leading subset has both.
        while made.variants < variants || made.clean < clean {
            if made.variants < variants {
                let index = Int.random(in: 0..<people.count, using: &rng)
                queries.append(variantQuery(of: people[index], alertID: alerts[index].id, id: "v\(made.variants)", using: &rng))
                made.variants += 1
            }
            if made.clean < clean {
                var traveller = makePerson(using: &rng)
                while listedKeys.contains(identityKey(traveller)) { traveller = makePerson(using: &rng) }
                traveller.birthDate = PartialDate(
                    year: traveller.birthDate.year,
                    month: traveller.birthDate.month ?? 6,
                    day: traveller.birthDate.day ?? 15
                )!
                queries.append(
                    Query(
                        id: "c\(made.clean)",
                        name: documentName(traveller, using: &rng),
                        birthDate: traveller.birthDate,
                        nationality: traveller.nationality,
                        expected: nil
                    )
                )
                made.clean += 1
            }
        }
        return ScreeningCorpus(alerts: alerts, queries: queries)
    }

    /// Same name parts and birth year: a traveller like that is a namesake, not a clean one.
    private static func identityKey(_ p: Person) -> String {
        ([p.surname.latin] + p.given.map(\.latin)).joined(separator: " ") + "/\(p.birthDate.year)"
    }

    // MARK: - Persons

    private static func makePerson(using rng: inout SplitMix64) -> Person {
        let roll = Int.random(in: 0..<100, using: &rng)
        let culture: Culture = roll < 35 ? .arabic : roll < 60 ? .westAfrican : roll < 85 ? .slavic : .latin
        let year = Int.random(in: 1945...2008, using: &rng)
        let precision = Int.random(in: 0..<10, using: &rng)
        let birth =
            precision < 7
            ? PartialDate(year: year, month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))!
            : precision < 8 ? PartialDate(year: year, month: Int.random(in: 1...12, using: &rng))! : PartialDate(year: year)!
        var sex: Sex = Bool.random(using: &rng) ? .male : .female
        let nationality = NamePools.nationalities[culture.rawValue].randomElement(using: &rng)!
        var surname: Part
        var given: [Part] = []
        switch culture {
        case .arabic:
            if Int.random(in: 0..<3, using: &rng) == 0 {
                let s = NamePools.arabicSurnames.randomElement(using: &rng)!
                surname = Part(latin: s.latin, arabic: s.arabic, variants: s.variants)
            } else {
                surname = Part(latin: NamePools.arabicPrefixes.randomElement(using: &rng)! + NamePools.arabicRoots.randomElement(using: &rng)!)
            }
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                let g = NamePools.arabicGiven.randomElement(using: &rng)!
                given.append(Part(latin: g.latin, arabic: g.arabic, variants: g.variants))
            }
        case .westAfrican:
            let s = NamePools.westAfricanSurnames.randomElement(using: &rng)!
            surname = Part(latin: s.0, variants: s.1)
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                let g = NamePools.westAfricanGiven.randomElement(using: &rng)!
                given.append(Part(latin: g.0, variants: g.1))
            }
        case .slavic:
            let g = NamePools.slavicGiven.randomElement(using: &rng)!
            sex = g.1 ? .male : .female
            var cyrillic = NamePools.slavicRoots.randomElement(using: &rng)! + NamePools.slavicEndings.randomElement(using: &rng)!
            if sex == .female {
                if cyrillic.hasSuffix("ий") {
                    cyrillic = String(cyrillic.dropLast(2)) + "ая"
                } else if cyrillic.hasSuffix("ов") || cyrillic.hasSuffix("ев") || cyrillic.hasSuffix("ин") {
                    cyrillic += "а"
                }
            }
            surname = Part(latin: Transliteration.latin(cyrillic), cyrillic: cyrillic)
            given.append(Part(latin: Transliteration.latin(g.0), cyrillic: g.0))
            if Bool.random(using: &rng) {
                let father = NamePools.slavicGiven.filter(\.1).randomElement(using: &rng)!.0
                let stem = father.hasSuffix("й") ? String(father.dropLast()) + "е" : father
                let patronymic = stem + (sex == .male ? "вич" : "вна")
                given.append(Part(latin: Transliteration.latin(patronymic), cyrillic: patronymic))
            }
        case .latin:
            surname = Part(latin: NamePools.latinSurnames.randomElement(using: &rng)!)
            for _ in 0..<Int.random(in: 1...2, using: &rng) { given.append(Part(latin: NamePools.latinGiven.randomElement(using: &rng)!)) }
        }
        return Person(culture: culture, surname: surname, given: given, birthDate: birth, sex: sex, nationality: nationality)
    }

    private static func makeAlert(_ p: Person, id: String, using rng: inout SplitMix64) -> Alert {
        let parts = [p.surname] + p.given
        var names: [String] = []
        switch p.culture {
        case .slavic:
            let cyrillic = parts.compactMap(\.cyrillic).joined(separator: " ")
            // Half the Slavic entries are known only in Cyrillic.
            names = Bool.random(using: &rng) ? [cyrillic] : [parts.map(\.latin).joined(separator: " "), cyrillic]
        case .arabic:
            names = [parts.map(\.latin).joined(separator: " ")]
            if parts.allSatisfy({ $0.arabic != nil }), Int.random(in: 0..<3, using: &rng) == 0 {
                names.append(parts.compactMap(\.arabic).joined(separator: " "))
            }
        default:
            names = [parts.map(\.latin).joined(separator: " ")]
        }
        if Int.random(in: 0..<4, using: &rng) == 0, let varied = parts.firstIndex(where: { !$0.variants.isEmpty }) {
            var alias = parts.map(\.latin)
            alias[varied] = parts[varied].variants.randomElement(using: &rng)!
            names.append(alias.joined(separator: " "))
        }
        let lists: [(Alert.List, Alert.Action)] = [(.nationalWanted, .arrest), (.entryBan, .refuseEntry), (.internationalNotice, .discreetCheck)]
        let (list, action) = lists.randomElement(using: &rng)!
        return Alert(id: id, list: list, names: names, birthDate: p.birthDate, sex: p.sex, nationalities: [p.nationality], action: action)
    }

    // MARK: - Queries

    private static func variantQuery(of p: Person, alertID: String, id: String, using rng: inout SplitMix64) -> Query {
        var person = p
        // Patronymic or second given name missing on the document, sometimes.
        if person.given.count > 1, Int.random(in: 0..<3, using: &rng) == 0 { person.given.removeLast() }
        var name = documentName(person, using: &rng, variantSpellings: true)
        if Int.random(in: 0..<5, using: &rng) == 0 { name = typo(name, using: &rng) }
        var birth: PartialDate? = PartialDate(
            year: p.birthDate.year,
            month: p.birthDate.month ?? Int.random(in: 1...12, using: &rng),
            day: p.birthDate.day ?? Int.random(in: 1...28, using: &rng)
        )
        let roll = Int.random(in: 0..<100, using: &rng)
        if roll < 8, let b = birth, let m = b.month, let d = b.day, d <= 12, d != m {
            birth = PartialDate(year: b.year, month: d, day: m)
        } else if roll < 18 {
            birth = nil
        }
        return Query(id: id, name: name, birthDate: birth, nationality: p.nationality, expected: alertID)
    }

    /// The name as a travel document would print it in its MRZ: Latin capitals, surname first
    /// mostly, in one of the transliterations or spellings in use.
    private static func documentName(_ p: Person, using rng: inout SplitMix64, variantSpellings: Bool = false) -> String {
        let system = TransliterationSystem.allCases.randomElement(using: &rng)!
        func spell(_ part: Part) -> String {
            if let cyrillic = part.cyrillic { return system.latin(cyrillic) }
            if variantSpellings, !part.variants.isEmpty, Bool.random(using: &rng) { return part.variants.randomElement(using: &rng)! }
            return Transliteration.latin(part.latin)
        }
        var parts = [spell(p.surname)] + p.given.map(spell)
        if Int.random(in: 0..<10, using: &rng) < 3 { parts = Array(parts.dropFirst()) + [parts[0]] }
        return parts.joined(separator: " ")
    }

    /// One slip of the hand in a longer part: a letter replaced, dropped or doubled.
    private static func typo(_ name: String, using rng: inout SplitMix64) -> String {
        var parts = name.split(separator: " ").map { Array($0) }
        guard let target = parts.indices.filter({ parts[$0].count >= 5 }).randomElement(using: &rng) else { return name }
        var chars = parts[target]
        let position = Int.random(in: 1..<chars.count, using: &rng)
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: chars[position] = Array("ABCDEFGHIJKLMNOPRSTUVWYZ").randomElement(using: &rng)!
        case 1: chars.remove(at: position)
        default: chars.insert(chars[position], at: position)
        }
        parts[target] = chars
        return parts.map { String($0) }.joined(separator: " ")
    }
}

/// Ways of writing Cyrillic in Latin letters that documents and lists actually use.
enum TransliterationSystem: CaseIterable {
    case icao, german, french, english

    func latin(_ cyrillic: String) -> String {
        guard self != .icao else { return Transliteration.latin(cyrillic) }
        var out = ""
        for character in cyrillic.lowercased() {
            let letter = String(character)
            out += (table[letter] ?? Transliteration.latin(letter)).uppercased()
        }
        return out
    }

    private var table: [String: String] {
        switch self {
        case .icao: return [:]
        case .german:
            return [
                "х": "ch", "в": "w", "ж": "sch", "ш": "sch", "щ": "schtsch", "ч": "tsch", "ц": "z", "з": "s", "й": "j", "ю": "ju", "я": "ja",
                "ё": "jo", "ы": "y", "ь": "", "ъ": "", "е": "e",
            ]
        case .french:
            return [
                "х": "kh", "ж": "j", "ш": "ch", "щ": "chtch", "ч": "tch", "ц": "ts", "у": "ou", "ю": "iou", "я": "ia", "й": "i", "ь": "", "ъ": "",
            ]
        case .english:
            return [
                "х": "kh", "ж": "zh", "ш": "sh", "щ": "shch", "ч": "ch", "ц": "ts", "ю": "yu", "я": "ya", "й": "y", "ы": "y", "ь": "", "ъ": "",
                "ё": "yo",
            ]
        }
    }
}
