import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LimesCore
import LimesServer
import LimesStore
import Testing

/// A small country on a fresh SQLite file: two BCPs, a user per role, a watchlist with one
/// listed person, and a fixed day so that verdicts do not drift with the calendar.
struct APIFixture {
    static let today = CalendarDate(iso: "2026-11-22")!
    static let password = "correct horse battery"

    let store: Store
    let screening: ScreeningState
    let configuration: ServerConfiguration

    static func make() async throws -> APIFixture {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("limes-api-\(UUID().uuidString)/limes.sqlite").path
        let storeConfiguration = StoreConfiguration(engine: .sqlite(path: path))
        let store = try await Store.open(storeConfiguration)
        try await store.organisation.saveAgency(Agency(id: "police", name: "Border police", kind: "border_police"))
        for code in ["NORTH", "SOUTH"] {
            try await store.organisation.saveBCP(
                BorderCrossingPoint(
                    code: code,
                    name: code.capitalized,
                    kind: .land,
                    country: "UTO",
                    agencyID: "police",
                    lanes: [.init(code: "L1", name: "Lane 1"), .init(code: "L2", name: "Lane 2")]
                )
            )
        }
        try await store.settings.setEntryPolicy(EntryPolicy.example(country: "UTO"), actor: "system")
        for role in Role.allCases {
            let bound = role.isBoundToPosts
            _ = try await store.users.saveUser(
                User(
                    id: UUID().uuidString,
                    username: role.rawValue.replacingOccurrences(of: "_", with: "-"),
                    displayName: role.rawValue,
                    agencyID: "police",
                    homeBCP: bound ? "NORTH" : nil,
                    roles: [role],
                    bcps: []
                ),
                password: password,
                rounds: 1_000,
                actor: "system"
            )
        }
        _ = try await store.watchlist.importAlerts(
            [
                Alert(
                    id: "EB-1",
                    list: .entryBan,
                    names: ["KARIMOV RUSTAM"],
                    birthDate: PartialDate(year: 1979, month: 4, day: 12),
                    sex: .male,
                    nationalities: ["UZB"],
                    action: .refuseEntry,
                    authority: "national police"
                )
            ],
            replace: false
        )
        let screening = ScreeningState()
        try await WatchlistRefresher(store: store, state: screening).refreshIfChanged()
        return APIFixture(
            store: store,
            screening: screening,
            configuration: ServerConfiguration(port: 0, logLevel: .error, store: storeConfiguration)
        )
    }

    /// The fixture's country served with settings of a test's own.
    func application(_ change: (inout ServerConfiguration) -> Void) -> some ApplicationProtocol {
        var configuration = configuration
        change(&configuration)
        return buildApplication(configuration, store: store, screening: screening, today: Self.today)
    }

    var application: some ApplicationProtocol {
        buildApplication(configuration, store: store, screening: screening, today: Self.today)
    }

    static func passport(surname: String, given: String, number: String, nationality: String, birth: String) -> String {
        try! MRZWriter.passport(
            issuer: nationality,
            number: number,
            surname: surname,
            givenNames: given,
            nationality: nationality,
            birthDate: CalendarDate(iso: birth)!,
            sex: .male,
            expiry: CalendarDate(iso: "2031-05-01")!
        )
    }
}

/// JSON over a test client, with the token of the user logged in.
struct APIResult {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var json: [String: Any]
    var list: [[String: Any]]
    var raw: String

    var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }
}

extension TestClientProtocol {
    func call(
        _ method: HTTPRequest.Method,
        _ uri: String,
        token: String? = nil,
        json: Any? = nil,
        body: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> APIResult {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let json {
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
            if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        } else if let body {
            buffer = ByteBuffer(string: body)
        }
        return try await execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            let data = Data(buffer: response.body)
            let type = response.headers[.contentType]
            for problem in OpenAPIConformance.problems(method: method, uri: uri, status: Int(response.status.code), body: data, contentType: type) {
                Issue.record("the OpenAPI document does not describe this response: \(problem)")
            }
            let object = try? JSONSerialization.jsonObject(with: data)
            return APIResult(
                status: response.status,
                headers: response.headers,
                json: object as? [String: Any] ?? [:],
                list: object as? [[String: Any]] ?? [],
                raw: String(decoding: data, as: UTF8.self)
            )
        }
    }

    /// A first-line entry check at NORTH, lane L1; the traveller's id.
    func checkedTraveller(_ mrz: String, token: String, bcp: String = "NORTH") async throws -> String {
        let check = try await call(.post, "/api/v1/checks", token: token, json: ["mrz": mrz, "bcp": bcp, "lane": "L1", "direction": "entry"])
        guard let id = (check.json["traveller"] as? [String: Any])?["id"] as? String else {
            throw APIFixtureError(message: "the check was not recorded: \(check.status) \(check.raw)")
        }
        return id
    }

    func login(_ username: String) async throws -> String {
        let result = try await call(.post, "/api/v1/login", json: ["username": username, "password": APIFixture.password])
        guard let token = result.json["token"] as? String else {
            throw StoreError("login of \(username) failed: \(result.status) \(result.raw)")
        }
        return token
    }
}

struct APIFixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension APIFixture {
    /// A fresh fixture served over live HTTP, the API only. The store is closed afterwards,
    /// whether the body passed or threw.
    static func withAPI(_ body: @Sendable (APIFixture, any TestClientProtocol) async throws -> Void) async throws {
        let fixture = try await make()
        do {
            try await fixture.application.test(.live) { client in try await body(fixture, client) }
        } catch {
            try? await fixture.store.close()
            throw error
        }
        try await fixture.store.close()
    }

    /// A fresh fixture served over live HTTP with the console.
    static func withConsole(_ body: @Sendable (APIFixture, any TestClientProtocol) async throws -> Void) async throws {
        let fixture = try await make()
        do {
            try await fixture.consoleApplication().test(.live) { client in try await body(fixture, client) }
        } catch {
            try? await fixture.store.close()
            throw error
        }
        try await fixture.store.close()
    }
}
