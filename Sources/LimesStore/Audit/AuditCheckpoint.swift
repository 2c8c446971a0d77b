import Foundation
import LimesCore

/// A signed statement that the audit chain had `seq` events ending in `hash` at time `at`.
/// An outside party (a data protection authority, a national preventive mechanism) keeps these
/// lines; `limes audit verify --checkpoints FILE` then proves that no event up to each of them
/// was rewritten or cut since, even by someone who could write to the database and who kept
/// an old signed head.
public struct AuditCheckpoint: Sendable, Hashable, Codable {
    public var seq: Int64
    public var hash: String
    public var at: Timestamp
    public var keyId: String
    /// `ed25519:` and the public key in base64.
    public var publicKey: String
    public var signature: String

    static func message(seq: Int64, hash: String, at: Timestamp) -> String {
        ["limes-audit-checkpoint", String(seq), hash, at.description].joined(separator: "\u{1F}")
    }

    /// One JSON line, as `limes audit checkpoint` prints it.
    public var jsonLine: String { (try? JSONStreamEncoder().encodeToString(self)) ?? "" }

    /// Reads a file of checkpoint lines; blank lines are skipped, anything else that is not a
    /// checkpoint is an error naming its line.
    public static func lines(_ text: String, source: String) throws -> [AuditCheckpoint] {
        var result: [AuditCheckpoint] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            do {
                result.append(try JSONDecoder().decode(AuditCheckpoint.self, from: Data(line.utf8)))
            } catch {
                throw StoreError("\(source) line \(index + 1) is not an audit checkpoint (a JSON line from `limes audit checkpoint`)")
            }
        }
        return result
    }
}
