import Foundation
import Hummingbird
import HummingbirdTesting
import LimesCore
import LimesStore
import Testing

@testable import LimesServer

/// What a post shows of its link to headquarters: a banner on every page of its console, and a
/// note on its verdicts when its copy of the service's crossings is too old; what headquarters
/// shows of its posts.
@Suite("A post's link, seen by its officers and by headquarters")
struct PostLinkTests {
    /// A post enrolled at the fixture's headquarters, holding headquarters' reference data as
    /// it was `referenceAge` seconds ago.
    static func post(of fixture: APIFixture, referenceAge: Int64) async throws -> Store {
        let post = try await Store.open(StoreConfiguration(engine: .sqlite(path: ":memory:")))
        let node = try await fixture.store.nodes.enrol(id: "post-1", bcps: ["NORTH"], publicKey: post.audit.publicKey, actor: "system")
        _ = try await post.outbox.serveAsPost(nodeID: "post-1", headquarters: "http://127.0.0.1:1")
        let copy = try #require(try await fixture.store.nodes.referenceCopy(for: node, holding: nil, watchlist: nil))
        try await post.outbox.applyReference(copy, at: Timestamp().adding(seconds: -referenceAge))
        return post
    }

    static func application(_ post: Store, of fixture: APIFixture) async throws -> some ApplicationProtocol {
        var configuration = fixture.configuration
        var settings = PostSettings(nodeID: "post-1", headquarters: "http://127.0.0.1:1")
        settings.staleAfterSeconds = 3_600
        configuration.post = settings
        let screening = ScreeningState()
        try await WatchlistRefresher(store: post, state: screening).refreshIfChanged()
        let console = try await ConsoleRenderer(resources: ConsoleRenderer.builtInResources)
        return buildApplication(configuration, store: post, screening: screening, today: APIFixture.today, console: console)
    }

    static let traveller = APIFixture.passport(surname: "MENSAH", given: "KOFI", number: "GH0000001", nationality: "GHA", birth: "1985-01-01")

    /// The check's answer says what the post does not know: nothing of the service's crossings
    /// yet, then crossings after the moment of its last copy, then nothing once the copy is fresh.
    @Test func aVerdictSaysWhenThePostsCopyOfCrossingsIsOld() async throws {
        let fixture = try await APIFixture.make()
        let post = try await Self.post(of: fixture, referenceAge: 0)
        try await Self.application(post, of: fixture).test(.live) { client in
            let login = try await client.call(.post, "/api/v1/login", json: ["username": "first-line-officer", "password": APIFixture.password])
            let token = try #require(login.json["token"] as? String, "\(login.raw)")
            func codes() async throws -> [String: [String: Any]] {
                let check = try await client.call(
                    .post,
                    "/api/v1/checks",
                    token: token,
                    json: ["mrz": Self.traveller, "bcp": "NORTH", "lane": "L1", "direction": "entry"]
                )
                #expect(check.status == .created, "\(check.raw)")
                let reasons = check.json["reasons"] as? [[String: Any]] ?? []
                return Dictionary(reasons.map { ($0["code"] as? String ?? "", $0) }) { first, _ in first }
            }
            let never = try await codes()
            #expect(never["service.crossings_unknown"]?["level"] as? String == "clear", "\(never)")

            let taken = Timestamp().adding(seconds: -7_200)
            _ = try await post.outbox.applyServiceCrossings(ServiceCrossings(next: 0, more: false, records: []), at: taken)
            let old = try await codes()
            #expect(never["service.crossings_stale"] == nil)
            let stale = try #require(old["service.crossings_stale"], "\(old)")
            #expect((stale["details"] as? [String: String])?["after"] == taken.description)
            #expect(stale["level"] as? String == "clear", "a note for the officer, not a referral")

            _ = try await post.outbox.applyServiceCrossings(ServiceCrossings(next: 0, more: false, records: []))
            let fresh = try await codes()
            #expect(fresh.keys.allSatisfy { !$0.hasPrefix("service.") }, "\(fresh.keys)")
        }
        try await post.close()
        try await fixture.store.close()
    }

    /// Every page of a post's console says whether headquarters answers and how old the post's
    /// copies are, in the officer's language; the list of posts is headquarters' alone.
    @Test func everyPageOfAPostsConsoleShowsItsLink() async throws {
        let fixture = try await APIFixture.make()
        let post = try await Self.post(of: fixture, referenceAge: 7_200)
        try await Self.application(post, of: fixture).test(.live) { client in
            let jar = CookieJar()
            #expect(try await client.consoleLogin("administrator", jar: jar).status == .seeOther)
            for (path, status) in [("/console/admin", HTTPResponse.Status.ok), ("/console/no-such-page", .notFound)] {
                let page = try await client.page(.get, path, jar: jar)
                #expect(page.status == status)
                #expect(page.html.contains(#"<div id="post-link" class="post-link offline" role="status">"#), "\(path)")
                #expect(page.html.contains("Offline: headquarters last answered"), "\(path)")
                #expect(page.html.contains("crossings from the rest of the service not received yet"))
                #expect(!page.html.contains("/console/nodes"), "the list of posts is not a post's page")
            }
            #expect(try await client.page(.get, "/console/nodes", jar: jar).status == .notFound)

            _ = try await post.outbox.applyServiceCrossings(ServiceCrossings(next: 0, more: false, records: []))
            let online = try await client.page(.get, "/console/admin", jar: jar)
            #expect(online.html.contains(#"<div id="post-link" class="post-link" role="status"><strong>Connected to headquarters.</strong>"#))
            #expect(online.html.contains("crossings from the rest of the service as of"))
            _ = try await client.page(
                .post,
                "/console/language",
                jar: jar,
                form: [("_csrf", online.field("_csrf") ?? ""), ("back", "/console/admin"), ("language", "ar")]
            )
            let arabic = try await client.page(.get, "/console/admin", jar: jar)
            #expect(arabic.html.contains(#"dir="rtl""#) && arabic.html.contains("<strong>متصل بالمقر.</strong>"))
        }
        try await post.close()
        try await fixture.store.close()
    }

    /// What headquarters owns is refused at a post, with the reason, whoever asks: a change
    /// made there would vanish at the next copy from headquarters.
    @Test func whatHeadquartersOwnsIsRefusedAtAPost() async throws {
        let fixture = try await APIFixture.make()
        let post = try await Self.post(of: fixture, referenceAge: 0)
        try await Self.application(post, of: fixture).test(.live) { client in
            let login = try await client.call(.post, "/api/v1/login", json: ["username": "administrator", "password": APIFixture.password])
            let admin = try #require(login.json["token"] as? String, "\(login.raw)")
            let bcp = try await client.call(
                .put,
                "/api/v1/bcps/NORTH",
                token: admin,
                json: [
                    "code": "NORTH", "name": "Renamed", "kind": "land", "country": "UTO", "agencyId": "police",
                    "lanes": [["code": "L1", "name": "Lane 1"]],
                ]
            )
            #expect(bcp.status == .forbidden, "\(bcp.raw)")
            #expect(
                (bcp.json["error"] as? [String: Any])?["message"] as? String
                    == "this is border post post-1: BCPs and lanes are managed at headquarters and reach this post from there"
            )
            let user = try await client.call(
                .post,
                "/api/v1/users",
                token: admin,
                json: [
                    "username": "newcomer", "displayName": "New", "agencyId": "police", "roles": ["analyst"], "password": "a long enough password",
                ]
            )
            #expect(user.status == .forbidden, "\(user.raw)")
            #expect(try await post.organisation.bcps().first { $0.code == "NORTH" }?.name == "North", "nothing changed")
            #expect(try await post.users.all().contains { $0.username == "newcomer" } == false)
        }
        try await post.close()
        try await fixture.store.close()
    }

    /// A post's administration page lists its copy of users and BCPs but offers no forms to
    /// change them: headquarters manages them, and the page says so.
    @Test func aPostsAdministrationPageOffersNoForms() async throws {
        let fixture = try await APIFixture.make()
        let post = try await Self.post(of: fixture, referenceAge: 0)
        try await Self.application(post, of: fixture).test(.live) { client in
            let jar = CookieJar()
            #expect(try await client.consoleLogin("administrator", jar: jar).status == .seeOther)
            let page = try await client.page(.get, "/console/admin", jar: jar)
            #expect(page.status == .ok)
            #expect(page.html.contains(#"id="admin-at-post""#))
            #expect(page.html.contains("NORTH"), "the post's copy of the BCPs is listed")
            for action in ["/console/admin/bcps", "/console/admin/users", "/console/admin/watchlist"] {
                #expect(!page.html.contains(#"action="\#(action)""#), "\(action)")
            }
        }
        try await fixture.consoleApplication().test(.live) { client in
            let jar = CookieJar()
            #expect(try await client.consoleLogin("administrator", jar: jar).status == .seeOther)
            let page = try await client.page(.get, "/console/admin", jar: jar)
            #expect(!page.html.contains(#"id="admin-at-post""#))
            #expect(page.html.contains(#"action="/console/admin/users""#))
        }
        try await post.close()
        try await fixture.store.close()
    }

    /// Headquarters' administrator sees each post: its last contact, what arrived, and its state.
    @Test func headquartersListsItsPosts() async throws {
        let fixture = try await APIFixture.make()
        let post = try await Self.post(of: fixture, referenceAge: 0)
        try await fixture.consoleApplication().test(.live) { client in
            let jar = CookieJar()
            #expect(try await client.consoleLogin("administrator", jar: jar).status == .seeOther)
            let page = try await client.page(.get, "/console/nodes", jar: jar)
            #expect(page.status == .ok)
            #expect(page.html.contains(#"<tr id="node-post-1"><th scope="row">post-1</th><td>NORTH</td>"#), "\(page.html)")
            #expect(page.html.contains(#"<td class="node-state">in step</td>"#))
            #expect(page.html.contains(#"href="/console/nodes""#), "in the administrator's menu")
            #expect(!page.html.contains("post-link"), "headquarters has no link banner")

            let officer = CookieJar()
            #expect(try await client.consoleLogin("first-line-officer", jar: officer).status == .seeOther)
            #expect(try await client.page(.get, "/console/nodes", jar: officer).status == .forbidden)
        }
        try await post.close()
        try await fixture.store.close()
    }
    /// A conflict is shown on headquarters' page with the three versions of what differs, and
    /// judged there once; a judgement without its reason is shown again with the field named.
    @Test func aConflictIsJudgedOnHeadquartersPage() async throws {
        let fixture = try await APIFixture.make()
        let post = try await Self.post(of: fixture, referenceAge: 0)
        let node = try #require(try await fixture.store.nodes.node("post-1"))
        let change = SyncAPITests.clearance(seq: 2, reason: "changed at the post", before: SyncAPITests.clearance(seq: 1, reason: "as read").row)
        _ = try await fixture.store.nodes.apply(SyncBatch(node: "post-1", changes: [SyncAPITests.clearance(seq: 1), change]), from: node)
        try await fixture.consoleApplication().test(.live) { client in
            let jar = CookieJar()
            #expect(try await client.consoleLogin("administrator", jar: jar).status == .seeOther)
            let nodes = try await client.page(.get, "/console/nodes", jar: jar)
            #expect(nodes.html.contains(#"href="/console/conflicts""#))
            let page = try await client.page(.get, "/console/conflicts", jar: jar)
            #expect(page.status == .ok)
            let conflict = try #require(try await fixture.store.nodes.conflicts(reader: "test").first)
            #expect(page.html.contains(#"id="conflict-\#(conflict.id)""#), "\(page.html)")
            #expect(
                page.html.contains(
                    "<tr><th scope=\"row\"><bdi>reason</bdi></th><td><bdi>as read</bdi></td><td><bdi>changed at the post</bdi></td><td><bdi>not the person</bdi></td></tr>"
                ),
                "\(page.html)"
            )
            let token = page.field("_csrf") ?? ""
            let path = "/console/conflicts/\(conflict.id)/judgement"
            let unsaid = try await client.page(.post, path, jar: jar, form: [("_csrf", token), ("outcome", "headquarters_stands"), ("note", " ")])
            #expect(unsaid.status == .unprocessableContent)
            #expect(unsaid.html.contains(#"id="conflict-error"><strong>note</strong>"#), "\(unsaid.html)")
            let saved = try await client.pageFollowing(
                .post,
                path,
                jar: jar,
                form: [("_csrf", token), ("outcome", "headquarters_stands"), ("note", "the alert's authority confirmed ours")]
            )
            #expect(saved.html.contains("The judgement is recorded."))
            #expect(saved.html.contains("No conflict waits to be judged."))
            let judged = try await client.page(.get, "/console/conflicts?judged=1", jar: jar)
            #expect(judged.html.contains(#"<p class="judgement"><bdi>"#), "\(judged.html)")

            let officer = CookieJar()
            #expect(try await client.consoleLogin("first-line-officer", jar: officer).status == .seeOther)
            #expect(try await client.page(.get, "/console/conflicts", jar: officer).status == .forbidden)
        }
        try await post.close()
        try await fixture.store.close()
    }
}
