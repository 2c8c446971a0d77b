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
        "GET /api/v1/services": ["supervisor", "protection_officer"],
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
        "POST /api/v1/users": ["administrator"],
        "GET /api/v1/entry-policy": Set(Role.allCases.map(\.rawValue)),
        "PUT /api/v1/entry-policy": ["administrator"],
        "GET /api/v1/audit/verify": ["administrator"],
        "GET /api/v1/me": Set(Role.allCases.map(\.rawValue)),
        "POST /api/v1/logout": Set(Role.allCases.map(\.rawValue)),
    ]
    /// Open to anyone, logged in or not.
    static let open: Set<String> = ["GET /health", "GET /openapi.json", "POST /api/v1/login"]

    @Test func everyRouteIsInTheMatrixAndEveryRoleIsTriedOnIt() async throws {
        let fixture = try await APIFixture.make()
        let routes = buildRouter(fixture.configuration, store: fixture.store, screening: fixture.screening).routes.map {
            "\($0.method) \($0.path)"
        }
        #expect(Set(routes) == Set(Self.allowed.keys).union(Self.open), "a route without a row in the matrix, or a row without a route")

        try await fixture.application.test(.live) { client in
            var tokens: [String: String] = [:]
            for role in Role.allCases { tokens[role.rawValue] = try await client.login(role.rawValue.replacingOccurrences(of: "_", with: "-")) }
            var mismatches: [String] = []
            for (route, roles) in Self.allowed.sorted(by: { $0.key < $1.key }) where route != "POST /api/v1/logout" {
                let parts = route.split(separator: " ", maxSplits: 1)
                let method = HTTPRequest.Method(String(parts[0]))!
                let path = String(parts[1]).replacingOccurrences(of: "{id}", with: "00000000").replacingOccurrences(of: "{code}", with: "NORTH")
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
}
