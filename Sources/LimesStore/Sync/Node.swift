import Foundation
import LimesCore

/// A border post as headquarters knows it: the BCPs it serves, the key it signs with (pinned
/// at enrolment) and how far its records have arrived.
public struct Node: Sendable, Hashable {
    public var id: String
    public var bcps: [String]
    public var publicKey: AuditPublicKey
    public var enrolledAt: Timestamp
    public var enrolledBy: String
    /// The highest outbox number applied from this post: every record up to it is here, once.
    public var appliedSeq: Int64
    public var lastContact: Timestamp?
    /// The reference data and watchlist versions the post last took.
    public var referenceVersion: String?
    public var watchlistVersion: Int64?
    public var revokedAt: Timestamp?
    /// Changes from this post kept beside a different version of their record.
    public var conflicts: Int
    /// Why headquarters refused the post's last batch; nil once a batch is applied again.
    public var lastRefusal: String?
    /// The post's audit events kept here, each checked against its chain as it arrived.
    public var auditEvents: Int64

    /// Lower-case letters, digits and hyphens: it appears in URLs, headers and log lines.
    public static func validate(id: String) throws {
        guard (1...64).contains(id.count),
            id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
        else {
            throw StoreError("a node id is 1 to 64 lower-case letters, digits and hyphens, got '\(id)'", field: "id")
        }
    }
}

/// What a post is told when it asks for reference data: nothing when it already holds the
/// current version, else every reference table whole, and the alerts when the watchlist moved:
/// those changed since the version the post holds, or all of them.
public struct ReferenceCopy: Sendable, Hashable, Codable {
    public var version: String
    public var watchlistVersion: Int64
    public var tables: [String: [[String: SyncValue]]]
    /// nil when the post already holds this watchlist version.
    public var alerts: [[String: SyncValue]]?
    /// The watchlist version `alerts` are the changes since; nil when they are every alert.
    public var alertsSince: Int64?
    /// With `alertsSince`: the ids of the alerts removed since.
    public var alertRemovals: [String]?
}

/// Why a node's request was refused; `code` says what the post should do.
public struct SyncRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Not enrolled, revoked, or signed with another key: fix the enrolment, do not retry.
        case unauthenticated
        /// The batch starts after a hole: send from `expected`.
        case gap
        /// The batch cannot be read or applied as it is.
        case invalid
    }

    public var code: Code
    public var message: String
    public var expected: Int64?

    public init(_ code: Code, _ message: String, expected: Int64? = nil) {
        self.code = code
        self.message = message
        self.expected = expected
    }

    public var description: String { message }
}
