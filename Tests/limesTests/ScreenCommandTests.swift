import Foundation
import Testing

@Suite("limes screen")
struct ScreenCommandTests {
    let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("limes-screen-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    let watchlist = """
        id,list,names,birth_date,sex,nationality,document_number,document_country,action,valid_until
        W1,national_wanted,ЗАХАРОВ Иван|ZAKHAROV IVAN,1971-03-04,M,RUS,,,arrest,
        D1,lost_stolen_document,,,,,L8989O2C3,UTO,inform_issuing_authority,
        """

    @Test func batchPrintsOneJSONLinePerQueryBestFirst() throws {
        let list = try write("list.csv", watchlist)
        let queries = try write("queries.csv", "query_id,name,birth_date,nationality\nq1,SACHAROW IWAN,1971-03-04,RUS\nq2,ERIKSSON ANNA,,\n")
        let result = try LimesProcess.run(["screen", "--watchlist", list, "--queries", queries])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["query_id"] as? String == "q1")
        let hit = try #require((first["hits"] as? [[String: Any]])?.first)
        #expect(hit["id"] as? String == "W1")
        #expect(hit["band"] as? String == "strong")
        #expect((hit["reasons"] as? [String])?.contains("birth date 1971-03-04 equal") == true)
        #expect(lines[1] == #"{"hits":[],"query_id":"q2"}"#)
    }

    @Test func thresholdsChangeTheBands() throws {
        let list = try write("list.csv", watchlist)
        let strict = try LimesProcess.run([
            "screen", "--watchlist", list, "--name", "SACHAROW IWAN", "--birth-date", "1971-03-04", "--strong-threshold", "0.99",
        ])
        #expect(strict.stdout.contains("\"band\" : \"possible\""))
        let none = try LimesProcess.run([
            "screen", "--watchlist", list, "--name", "SACHAROW IWAN", "--birth-date", "1971-03-04", "--threshold", "0.99",
        ])
        #expect(none.stdout == "[\n\n]\n")
    }

    @Test func onePersonWithADocument() throws {
        let list = try write("list.csv", watchlist)
        let result = try LimesProcess.run([
            "screen", "--watchlist", list, "--name", "Захаров", "--document-number", "L898902C3", "--document-country", "UTO",
        ])
        #expect(result.status == 0)
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(hits.map { $0["alert_id"] as? String } == ["D1", "W1"])
    }

    @Test func badWatchlistNamesLineAndField() throws {
        let list = try write("bad.csv", watchlist + "\nW2,entry_ban,SOW,1990-02-30,,,,,refuse_entry,")
        let result = try LimesProcess.run(["screen", "--watchlist", list, "--name", "SOW"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 4, birth_date: '1990-02-30' is not a date as YYYY-MM-DD, YYYY-MM or YYYY"))
    }

    @Test func anEmptyDatabaseFindsNothingAndAMissingOneIsNamed() throws {
        let data = folder.appendingPathComponent("data").path
        let missing = try LimesProcess.run(["screen", "--name", "SOW"], environment: ["LIMES_DATA_DIR": data])
        #expect(missing.status == 1 && missing.stderr.contains("no Limes database at \(data)/limes.sqlite"), "\(missing.stderr)")
        let header = try write("empty.csv", "id,list,names,birth_date,sex,nationality,document_number,document_country,action,valid_until")
        #expect(try LimesProcess.run(["watchlist", "import", header, "--data-dir", data]).status == 0)
        let result = try LimesProcess.run(["screen", "--name", "SOW", "--data-dir", data])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "[\n\n]\n")
    }
}
