import Foundation
import LimesCore

/// The Ed25519 key this service signs its messages to partner countries with. Its own file,
/// apart from the audit key (which posts' keys are pinned against), so that each can be
/// replaced without the other; partners pin its public half.
public struct ExchangeKey: Sendable {
    let key: AuditKey

    static let header = "limes exchange signing key (Ed25519, private; readable by the Limes service's user only)"

    /// Reads the key file, or creates it (mode 0600) if there is none.
    public static func loadOrCreate(path: String) throws -> ExchangeKey {
        ExchangeKey(key: try AuditKey.loadOrCreate(path: path, header: header))
    }

    public static func ephemeral() -> ExchangeKey { ExchangeKey(key: .ephemeral()) }

    /// `ed25519:` and the public key in base64: what a partner records for this country.
    public var publicKey: String { key.publicKey.description }

    public func sign(_ text: String) throws -> String { try key.sign(ExchangeMessage.signed(text)) }
}
