import Foundation
import Hummingbird
import HummingbirdTesting
import LimesCore
import LimesStore
import Testing

@testable import LimesServer

@Suite("Server")
struct HealthTests {
    let configuration = ServerConfiguration(
        host: "127.0.0.1",
        port: 0,
        logLevel: .error,
        store: StoreConfiguration(engine: .sqlite(path: ":memory:"))
    )

    @Test func healthOverRealHTTP() async throws {
        let app = buildApplication(configuration)
        try await app.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: String]
                #expect(body == ["status": "ok", "version": Limes.version])
            }
        }
    }

    @Test func healthNamesTheEngineAndAnswers503WithTheReasonWhenItCannotServe() async throws {
        struct Health: Decodable {
            var status: String
            var engine: String?
            var reason: String?
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("limes-health-\(UUID().uuidString)/limes.sqlite").path
        let store = try await Store.open(StoreConfiguration(engine: .sqlite(path: path)))
        let screening = ScreeningState()
        let app = buildApplication(configuration, store: store, screening: screening)
        try await app.test(.live) { client in
            func health() async throws -> (HTTPResponse.Status, Health) {
                try await client.execute(uri: "/health", method: .get) { response in
                    (response.status, try JSONDecoder().decode(Health.self, from: Data(buffer: response.body)))
                }
            }
            let (starting, early) = try await health()
            #expect(starting == .serviceUnavailable && early.reason == "the screening index is not built yet")
            await screening.install(ScreeningIndex(alerts: try await store.watchlist.alerts()), version: try await store.watchlist.watchlistVersion())
            let (ready, fine) = try await health()
            #expect(ready == .ok)
            #expect(fine.status == "ok" && fine.engine == "sqlite" && fine.reason == nil)
            try await store.close()
            let (closed, broken) = try await health()
            #expect(closed == .serviceUnavailable)
            #expect(broken.status == "unavailable" && broken.reason == "the database cannot be read", "no connection details to the public")
        }
    }

    @Test func unknownRouteIsNotFound() async throws {
        let app = buildApplication(configuration)
        try await app.test(.router) { client in
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}

@Suite("Screening index in the server")
struct ScreeningStateTests {
    @Test func indexLoadsAtStartAndFollowsImportsWithoutRestart() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("limes-server-\(UUID().uuidString)/limes.sqlite").path
        let store = try await Store.open(StoreConfiguration(engine: .sqlite(path: path)))
        _ = try await store.watchlist.importAlerts([Alert(id: "W1", list: .entryBan, names: ["SOW MOUSSA"], action: .refuseEntry)], replace: false)
        let state = ScreeningState()
        let refresher = WatchlistRefresher(store: store, state: state, interval: .milliseconds(50))
        let app = buildApplication(
            ServerConfiguration(port: 0, logLevel: .error, store: StoreConfiguration(engine: .sqlite(path: path))),
            screening: state,
            services: [refresher]
        )

        try await app.test(.live) { client in
            func status() async throws -> ScreeningState.Status? {
                try await client.execute(uri: "/health", method: .get) { response in
                    struct Health: Decodable { var screening: ScreeningState.Status? }
                    return try JSONDecoder().decode(Health.self, from: Data(buffer: response.body)).screening
                }
            }
            func waitFor(alerts: Int) async throws -> ScreeningState.Status? {
                for _ in 0..<100 {
                    if let current = try await status(), current.ready, current.alerts == alerts { return current }
                    try await Task.sleep(for: .milliseconds(20))
                }
                return try await status()
            }
            #expect(try await waitFor(alerts: 1)?.ready == true)
            #expect(await state.current?.screen(ScreeningQuery(name: "MOUSSA SOW")).first?.alertID == "W1")

            // An import beside the running server: the index follows, no restart.
            _ = try await store.watchlist.importAlerts(
                [Alert(id: "W2", list: .entryBan, names: ["DIALLO AMINATA"], action: .refuseEntry)],
                replace: false
            )
            #expect(try await waitFor(alerts: 2)?.alerts == 2)
            #expect(await state.current?.screen(ScreeningQuery(name: "AMINATA DIALLO")).first?.alertID == "W2")
            #expect(await state.current?.changesSinceBuild == 1, "one new alert is applied to the index, not built whole")

            // Withdrawn: it stops hitting.
            _ = try await store.watchlist.importAlerts(
                [Alert(id: "W2", list: .entryBan, names: ["DIALLO AMINATA"], action: .refuseEntry)],
                replace: true
            )
            #expect(try await waitFor(alerts: 1)?.alerts == 1)
            #expect(await state.current?.screen(ScreeningQuery(name: "MOUSSA SOW")).isEmpty == true)

            // Many changes at once: built whole.
            let many = (0..<1_200).map { Alert(id: "M\($0)", list: .nationalWanted, names: ["PERSON NUMBER\($0)"], action: .arrest) }
            _ = try await store.watchlist.importAlerts(many, replace: false)
            #expect(try await waitFor(alerts: 1_201)?.alerts == 1_201)
            #expect(await state.current?.changesSinceBuild == 0)
        }
        try await store.close()
    }
}
