import Foundation
import LimesCore
import SQLiteKit
import Testing

@testable import LimesStore

@Suite("Watchlist store")
struct WatchlistStoreTests {

    func person(_ id: String, _ name: String, list: Alert.List = .entryBan) -> Alert {
        Alert(
            id: id,
            list: list,
            names: [name, "ALIAS \(name)"],
            birthDate: PartialDate(year: 1971, month: 3),
            sex: .male,
            nationalities: ["RUS", "UKR"],
            documents: [Alert.Document(number: "X\(id)", country: "RUS")],
            action: .refuseEntry,
            authority: "national police",
            validFrom: CalendarDate(year: 2024, month: 1, day: 1),
            validUntil: CalendarDate(year: 2030, month: 12, day: 31)
        )
    }

    @Test(arguments: TestEngine.available) func importedAlertsComeBackWhole(engine: TestEngine) async throws {
        let database = try await TestDatabase.make(engine)
        let store = try await database.open()
        let alerts = [person("A1", "ЗАХАРОВ Иван"), person("A2", "DIALLO AMINATA", list: .nationalWanted)]
        let report = try await store.watchlist.importAlerts(alerts, replace: false)
        #expect(report == WatchlistImportReport(added: 2, updated: 0, removed: 0, lists: [.entryBan, .nationalWanted]))
        #expect(try await store.watchlist.alerts() == alerts)
        try await store.close()
        // And after a restart.
        let reopened = try await database.open()
        #expect(try await reopened.watchlist.alerts() == alerts)
        try await reopened.close()
    }

    @Test(arguments: TestEngine.available) func reimportUpdatesByIDAndReplaceRemovesOnlyThatList(engine: TestEngine) async throws {
        let database = try await TestDatabase.make(engine)
        let store = try await database.open()
        _ = try await store.watchlist.importAlerts(
            [person("A1", "ONE"), person("A2", "TWO"), person("W1", "WANTED", list: .nationalWanted)],
            replace: false
        )
        let report = try await store.watchlist.importAlerts([person("A1", "ONE RENAMED"), person("A3", "THREE")], replace: true)
        #expect(report.added == 1)
        #expect(report.updated == 1)
        #expect(report.removed == 1, "A2 left the entry ban list; W1 is on another list and stays")
        let ids = try await store.watchlist.alerts().map(\.id)
        #expect(ids == ["A1", "A3", "W1"])
        #expect(try await store.watchlist.alerts().first?.names.first == "ONE RENAMED")
        try await store.close()
    }

    @Test(arguments: TestEngine.available) func theChangesSinceAVersionAreWhatImportsChanged(engine: TestEngine) async throws {
        let database = try await TestDatabase.make(engine)
        let store = try await database.open()
        let start = try await store.watchlist.watchlistVersion()
        _ = try await store.watchlist.importAlerts([person("A1", "ONE"), person("A2", "TWO"), person("A3", "THREE")], replace: false)
        let first = try await store.watchlist.watchlistVersion()
        let report = try await store.watchlist.importAlerts(
            [person("A1", "ONE RENAMED"), person("A2", "TWO"), person("A4", "FOUR")],
            replace: true
        )
        #expect(report == WatchlistImportReport(added: 1, updated: 1, removed: 1, lists: [.entryBan]), "A2 came unchanged: not an update")
        let second = try await store.watchlist.watchlistVersion()
        let changes = try #require(try await store.watchlist.changes(since: first))
        #expect(changes.version == second)
        #expect(changes.changed.map(\.id) == ["A1", "A4"])
        #expect(changes.changed.first?.names.first == "ONE RENAMED")
        #expect(changes.removed == ["A3"])
        let all = try #require(try await store.watchlist.changes(since: start))
        #expect(all.changed.map(\.id) == ["A1", "A2", "A4"])
        #expect(all.removed == ["A3"])
        #expect(try await store.watchlist.changes(since: second) == WatchlistChanges(since: second, version: second, changed: [], removed: []))
        // Removed, then listed again: present, and a removal before it in the changes.
        _ = try await store.watchlist.importAlerts([person("A3", "THREE AGAIN")], replace: false)
        let again = try #require(try await store.watchlist.changes(since: first))
        #expect(again.changed.map(\.id) == ["A1", "A3", "A4"])
        #expect(again.removed == ["A3"])
        // Before changes were kept, and a version from the future: not known.
        #expect(try await store.watchlist.changes(since: start - 1) == nil)
        #expect(try await store.watchlist.changes(since: second + 5) == nil)
        try await store.close()
    }

    /// A stored alert that cannot be read is an error naming it and the column, never an alert
    /// screened without its birth date or sex.
    @Test(arguments: TestEngine.available) func anUnreadableAlertIsAnErrorThatNamesIt(engine: TestEngine) async throws {
        let database = try await TestDatabase.make(engine)
        let store = try await database.open()
        _ = try await store.watchlist.importAlerts([person("A1", "ONE")], replace: false)
        try await store.write { db in try await db.raw("UPDATE alerts SET birth_date = 'last spring' WHERE id = 'A1'").run() }
        await #expect {
            _ = try await store.watchlist.alerts()
        } throws: { "\($0)" == "alerts A1: birth_date 'last spring' is not a date" }
        try await store.write { db in try await db.raw("UPDATE alerts SET birth_date = NULL, sex = 'male' WHERE id = 'A1'").run() }
        await #expect {
            _ = try await store.watchlist.alerts()
        } throws: { "\($0)" == "alerts A1: sex 'male' is not M, F, X or <" }
        try await store.close()
    }

    @Test(arguments: TestEngine.available) func anImportThatFailsHalfWayChangesNothing(engine: TestEngine) async throws {
        let database = try await TestDatabase.make(engine)
        let store = try await database.open()
        let before = [person("A1", "KEPT"), person("A2", "ALSO KEPT")]
        _ = try await store.watchlist.importAlerts(before, replace: false)
        // 1,200 alerts span three batches; the one in the middle breaks the id constraint.
        var alerts = (0..<1_200).map { person("B\($0)", "NEW \($0)") }
        alerts[700].id = String(repeating: "X", count: 300)
        await #expect(throws: (any Error).self) {
            try await store.watchlist.importAlerts(alerts + [person("A1", "CHANGED")], replace: true)
        }
        #expect(try await store.watchlist.alerts() == before)
        #expect(try await store.watchlist.alertCount() == 2)
        try await store.close()
    }

    @Test(arguments: TestEngine.available) func aNewerDatabaseIsRefused(engine: TestEngine) async throws {
        let database = try await TestDatabase.make(engine)
        let store = try await database.open()
        try await store.write { db in try await db.raw("UPDATE schema_version SET version = 99").run() }
        try await store.close()
        await #expect {
            try await database.open()
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("the database has schema version 99, newer than this Limes (") && text.hasSuffix("); run a newer Limes")
        }
    }

    @Test(arguments: TestEngine.available) func clearancesAreRememberedPerAlertAndDocument(engine: TestEngine) async throws {
        let database = try await TestDatabase.make(engine)
        let store = try await database.open()
        let day = CalendarDate(year: 2026, month: 11, day: 22)!
        try await store.watchlist.recordClearance(
            Clearance(alertID: "A1", documentKey: "RUS/X1", officer: "officer 7", day: day, reason: "other birth place")
        )
        try await store.watchlist.recordClearance(
            Clearance(alertID: "A1", documentKey: "RUS/X1", officer: "officer 9", day: day, reason: "fingerprints differ")
        )
        try await store.watchlist.recordClearance(
            Clearance(alertID: "A2", documentKey: "RUS/X2", officer: "officer 7", day: day, reason: "other person")
        )
        let found = try await store.watchlist.clearances(documentKey: "RUS/X1")
        #expect(found.count == 1)
        #expect(found["A1"]?.officer == "officer 9", "the later decision replaces the earlier")
        #expect(found["A1"]?.reason == "fingerprints differ")
        await #expect(throws: StoreError.self) {
            try await store.watchlist.recordClearance(Clearance(alertID: "A1", documentKey: "RUS/X1", officer: "officer 7", day: day, reason: "  "))
        }
        try await store.close()
    }
}
