import AsyncHTTPClient
import Foundation
import LimesCore
import LimesStore
import Logging
import NIOCore
import NIOFoundationCompat
import NIOSSL
import ServiceLifecycle

/// How a post reaches its headquarters.
public struct PostSettings: Sendable {
    public var nodeID: String
    /// Headquarters' base address, `https://hq.example/` (plain http only on loopback).
    public var headquarters: String
    /// A PEM file of the certificates to trust for headquarters instead of the system's
    /// authorities: headquarters' own certificate, pinned, where no public authority serves.
    public var trustedCertificates: String?
    /// How long to wait between rounds when there is nothing to send.
    public var interval: Duration = .seconds(5)
    /// Changes per batch, at most (a batch is also cut at `OutboxStore.batchBytes`). A thousand
    /// drained a backlog 28% faster than two hundred (`limes-bench sync --sync-batch-size`).
    public var batchSize = 1_000
    /// A verdict says so when the post's copy of the service's crossings is older than this
    /// (`--stale-after`, minutes).
    public var staleAfterSeconds: Int64 = 3_600

    public init(nodeID: String, headquarters: String, trustedCertificates: String? = nil) {
        self.nodeID = nodeID
        self.headquarters = headquarters.hasSuffix("/") ? String(headquarters.dropLast()) : headquarters
        self.trustedCertificates = trustedCertificates
    }

    /// Refuses an address a post must not send personal data to in clear.
    public func validate() throws {
        guard let url = URL(string: headquarters), let scheme = url.scheme, let host = url.host, ["http", "https"].contains(scheme) else {
            throw StoreError("--headquarters '\(headquarters)' is not an http(s) address", field: "headquarters")
        }
        if scheme == "http", !(host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]") {
            throw StoreError(
                "--headquarters \(headquarters): a post sends personal data; use https (plain http only on loopback)",
                field: "headquarters"
            )
        }
    }
}

/// A post's link to headquarters, as a service of the server: in rounds, it takes headquarters'
/// reference data when it changed, then sends its outbox in signed batches until nothing waits.
/// When headquarters cannot be reached the post goes on working and the next round tries again;
/// the outbox keeps everything meanwhile.
public struct SyncClient: Service {
    let store: Store
    let settings: PostSettings
    let logger: Logger

    public init(store: Store, settings: PostSettings, logger: Logger = Logger(label: "limes.sync")) {
        self.store = store
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = settings.trustedCertificates {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file))
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(60))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await round(client)
                try? await Task.sleep(for: settings.interval)
            }
        }
        try? await client.shutdown()
    }

    /// One exchange: reference data down, then the outbox up. Errors are noted for the console
    /// and the log, never thrown: the post works on.
    func round(_ client: HTTPClient) async {
        do {
            try await pullReference(client)
            while try await pullCrossings(client) {}
            while try await pushBatch(client) {}
        } catch is CancellationError {
            return
        } catch {
            let text = (error as? SyncFailure)?.message ?? String(describing: error)
            logger.warning("headquarters not reached or refused", metadata: ["error": "\(text)"])
            try? await store.outbox.noteContact(error: text)
        }
    }

    struct SyncFailure: Error {
        var message: String
    }

    func pullReference(_ client: HTTPClient) async throws {
        guard let identity = try await store.outbox.identity() else { throw SyncFailure(message: "this database is not a post's") }
        let version = identity.referenceVersion ?? ""
        let watchlist = identity.watchlistVersion ?? 0
        let (response, body) = try await signedGet(client, "/api/v1/sync/reference?version=\(version)&watchlist=\(watchlist)", limit: 512 << 20) {
            SyncMessage.reference(node: settings.nodeID, version: version, watchlist: watchlist, time: $0)
        }
        switch response.status.code {
        case 204:
            try await store.outbox.referenceUnchanged()
        case 200:
            let copy = try JSONDecoder().decode(ReferenceCopy.self, from: Data(buffer: body))
            try await store.outbox.applyReference(copy)
            logger.notice(
                "reference data taken from headquarters",
                metadata: [
                    "version": "\(copy.version)", "watchlist": "\(copy.watchlistVersion)",
                    "alerts": "\(Self.describeAlerts(copy))",
                ]
            )
        default:
            throw SyncFailure(message: "headquarters refused reference data (\(response.status.code)): \(Self.reason(body))")
        }
    }

    static func describeAlerts(_ copy: ReferenceCopy) -> String {
        guard let alerts = copy.alerts else { return "unchanged" }
        guard let since = copy.alertsSince else { return "\(alerts.count), all" }
        return "\(alerts.count) changed and \(copy.alertRemovals?.count ?? 0) removed since version \(since)"
    }

    /// A GET to headquarters signed as the sync routes want it: the node, the time, and the
    /// signature of the route's message at that time.
    func signedGet(_ client: HTTPClient, _ path: String, limit: Int, message: (Int64) -> Data) async throws -> (HTTPClientResponse, ByteBuffer) {
        let time = Int64(Date().timeIntervalSince1970)
        var request = HTTPClientRequest(url: settings.headquarters + path)
        request.method = .GET
        request.headers.add(name: SyncMessage.nodeHeader, value: settings.nodeID)
        request.headers.add(name: SyncMessage.timeHeader, value: String(time))
        request.headers.add(name: SyncMessage.signatureHeader, value: try store.outbox.sign(message(time)))
        let response = try await client.execute(request, timeout: .seconds(120))
        return (response, try await response.body.collect(upTo: limit))
    }

    /// Takes the next crossings recorded elsewhere in the service; true when more wait.
    func pullCrossings(_ client: HTTPClient) async throws -> Bool {
        guard let identity = try await store.outbox.identity() else { throw SyncFailure(message: "this database is not a post's") }
        let after = identity.crossingsAfter
        let (response, body) = try await signedGet(client, "/api/v1/sync/crossings?after=\(after)", limit: 256 << 20) {
            SyncMessage.crossings(node: settings.nodeID, after: after, time: $0)
        }
        guard response.status.code == 200 else {
            throw SyncFailure(message: "headquarters refused the service's crossings (\(response.status.code)): \(Self.reason(body))")
        }
        let feed = try JSONDecoder().decode(ServiceCrossings.self, from: Data(buffer: body))
        let applied = try await store.outbox.applyServiceCrossings(feed)
        if applied.copied > 0 {
            logger.info(
                "crossings recorded elsewhere taken",
                metadata: ["copied": "\(applied.copied)", "next": "\(feed.next)"]
            )
        }
        if !applied.aliased.isEmpty {
            // Not an error: the passport was recorded here first; headquarters joins the records.
            logger.notice(
                "crossings copied onto this post's own record of their passport",
                metadata: ["crossings": "\(applied.aliased.joined(separator: ","))"]
            )
        }
        return feed.more
    }

    /// Sends the next batch; true when one was acknowledged (there may be more).
    func pushBatch(_ client: HTTPClient) async throws -> Bool {
        guard let batch = try await store.outbox.pending(limit: settings.batchSize) else { return false }
        let body = try JSONEncoder().encode(batch)
        var request = HTTPClientRequest(url: settings.headquarters + "/api/v1/sync/batches")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: SyncMessage.nodeHeader, value: settings.nodeID)
        request.headers.add(name: SyncMessage.signatureHeader, value: try store.outbox.sign(SyncMessage.batch(body: body)))
        request.body = .bytes(ByteBuffer(data: body))
        let response = try await client.execute(request, timeout: .seconds(120))
        let answer = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code == 200 else {
            if response.status.code == 409, let expected = response.headers.first(name: SyncMessage.expectedHeader) {
                throw SyncFailure(
                    message:
                        "headquarters expects change \(expected) next, but this post has sent up to \(batch.first.map { $0 - 1 } ?? 0) and holds only what follows: headquarters has lost changes (restored from an older backup?); they are not resent by themselves"
                )
            }
            throw SyncFailure(message: "headquarters refused a batch (\(response.status.code)): \(Self.reason(answer))")
        }
        let acknowledgement = try JSONDecoder().decode(SyncAcknowledgement.self, from: Data(buffer: answer))
        try await store.outbox.acknowledge(acknowledgement)
        logger.info(
            "batch acknowledged",
            metadata: [
                "first": "\(batch.first ?? 0)", "last": "\(batch.last ?? 0)", "applied": "\(acknowledgement.applied)",
                "conflicts": "\(acknowledgement.conflicts)",
            ]
        )
        return true
    }

    static func reason(_ body: ByteBuffer) -> String {
        struct Refusal: Decodable {
            struct Inner: Decodable { var message: String }
            var error: Inner
        }
        if let refusal = try? JSONDecoder().decode(Refusal.self, from: Data(buffer: body)) { return refusal.error.message }
        return String(buffer: body).prefix(300).description
    }
}
