import LimesCore
import Testing

@Suite("Screening against watchlists")
struct ScreeningTests {
    static let alerts: [Alert] = [
        Alert(
            id: "W1",
            list: .nationalWanted,
            names: ["ЗАХАРОВ Иван Петрович", "ZAKHAROV IVAN"],
            birthDate: PartialDate(year: 1971, month: 3, day: 4),
            sex: .male,
            nationalities: ["RUS"],
            action: .arrest
        ),
        Alert(
            id: "W2",
            list: .entryBan,
            names: ["MUHAMMAD ABD AL-QADIR"],
            birthDate: PartialDate(year: 1985, month: 2, day: 3),
            action: .refuseEntry
        ),
        Alert(id: "W5", list: .entryBan, names: ["CHERIF KARIM"], birthDate: PartialDate(year: 1979, month: 6, day: 1), action: .refuseEntry),
        Alert(id: "W3", list: .internationalNotice, names: ["ЗАХАРОВ"], birthDate: PartialDate(year: 1971), action: .discreetCheck),
        Alert(
            id: "W4",
            list: .entryBan,
            names: ["DIALLO AMINATA"],
            birthDate: PartialDate(year: 1990, month: 5, day: 12),
            sex: .female,
            nationalities: ["GIN"],
            action: .refuseEntry
        ),
        Alert(
            id: "D1",
            list: .lostStolenDocument,
            names: [],
            documents: [Alert.Document(number: "L8989O2C3", country: "UTO")],
            action: .informIssuingAuthority
        ),
        Alert(id: "OLD", list: .entryBan, names: ["EXPIRED PERSON"], action: .refuseEntry, validUntil: CalendarDate(year: 2020, month: 1, day: 1)),
    ]
    /// Other people with common given names, so that how rare a name part is means what it
    /// means on a real list (IVAN is common, ZAKHAROV is not).
    static let others: [Alert] = (0..<60).map { n in
        let given = ["IVAN", "MOHAMED", "AMINATA", "KARIM", "ANNA", "PETR"][n % 6]
        let surname = ["PETROV", "BENALI", "TRAORE", "HADDAD", "SILVA", "NOVAK", "KONE", "RUSSO", "MANSOUR", "KELLER"][n / 6]
        return Alert(id: "O\(n)", list: .entryBan, names: ["\(surname) \(given)"], birthDate: PartialDate(year: 1950 + n), action: .refuseEntry)
    }
    let index = ScreeningIndex(alerts: alerts + others)

    func find(_ id: String, _ query: ScreeningQuery) -> ScreeningHit? {
        index.screen(query, today: fixedToday).first { $0.alertID == id }
    }

    @Test func theBestCandidatesAreWhatASortKeeps() {
        var random = SplitMix64(seed: 100)
        for round in 0..<300 {
            let count = Int.random(in: 0...400, using: &random)
            // Few distinct scores, so that ties at the cut are common.
            let ranked = (0..<count).map { (entry: UInt32($0), score: Float(Int.random(in: 0...(round % 2 == 0 ? 5 : 1000), using: &random)) / 4) }
            let limit = Int.random(in: 1...150, using: &random)
            let expected = Array(
                ranked.enumerated().sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }
                    .prefix(limit).map(\.element)
            )
            let kept = ScreeningIndex.best(ranked, limit)
            #expect(kept.map(\.entry) == expected.map(\.entry), "round \(round): \(count) ranked, limit \(limit)")
        }
    }

    @Test func aReusedScratchGivesWhatAFreshOneGives() {
        // A booth's thread keeps one scratch for every query: scores an earlier query left in
        // it must count for nothing in the next.
        let queries = [
            ScreeningQuery(name: "ZAKHAROV IVAN", birthDate: PartialDate(year: 1971)), ScreeningQuery(name: "IVAN PETROV"),
            ScreeningQuery(name: "DIALLO AMINATA", sex: .female), ScreeningQuery(name: "HADDAD KARIM"), ScreeningQuery(name: "ZAKHAROV IVAN"),
            ScreeningQuery(name: "KONE ANNA"), ScreeningQuery(name: "CHERIF KARIM", birthDate: PartialDate(year: 1979)),
        ]
        let reused = ScreeningScratch(index: index)
        for _ in 0..<3 {
            for query in queries {
                let again = index.screen(query, today: fixedToday, scratch: reused)
                let fresh = index.screen(query, today: fixedToday, scratch: ScreeningScratch(index: index))
                #expect(again == fresh, "\(query.name)")
            }
        }
        #expect(!index.screen(queries[0], today: fixedToday, scratch: reused).isEmpty)
    }

    @Test func amongManyNamesakesTheSameGenerationPassesTheCut() throws {
        // 150 namesakes gather the same score; only `candidateLimit` go on to careful
        // scoring. The one born in the traveller's year is listed last, so without the
        // generation's bonus in the ranking it would be cut, and the traveller missed.
        var alerts = (0..<150).map { n in
            Alert(id: "N\(n)", list: .entryBan, names: ["PETROV IVAN"], birthDate: PartialDate(year: 1930 + n % 40), action: .refuseEntry)
        }
        alerts.append(Alert(id: "SAME", list: .entryBan, names: ["PETROV IVAN"], birthDate: PartialDate(year: 1985), action: .refuseEntry))
        let index = ScreeningIndex(alerts: alerts)
        let policy = ScreeningPolicy(candidateLimit: 20)
        let query = ScreeningQuery(name: "PETROV IVAN", birthDate: PartialDate(year: 1985, month: 1, day: 1))
        // Twice on one scratch: the second query must still read the years beside the scores.
        let scratch = ScreeningScratch(index: index)
        for round in 1...2 {
            let hits = index.screen(query, policy: policy, today: fixedToday, scratch: scratch)
            #expect(hits.first?.alertID == "SAME", "round \(round)")
        }
        let undated = index.screen(ScreeningQuery(name: "PETROV IVAN"), policy: policy, today: fixedToday, scratch: scratch)
        #expect(!undated.contains { $0.alertID == "SAME" }, "without a birth date, the earliest listed namesakes fill the cut")
    }

    @Test func transliteratedSurnameWithExplanation() throws {
        let query = ScreeningQuery(name: "ZAKHAROV", birthDate: PartialDate(year: 1971, month: 8, day: 1), surnameParts: 1)
        let hit = try #require(find("W3", query))
        #expect(hit.reasons.first == "surname ZAKHAROV matches ЗАХАРОВ after transliteration")
        #expect(hit.reasons.contains("birth year 1971 equal; month and day unknown on one side"))
    }

    @Test func otherTransliterationWithGivenNameMissingOnTheAlert() throws {
        let hit = try #require(find("W3", ScreeningQuery(name: "SACHAROW IWAN", birthDate: PartialDate(year: 1971), surnameParts: 1)))
        #expect(hit.reasons.contains("surname SACHAROW matches ЗАХАРОВ (ZAKHAROV) as a spelling variant"))
        #expect(hit.reasons.contains("given name IWAN missing on the alert"))
    }

    @Test func strongHitFromMRZ() throws {
        let lines = MRZBuilder(issuer: "RUS", name: "ZAKHAROV<<IVAN", nationality: "RUS", birth: "710304", sex: "M", expiry: "300101").td3()
        let document = try parser.parse(lines.text)
        let hit = try #require(find("W1", ScreeningQuery(document: document)))
        #expect(hit.band == .strong)
        #expect(hit.score >= 0.95)
        #expect(hit.action == .arrest)
        #expect(hit.reasons.contains("surname ZAKHAROV equal"))
        #expect(hit.reasons.contains("birth date 1971-03-04 equal"))
        #expect(hit.reasons.contains("nationality RUS equal"))
    }

    @Test func arabicSpellingsAndAbdForms() throws {
        for name in ["MOHAMED ABDELKADER", "MOHAMMED ABDEL KADER", "ABDELKADER MOHAMED", "MUHAMMAD ABD EL QADIR"] {
            let hit = try #require(find("W2", ScreeningQuery(name: name, birthDate: PartialDate(year: 1985, month: 2, day: 3))), "\(name)")
            #expect(hit.band == .strong, "\(name): \(hit.score) \(hit.reasons)")
        }
        let reordered = try #require(find("W2", ScreeningQuery(name: "ABDELKADER MOHAMED")))
        #expect(reordered.reasons.contains("name parts in another order"))
    }

    @Test func frenchAndEnglishSpellingOfShinMeetThroughTheOtherPart() throws {
        let hit = try #require(find("W5", ScreeningQuery(name: "SHERIF KARIM", birthDate: PartialDate(year: 1979, month: 6, day: 1))))
        #expect(hit.reasons.first == "name part SHERIF is close to CHERIF (similarity 89%)")
    }

    @Test func birthDateCases() throws {
        func score(_ date: PartialDate?) throws -> Double {
            try #require(find("W4", ScreeningQuery(name: "AMINATA DIALLO", birthDate: date, sex: .female))).score
        }
        let exact = try score(PartialDate(year: 1990, month: 5, day: 12))
        let swapped = try score(PartialDate(year: 1990, month: 12, day: 5))
        let sameYear = try score(PartialDate(year: 1990, month: 1, day: 1))
        let unknown = try score(nil)
        #expect(exact > swapped)
        #expect(swapped > unknown)
        #expect(unknown > sameYear)
        #expect(
            find("W4", ScreeningQuery(name: "AMINATA DIALLO", birthDate: PartialDate(year: 1962, month: 1, day: 1))) == nil,
            "a different generation is no hit"
        )
        let swappedHit = try #require(find("W4", ScreeningQuery(name: "AMINATA DIALLO", birthDate: PartialDate(year: 1990, month: 12, day: 5))))
        #expect(swappedHit.reasons.contains("birth date 1990-12-05 equals 1990-05-12 with day and month swapped"))
    }

    @Test func sexAndNationalityLowerTheScore() throws {
        let same = try #require(
            find(
                "W4",
                ScreeningQuery(name: "AMINATA DIALLO", birthDate: PartialDate(year: 1990, month: 5, day: 12), sex: .female, nationality: "GIN")
            )
        )
        let other = find(
            "W4",
            ScreeningQuery(name: "AMINATA DIALLO", birthDate: PartialDate(year: 1990, month: 5, day: 12), sex: .male, nationality: "SEN")
        )
        #expect(same.score > (other?.score ?? 0))
    }

    @Test func documentExactAndThroughOCRConfusion() throws {
        let exact = try #require(find("D1", ScreeningQuery(name: "ANYONE ELSE", documentNumber: "L8989O2C3", documentCountry: "UTO")))
        #expect(exact.score == 1)
        #expect(exact.reasons == ["document L8989O2C3 issued by UTO is listed"])
        let ocr = try #require(find("D1", ScreeningQuery(name: "ANYONE ELSE", documentNumber: "L898902C3", documentCountry: "UTO")))
        #expect(ocr.score == 0.9)
        #expect(ocr.reasons == ["document L898902C3 matches listed L8989O2C3 issued by UTO through OCR confusion (O/0 at position 6)"])
        #expect(
            find("D1", ScreeningQuery(name: "ANYONE ELSE", documentNumber: "L898902C3", documentCountry: "FRA")) == nil,
            "another state's document"
        )
    }

    @Test func cleanTravellersAndExpiredAlertsDoNotHit() {
        #expect(index.screen(ScreeningQuery(name: "ERIKSSON ANNA MARIA"), today: fixedToday).isEmpty)
        #expect(index.screen(ScreeningQuery(name: "IVANOV PETR"), today: fixedToday).isEmpty)
        #expect(index.screen(ScreeningQuery(name: "EXPIRED PERSON"), today: fixedToday).isEmpty)
        #expect(!index.screen(ScreeningQuery(name: "EXPIRED PERSON")).isEmpty, "without a day, every alert counts")
    }

    @Test func previousClearanceIsShownNotHidden() throws {
        let clearance = Clearance(
            alertID: "W4",
            documentKey: "GIN/X123",
            officer: "officer 17",
            day: fixedToday,
            reason: "different person, checked fingerprints"
        )
        let hits = index.screen(
            ScreeningQuery(name: "AMINATA DIALLO", documentNumber: "x-123", documentCountry: "GIN"),
            clearance: { $0 == "W4" ? clearance : nil }
        )
        let hit = try #require(hits.first { $0.alertID == "W4" })
        #expect(hit.previouslyCleared == clearance)
        #expect(clearance.summary == "previously cleared by officer 17, on 2026-11-22: different person, checked fingerprints")
    }
    /// A name the MRZ cut short still finds the alert that lists it whole.
    @Test func aNameCutShortByTheMRZMatchesItsWholeForm() throws {
        let longName = Alert(
            id: "L1",
            list: .entryBan,
            names: ["WOLFESCHLEGELSTEINHAUSENBERGERDORFF HUBERT JOHN"],
            birthDate: PartialDate(year: 1964, month: 2, day: 29),
            action: .refuseEntry
        )
        let index = ScreeningIndex(alerts: Self.alerts + [longName])
        let text = try MRZWriter.passport(
            issuer: "D",
            number: "C01X00T47",
            surname: "WOLFESCHLEGELSTEINHAUSENBERGERDORFF",
            givenNames: "HUBERT JOHN",
            nationality: "D",
            birthDate: CalendarDate(iso: "1964-02-29")!,
            sex: .male,
            expiry: CalendarDate(iso: "2030-01-01")!
        )
        let document = try MRZParser(today: CalendarDate(iso: "2026-11-22")!).parse(text)
        #expect(document.givenNames == "HU" && document.nameMayBeTruncated, "the MRZ keeps 39 characters: \(document.givenNames)")
        #expect(DocumentChecker().check(document, today: CalendarDate(iso: "2026-11-22")!).contains { $0.code == .nameMayBeTruncated })
        let hit = try #require(index.screen(ScreeningQuery(document: document)).first)
        #expect(hit.alertID == "L1" && hit.band == .strong, "\(hit)")
        #expect(hit.reasons.contains { $0.contains("cut short by the machine readable zone") }, "\(hit.reasons)")
    }
}
