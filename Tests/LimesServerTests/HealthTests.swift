import Foundation
import Hummingbird
import HummingbirdTesting
import LimesCore
import LimesServer
import LimesStore
import Testing

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

    @Test func unknownRouteIsNotFound() async throws {
        let app = buildApplication(configuration)
        try await app.test(.router) { client in
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
