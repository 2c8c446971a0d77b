import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LimesCore
import LimesServer
import LimesStore
import Testing

/// What an attacker tries first, through the API as they would.
@Suite("Security of the API")
struct SecurityAPITests {
    @Test func namesWithControlOrDirectionCharactersAreRefusedNamingTheField() async throws {
        try await APIFixture.withAPI { _, client in
            let officer = try await client.login("first-line-officer")
            let spoofed = "ABDEL\u{202E}RIHAM"
            let person = try await client.call(
                .post,
                "/api/v1/persons-without-documents",
                token: officer,
                json: ["bcp": "NORTH", "arrival": "sea", "surname": spoofed]
            )
            #expect(person.status == .unprocessableContent && person.error["field"] as? String == "surname", "\(person.raw)")
            #expect((person.error["message"] as? String)?.contains("U+202E") == true)

            let typed = try await client.call(
                .post,
                "/api/v1/checks",
                token: officer,
                json: [
                    "bcp": "NORTH", "lane": "L1", "direction": "entry",
                    "document": [
                        "issuer": "UTO", "number": "X1234567", "surname": "SMITH\u{0}", "givenNames": "ANNA", "nationality": "UTO",
                        "birthDate": "1980-01-01", "sex": "F", "expiry": "2030-01-01",
                    ],
                ]
            )
            #expect(typed.status == .unprocessableContent && typed.error["field"] as? String == "document.surname", "\(typed.raw)")

            let check = try await client.call(
                .post,
                "/api/v1/checks",
                token: officer,
                json: [
                    "mrz": APIFixture.passport(surname: "DIALLO", given: "MARIAM", number: "GN1000001", nationality: "GIN", birth: "1990-01-01"),
                    "bcp": "NORTH", "lane": "L1", "direction": "entry",
                ]
            )
            let traveller = (check.json["traveller"] as? [String: Any])?["id"] as? String ?? ""
            let flag = try await client.call(
                .post,
                "/api/v1/travellers/\(traveller)/protection-flags",
                token: officer,
                json: ["kind": "child", "note": "alone \u{1B}[2J"]
            )
            #expect(flag.status == .unprocessableContent && flag.error["field"] as? String == "note", "\(flag.raw)")

            let admin = try await client.login("administrator")
            let service = try await client.call(
                .put,
                "/api/v1/services/cps",
                token: admin,
                json: ["name": "Child \u{200B}Protection", "kinds": ["child"], "acceptanceHours": 24]
            )
            #expect(service.status == .unprocessableContent && service.error["field"] as? String == "name", "\(service.raw)")

            let protection = try await client.login("protection-officer")
            #expect(try await client.call(.get, "/api/v1/persons-without-documents", token: protection).list.isEmpty, "nothing was stored")
            #expect(try await client.call(.get, "/api/v1/travellers/\(traveller)/protection-flags", token: protection).list.isEmpty)
        }
    }
    /// Six guesses at once against a limit of five: exactly five are tried and one waits, and a
    /// restart of the server forgets nothing.
    @Test func concurrentGuessesAreCountedExactlyAndARestartForgetsNothing() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.application { $0.loginLimits = .init(perAccount: 5, perAddress: 100, windowSeconds: 600) }.test(.live) { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await client.call(.post, "/api/v1/login", json: ["username": "analyst", "password": "not the password"]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == 5 && statuses.filter { $0 == .tooManyRequests }.count == 1, "\(statuses)")
        }
        // The same store behind a new server, as after a restart.
        let restarted = fixture.application { $0.loginLimits = .init(perAccount: 5, perAddress: 100, windowSeconds: 600) }
        try await restarted.test(.live) { client in
            let again = try await client.call(.post, "/api/v1/login", json: ["username": "analyst", "password": APIFixture.password])
            #expect(again.status == .tooManyRequests, "the right password still waits after a restart")
        }
        try await fixture.store.close()
    }

    /// Failed logins, pauses and refusals reach the audit trail (never a password), once per
    /// pause rather than once per knock.
    @Test func anAttackLeavesATrailWithoutPasswords() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.application { $0.loginLimits = .init(perAccount: 2, perAddress: 100, windowSeconds: 600) }.test(.live) { client in
            for _ in 0..<5 {
                _ = try await client.call(.post, "/api/v1/login", json: ["username": "supervisor", "password": "guess-\u{1F511}-secret"])
            }
            let analyst = try await client.login("analyst")
            #expect(try await client.call(.get, "/api/v1/overstayers", token: analyst).status == .forbidden)
        }
        let events = try await fixture.store.audit.events(limit: 500)
        #expect(events.filter { $0.action == "login_failed" && $0.recordID == "supervisor" }.count == 2)
        #expect(events.filter { $0.action == "login_throttled" && $0.recordID == "supervisor" }.count == 1, "one event per pause")
        let refusal = try #require(events.first { $0.action == "refused" })
        #expect(refusal.recordID == "GET /api/v1/overstayers" && refusal.purpose.contains("read overstayers"), "\(refusal)")
        #expect(!events.contains { "\($0)".contains("guess-") }, "no password in the trail")
        #expect(try await fixture.store.audit.verify().isIntact)
        try await fixture.store.close()
    }

    /// A client that opens a connection and never finishes its headers, or keeps an idle
    /// connection, is cut off after the idle timeout.
    @Test func slowHeadersAndIdleConnectionsAreClosed() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.application { $0.idleTimeoutSeconds = 1 }.test(.live) { client in
            let port = try #require(client.port)
            // Headers that never end.
            let slow = try RawConnection(port: port)
            try slow.send("GET /health HTTP/1.1\r\nHost: limes\r\nX-Slow: 1\r\n")
            #expect(await slow.closes(within: 20), "a connection with unfinished headers stays open")
            // A finished request, then silence on a kept-alive connection.
            let idle = try RawConnection(port: port)
            try idle.send("GET /health HTTP/1.1\r\nHost: limes\r\n\r\n")
            #expect(await idle.closes(within: 20), "an idle kept-alive connection stays open")
            #expect(idle.received.hasPrefix("HTTP/1.1 200"), "the request itself was answered")
        }
        try await fixture.store.close()
    }

    /// The statuses the server really answers are in the OpenAPI document, and a body is JSON
    /// only when it says exactly so.
    @Test func theDocumentNamesTheErrorsTheServerAnswers() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.application { $0.loginLimits = .init(perAccount: 1, perAddress: 100, windowSeconds: 600) }.test(.live) { client in
            let document = try await client.call(.get, "/openapi.json").json
            let paths = document["paths"] as? [String: [String: [String: Any]]] ?? [:]
            func documented(_ method: String, _ path: String) -> [String: Any] { paths[path]?[method]?["responses"] as? [String: Any] ?? [:] }
            var missing: [String] = []
            func expect(_ result: APIResult, _ status: HTTPResponse.Status, _ method: String, _ path: String) {
                #expect(result.status == status, "\(method) \(path): \(result.status) \(result.raw.prefix(200))")
                if documented(method, path)["\(status.code)"] == nil { missing.append("\(method) \(path) \(status.code)") }
            }

            let admin = try await client.login("administrator")
            let jsonx = try await client.call(
                .post,
                "/api/v1/login",
                body: #"{"username":"analyst","password":"x"}"#,
                headers: [.contentType: "application/jsonx"]
            )
            expect(jsonx, .unsupportedMediaType, "post", "/api/v1/login")
            let charset = try await client.call(
                .post,
                "/api/v1/login",
                body: #"{"username":"analyst","password":"correct horse battery"}"#,
                headers: [.contentType: "application/json; charset=utf-8"]
            )
            #expect(charset.status == .ok, "a charset parameter is still JSON")
            expect(
                try await client.call(.post, "/api/v1/login", json: ["username": "analyst", "password": "wrong"]),
                .unauthorized,
                "post",
                "/api/v1/login"
            )
            let throttled = try await client.call(.post, "/api/v1/login", json: ["username": "analyst", "password": "wrong"])
            expect(throttled, .tooManyRequests, "post", "/api/v1/login")
            #expect(throttled.headers[.retryAfter] != nil)
            let retry = ((documented("post", "/api/v1/login")["429"] as? [String: Any])?["headers"] as? [String: Any])?["Retry-After"]
            #expect(retry != nil, "Retry-After is documented")
            let big = String(repeating: "x", count: 2 << 20)
            expect(
                try await client.call(.put, "/api/v1/services/cps", token: admin, json: ["name": big, "kinds": ["child"]]),
                .contentTooLarge,
                "put",
                "/api/v1/services/{id}"
            )
            expect(
                try await client.call(.get, "/api/v1/travellers/nobody", token: try await client.login("supervisor")),
                .notFound,
                "get",
                "/api/v1/travellers/{id}"
            )
            #expect(try await client.call(.get, "/api/v1/services", token: admin).status == .ok, "administrators read the directory they keep")

            // A referral revoked twice: the second is a conflict.
            _ = try await client.call(.put, "/api/v1/services/cps", token: admin, json: ["name": "CPS", "kinds": ["child"], "agencyId": "police"])
            let officer = try await client.login("first-line-officer")
            let traveller = try await client.checkedTraveller(ProtectionAPITests.child, token: officer)
            let protection = try await client.login("protection-officer")
            let referral = try await client.call(
                .post,
                "/api/v1/travellers/\(traveller)/referrals",
                token: protection,
                json: ["serviceId": "cps", "kind": "child", "shares": [String](), "consent": [String: Bool]()]
            )
            let id = referral.json["id"] as? String ?? ""
            #expect(try await client.call(.post, "/api/v1/referrals/\(id)/revocation", token: protection).status == .ok)
            expect(
                try await client.call(.post, "/api/v1/referrals/\(id)/revocation", token: protection),
                .conflict,
                "post",
                "/api/v1/referrals/{id}/revocation"
            )
            #expect(missing.isEmpty, "answered but not documented: \(missing)")
        }
        try await fixture.store.close()
    }
}

/// A plain TCP connection on loopback, to behave as a slow or idle client would.
final class RawConnection: @unchecked Sendable {
    let socket: Int32
    private(set) var received = ""

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw RawConnectionError() }
    }

    deinit { close(socket) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(socket, bytes, bytes.count, 0) == bytes.count else { throw RawConnectionError() }
    }

    /// Reads until the server closes the connection (true) or `seconds` pass without a byte
    /// (false). Generous: under a full test run the answer itself can take seconds; a server that
    /// never closes still fails.
    /// The blocking wait runs on a thread of its own: on the tests' shared pool it would hold
    /// one of a two-core machine's two threads while the server it waits for needs them.
    func closes(within seconds: Int) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.waitForClose(seconds: seconds)) }.start()
        }
    }

    func waitForClose(seconds: Int) -> Bool {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
            received += String(decoding: buffer[0..<count], as: UTF8.self)
        }
    }
}

struct RawConnectionError: Error {}
