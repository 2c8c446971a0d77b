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

/// A message sent to a partner (or waiting to be) or received from one, as the exchange log
/// shows it: the text exactly as it travelled, and what the receiving side did with it.
public struct ExchangeLogEntry: Sendable, Hashable, Codable {
    public enum Direction: String, Sendable, Hashable, Codable {
        case sent
        case received
    }

    public enum State: String, Sendable, Hashable, Codable {
        /// Queued, not yet answered by the partner.
        case waiting
        case accepted
        case refused
    }

    public var direction: Direction
    /// The partner it went to or came from.
    public var partner: String
    public var seq: Int64
    public var id: String
    public var kind: ExchangeKind
    public var action: ExchangeMessage.Action
    public var record: String
    public var agreement: String
    public var agreementVersion: Int
    /// The message exactly as signed (after the sender's stripping).
    public var text: String
    /// When it was queued here, or received.
    public var at: Timestamp
    /// Whose action sent it (a user id, or `system`), or `partner:CODE` for one received.
    public var by: String
    public var state: State
    /// When the partner answered (sent ones).
    public var outcomeAt: Timestamp?
    public var reason: String?
}

/// What a receiver did with one message.
public struct ExchangeOutcome: Sendable, Hashable, Codable {
    public var seq: Int64
    public var state: ExchangeLogEntry.State
    public var reason: String?

    public init(seq: Int64, state: ExchangeLogEntry.State, reason: String? = nil) {
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
