import AsyncHTTPClient
import Foundation
import LimesCore
import LimesStore
import Logging
import NIOCore
import NIOFoundationCompat
import ServiceLifecycle

/// Headquarters' line to partner countries, as a service of the server: in rounds, it queues
/// the national watchlist's changes for each partner under the agreements in force, then
/// delivers each partner's messages in order, signed, until none wait. A partner that cannot be
/// reached keeps its messages queued; the next round tries again; the partner takes each once.
public struct ExchangeClient: Service {
    let store: Store
    let key: ExchangeKey
    let interval: Duration
    let logger: Logger
    /// Messages per delivery.
    static let batchSize = 500

    public init(store: Store, key: ExchangeKey, interval: Duration = .seconds(1), logger: Logger = Logger(label: "limes.exchange")) {
        self.store = store
        self.key = key
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(60))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await round(client)
                try? await Task.sleep(for: interval)
            }
        }
        try? await client.shutdown()
    }

    func round(_ client: HTTPClient) async {
        do {
            let queued = try await store.exchange.queueWatchlistChanges()
            if queued > 0 { logger.info("watchlist changes queued for partners", metadata: ["messages": "\(queued)"]) }
            // One-stop posts: exits passed on, and this side's decisions on the partner's.
            try await store.exchange.queueOneStopCrossings()
            try await store.exchange.queueOneStopResults()
            for partner in try await store.exchange.partners() {
                do {
                    while try await deliver(client, to: partner) {}
                } catch is CancellationError {
                    return
                } catch {
                    let text = String(describing: error)
                    logger.warning("partner not reached or refused a delivery", metadata: ["partner": "\(partner.country)", "error": "\(text)"])
                    try? await store.exchange.noteFailure(partner: partner.country, text)
                }
            }
        } catch {
            logger.error("exchange round failed", metadata: ["error": "\(error)"])
        }
    }

    struct DeliveryFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends the next messages to one partner; true when some were answered (more may wait).
    func deliver(_ client: HTTPClient, to partner: ExchangePartner) async throws -> Bool {
        let (messages, held) = try await store.exchange.pendingDeliveries(partner: partner.country, limit: Self.batchSize)
        if messages.isEmpty {
            if let held { throw DeliveryFailure(description: "held: \(held)") }
            return false
        }
        let delivery = ExchangeDelivery(messages: try messages.map { SignedExchangeMessage(message: $0.text, signature: try key.sign($0.text)) })
        var request = HTTPClientRequest(url: partner.url + "/api/v1/exchange/messages")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: ExchangeMessage.countryHeader, value: messages.isEmpty ? "" : try Self.sender(of: messages[0].text))
        request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(delivery)))
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 4 << 20)
        guard response.status.code == 200 else {
            throw DeliveryFailure(description: "\(partner.country) refused the delivery (\(response.status.code)): \(SyncClient.reason(body))")
        }
        let receipt = try JSONDecoder().decode(ExchangeReceipt.self, from: Data(buffer: body))
        try await store.exchange.recordOutcomes(partner: partner.country, receipt.outcomes)
        let refused = receipt.outcomes.filter { $0.state == .refused }
        if !refused.isEmpty {
            logger.warning(
                "partner refused messages",
                metadata: ["partner": "\(partner.country)", "refused": "\(refused.count)", "first": "\(refused[0].reason ?? "")"]
            )
        }
        if let expected = receipt.expected, receipt.outcomes.isEmpty {
            throw DeliveryFailure(
                description:
                    "\(partner.country) expects message \(expected) next, but this line holds only from \(messages[0].seq): the partner has lost messages"
            )
        }
        return !receipt.outcomes.isEmpty
    }

    static func sender(of text: String) throws -> String {
        try JSONDecoder().decode(ExchangeMessage.self, from: Data(text.utf8)).sender
    }
}

/// A delivery's body: messages in order, each with its signature.
struct ExchangeDelivery: Codable, Sendable {
    var messages: [SignedExchangeMessage]
}
