import Foundation
import HTTPTypes
import Hummingbird
import LimesCore
import LimesStore

/// Headquarters' routes for posts: batches up, reference data down. A post proves who it is
/// with its key's signature on each request (no session); the signature is checked against the
/// key pinned at enrolment before anything the post sent is read further.
struct SyncController {
    let store: Store
    /// A batch of a few hundred changes is well under this; a check's stored result is the
    /// largest column.
    static let maxBatchBytes = 8 << 20

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.post("batches", use: receiveBatch)
        group.get("reference", use: sendReference)
        group.get("crossings", use: sendCrossings)
    }

    @Sendable func receiveBatch(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let (nodeID, signature) = try Self.credentials(request)
        let body: Data
        do {
            body = Data(buffer: try await request.body.collect(upTo: Self.maxBatchBytes))
        } catch {
            throw APIError(.contentTooLarge, code: "too_large", "a batch is at most \(Self.maxBatchBytes >> 20) MiB: send fewer changes at once")
        }
        let node = try await store.nodes.authenticate(node: nodeID, message: SyncMessage.batch(body: body), signature: signature)
        let batch: SyncBatch
        do {
            batch = try JSONDecoder().decode(SyncBatch.self, from: body)
        } catch let error as DecodingError {
            throw APIError(error)
        }
        let acknowledgement = try await store.nodes.apply(batch, from: node)
        return try .json(API.SyncAcknowledgementBody(acknowledgement))
    }

    @Sendable func sendReference(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let (nodeID, signature) = try Self.credentials(request)
        let version = request.uri.queryParameters["version"].map(String.init) ?? ""
        let watchlistText = request.uri.queryParameters["watchlist"].map(String.init) ?? "0"
        guard let watchlist = Int64(watchlistText), watchlist >= 0 else {
            throw APIError.invalid("watchlist", "'\(watchlistText)' is not a watchlist version (a whole number)")
        }
        let time = try Self.freshTime(request)
        let message = SyncMessage.reference(node: nodeID, version: version, watchlist: watchlist, time: time)
        let node = try await store.nodes.authenticate(node: nodeID, message: message, signature: signature)
        guard let copy = try await store.nodes.referenceCopy(for: node, holding: version.isEmpty ? nil : version, watchlist: watchlist) else {
            return Response(status: .noContent)
        }
        return try .json(API.ReferenceCopyBody(copy))
    }

    /// Crossings recorded elsewhere in the service since the post's position, as far back as
    /// any check reads (the entry policy's `historyDays`).
    @Sendable func sendCrossings(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let (nodeID, signature) = try Self.credentials(request)
        let afterText = request.uri.queryParameters["after"].map(String.init) ?? "0"
        guard let after = Int64(afterText), after >= 0 else {
            throw APIError.invalid("after", "'\(afterText)' is not a position (a whole number, 0 at first)")
        }
        let time = try Self.freshTime(request)
        let node = try await store.nodes.authenticate(
            node: nodeID,
            message: SyncMessage.crossings(node: nodeID, after: after, time: time),
            signature: signature
        )
        guard let policy = try await store.settings.entryPolicy() else {
            // Without a policy headquarters cannot say how far back a check reads: refused, not guessed.
            throw StoreError("no entry policy is set at headquarters: an administrator must set one first", code: .notConfigured)
        }
        let days = policy.historyDays
        let since = Timestamp().adding(seconds: -Int64(days) * 86_400)
        let feed = try await store.nodes.serviceCrossings(for: node, after: after, since: since)
        return try .json(API.ServiceCrossingsBody(feed))
    }

    /// The request's signed time, refused when it is outside the freshness window of
    /// headquarters' clock (a recorded request replayed later).
    static func freshTime(_ request: Request) throws -> Int64 {
        let timeText = request.headers[HTTPField.Name(SyncMessage.timeHeader)!] ?? ""
        guard let time = Int64(timeText) else {
            throw APIError.invalid(SyncMessage.timeHeader, "send the request's time in seconds since 1970 (got '\(timeText)')")
        }
        let now = Int64(Date().timeIntervalSince1970)
        guard abs(now - time) <= SyncMessage.freshnessSeconds else {
            throw APIError(
                .unauthorized,
                code: "unauthenticated",
                field: SyncMessage.timeHeader,
                "the request's time is \(time - now) s from headquarters' clock; set the post's clock (within \(SyncMessage.freshnessSeconds) s)"
            )
        }
        return time
    }

    static func credentials(_ request: Request) throws -> (node: String, signature: String) {
        guard let node = request.headers[HTTPField.Name(SyncMessage.nodeHeader)!], !node.isEmpty,
            let signature = request.headers[HTTPField.Name(SyncMessage.signatureHeader)!], !signature.isEmpty
        else {
            throw APIError(
                .unauthorized,
                code: "unauthenticated",
                "a post signs its requests: send \(SyncMessage.nodeHeader) and \(SyncMessage.signatureHeader)"
            )
        }
        return (node, signature)
    }
}

extension API {
    /// The wire format is the store's own (`ServiceCrossings`).
    struct ServiceCrossingsBody: APIBody {
        var next: Int64
        var more: Bool
        var records: [ServiceCrossings.Record]

        init(_ feed: ServiceCrossings) {
            next = feed.next
            more = feed.more
            records = feed.records
        }
    }

    struct SyncAcknowledgementBody: APIBody {
        var node: String
        var applied: Int64
        var conflicts: Int

        init(_ acknowledgement: SyncAcknowledgement) {
            node = acknowledgement.node
            applied = acknowledgement.applied
            conflicts = acknowledgement.conflicts
        }
    }

    /// The wire format is the core's own (`ReferenceCopy`): the rows of the reference tables.
    struct ReferenceCopyBody: APIBody {
        var version: String
        var watchlistVersion: Int64
        var tables: [String: [[String: SyncValue]]]
        var alerts: [[String: SyncValue]]?
        var alertsSince: Int64?
        var alertRemovals: [String]?

        init(_ copy: ReferenceCopy) {
            version = copy.version
            watchlistVersion = copy.watchlistVersion
            tables = copy.tables
            alerts = copy.alerts
            alertsSince = copy.alertsSince
            alertRemovals = copy.alertRemovals
        }
    }

    struct Node: APIBody {
        var id: String
        var bcps: [String]
        var publicKey: String
        var enrolledAt: String
        var enrolledBy: String
        var appliedSeq: Int64
        var lastContact: String?
        var referenceVersion: String?
        var watchlistVersion: Int64?
        var revokedAt: String?
        var conflicts: Int
        var lastRefusal: String?
        var auditEvents: Int64

        init(_ node: LimesStore.Node) {
            id = node.id
            bcps = node.bcps
            publicKey = node.publicKey.description
            enrolledAt = node.enrolledAt.description
            enrolledBy = node.enrolledBy
            appliedSeq = node.appliedSeq
            lastContact = node.lastContact?.description
            referenceVersion = node.referenceVersion
            watchlistVersion = node.watchlistVersion
            revokedAt = node.revokedAt?.description
            conflicts = node.conflicts
            lastRefusal = node.lastRefusal
            auditEvents = node.auditEvents
        }
    }
}
