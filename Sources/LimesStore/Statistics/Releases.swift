import Foundation
import LimesCore
import SQLKit

// MARK: Releases

extension StatisticsStore {
    static func releaseEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// Stores a protected release as published, with an audit event. Its content and hash
    /// never change afterwards.
    public func publish(_ release: StatRelease) async throws -> StatRelease {
        var release = release
        release.id = Store.newID()
        release.contentHash = ""
        release.withdrawn = nil
        let content = try StatisticsStore.releaseEncoder().encode(release)
        release.contentHash = Digest.sha256Hex(content)
        let text = String(decoding: content, as: UTF8.self)
        let stored = release
        return try await transaction { db in
            let release = stored
            try await db.raw(
                """
                INSERT INTO releases (id, title, content, content_hash, published_at, published_by)
                VALUES (\(bind: release.id), \(bind: release.title), \(bind: text), \(bind: release.contentHash),
                    \(bind: release.publishedAt.description), \(bind: release.publishedBy))
                """
            ).run()
            try await self.appendAudit(
                [
                    AuditEntry(
                        actor: release.publishedBy,
                        action: "create",
                        recordType: "release",
                        recordID: release.id,
                        purpose: "statistics release"
                    )
                ],
                at: release.publishedAt,
                on: db
            )
            return release
        }
    }

    /// Every release, newest first; withdrawn ones too, marked.
    public func releases() async throws -> [StatRelease] {
        try await read { db in
            try await db.raw("SELECT * FROM releases ORDER BY published_at DESC, id").all().map(StatisticsStore.release(from:))
        }
    }

    public func release(id: String) async throws -> StatRelease? {
        try await read { db in try await db.raw("SELECT * FROM releases WHERE id = \(bind: id)").first().map(StatisticsStore.release(from:)) }
    }

    /// Withdraws a release: it stays stored as it was, marked withdrawn with who, when and why.
    public func withdraw(_ id: String, reason: String, actor: String, at moment: Timestamp = Timestamp()) async throws -> StatRelease {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...500).contains(reason.count) else { throw StoreError("give the reason for withdrawing, 3 to 500 characters", field: "reason") }
        return try await transaction { db in
            guard let row = try await db.raw("SELECT * FROM releases WHERE id = \(bind: id) \(unsafeRaw: self.lockClause)").first() else {
                throw StoreError("no release \(id)", code: .notFound, field: "id")
            }
            var release = try StatisticsStore.release(from: row)
            if release.withdrawn != nil { throw StoreError("release \(id) was withdrawn already", code: .conflict, field: "id") }
            try await db.raw(
                """
                UPDATE releases SET withdrawn_at = \(bind: moment.description), withdrawn_by = \(bind: actor), withdrawn_reason = \(bind: reason)
                WHERE id = \(bind: id)
                """
            ).run()
            try await self.appendAudit(
                [AuditEntry(actor: actor, action: "withdraw", recordType: "release", recordID: id, purpose: reason)],
                at: moment,
                on: db
            )
            release.withdrawn = .init(at: moment, by: actor, reason: reason)
            return release
        }
    }

    /// Reads a release and checks its content against its hash: a release altered in the
    /// database is an error, not a figure.
    static func release(from row: any SQLRow) throws -> StatRelease {
        let id = try row.decode(column: "id", as: String.self)
        let content = try row.decode(column: "content", as: String.self)
        let hash = try row.decode(column: "content_hash", as: String.self)
        guard Digest.sha256Hex(Data(content.utf8)) == hash else {
            throw StoreError("releases \(id): content does not match its hash \(hash); it was altered after publication")
        }
        var release: StatRelease
        do {
            release = try JSONDecoder().decode(StatRelease.self, from: Data(content.utf8))
        } catch {
            throw StoreError("releases \(id): content is not a release (\(error))")
        }
        release.id = id
        release.contentHash = hash
        if let at = try row.optionalTime("withdrawn_at", of: "releases") {
            release.withdrawn = .init(
                at: at,
                by: try row.decode(column: "withdrawn_by", as: String.self),
                reason: try row.decode(column: "withdrawn_reason", as: String.self)
            )
        }
        return release
    }
}
