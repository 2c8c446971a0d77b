import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LimesCore
import LimesServer
import LimesStore
import Testing

/// The figures page, processing times, releases and the public page, in the console.
@Suite("Figures and releases in the console")
struct FiguresConsoleTests {
    @Test func anAnalystReadsChartsPublishesAndThePublicReadsWithoutLogin() async throws {
        try await APIFixture.withConsole { fixture, client in
            let officer = try await client.login("first-line-officer")
            try await FiguresAPITests().cross(client, token: officer, ["MAR": 6, "TUN": 2, "SEN": 9])
            let jar = CookieJar()
            _ = try await client.consoleLogin("analyst", jar: jar)
            let year = String(CalendarDate.today().year)
            let page = try await client.page(.get, "/console/figures?measure=crossings&period=\(year)&by1=citizenship&by2=&every=month", jar: jar)
            #expect(page.status == .ok && page.html.contains("<svg") && page.html.contains(">SEN</text>"))
            #expect(page.html.contains("id=\"export-csv\""))
            let trend = try await client.page(.get, "/console/figures?measure=crossings&period=\(year)&by1=period&every=month", jar: jar)
            #expect(trend.html.contains("<polyline") && trend.html.contains("A year earlier"))
            let wrong = try await client.page(.get, "/console/figures?measure=hits&by1=lane", jar: jar)
            #expect(wrong.status == .ok && wrong.html.contains("id=\"figures-error\" data-field=\"by\""))
            let export = try await client.page(.get, "/console/figures/export?measure=crossings&period=\(year)&by=citizenship&format=csv", jar: jar)
            #expect(export.status == .ok && export.html.contains("TUN,,primary"))

            let times = try await client.page(.get, "/console/figures/times?bcp=NORTH", jar: jar)
            #expect(times.status == .ok && times.html.contains("id=\"heat-map\"") && times.html.contains("<rect"))

            let releases = try await client.page(.get, "/console/releases", jar: jar)
            let token = try #require(releases.field("_csrf"))
            let form: [(String, String)] = [
                ("_csrf", token), ("title", "Crossings by citizenship"), ("threshold", "5"), ("interval", "5"),
                ("measure0", "crossings"), ("period0", year), ("by1_0", "citizenship"), ("by2_0", ""), ("indicators0", "GCM-1"),
                ("measure1", ""), ("measure2", ""),
            ]
            let preview = try await client.page(.post, "/console/releases", jar: jar, form: form + [("action", "preview")])
            #expect(preview.status == .ok && preview.html.contains("id=\"preview-result\"") && preview.html.contains("small count"))
            #expect(try await fixture.store.statistics.releases().isEmpty)
            let published = try await client.pageFollowing(.post, "/console/releases", jar: jar, form: form + [("action", "publish")])
            #expect(published.status == .ok && published.html.contains("Crossings by citizenship"))
            let release = try #require(try await fixture.store.statistics.releases().first)
            let noTitle = try await client.page(
                .post,
                "/console/releases",
                jar: jar,
                form: form.map { $0.0 == "title" ? ("title", "") : $0 } + [("action", "publish")]
            )
            #expect(noTitle.html.contains("data-field=\"title\""))

            // The public page needs no login, in the language asked, right to left in Arabic.
            let anonymous = CookieJar()
            let open = try await client.page(.get, "/public/statistics", jar: anonymous)
            #expect(open.status == .ok && open.html.contains("Crossings by citizenship") && open.html.contains(release.contentHash))
            #expect(!open.html.contains(">2<"), "TUN's 2 is not on the public page")
            let arabic = try await client.page(.get, "/public/statistics?lang=ar", jar: anonymous)
            #expect(arabic.html.contains("dir=\"rtl\"") && arabic.html.contains("إحصاءات الحدود"))
            let file = try await client.page(.get, "/public/statistics/\(release.id)/tables/1?format=sdmx", jar: anonymous)
            #expect(file.status == .ok && file.html.contains(",C\r\n"))

            let withdrawn = try await client.pageFollowing(
                .post,
                "/console/releases/\(release.id)/withdraw",
                jar: jar,
                form: [("_csrf", token), ("reason", "a BCP was missing")]
            )
            #expect(withdrawn.html.contains("a BCP was missing"))
        }
    }
}
