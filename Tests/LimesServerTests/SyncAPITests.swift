import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LimesCore
import LimesStore
import Testing

@testable import LimesServer

/// Headquarters' routes for posts, over HTTP: enrolment, and batches that are signed, numbered
/// and applied once. A post store in memory makes the signatures, with the key it would enrol.
@Suite("Sync API over HTTP")
struct SyncAPITests {
    static func header(_ name: String) -> HTTPField.Name { HTTPField.Name(name)! }

    /// A clearance: the simplest record a post sends (no references to other records).
    static func clearance(seq: Int64, reason: String = "not the person", before: [String: SyncValue]? = nil) -> SyncChange {
        SyncChange(
            seq: seq,
            table: "clearances",
            operation: before == nil ? .insert : .update,
            row: [
                "alert_id": .text("A1"), "document_key": .text("UTO:X1"), "officer": .text("someone"), "day": .text("2026-11-22"),
                "reason": .text(reason),
            ],
            before: before
        )
    }

    func send(_ batch: SyncBatch, as node: String, signedBy signer: Store, to client: any TestClientProtocol) async throws -> APIResult {
        let body = try JSONEncoder().encode(batch)
        let signature = try signer.outbox.sign(SyncMessage.batch(body: body))
        return try await client.call(
            .post,
            "/api/v1/sync/batches",
            body: String(decoding: body, as: UTF8.self),
            headers: [
                Self.header(SyncMessage.nodeHeader): node, Self.header(SyncMessage.signatureHeader): signature, .contentType: "application/json",
            ]
        )
    }

    @Test func aPostIsEnrolledAndItsBatchesAreAppliedOnceInOrder() async throws {
        let post = try await Store.open(StoreConfiguration(engine: .sqlite(path: ":memory:")))
        let stranger = try await Store.open(StoreConfiguration(engine: .sqlite(path: ":memory:")))
        try await APIFixture.withAPI { fixture, client in
            let admin = try await client.login("administrator")
            let enrolment: [String: Any] = ["id": "post-1", "bcps": ["NORTH"], "publicKey": post.audit.publicKey.description]
            let enrolled = try await client.call(.post, "/api/v1/nodes", token: admin, json: enrolment)
            #expect(enrolled.status == .created, "\(enrolled.raw)")
            #expect(enrolled.json["appliedSeq"] as? Int == 0)
            #expect(try await client.call(.post, "/api/v1/nodes", token: admin, json: enrolment).status == .conflict)
            let badKey = try await client.call(
                .post,
                "/api/v1/nodes",
                token: admin,
                json: ["id": "post-2", "bcps": ["NORTH"], "publicKey": "ed25519:nope"]
            )
            #expect(badKey.status == .unprocessableContent)
            #expect(badKey.error["field"] as? String == "publicKey")
            let unknownBCP = try await client.call(
                .post,
                "/api/v1/nodes",
                token: admin,
                json: ["id": "post-3", "bcps": ["NOWHERE"], "publicKey": stranger.audit.publicKey.description]
            )
            #expect(unknownBCP.status == .notFound)

            // Not signed, not enrolled, signed with another key: refused before anything is read.
            let unsigned = try await client.call(.post, "/api/v1/sync/batches", json: ["node": "post-1", "changes": []])
            #expect(unsigned.status == .unauthorized)
            let batch = SyncBatch(node: "post-1", changes: [Self.clearance(seq: 1)])
            let unknown = try await send(SyncBatch(node: "post-9", changes: batch.changes), as: "post-9", signedBy: post, to: client)
            #expect(unknown.status == .unauthorized)
            #expect((unknown.error["message"] as? String)?.contains("not enrolled") == true)
            let forged = try await send(batch, as: "post-1", signedBy: stranger, to: client)
            #expect(forged.status == .unauthorized)
            #expect((forged.error["message"] as? String)?.contains("does not match") == true)

            // A batch that starts after a hole is refused, naming the number expected.
            let late = try await send(SyncBatch(node: "post-1", changes: [Self.clearance(seq: 5)]), as: "post-1", signedBy: post, to: client)
            #expect(late.status == .conflict)
            #expect(late.headers[Self.header(SyncMessage.expectedHeader)] == "1")

            // Applied once, however often it is sent.
            for _ in 0..<3 {
                let applied = try await send(batch, as: "post-1", signedBy: post, to: client)
                #expect(applied.status == .ok, "\(applied.raw)")
                #expect(applied.json["applied"] as? Int == 1)
            }
            // A change whose record is not as the post saw it: kept beside, not applied.
            let change = Self.clearance(seq: 2, reason: "changed at the post", before: Self.clearance(seq: 1, reason: "something else").row)
            let conflicting = try await send(SyncBatch(node: "post-1", changes: [change]), as: "post-1", signedBy: post, to: client)
            #expect(conflicting.status == .ok)
            #expect(conflicting.json["conflicts"] as? Int == 1)
            let clearances = try await fixture.store.watchlist.clearances(documentKey: "UTO:X1")
            #expect(clearances["A1"]?.reason == "not the person")
            let conflicts = try await fixture.store.nodes.conflicts(node: "post-1", reader: "test")
            #expect(conflicts.map(\.reason) == ["the record was changed here after the post read it"])

            // What a post may not send, named.
            var foreign = Self.clearance(seq: 3)
            foreign.table = "users"
            let refusedTable = try await send(SyncBatch(node: "post-1", changes: [foreign]), as: "post-1", signedBy: post, to: client)
            #expect(refusedTable.status == .unprocessableContent)
            #expect((refusedTable.error["message"] as? String)?.contains("users is not a table a post sends") == true)
            var unknownColumn = Self.clearance(seq: 3)
            unknownColumn.row["colour"] = .text("blue")
            let refusedColumn = try await send(SyncBatch(node: "post-1", changes: [unknownColumn]), as: "post-1", signedBy: post, to: client)
            #expect(refusedColumn.status == .unprocessableContent)
            #expect((refusedColumn.error["message"] as? String)?.contains("clearances has no column colour") == true)
            let gapInside = try await send(
                SyncBatch(node: "post-1", changes: [Self.clearance(seq: 3), Self.clearance(seq: 5)]),
                as: "post-1",
                signedBy: post,
                to: client
            )
            #expect(gapInside.status == .unprocessableContent)

            let listed = try await client.call(.get, "/api/v1/nodes", token: admin)
            #expect(listed.list.first?["id"] as? String == "post-1")
            #expect(listed.list.first?["appliedSeq"] as? Int == 2)
            #expect(listed.list.first?["conflicts"] as? Int == 1)

            // The conflict as an administrator judges it: both versions, then one judgement.
            let open = try await client.call(.get, "/api/v1/conflicts", token: admin)
            #expect(open.status == .ok, "\(open.raw)")
            let conflict = try #require(open.list.first)
            #expect((conflict["postRow"] as? [String: Any])?["reason"] as? String == "changed at the post")
            #expect((conflict["prior"] as? [String: Any])?["reason"] as? String == "something else")
            #expect((conflict["current"] as? [String: Any])?["reason"] as? String == "not the person")
            #expect(conflict["differences"] as? [String] == ["reason"])
            let id = try #require(conflict["id"] as? String)
            let badState = try await client.call(.get, "/api/v1/conflicts?state=closed", token: admin)
            #expect(badState.status == .unprocessableContent && badState.error["field"] as? String == "state")
            let officer = try await client.login("first-line-officer")
            #expect(try await client.call(.get, "/api/v1/conflicts", token: officer).status == .forbidden)
            let path = "/api/v1/conflicts/\(id)/judgement"
            let badOutcome = try await client.call(.post, path, token: admin, json: ["outcome": "post_wins", "note": "x"])
            #expect(badOutcome.status == .unprocessableContent && badOutcome.error["field"] as? String == "outcome")
            let noNote = try await client.call(.post, path, token: admin, json: ["outcome": "headquarters_stands", "note": " "])
            #expect(noNote.status == .unprocessableContent && noNote.error["field"] as? String == "note")
            let judged = try await client.call(
                .post,
                path,
                token: admin,
                json: ["outcome": "headquarters_stands", "note": "the clearance at headquarters is the one the alert's authority confirmed"]
            )
            #expect(judged.status == .ok, "\(judged.raw)")
            #expect((judged.json["judgement"] as? [String: Any])?["outcome"] as? String == "headquarters_stands")
            let again = try await client.call(.post, path, token: admin, json: ["outcome": "corrected_by_hand", "note": "again"])
            #expect(again.status == .conflict)
            #expect(
                try await client.call(
                    .post,
                    "/api/v1/conflicts/nothing/judgement",
                    token: admin,
                    json: ["outcome": "corrected_by_hand", "note": "x"]
                ).status == .notFound
            )
            #expect(try await client.call(.get, "/api/v1/conflicts", token: admin).list.isEmpty)
            #expect(try await client.call(.get, "/api/v1/conflicts?state=judged", token: admin).list.map { $0["id"] as? String } == [id])
            #expect(try await client.call(.get, "/api/v1/nodes", token: admin).list.first?["conflicts"] as? Int == 0)
            #expect(try await fixture.store.audit.verify().isIntact)
        }
        try await post.close()
        try await stranger.close()
    }

    /// The service's crossings go to an enrolled post, signed and fresh, from its position; a
    /// position that is not a number is refused naming the field.
    @Test func crossingsRecordedElsewhereAreSignedAndPositioned() async throws {
        let post = try await Store.open(StoreConfiguration(engine: .sqlite(path: ":memory:")))
        try await APIFixture.withAPI { fixture, client in
            _ = try await fixture.store.nodes.enrol(id: "post-1", bcps: ["NORTH"], publicKey: post.audit.publicKey, actor: "test")
            let officer = try await client.login("first-line-officer")
            _ = try await client.checkedTraveller(
                APIFixture.passport(surname: "OSEI", given: "KWAME", number: "GH0000002", nationality: "GHA", birth: "1988-02-02"),
                token: officer
            )
            func pull(after: String, time: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> APIResult {
                let signature = try post.outbox.sign(SyncMessage.crossings(node: "post-1", after: Int64(after) ?? 0, time: time))
                return try await client.call(
                    .get,
                    "/api/v1/sync/crossings?after=\(after)",
                    headers: [
                        Self.header(SyncMessage.nodeHeader): "post-1", Self.header(SyncMessage.signatureHeader): signature,
                        Self.header(SyncMessage.timeHeader): String(time),
                    ]
                )
            }
            let first = try await pull(after: "0")
            #expect(first.status == .ok, "\(first.raw)")
            #expect(first.json["records"] is [Any] && first.json["more"] as? Bool == false)
            let next = try #require(first.json["next"] as? Int)
            #expect(next > 0, "the position moves on to headquarters' chain head")
            let bad = try await pull(after: "soon")
            #expect(bad.status == .unprocessableContent && bad.error["field"] as? String == "after", "\(bad.raw)")
            let stale = try await pull(after: "0", time: Int64(Date().timeIntervalSince1970) - 3_600)
            #expect(stale.status == .unauthorized && stale.error["field"] as? String == SyncMessage.timeHeader)
        }
        try await post.close()
    }

    /// Reference data goes to an enrolled post only, signed and fresh, and a post that holds
    /// the current version gets nothing.
    @Test func referenceDataIsSignedFreshAndSentOnlyWhenItChanged() async throws {
        let post = try await Store.open(StoreConfiguration(engine: .sqlite(path: ":memory:")))
        try await APIFixture.withAPI { fixture, client in
            _ = try await fixture.store.nodes.enrol(id: "post-1", bcps: ["NORTH"], publicKey: post.audit.publicKey, actor: "test")
            func pull(version: String = "", watchlist: Int64 = 0, time: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> APIResult {
                let signature = try post.outbox.sign(SyncMessage.reference(node: "post-1", version: version, watchlist: watchlist, time: time))
                return try await client.call(
                    .get,
                    "/api/v1/sync/reference?version=\(version)&watchlist=\(watchlist)",
                    headers: [
                        Self.header(SyncMessage.nodeHeader): "post-1", Self.header(SyncMessage.signatureHeader): signature,
                        Self.header(SyncMessage.timeHeader): String(time),
                    ]
                )
            }
            let first = try await pull()
            #expect(first.status == .ok, "\(first.raw)")
            let version = try #require(first.json["version"] as? String)
            let watchlist = try #require(first.json["watchlistVersion"] as? Int)
            let users = (first.json["tables"] as? [String: Any])?["users"] as? [[String: Any]]
            #expect(users?.count == Role.allCases.count)
            #expect(first.json["alerts"] is [Any])
            #expect(try await pull(version: version, watchlist: Int64(watchlist)).status == .noContent)
            let stale = try await pull(time: Int64(Date().timeIntervalSince1970) - 3600)
            #expect(stale.status == .unauthorized)
            #expect(stale.error["field"] as? String == SyncMessage.timeHeader)

            // The post takes it whole, in one transaction.
            _ = try await post.outbox.serveAsPost(nodeID: "post-1", headquarters: "http://127.0.0.1:1")
            let copy = try JSONDecoder().decode(ReferenceCopy.self, from: Data(first.raw.utf8))
            try await post.outbox.applyReference(copy)
            #expect(try await post.users.all().count == Role.allCases.count)
            #expect(try await post.organisation.bcps().map(\.code) == ["NORTH", "SOUTH"])
            #expect(try await post.settings.entryPolicy() != nil)
            #expect(try await post.outbox.identity()?.referenceVersion == version)
        }
        try await post.close()
    }
}
