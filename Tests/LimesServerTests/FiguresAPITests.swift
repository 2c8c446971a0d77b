import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LimesCore
import LimesServer
import LimesStore
import Testing

/// Figures through the API: tables inside the service, protected exports, releases, queues.
@Suite("Statistics API")
struct FiguresAPITests {
    /// Crosses travellers at NORTH: `count` of each nationality, admitted at first line.
    func cross(_ client: some TestClientProtocol, token: String, _ counts: [String: Int]) async throws {
        var number = 0
        for (nationality, count) in counts.sorted(by: { $0.key < $1.key }) {
            for _ in 0..<count {
                number += 1
                let mrz = APIFixture.passport(
                    surname: "TRAVELLER",
                    given: String(String.UnicodeScalarView([number / 26, number % 26].map { UnicodeScalar(65 + UInt8($0)) })),
                    number: "\(nationality)\(100_000 + number)",
                    nationality: nationality,
                    birth: "1990-01-01"
                )
                let check = try await client.call(
                    .post,
                    "/api/v1/checks",
                    token: token,
                    json: ["mrz": mrz, "bcp": "NORTH", "lane": "L1", "direction": "entry"]
                )
                let id = try #require(check.json["checkId"] as? String, "\(check.raw)")
                let crossing = try await client.call(.post, "/api/v1/crossings", token: token, json: ["checkId": id, "decision": "admit"])
                #expect(crossing.status == .created)
            }
        }
    }

    var year: String { String(CalendarDate.today().year) }

    @Test func tablesAreReadInsideAndProtectedWhenTheyLeave() async throws {
        try await APIFixture.withAPI { fixture, client in
            let officer = try await client.login("first-line-officer")
            try await cross(client, token: officer, ["MAR": 7, "TUN": 2, "SEN": 9])
            let analyst = try await client.login("analyst")
            let table = try await client.call(.get, "/api/v1/statistics/tables?measure=crossings&period=\(year)&by=citizenship,sex", token: analyst)
            #expect(table.status == .ok && table.json["total"] as? Int == 18 && table.json["protected"] as? Bool == false)
            let cells = table.json["cells"] as? [[String: Any]] ?? []
            #expect(cells.contains { $0["coordinates"] as? [String] == ["TUN", "M"] && $0["value"] as? Int == 2 })

            // Out of Limes, TUN's 2 is withheld, and so is another cell of its column.
            let export = try await client.call(
                .get,
                "/api/v1/statistics/export?measure=crossings&period=\(year)&by=citizenship&format=csv",
                token: analyst
            )
            #expect(export.status == .ok && export.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(export.raw.contains("# disclosure control: cells of 1 to 4 withheld"))
            #expect(export.raw.contains("TUN,,primary\r\n"))
            #expect(export.raw.contains("MAR,,secondary\r\n"), "the smaller of the others goes, or TUN = total − MAR − SEN")
            #expect(export.raw.contains("_T,18,\r\n"))
            let sdmx = try await client.call(
                .get,
                "/api/v1/statistics/export?measure=crossings&period=\(year)&by=citizenship&format=sdmx",
                token: analyst
            )
            #expect(sdmx.raw.hasPrefix("DATAFLOW,CITIZENSHIP,TIME_PERIOD,OBS_VALUE,CONF_STATUS\r\n"))
            #expect(sdmx.raw.contains("LIMES:LIMES_CROSSINGS(1.0),TUN,\(year),,C\r\n"))
            let events = try await fixture.store.audit.events(recordID: "crossings").filter { $0.action == "export" }
            #expect(events.count == 2, "every export is audited")

            let wrong = try await client.call(.get, "/api/v1/statistics/tables?measure=crossings&by=colour", token: analyst)
            #expect(wrong.status == .unprocessableContent && wrong.error["field"] as? String == "by")
            let period = try await client.call(.get, "/api/v1/statistics/tables?measure=crossings&period=2026-13", token: analyst)
            #expect(period.error["field"] as? String == "period")
            let missing = try await client.call(.get, "/api/v1/statistics/tables?by=sex", token: analyst)
            #expect(missing.error["field"] as? String == "measure")
            let format = try await client.call(.get, "/api/v1/statistics/export?measure=crossings&format=xls", token: analyst)
            #expect(format.error["field"] as? String == "format")

            // A supervisor reads their own BCPs' figures, not another's; officers none.
            let supervisor = try await client.login("supervisor")
            let own = try await client.call(.get, "/api/v1/statistics/tables?measure=crossings&period=\(year)", token: supervisor)
            #expect(own.json["total"] as? Int == 18 && (own.json["filters"] as? [String: [String]])?["bcp"] == ["NORTH"])
            let other = try await client.call(.get, "/api/v1/statistics/tables?measure=crossings&bcp=SOUTH", token: supervisor)
            #expect(other.status == .forbidden && other.error["field"] as? String == "bcp")
            #expect(try await client.call(.get, "/api/v1/statistics/tables?measure=crossings", token: officer).status == .forbidden)
        }
    }

    @Test func aReleaseIsPublishedProtectedAndOnlyWithdrawn() async throws {
        try await APIFixture.withAPI { fixture, client in
            let officer = try await client.login("first-line-officer")
            try await cross(client, token: officer, ["MAR": 7, "TUN": 2, "SEN": 9])
            let analyst = try await client.login("analyst")
            let request: [String: Any] = [
                "title": "Crossings this year",
                "tables": [
                    ["measure": "crossings", "period": year, "by": ["citizenship"], "indicators": ["GCM-1"]],
                    ["measure": "crossings", "period": year, "by": ["citizenship", "direction"]],
                ],
            ]
            let preview = try await client.call(.post, "/api/v1/releases/preview", token: analyst, json: request)
            #expect(preview.status == .ok && preview.json["id"] as? String == "")
            #expect(try await client.call(.get, "/api/v1/releases", token: analyst).list.isEmpty, "a preview stores nothing")
            let published = try await client.call(.post, "/api/v1/releases", token: analyst, json: request)
            #expect(published.status == .created)
            let id = try #require(published.json["id"] as? String)
            let tables = published.json["tables"] as? [[String: Any]] ?? []
            #expect(tables.first?["indicators"] as? [String] == ["GCM-1"])
            // TUN's total appears in both tables: withheld in both.
            for table in tables {
                let cells = table["cells"] as? [[String: Any]] ?? []
                let tun = cells.first {
                    ($0["coordinates"] as? [String])?.first == "TUN"
                        && ($0["coordinates"] as? [String])?.dropFirst().allSatisfy { $0 == "_T" } == true
                }
                #expect(tun != nil && tun?["value"] == nil && tun?["status"] as? String == "primary")
            }
            let shown = try await client.call(.get, "/api/v1/releases/\(id)", token: analyst)
            #expect(shown.json["contentHash"] as? String == published.json["contentHash"] as? String)
            let file = try await client.call(.get, "/api/v1/releases/\(id)/tables/1?format=sdmx", token: analyst)
            #expect(file.status == .ok && file.raw.contains(",C\r\n"))
            #expect(try await client.call(.get, "/api/v1/releases/\(id)/tables/3", token: analyst).status == .notFound)

            let noReason = try await client.call(.post, "/api/v1/releases/\(id)/withdraw", token: analyst, json: ["reason": ""])
            #expect(noReason.status == .unprocessableContent && noReason.error["field"] as? String == "reason")
            let withdrawn = try await client.call(.post, "/api/v1/releases/\(id)/withdraw", token: analyst, json: ["reason": "wrong year"])
            #expect(withdrawn.json["withdrawn"] as? Bool == true && withdrawn.json["withdrawnReason"] as? String == "wrong year")
            #expect(try await client.call(.post, "/api/v1/releases/\(id)/withdraw", token: analyst, json: ["reason": "again"]).status == .conflict)

            let empty = try await client.call(.post, "/api/v1/releases", token: analyst, json: ["title": "Nothing", "tables": [Any]()])
            #expect(empty.status == .unprocessableContent && empty.error["field"] as? String == "tables")
            let bad = try await client.call(
                .post,
                "/api/v1/releases",
                token: analyst,
                json: ["title": "Bad", "tables": [["measure": "hits", "by": ["lane"]]]]
            )
            #expect(bad.error["field"] as? String == "tables[0].by")
            let unknown = try await client.call(
                .post,
                "/api/v1/releases",
                token: analyst,
                json: ["title": "Bad", "tables": [["measure": "crossings", "indicators": ["SDG-99"]]]]
            )
            #expect(unknown.error["field"] as? String == "tables[0].indicators")
            let supervisor = try await client.login("supervisor")
            #expect(try await client.call(.post, "/api/v1/releases", token: supervisor, json: request).status == .forbidden)
            #expect(try await fixture.store.audit.events(recordID: id).map(\.action).sorted() == ["create", "export", "withdraw"])
        }
    }

    @Test func aLaneReportsItsQueueAndTheWaitIsEstimated() async throws {
        try await APIFixture.withAPI { _, client in
            let officer = try await client.login("first-line-officer")
            try await cross(client, token: officer, ["MAR": 3])
            let report = try await client.call(
                .post,
                "/api/v1/statistics/queues",
                token: officer,
                json: ["bcp": "NORTH", "lane": "L1", "waiting": 9]
            )
            #expect(report.status == .created && report.json["decidedLastHour"] as? Int == 3)
            #expect(report.json["estimatedWaitMinutes"] as? Double == 180)
            let lane = try await client.call(.post, "/api/v1/statistics/queues", token: officer, json: ["bcp": "NORTH", "lane": "L7", "waiting": 1])
            #expect(lane.status == .notFound && lane.error["field"] as? String == "lane")
            let supervisor = try await client.login("supervisor")
            let times = try await client.call(.get, "/api/v1/statistics/processing-times?bcp=NORTH", token: supervisor)
            #expect((times.json["firstLine"] as? [String: Any])?["count"] as? Int == 3)
            #expect((times.json["queues"] as? [[String: Any]])?.first?["waiting"] as? Int == 9)
            #expect((times.json["byHour"] as? [Any])?.count == 168)
        }
    }
}
