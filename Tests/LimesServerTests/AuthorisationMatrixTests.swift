import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LimesCore
import LimesServer
import LimesStore
import Testing

@Suite("Who may do what")
struct AuthorisationMatrixTests {
    /// Written out by hand, from the roles' jobs, not derived from the code's own table: a change
    /// of permissions must change this test too.
    static let allowed: [String: Set<String>] = [
        "POST /api/v1/checks": ["first_line_officer", "second_line_officer", "supervisor"],
        "GET /api/v1/checks/{id}": ["first_line_officer", "second_line_officer", "supervisor"],
        "POST /api/v1/crossings": ["first_line_officer", "second_line_officer", "supervisor"],
        "GET /api/v1/second-line/cases": ["second_line_officer", "supervisor"],
        "GET /api/v1/second-line/cases/{id}": ["second_line_officer", "supervisor"],
        "POST /api/v1/second-line/cases/{id}/decision": ["second_line_officer", "supervisor"],
        "POST /api/v1/hits/{id}/resolution": ["second_line_officer", "supervisor"],
        "GET /api/v1/travellers/{id}": ["second_line_officer", "supervisor"],
        "GET /api/v1/overstayers": ["supervisor"],
        "GET /api/v1/bcps": Set(Role.allCases.map(\.rawValue)),
        "PUT /api/v1/bcps/{code}": ["administrator"],
        "GET /api/v1/bcps/{code}/today": ["supervisor", "analyst"],
        "POST /api/v1/travellers/{id}/protection-flags": ["first_line_officer", "second_line_officer", "supervisor", "protection_officer"],
        "GET /api/v1/travellers/{id}/protection-flags": ["supervisor", "protection_officer"],
        "POST /api/v1/persons-without-documents": ["first_line_officer", "second_line_officer", "supervisor", "protection_officer"],
        "GET /api/v1/persons-without-documents": ["first_line_officer", "second_line_officer", "supervisor", "protection_officer"],
        "POST /api/v1/checks/{id}/safeguard-review": ["supervisor"],
        "GET /api/v1/protection/flags": ["supervisor", "protection_officer"],
        "GET /api/v1/protection/indicators": ["supervisor", "protection_officer"],
        "PUT /api/v1/protection/indicators": ["administrator"],
        "POST /api/v1/travellers/{id}/vulnerability-assessments": ["protection_officer"],
        "POST /api/v1/travellers/{id}/age-assessments": ["protection_officer"],
        "GET /api/v1/travellers/{id}/age-assessments": ["supervisor", "protection_officer"],
        "POST /api/v1/age-assessments/{id}/conclusion": ["protection_officer"],
        "POST /api/v1/protection-flags/{id}/closure": ["supervisor", "protection_officer"],
        "POST /api/v1/travellers/{id}/information": ["first_line_officer", "second_line_officer", "supervisor", "protection_officer"],
        "GET /api/v1/travellers/{id}/information": ["supervisor", "protection_officer"],
        "GET /api/v1/statistics/protection": ["supervisor", "analyst"],
        "GET /api/v1/services": ["supervisor", "protection_officer", "administrator"],
        "PUT /api/v1/services/{id}": ["administrator"],
        "GET /api/v1/travellers/{id}/referral-proposals": ["protection_officer"],
        "POST /api/v1/travellers/{id}/referrals": ["protection_officer"],
        "POST /api/v1/referrals/{id}/consent-override": ["supervisor"],
        "POST /api/v1/referrals/{id}/response": ["partner"],
        "POST /api/v1/referrals/{id}/outcome": ["partner"],
        "POST /api/v1/referrals/{id}/revocation": ["protection_officer"],
        "GET /api/v1/referrals/inbox": ["partner"],
        "GET /api/v1/referrals/late": ["supervisor", "protection_officer"],
        "GET /api/v1/travellers/{id}/vulnerability-assessments": ["supervisor", "protection_officer"],
        "GET /api/v1/users": ["administrator"],
        "GET /api/v1/agencies": ["administrator"],
        "PUT /api/v1/agencies/{id}": ["administrator"],
        "GET /api/v1/mandates": Set(Role.allCases.map(\.rawValue)),
        "GET /api/v1/nodes": ["administrator"],
        "POST /api/v1/nodes": ["administrator"],
        "GET /api/v1/conflicts": ["administrator"],
        "POST /api/v1/conflicts/{id}/judgement": ["administrator"],
        "POST /api/v1/users": ["administrator"],
        "GET /api/v1/entry-policy": Set(Role.allCases.map(\.rawValue)),
        "PUT /api/v1/entry-policy": ["administrator"],
        "GET /api/v1/audit/verify": ["administrator", "auditor"],
        "GET /api/v1/agreements": ["administrator", "auditor"],
        "PUT /api/v1/agreements/{id}": ["administrator"],
        "GET /api/v1/agreements/{id}/versions": ["administrator", "auditor"],
        "GET /api/v1/exchange/partners": ["administrator", "auditor"],
        "PUT /api/v1/exchange/partners/{country}": ["administrator"],
        "GET /api/v1/exchange/key": ["administrator", "auditor"],
        "GET /api/v1/exchange/disclosures": ["administrator", "auditor"],
        "GET /api/v1/exchange/received": ["administrator", "auditor"],
        "POST /api/v1/hits/{id}/information-requests": ["second_line_officer", "supervisor"],
        "GET /api/v1/information-requests": ["second_line_officer", "supervisor", "administrator", "auditor"],
        "POST /api/v1/information-requests/{id}/answer": ["second_line_officer", "supervisor"],
        "GET /api/v1/one-stop/operations": ["first_line_officer", "second_line_officer", "supervisor"],
        "POST /api/v1/one-stop/operations/{id}/check": ["first_line_officer", "second_line_officer", "supervisor"],
        "GET /api/v1/me": Set(Role.allCases.map(\.rawValue)),
        "POST /api/v1/logout": Set(Role.allCases.map(\.rawValue)),
        // Figures without names; supervisors read their own BCPs'. Analysts publish.
        "GET /api/v1/statistics/tables": ["supervisor", "analyst"],
        "GET /api/v1/statistics/export": ["supervisor", "analyst"],
        "GET /api/v1/statistics/processing-times": ["supervisor", "analyst"],
        "GET /api/v1/statistics/queues": ["first_line_officer", "second_line_officer", "supervisor", "analyst"],
        "POST /api/v1/statistics/queues": ["first_line_officer", "second_line_officer", "supervisor"],
        "GET /api/v1/statistics/indicators": ["supervisor", "analyst"],
        "GET /api/v1/statistics/settings": ["supervisor", "analyst", "administrator"],
        "PUT /api/v1/statistics/settings": ["administrator"],
        "GET /api/v1/releases": ["supervisor", "analyst"],
        "POST /api/v1/releases/preview": ["analyst"],
        "POST /api/v1/releases": ["analyst"],
        "GET /api/v1/releases/{id}": ["supervisor", "analyst"],
        "POST /api/v1/releases/{id}/withdraw": ["analyst"],
        "GET /api/v1/releases/{id}/tables/{index}": ["supervisor", "analyst"],
    ]
    /// What a user of each preset agency may reach holding every role at once: the agency's
    /// mandate alone then decides. Written out by hand from each agency's work, as above.
    static let anyUser: Set<String> = [
        "GET /api/v1/bcps", "GET /api/v1/entry-policy", "GET /api/v1/me", "GET /api/v1/mandates", "POST /api/v1/logout",
    ]
    static let byAgency: [String: Set<String>] = [
        "border_police": Set(allowed.keys),
        // Who crossed, when and where; figures without names.
        "customs": anyUser.union([
            "GET /api/v1/travellers/{id}", "GET /api/v1/bcps/{code}/today", "GET /api/v1/statistics/protection",
            "GET /api/v1/statistics/tables", "GET /api/v1/statistics/export", "GET /api/v1/statistics/processing-times",
            "GET /api/v1/statistics/queues", "GET /api/v1/statistics/indicators", "GET /api/v1/statistics/settings", "GET /api/v1/releases",
            "GET /api/v1/releases/{id}", "GET /api/v1/releases/{id}/tables/{index}",
        ]),
        // A traveller's record for a health declaration; the health referrals.
        "health": anyUser.union([
            "GET /api/v1/travellers/{id}", "POST /api/v1/referrals/{id}/response", "POST /api/v1/referrals/{id}/outcome",
            "GET /api/v1/referrals/inbox",
        ]),
        // The protection case, its referrals, and the child's record; no screening, no policy.
        "child_protection": anyUser.union([
            "GET /api/v1/travellers/{id}", "POST /api/v1/travellers/{id}/protection-flags", "GET /api/v1/travellers/{id}/protection-flags",
            "POST /api/v1/persons-without-documents", "GET /api/v1/persons-without-documents", "GET /api/v1/protection/flags",
            "GET /api/v1/protection/indicators", "POST /api/v1/travellers/{id}/vulnerability-assessments",
            "GET /api/v1/travellers/{id}/vulnerability-assessments", "POST /api/v1/travellers/{id}/age-assessments",
            "GET /api/v1/travellers/{id}/age-assessments", "POST /api/v1/age-assessments/{id}/conclusion",
            "POST /api/v1/protection-flags/{id}/closure", "POST /api/v1/travellers/{id}/information",
            "GET /api/v1/travellers/{id}/information", "GET /api/v1/services", "GET /api/v1/travellers/{id}/referral-proposals",
            "POST /api/v1/travellers/{id}/referrals", "POST /api/v1/referrals/{id}/revocation", "GET /api/v1/referrals/late",
            "POST /api/v1/referrals/{id}/response", "POST /api/v1/referrals/{id}/outcome", "GET /api/v1/referrals/inbox",
        ]),
    ]

    /// Open to anyone, logged in or not.
    static let open: Set<String> = ["GET /health", "GET /openapi.json", "POST /api/v1/login"]
    /// Called by posts, which sign each request with their enrolled key: no login opens them
    /// (SyncAPITests shows what they refuse).
    static let signedByNodes: Set<String> = [
        "POST /api/v1/sync/batches", "GET /api/v1/sync/reference", "GET /api/v1/sync/crossings", "POST /api/v1/exchange/messages",
    ]

    @Test func everyRouteIsInTheMatrixAndEveryRoleIsTriedOnIt() async throws {
        let fixture = try await APIFixture.make()
        let routes = buildRouter(fixture.configuration, store: fixture.store, screening: fixture.screening).routes.map {
            "\($0.method) \($0.path)"
        }
        #expect(
            Set(routes) == Set(Self.allowed.keys).union(Self.open).union(Self.signedByNodes),
            "a route without a row in the matrix, or a row without a route"
        )

        try await fixture.application.test(.live) { client in
            var tokens: [String: String] = [:]
            for role in Role.allCases { tokens[role.rawValue] = try await client.login(role.rawValue.replacingOccurrences(of: "_", with: "-")) }
            var mismatches: [String] = []
            for (route, roles) in Self.allowed.sorted(by: { $0.key < $1.key }) where route != "POST /api/v1/logout" {
                let parts = route.split(separator: " ", maxSplits: 1)
                let method = HTTPRequest.Method(String(parts[0]))!
                let path = String(parts[1]).replacingOccurrences(of: "{id}", with: "00000000").replacingOccurrences(of: "{code}", with: "NORTH")
                    .replacingOccurrences(of: "{country}", with: "ZZA").replacingOccurrences(of: "{index}", with: "1")
                // No login at all: always 401.
                let anonymous = try await client.call(method, path, json: method == .get ? nil : [String: String]())
                if anonymous.status != .unauthorized { mismatches.append("\(route) without login: \(anonymous.status.code)") }
                for role in Role.allCases {
                    // An empty body: allowed roles get past authorisation and fail on the body,
                    // the others are refused first. Nothing is written either way.
                    let result = try await client.call(method, path, token: tokens[role.rawValue], json: method == .get ? nil : [String: String]())
                    let refused = result.status == .forbidden || result.status == .unauthorized
                    if roles.contains(role.rawValue) == refused {
                        mismatches.append("\(route) as \(role.rawValue): \(result.status.code) \(result.raw.prefix(120))")
                    }
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
            // Logging out ends the session.
            let token = try #require(tokens["analyst"])
            #expect(try await client.call(.post, "/api/v1/logout", token: token).status == .noContent)
            #expect(try await client.call(.get, "/api/v1/me", token: token).status == .unauthorized)
        }
        try await fixture.store.close()
    }

    /// Roles and agency together: a user of each preset agency holding every role reaches what
    /// the agency's mandate allows, and is refused the rest with `outside_mandate`.
    @Test func everyRouteIsTriedForEachAgencyPreset() async throws {
        let fixture = try await APIFixture.make()
        for kind in Self.byAgency.keys.sorted() where kind != "border_police" {
            try await fixture.store.organisation.saveAgency(Agency(id: kind, name: kind, kind: kind))
            _ = try await fixture.store.users.saveUser(
                User(
                    id: UUID().uuidString,
                    username: "all-\(kind)",
                    displayName: kind,
                    agencyID: kind,
                    homeBCP: "NORTH",
                    roles: Set(Role.allCases),
                    bcps: []
                ),
                password: APIFixture.password,
                rounds: 1_000,
                actor: "system"
            )
        }
        try await fixture.application.test(.live) { client in
            var mismatches: [String] = []
            for (kind, reachable) in Self.byAgency.sorted(by: { $0.key < $1.key }) where kind != "border_police" {
                let token = try await client.login("all-\(kind)")
                for route in Self.allowed.keys.sorted() where route != "POST /api/v1/logout" {
                    let parts = route.split(separator: " ", maxSplits: 1)
                    let method = HTTPRequest.Method(String(parts[0]))!
                    let path = String(parts[1]).replacingOccurrences(of: "{id}", with: "00000000").replacingOccurrences(of: "{code}", with: "NORTH")
                        .replacingOccurrences(of: "{country}", with: "ZZA").replacingOccurrences(of: "{index}", with: "1")
                    let result = try await client.call(method, path, token: token, json: method == .get ? nil : [String: String]())
                    let refused = result.status == .forbidden && result.error["code"] as? String == "outside_mandate"
                    if reachable.contains(route) == refused {
                        mismatches.append("\(route) as all roles of \(kind): \(result.status.code) \(result.raw.prefix(120))")
                    }
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        }
        try await fixture.store.close()
    }

    @Test func theOpenAPIDocumentDescribesExactlyTheRoutes() async throws {
        let fixture = try await APIFixture.make()
        let routes = Set(
            buildRouter(fixture.configuration, store: fixture.store, screening: fixture.screening).routes.map {
                "\($0.method.rawValue.lowercased()) \($0.path)"
            }
        )
        try await fixture.application.test(.router) { client in
            let result = try await client.call(.get, "/openapi.json")
            #expect(result.status == .ok)
            #expect(result.json["openapi"] as? String == "3.1.0")
            let paths = result.json["paths"] as? [String: [String: Any]] ?? [:]
            var documented: Set<String> = []
            for (path, operations) in paths {
                for (method, operation) in operations {
                    documented.insert("\(method) \(path)")
                    let responses = (operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                    #expect(!responses.isEmpty, "\(method) \(path) documents no response")
                }
            }
            #expect(
                documented == routes,
                "documented but not served: \(documented.subtracting(routes)); served but not documented: \(routes.subtracting(documented))"
            )
            // Every schema a document refers to exists.
            let schemas = (result.json["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
            let references = Set(
                result.raw.components(separatedBy: "#/components/schemas/").dropFirst().map { $0.prefix { $0 != "\"" } }.map(String.init)
            )
            #expect(references.subtracting(schemas.keys).isEmpty, "missing schemas: \(references.subtracting(schemas.keys))")
        }
        try await fixture.store.close()
    }
    /// Officers at posts reach the travellers checked or registered at their BCPs; protection
    /// officers follow the person wherever they were met.
    @Test func officersAtPostsReachOnlyTheTravellersOfTheirBCPs() async throws {
        let fixture = try await APIFixture.make()
        _ = try await fixture.store.users.saveUser(
            User(
                id: UUID().uuidString,
                username: "south-officer",
                displayName: "South officer",
                agencyID: "police",
                homeBCP: "SOUTH",
                roles: [.firstLineOfficer],
                bcps: []
            ),
            password: APIFixture.password,
            rounds: 1_000,
            actor: "system"
        )
        try await fixture.consoleApplication().test(.live) { client in
            func checked(at bcp: String, officer: String, surname: String, number: String) async throws -> (traveller: String, flag: String) {
                let token = try await client.login(officer)
                let mrz = APIFixture.passport(surname: surname, given: "AMINA", number: number, nationality: "NER", birth: "2012-03-04")
                let check = try await client.call(
                    .post,
                    "/api/v1/checks",
                    token: token,
                    json: ["mrz": mrz, "bcp": bcp, "lane": "L1", "direction": "entry"]
                )
                let traveller = try #require((check.json["traveller"] as? [String: Any])?["id"] as? String, "\(check.raw)")
                let flag = try await client.call(
                    .post,
                    "/api/v1/travellers/\(traveller)/protection-flags",
                    token: token,
                    json: ["kind": "child", "note": "alone at \(bcp)"]
                )
                return (traveller, try #require(flag.json["id"] as? String, "\(flag.raw)"))
            }
            let north = try await checked(at: "NORTH", officer: "first-line-officer", surname: "ISSOUFOU", number: "NE1000001")
            let south = try await checked(at: "SOUTH", officer: "south-officer", surname: "MAHAMANE", number: "NE1000002")

            let supervisor = try await client.login("supervisor")
            let second = try await client.login("second-line-officer")
            let first = try await client.login("first-line-officer")
            let protection = try await client.login("protection-officer")
            var mismatches: [String] = []
            func expect(
                _ token: String,
                _ who: String,
                _ method: HTTPRequest.Method,
                _ path: String,
                json: [String: Any]? = nil,
                _ status: HTTPResponse.Status
            )
                async throws
            {
                let result = try await client.call(method, path, token: token, json: json)
                if result.status != status { mismatches.append("\(who) \(method) \(path): \(result.status.code), expected \(status.code)") }
            }
            for (traveller, status) in [(north.traveller, HTTPResponse.Status.ok), (south.traveller, .forbidden)] {
                try await expect(second, "second line", .get, "/api/v1/travellers/\(traveller)", status)
                try await expect(supervisor, "supervisor", .get, "/api/v1/travellers/\(traveller)", status)
                try await expect(supervisor, "supervisor", .get, "/api/v1/travellers/\(traveller)/protection-flags", status)
                try await expect(supervisor, "supervisor", .get, "/api/v1/travellers/\(traveller)/age-assessments", status)
                try await expect(protection, "protection", .get, "/api/v1/travellers/\(traveller)/protection-flags", .ok)
            }
            try await expect(
                first,
                "first line",
                .post,
                "/api/v1/travellers/\(south.traveller)/protection-flags",
                json: ["kind": "child"],
                .forbidden
            )
            try await expect(
                first,
                "first line",
                .post,
                "/api/v1/travellers/\(south.traveller)/information",
                json: ["leaflet": "Rights", "language": "fr"],
                .forbidden
            )
            try await expect(
                first,
                "first line",
                .post,
                "/api/v1/travellers/\(north.traveller)/information",
                json: ["leaflet": "Rights", "language": "fr"],
                .created
            )
            // Closing a flag lifts a child's hold on refusal: not from another BCP.
            try await expect(
                supervisor,
                "supervisor",
                .post,
                "/api/v1/protection-flags/\(south.flag)/closure",
                json: ["reason": "not ours"],
                .forbidden
            )
            let list = try await client.call(.get, "/api/v1/protection/flags", token: supervisor)
            #expect(list.raw.contains(north.flag) && !list.raw.contains(south.flag), "a supervisor's list holds their BCPs' flags")
            #expect(try await client.call(.get, "/api/v1/protection/flags", token: protection).raw.contains(south.flag))
            try await expect(
                protection,
                "protection",
                .post,
                "/api/v1/protection-flags/\(south.flag)/closure",
                json: ["reason": "in care"],
                .noContent
            )
            #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")

            let jar = CookieJar()
            _ = try await client.consoleLogin("supervisor", jar: jar)
            let page = try await client.page(.get, "/console/protection", jar: jar)
            #expect(page.status == .ok && page.html.contains("ISSOUFOU") && !page.html.contains("MAHAMANE"))
            let history = try await client.page(.get, "/console/travellers/\(south.traveller)", jar: jar)
            #expect(history.status == .forbidden && !history.html.contains("MAHAMANE"))
        }
        try await fixture.store.close()
    }
}
