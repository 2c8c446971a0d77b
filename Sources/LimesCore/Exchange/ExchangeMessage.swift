import Foundation

/// One message from one country's service to another's: who sends it to whom, its place in the
/// sender's line to that partner, under which agreement, and what it says. It travels as the
/// exact JSON text the sender signed.
public struct ExchangeMessage: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        /// Published or changed: the receiver holds the record as sent.
        case publish
        /// Withdrawn at the source: the receiver removes it.
        case withdraw
    }

    /// Unique across the sender's messages.
    public var id: String
    /// ICAO codes.
    public var sender: String
    public var recipient: String
    /// The place in the sender's line to this recipient, from 1 without gaps.
    public var seq: Int64
    public var agreement: String
    public var agreementVersion: Int
    public var kind: ExchangeKind
    public var action: Action
    /// The sender's id of the record (an alert's id).
    public var record: String
    /// The fields that passed the sender's agreement; nothing else.
    public var fields: [String: ExchangeValue]
    public var sentAt: Timestamp

    public init(
        id: String,
        sender: String,
        recipient: String,
        seq: Int64,
        agreement: String,
        agreementVersion: Int,
        kind: ExchangeKind,
        action: Action,
        record: String,
        fields: [String: ExchangeValue],
        sentAt: Timestamp
    ) {
        self.id = id
        self.sender = sender
        self.recipient = recipient
        self.seq = seq
        self.agreement = agreement
        self.agreementVersion = agreementVersion
        self.kind = kind
        self.action = action
        self.record = record
        self.fields = fields
        self.sentAt = sentAt
    }

    /// The bytes a signature covers: a purpose, then the message's exact text, so that a
    /// signature made for anything else (a post's batch, the audit chain) never stands for one.
    public static func signed(_ text: String) -> Data {
        Data("limes-exchange-message\u{1F}".utf8) + Data(text.utf8)
    }

    /// HTTP headers of a delivery.
    public static let countryHeader = "Limes-Country"

    /// The fields the agreement does not let pass, named; empty when all may.
    public func forbiddenFields(under agreement: SharingAgreement) -> [String] {
        fields.keys.sorted().filter { !agreement.allows($0, of: kind) }
    }
}

/// A field's value in a message: a text, a list of texts, or nothing.
public enum ExchangeValue: Sendable, Hashable, Codable {
    case text(String)
    case list([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let list = try? container.decode([String].self) {
            self = .list(list)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a field's value must be a text or a list of texts")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .list(let list): try container.encode(list)
        }
    }

    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    public var list: [String]? {
        if case .list(let list) = self { return list }
        return nil
    }
}

extension Alert {
    /// The alert as a message's fields, only those `agreement` lets pass for `kind`.
    public func exchangeFields(kind: ExchangeKind, under agreement: SharingAgreement) -> [String: ExchangeValue] {
        var all: [String: ExchangeValue] = [
            "list": .text(list.rawValue), "names": .list(names), "nationalities": .list(nationalities),
            "documents": .list(documents.map { document in document.country.map { "\(document.number)/\($0)" } ?? document.number }),
            "action": .text(action.rawValue),
        ]
        if let birthDate { all["birth_date"] = .text(birthDate.description) }
        if let sex { all["sex"] = .text(sex.rawValue) }
        if let authority { all["authority"] = .text(authority) }
        if let validUntil { all["valid_until"] = .text(validUntil.description) }
        return all.filter { agreement.allows($0.key, of: kind) }
    }

    /// An alert as a partner sent it, under this country's id for it (`ZZB:EB-1`), or the
    /// field that cannot be read.
    public static func fromExchange(_ message: ExchangeMessage) throws -> Alert {
        func text(_ name: String) throws -> String? {
            guard let value = message.fields[name] else { return nil }
            guard let text = value.text else { throw ExchangeRefusal(field: name, "must be a text") }
            return text
        }
        func texts(_ name: String) throws -> [String] {
            guard let value = message.fields[name] else { return [] }
            guard let list = value.list else { throw ExchangeRefusal(field: name, "must be a list of texts") }
            return list
        }
        let list: Alert.List
        if message.kind == .lostDocument {
            list = .lostStolenDocument
        } else {
            guard let name = try text("list"), let known = Alert.List(rawValue: name), known != .lostStolenDocument else {
                throw ExchangeRefusal(field: "list", "an alert names its list: \(Alert.List.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            list = known
        }
        let action: Alert.Action
        if let name = try text("action") {
            guard let known = Alert.Action(rawValue: name) else { throw ExchangeRefusal(field: "action", "'\(name)' is not an action") }
            action = known
        } else {
            action = message.kind == .lostDocument ? .informIssuingAuthority : .discreetCheck
        }
        let names = try texts("names")
        let documents = try texts("documents").map { item -> Alert.Document in
            let parts = item.split(separator: "/", maxSplits: 1).map(String.init)
            return Alert.Document(number: parts[0], country: parts.count > 1 ? parts[1] : nil)
        }
        if names.isEmpty && documents.isEmpty { throw ExchangeRefusal(field: "names", "an alert needs names or documents to screen") }
        return Alert(
            id: "\(message.sender):\(message.record)",
            list: list,
            names: names,
            birthDate: try text("birth_date").map {
                guard let date = PartialDate(iso: $0) else { throw ExchangeRefusal(field: "birth_date", "'\($0)' is not a date") }
                return date
            },
            sex: try text("sex").map {
                guard let sex = Sex(rawValue: $0) else { throw ExchangeRefusal(field: "sex", "'\($0)' is not M, F, X or <") }
                return sex
            },
            nationalities: try texts("nationalities"),
            documents: documents,
            action: action,
            // Where it comes from, as the officer reads it on a hit.
            authority: "\(message.sender) under agreement \(message.agreement)" + ((try text("authority")).map { ": \($0)" } ?? ""),
            validUntil: try text("valid_until").map {
                guard let day = CalendarDate(iso: $0) else { throw ExchangeRefusal(field: "valid_until", "'\($0)' is not a date") }
                return day
            }
        )
    }
}

/// Why a receiver refuses a message, told to the sender.
public struct ExchangeRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String?
    public var message: String

    public init(field: String? = nil, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { field.map { "\($0): \(message)" } ?? message }
}
