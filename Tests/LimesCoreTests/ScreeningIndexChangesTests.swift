import LimesCore
import Testing

/// An index that follows a small change of the watchlists instead of being built again: it must
/// find what an index built whole from the changed list finds.
@Suite("Screening index following changes")
struct ScreeningIndexChangesTests {
    static let before = ScreeningTests.alerts + ScreeningTests.others

    static let changes = WatchlistChanges(
        since: 4,
        version: 5,
        changed: [
            // Renamed, and a new document.
            Alert(
                id: "W4",
                list: .entryBan,
                names: ["OUEDRAOGO AMINATA"],
                birthDate: PartialDate(year: 1990, month: 5, day: 12),
                sex: .female,
                nationalities: ["BFA"],
                documents: [Alert.Document(number: "B7712903", country: "BFA")],
                action: .refuseEntry
            ),
            // New.
            Alert(id: "N1", list: .nationalWanted, names: ["SAWADOGO ISSOUF", "SAWADOGO ISSA"], birthDate: PartialDate(year: 1968), action: .arrest),
        ],
        removed: ["W5", "D1", "O7", "NEVER-LISTED"]
    )

    static var after: [Alert] {
        let leaving = Set(changes.removed + changes.changed.map(\.id))
        return before.filter { !leaving.contains($0.id) } + changes.changed
    }

    static let queries: [ScreeningQuery] = [
        ScreeningQuery(name: "DIALLO AMINATA", birthDate: PartialDate(year: 1990, month: 5, day: 12)),
        ScreeningQuery(name: "OUEDRAOGO AMINATA", birthDate: PartialDate(year: 1990, month: 5, day: 12)),
        ScreeningQuery(name: "OUEDRAOGO AMINATA", documentNumber: "B7712903", documentCountry: "BFA"),
        ScreeningQuery(name: "SAWADOGO ISSA", birthDate: PartialDate(year: 1968, month: 2, day: 1)),
        ScreeningQuery(name: "CHERIF KARIM", birthDate: PartialDate(year: 1979, month: 6, day: 1)),
        ScreeningQuery(name: "SOMEONE ELSE", documentNumber: "L8989O2C3", documentCountry: "UTO"),
        ScreeningQuery(name: "ZAKHAROV IVAN", birthDate: PartialDate(year: 1971, month: 3, day: 4)),
        ScreeningQuery(name: "BENALI MOHAMED"),
        ScreeningQuery(name: "PETROV KARIM"),
        ScreeningQuery(name: "PETROV IVAN"),
    ]

    func ids(_ index: ScreeningIndex, _ query: ScreeningQuery) -> [String] {
        index.screen(query, today: fixedToday).map(\.alertID).sorted()
    }

    @Test func aFollowedIndexFindsWhatAWholeBuildFinds() {
        let followed = ScreeningIndex(alerts: Self.before).applying(Self.changes)
        let whole = ScreeningIndex(alerts: Self.after)
        #expect(followed.alertCount == Self.after.count)
        #expect(followed.changesSinceBuild == Self.changes.count)
        for query in Self.queries {
            #expect(ids(followed, query) == ids(whole, query), "\(query.name) \(query.documentNumber ?? "")")
        }
        // What the change means for an officer.
        #expect(!ids(followed, Self.queries[0]).contains("W4"), "the old name no longer hits")
        #expect(ids(followed, Self.queries[1]).contains("W4"))
        #expect(ids(followed, Self.queries[2]).contains("W4"), "the new document hits")
        #expect(ids(followed, Self.queries[3]).contains("N1"))
        #expect(!ids(followed, Self.queries[4]).contains("W5"), "a removed alert no longer hits")
        #expect(!ids(followed, Self.queries[5]).contains("D1"), "a removed document no longer hits")
        #expect(ids(followed, Self.queries[6]).contains("W1"), "what did not change still hits")
    }

    @Test func anAlertRemovedAndListedAgainHitsOnce() {
        let removed = ScreeningIndex(alerts: Self.before).applying(WatchlistChanges(since: 1, version: 2, changed: [], removed: ["W1"]))
        #expect(!ids(removed, Self.queries[6]).contains("W1"))
        let back = removed.applying(WatchlistChanges(since: 2, version: 3, changed: [Self.before[0]], removed: []))
        #expect(ids(back, Self.queries[6]).filter { $0 == "W1" }.count == 1)
        // Changed twice: only the last version is reached.
        let twice = back.applying(WatchlistChanges(since: 3, version: 4, changed: [Self.before[0]], removed: []))
        #expect(twice.alertCount == Self.before.count)
        #expect(ids(twice, Self.queries[6]) == ids(ScreeningIndex(alerts: Self.before), Self.queries[6]))
    }

    @Test func aLargeChangeIsBuiltWhole() {
        let index = ScreeningIndex(alerts: Self.before)
        #expect(index.follows(Self.changes))
        let many = WatchlistChanges(since: 1, version: 2, changed: [], removed: (0..<1_001).map { "X\($0)" })
        #expect(!index.follows(many), "more than a thousand changes on a small list")
    }
}
