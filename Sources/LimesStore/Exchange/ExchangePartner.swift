import LimesCore

/// A partner country's service: where its messages are delivered, and its pinned key.
public struct ExchangePartner: Sendable, Hashable, Codable {
    /// ICAO code.
    public var country: String
    public var name: String
    /// The partner's base address, `https://limes.partner.example` (plain http only on loopback).
    public var url: String
    /// `ed25519:` and the key in base64, as `limes exchange key` prints it there.
    public var publicKey: String
    /// When the partner last answered a delivery, and what went wrong since, if anything.
    public var lastContact: Timestamp?
    public var lastError: String?

    public init(country: String, name: String, url: String, publicKey: String, lastContact: Timestamp? = nil, lastError: String? = nil) {
        self.country = country
        self.name = name
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.publicKey = publicKey
        self.lastContact = lastContact
        self.lastError = lastError
    }
}

/// A message in the line to a partner, as the disclosure log shows it.
public struct ExchangeDisclosure: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        /// Queued, not yet answered by the partner.
        case waiting
        case accepted
        case refused
    }

    public var partner: String
    public var seq: Int64
    public var id: String
    public var kind: ExchangeKind
    public var action: ExchangeMessage.Action
    public var record: String
    public var agreement: String
    public var agreementVersion: Int
    /// The message exactly as sent (after the agreement's stripping).
    public var text: String
    public var createdAt: Timestamp
    public var createdBy: String
    public var state: State
    public var outcomeAt: Timestamp?
    public var reason: String?
}

/// What a receiver did with one message.
public struct ExchangeOutcome: Sendable, Hashable, Codable {
    public var seq: Int64
    public var state: ExchangeDisclosure.State
    public var reason: String?

    public init(seq: Int64, state: ExchangeDisclosure.State, reason: String? = nil) {
        self.seq = seq
        self.state = state
        self.reason = reason
    }
}

/// A message as it travels: the exact text the sender signed, and the signature.
public struct SignedExchangeMessage: Sendable, Hashable, Codable {
    public var message: String
    public var signature: String

    public init(message: String, signature: String) {
        self.message = message
        self.signature = signature
    }
}

/// What a receiver answers a delivery: an outcome per message it took, in order, and when it
/// stopped at a gap, the number it expects next.
public struct ExchangeReceipt: Sendable, Hashable, Codable {
    public var outcomes: [ExchangeOutcome]
    public var expected: Int64?

    public init(outcomes: [ExchangeOutcome], expected: Int64?) {
        self.outcomes = outcomes
        self.expected = expected
    }
}
