import Foundation
import Testing

@Suite("limes watchlist import, then limes screen from the database")
struct WatchlistCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limes-import-\(UUID().uuidString)")

    func write(_ name: String, _ text: String) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    let header = "id,list,names,birth_date,sex,nationality,document_number,document_country,action,valid_until\n"

    @Test func importThenScreenFromTheDatabase() throws {
        let environment = ["LIMES_DATA_DIR": folder.appendingPathComponent("data").path]
        let good = try write(
            "list.csv",
            header + "W1,national_wanted,ЗАХАРОВ Иван,1971-03-04,M,RUS,,,arrest,\nW2,entry_ban,SOW MOUSSA,,,,,,refuse_entry,\n"
        )
        let imported = try LimesProcess.run(["watchlist", "import", good], environment: environment)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("imported 2 alerts from \(good): 2 added, 0 updated, 0 removed"))

        // A bad file is refused whole, and the database keeps what it had.
        let bad = try write("bad.csv", header + "W3,entry_ban,DIOP AWA,,,,,,refuse_entry,\nW4,entry_ban,KONE ADAMA,1990-13,,,,,refuse_entry,\n")
        let refused = try LimesProcess.run(["watchlist", "import", "--replace", bad], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("line 3, birth_date: '1990-13' is not a date"))

        let screened = try LimesProcess.run(["screen", "--name", "ZAKHAROV IVAN", "--birth-date", "1971-03-04"], environment: environment)
        #expect(screened.status == 0, "\(screened.stderr)")
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(screened.stdout.utf8)) as? [[String: Any]])
        #expect(hits.first?["alert_id"] as? String == "W1")
        let other = try LimesProcess.run(["screen", "--name", "SOW MOUSSA"], environment: environment)
        #expect(other.stdout.contains("\"W2\""), "W2 survived the refused --replace import")

        // An officer clears the holder of a document: the hit is still shown, with the decision.
        let cleared = try LimesProcess.run(
            [
                "watchlist", "clear", "--alert", "W2", "--document-number", "AB123", "--document-country", "SEN", "--officer", "officer 12",
                "--reason", "different father's name",
            ],
            environment: environment
        )
        #expect(cleared.status == 0, "\(cleared.stderr)")
        let again = try LimesProcess.run(
            ["screen", "--name", "SOW MOUSSA", "--document-number", "ab-123", "--document-country", "SEN"],
            environment: environment
        )
        let hit = try #require((try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(hit["alert_id"] as? String == "W2")
        let previously = try #require(hit["previously_cleared"] as? [String: Any])
        #expect(previously["officer"] as? String == "officer 12")
        #expect(previously["reason"] as? String == "different father's name")
        let unknown = try LimesProcess.run(
            ["watchlist", "clear", "--alert", "NOPE", "--document-number", "AB123", "--document-country", "SEN", "--officer", "o", "--reason", "r"],
            environment: environment
        )
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no alert with id 'NOPE'"))
    }
}
