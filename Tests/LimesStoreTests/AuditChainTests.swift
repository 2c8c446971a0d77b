import Foundation
import LimesCore
import SQLKit
import Testing

@testable import LimesStore

/// The audit chain against someone who can write to the database but does not hold the audit
/// key: a database administrator, or whoever restores a stolen backup.
@Suite("Audit chain")
struct AuditChainTests {
    let morning = Timestamp(iso: "2026-11-22T08:00:00.000Z")!

    /// Three admitted crossings; returns the crossings.
    func record(_ post: Post, count: Int = 3, from: Int = 1) async throws -> [CrossingRecord] {
        var crossings: [CrossingRecord] = []
        for n in from..<(from + count) {
            let check = try await post.check(try post.passport("NAJI", number: "MA00000\(n)"), at: morning)
            crossings.append(try await post.decide(check, .admit, at: morning).crossing)
        }
        return crossings
    }

    func head(_ store: Store) async throws -> (seq: Int64, hash: String, signature: String) {
        let row = try #require(
            try await store.read { db in try await db.raw("SELECT seq, hash, signature FROM audit_heads WHERE chain = 'local'").first() }
        )
        return (
            try row.decode(column: "seq", as: Int64.self), try row.decode(column: "hash", as: String.self),
            try row.decode(column: "signature", as: String.self)
        )
    }

    @Test(arguments: TestEngine.available) func aWholeChainVouchesForItsRecords(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            _ = try await record(post)
            let result = try await post.store.audit.verify()
            #expect(result.isIntact, "\(result)")
            #expect(result.records >= 3, "the three crossings are compared with their events")
            let events = try await post.store.audit.events(limit: 1000)
            #expect(events.filter { $0.recordType == "crossing" }.allSatisfy { $0.digest?.count == 64 })
        }
    }

    @Test(arguments: TestEngine.available) func anEditedEventWithTheChainRecomputedAfterItIsNamed(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            _ = try await record(post)
            let events = try await post.store.audit.events(limit: 1000).reversed()
            let target = try #require(events.first { $0.action == "read" && $0.recordType == "traveller" })
            // Rewrite who read the traveller, then recompute every hash after it and the head, as
            // someone who knows the scheme (it is open source) would.
            var previous = target.previousHash
            for event in events where event.seq >= target.seq {
                var entry = AuditEntry(
                    actor: event.actor,
                    action: event.action,
                    recordType: event.recordType,
                    recordID: event.recordID,
                    purpose: event.purpose
                )
                if event.seq == target.seq { entry.actor = "nobody" }
                entry.digest = event.digest
                let hash = AuditChain.hash(seq: event.seq, at: event.at, entry: entry, previous: previous)
                try await post.store.write { [entry, previous] db in
                    try await db.raw(
                        "UPDATE audit_events SET actor = \(bind: entry.actor), prev_hash = \(bind: previous), hash = \(bind: hash) WHERE seq = \(bind: event.seq)"
                    ).run()
                }
                previous = hash
            }
            let last = try #require(events.last)
            try await post.store.write { [previous] db in
                try await db.raw("UPDATE audit_heads SET seq = \(bind: last.seq), hash = \(bind: previous) WHERE chain = 'local'").run()
            }
            let result = try await post.store.audit.verify()
            #expect(!result.isIntact)
            let named = try #require(result.problems.first { $0.hasPrefix("the signature on event ") }, "\(result)")
            // The rewrite is named within the transaction that held the edited event.
            let range = named.firstMatch(of: /events (\d+) to (\d+) were rewritten/)
            let from = try #require(range.flatMap { Int64($0.1) }), to = try #require(range.flatMap { Int64($0.2) })
            #expect(from <= target.seq && target.seq <= to && to - from < 4, "\(named)")
            #expect(result.problems.contains { $0.contains("head (event \(last.seq)) does not carry a valid signature") }, "\(result)")
        }
    }

    @Test(arguments: TestEngine.available) func theNewestEventsCutWithTheHeadMovedBackAreFound(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            _ = try await record(post, count: 2)
            // The attacker keeps a copy of the head as it was (a backup, say).
            let old = try await head(post.store)
            let checkpoint = try await post.store.audit.checkpoint()
            #expect(checkpoint.seq == old.seq)
            let later = try await record(post, count: 2, from: 5)
            let outside = try await post.store.audit.checkpoint()

            // Naive: cut the newest events and move the head back without its signature.
            try await post.store.write { db in
                try await db.raw("DELETE FROM audit_events WHERE seq > \(bind: old.seq)").run()
                for crossing in later { try await db.raw("DELETE FROM crossings WHERE id = \(bind: crossing.id)").run() }
                try await db.raw("UPDATE audit_heads SET seq = \(bind: old.seq), hash = \(bind: old.hash) WHERE chain = 'local'").run()
            }
            let naive = try await post.store.audit.verify()
            #expect(naive.problems.contains { $0.contains("head (event \(old.seq)) does not carry a valid signature") }, "\(naive)")
            #expect(naive.problems.contains { $0.contains("checkpoint of event \(outside.seq)") && $0.contains("the newest events were cut") })

            // Thorough: the old head's own signature put back, and the stored checkpoints deleted.
            try await post.store.write { db in
                try await db.raw("UPDATE audit_heads SET signature = \(bind: old.signature) WHERE chain = 'local'").run()
                try await db.raw("DELETE FROM audit_checkpoints").run()
            }
            let thorough = try await post.store.audit.verify()
            #expect(thorough.isIntact, "without a checkpoint kept outside, an old signed head cannot be told from the real one: \(thorough)")
            let withOutside = try await post.store.audit.verify(checkpoints: [checkpoint, outside])
            #expect(
                withOutside.problems == [
                    "the checkpoint of event \(outside.seq) signed at \(outside.at) names an event the chain no longer has: the newest events were cut"
                ],
                "\(withOutside)"
            )
        }
    }

    @Test(arguments: TestEngine.available) func aChangedOrDeletedCrossingIsNamed(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let crossings = try await record(post)
            try await post.store.write { db in
                try await db.raw("UPDATE crossings SET decision = 'refuse' WHERE id = \(bind: crossings[0].id)").run()
                try await db.raw("DELETE FROM crossings WHERE id = \(bind: crossings[1].id)").run()
            }
            let result = try await post.store.audit.verify()
            #expect(result.problems.count == 2, "\(result)")
            #expect(
                result.problems.contains {
                    $0.hasPrefix("crossing \(crossings[0].id) does not match its audit event") && $0.contains("changed outside Limes")
                }
            )
            #expect(result.problems.contains { $0.hasPrefix("crossing \(crossings[1].id) is gone, but no event erased it") })
        }
    }

    @Test(arguments: TestEngine.available) func aCheckpointFromAnotherKeyOrForgedIsRefused(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            _ = try await record(post, count: 1)
            var checkpoint = try await post.store.audit.checkpoint()
            #expect(try await post.store.audit.verify(checkpoints: [checkpoint]).isIntact)
            checkpoint.hash = String(repeating: "a", count: 64)
            let forged = try await post.store.audit.verify(checkpoints: [checkpoint])
            #expect(forged.problems.contains { $0.contains("is not signed by the trusted key") }, "\(forged)")
            let stranger = AuditKey.ephemeral().publicKey
            let other = try await post.store.audit.verify(trusted: stranger)
            #expect(
                other.problems.contains { $0.contains("signed with key \(post.store.audit.publicKey.id), not the trusted key \(stranger.id)") },
                "\(other)"
            )
            let line = try #require(try AuditCheckpoint.lines(checkpoint.jsonLine + "\n\n", source: "test").first)
            #expect(line == checkpoint)
            #expect(throws: StoreError.self) { try AuditCheckpoint.lines("{\"seq\": 1}", source: "kept.jsonl") }
        }
    }

    @Test func theDatabaseAndTheKeyAreReadableByTheServiceOnly() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limes-perm-\(UUID().uuidString)/data").path
        let store = try await Store.open(StoreConfiguration(engine: .sqlite(path: folder + "/limes.sqlite")))
        try await store.audit.record([AuditEntry(actor: "system", action: "test", recordType: "test", recordID: "1", purpose: "test")])
        try await store.close()
        #expect(try PrivateFiles.mode(of: folder) == 0o700)
        #expect(try PrivateFiles.mode(of: folder + "/audit-signing.key") == 0o600)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: folder + "/limes.sqlite" + suffix) {
            #expect(try PrivateFiles.mode(of: folder + "/limes.sqlite" + suffix) == 0o600, "limes.sqlite\(suffix)")
        }
        // A key others may read is refused, and so is a key that did not sign the chain.
        chmod(folder + "/audit-signing.key", 0o644)
        await #expect(throws: StoreError.self) { try await Store.open(StoreConfiguration(engine: .sqlite(path: folder + "/limes.sqlite"))) }
        chmod(folder + "/audit-signing.key", 0o600)
        let stranger = folder + "/other.key"
        do {
            _ = try await Store.open(StoreConfiguration(engine: .sqlite(path: folder + "/limes.sqlite"), auditKey: .file(stranger)))
            Issue.record("a store signed with another key opened")
        } catch let error as StoreError {
            #expect(error.message.contains("restore the key file that signed it"), "\(error)")
        }
        let reopened = try await Store.open(StoreConfiguration(engine: .sqlite(path: folder + "/limes.sqlite")))
        #expect(try await reopened.audit.verify().isIntact)
        try await reopened.close()
    }
}
