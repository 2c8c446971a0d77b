import Foundation
import LimesCore
import SQLKit
import Testing

@testable import LimesStore

/// A post's outbox and headquarters' side of a batch, with headquarters on each engine: what a
/// post records arrives once, and what both sides change is kept from both.
@Suite("Sync between a post and headquarters")
struct SyncStoreTests {
    let morning = Timestamp(iso: "2026-11-22T08:00:00.000Z")!

    /// Headquarters on `engine` (the small post of the crossing tests, as headquarters), and a
    /// post on SQLite enrolled there, holding headquarters' reference data.
    func withNodes(_ engine: TestEngine, _ body: (_ hq: Post, _ post: Post, _ node: Node) async throws -> Void) async throws {
        try await Post.with(engine) { hq in
            let database = try await TestDatabase.make(.sqlite)
            let store = try await database.open()
            do {
                let node = try await hq.store.nodes.enrol(id: "post-1", bcps: ["NORTH"], publicKey: store.audit.publicKey, actor: "test")
                _ = try await store.outbox.serveAsPost(nodeID: "post-1", headquarters: "https://hq.invalid")
                let copy = try #require(try await hq.store.nodes.referenceCopy(for: node, holding: nil, watchlist: nil))
                try await store.outbox.applyReference(copy)
                try await body(hq, Post(store: store, database: database, officer: hq.officer), node)
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        }
    }

    /// Sends everything waiting, as the post's sync client does, with each batch sent twice.
    func drain(_ post: Post, to hq: Post, node: Node, batch: Int = 3) async throws -> Int {
        var conflicts = 0
        while let pending = try await post.store.outbox.pending(limit: batch) {
            let acknowledgement = try await hq.store.nodes.apply(pending, from: node)
            #expect(
                try await hq.store.nodes.apply(pending, from: node)
                    == SyncAcknowledgement(node: "post-1", applied: acknowledgement.applied, conflicts: 0)
            )
            try await post.store.outbox.acknowledge(acknowledgement)
            conflicts += acknowledgement.conflicts
        }
        return conflicts
    }

    func hit() -> ScreeningHit {
        ScreeningHit(
            alertID: "EB-7",
            list: .entryBan,
            action: .refuseEntry,
            score: 0.78,
            band: .possible,
            evidence: [HitEvidence(.nameEqual, ["role": "surname", "part": "ALAOUI"])],
            matchedName: "ALAOUI SAMIR"
        )
    }

    @Test(arguments: TestEngine.available) func whatAPostRecordsArrivesOnceWithItsIds(engine: TestEngine) async throws {
        try await withNodes(engine) { hq, post, node in
            #expect(try await post.store.users.all().map(\.id) == [hq.officer.id], "the post knows headquarters' officer")
            let check = try await post.check(try post.passport("ALAOUI", number: "MA0000003"), at: morning, hits: [hit()])
            let (crossing, _) = try await post.decide(check, .refer, at: morning.adding(seconds: 30))
            let identity = try #require(try await post.store.outbox.identity())
            #expect(identity.lastSeq >= 6, "traveller, document, check, hit, case and crossing at least")
            // A batch is cut by the size of its records too, never below one change.
            #expect(try await post.store.outbox.pending(limit: 1_000, maxBytes: 1)?.changes.count == 1)
            #expect(try await post.store.outbox.pending(limit: 1_000)?.changes.count == Int(identity.lastSeq))
            #expect(try await drain(post, to: hq, node: node) == 0)

            let history = try #require(try await hq.store.crossings.travellerHistory(id: check.traveller.id))
            #expect(history.crossings.map(\.id) == [crossing.id])
            #expect(history.crossings.first?.officerID == hq.officer.id)
            #expect(history.hits.map(\.id) == check.hits.map(\.id))
            #expect(try await hq.store.secondLine.secondLineQueue(bcps: ["NORTH"]).map(\.checkID) == [check.id])
            #expect(try await hq.store.nodes.node("post-1")?.appliedSeq == identity.lastSeq)
            #expect(try await post.store.outbox.identity()?.waiting == 0)
            #expect(try await hq.store.audit.verify().isIntact)
            #expect(try await post.store.audit.verify().isIntact)
        }
    }

    /// A hit resolved at headquarters and at the post while they were apart: headquarters'
    /// resolution stays, the post's is kept beside it, and both are in the audit trail.
    @Test(arguments: TestEngine.available) func aHitResolvedOnBothSidesKeepsBothResolutions(engine: TestEngine) async throws {
        try await withNodes(engine) { hq, post, node in
            let check = try await post.check(try post.passport("ALAOUI", number: "MA0000004"), at: morning, hits: [hit()])
            _ = try await post.decide(check, .refer, at: morning.adding(seconds: 30))
            _ = try await drain(post, to: hq, node: node)
            let hitID = try #require(check.hits.first?.id)
            _ = try await hq.store.secondLine.resolveHit(
                id: hitID,
                confirm: true,
                reason: "confirmed at headquarters",
                officer: hq.officer,
                allowedBCPs: ["NORTH"],
                purpose: "test"
            )
            _ = try await post.store.secondLine.resolveHit(
                id: hitID,
                confirm: false,
                reason: "dismissed at the post",
                officer: post.officer,
                allowedBCPs: ["NORTH"],
                purpose: "test"
            )
            #expect(try await drain(post, to: hq, node: node) >= 1)

            let kept = try #require(try await hq.store.crossings.travellerHistory(id: check.traveller.id)?.hits.first)
            #expect(kept.resolutionReason == "confirmed at headquarters")
            let conflicts = try await hq.store.nodes.conflicts(node: "post-1", reader: "test")
            #expect(conflicts.contains { $0.table == "hits" && $0.recordKey == hitID })
            let events = try await hq.store.audit.events(recordID: hitID)
            #expect(events.contains { $0.action == "sync.conflict" && $0.actor == "node:post-1" })
            #expect(try await hq.store.nodes.node("post-1")?.conflicts == conflicts.count)
            #expect(try await hq.store.audit.verify().isIntact)

            // Both versions are shown, and what differs; a person judges the conflict once.
            let conflict = try #require(conflicts.first { $0.table == "hits" })
            #expect(conflict.postRow["resolution_reason"] == .text("dismissed at the post"))
            #expect(conflict.prior?["status"] == .text("open"))
            #expect(conflict.current?["resolution_reason"] == .text("confirmed at headquarters"))
            #expect(conflict.differences.contains("status") && conflict.differences.contains("resolution_reason"))
            #expect(!conflict.differences.contains("alert_id"))
            #expect(try await hq.store.audit.events(recordID: conflict.id).contains { $0.action == "read" && $0.actor == "test" })
            await #expect {
                _ = try await hq.store.nodes.judge(conflict: conflict.id, outcome: .headquartersStands, note: "  ", by: "admin")
            } throws: { ($0 as? RuleViolation)?.field == "note" }
            let judged = try await hq.store.nodes.judge(
                conflict: conflict.id,
                outcome: .headquartersStands,
                note: "the alert's person: the post's officer had an older photo",
                by: "admin"
            )
            #expect(judged.judgement?.outcome == .headquartersStands && judged.judgement?.by == "admin")
            #expect(judged.postRow == conflict.postRow, "the post's version stays on file")
            await #expect {
                _ = try await hq.store.nodes.judge(conflict: conflict.id, outcome: .correctedByHand, note: "again", by: "other")
            } throws: { ($0 as? StoreError)?.code == .conflict }
            await #expect {
                _ = try await hq.store.nodes.judge(conflict: "no-such-conflict", outcome: .correctedByHand, note: "x", by: "other")
            } throws: { ($0 as? StoreError)?.code == .notFound }
            #expect(try await hq.store.nodes.conflicts(node: "post-1", reader: "test").contains { $0.id == conflict.id } == false)
            #expect(try await hq.store.nodes.conflicts(node: "post-1", judged: true, reader: "test").map(\.id) == [conflict.id])
            #expect(try await hq.store.nodes.node("post-1")?.conflicts == conflicts.count - 1, "the post's count is of conflicts to judge")
            #expect(try await hq.store.audit.events(recordID: conflict.id).contains { $0.action == "sync.conflict.judged" && $0.actor == "admin" })
            await #expect {
                _ = try await post.store.nodes.judge(conflict: conflict.id, outcome: .correctedByHand, note: "x", by: "other")
            } throws: { ($0 as? StoreError)?.code == .forbidden }
            #expect(try await hq.store.audit.verify().isIntact)
        }
    }

    /// A protection flag closed at headquarters and at the post while they were apart: the
    /// closure that reached headquarters first stays, the other is kept beside it to be judged.
    @Test(arguments: TestEngine.available) func aFlagClosedTwiceKeepsTheFirstClosureAndTheOther(engine: TestEngine) async throws {
        try await withNodes(engine) { hq, post, node in
            let check = try await post.check(try post.passport("TAHIRI", number: "MA0000030"), at: morning)
            let flag = try await post.store.protection.raiseProtectionFlag(
                travellerID: check.traveller.id,
                kind: .child,
                stage: "first",
                checkID: check.id,
                note: "travelling alone",
                actor: post.officer.id,
                reach: .everywhere
            )
            _ = try await drain(post, to: hq, node: node)
            try await hq.store.protection.closeProtectionFlag(
                id: flag.id,
                reason: "met her mother at the office",
                actor: hq.officer.id,
                reach: .everywhere
            )
            try await post.store.protection.closeProtectionFlag(
                id: flag.id,
                reason: "no need found at the post",
                actor: post.officer.id,
                reach: .everywhere
            )
            #expect(try await drain(post, to: hq, node: node) == 1)

            let conflicts = try await hq.store.nodes.conflicts(node: "post-1", reader: "test")
            let conflict = try #require(conflicts.first { $0.table == "protection_flags" })
            #expect(conflict.current?["closing_reason"] == .text("met her mother at the office"), "headquarters' closure stays")
            #expect(conflict.postRow["closing_reason"] == .text("no need found at the post"), "the post's is kept beside it")
            #expect(conflict.isProtectionRecord)
            #expect(try await hq.store.protection.protectionFlags(travellerID: check.traveller.id).map(\.status) == ["closed"])
            #expect(try await hq.store.audit.events(recordID: flag.id).contains { $0.action == "sync.conflict" })
            #expect(try await hq.store.audit.verify().isIntact)
        }
    }

    /// An officer deactivated at headquarters while the post was cut off: what they recorded at
    /// the post meanwhile arrives (facts are not undone), and the post takes the deactivation
    /// with the next copy.
    @Test func whatAnOfficerDidAtAPostArrivesAfterHeadquartersDeactivatedThem() async throws {
        try await withNodes(.sqlite) { hq, post, node in
            var officer = hq.officer
            officer.active = false
            _ = try await hq.store.users.saveUser(officer, password: nil, replacing: true, actor: "test")
            let check = try await post.check(try post.passport("OFFLINE", number: "MA0000031"), at: morning)
            let (crossing, _) = try await post.decide(check, .admit, at: morning.adding(seconds: 20))
            #expect(try await drain(post, to: hq, node: node) == 0)
            let history = try #require(try await hq.store.crossings.travellerHistory(id: check.traveller.id))
            #expect(history.crossings.map(\.id) == [crossing.id])
            #expect(history.crossings.first?.officerID == officer.id)

            let held = try #require(try await post.store.outbox.identity())
            let copy = try #require(
                try await hq.store.nodes.referenceCopy(for: node, holding: held.referenceVersion, watchlist: held.watchlistVersion)
            )
            try await post.store.outbox.applyReference(copy)
            #expect(try await post.store.users.all().first { $0.id == officer.id }?.active == false)
        }
    }

    /// The outbox is written in the same transaction as the record: a transaction that fails
    /// leaves neither, and the numbers stay without gaps.
    @Test func aFailedTransactionLeavesNoOutboxEntry() async throws {
        try await withNodes(.sqlite) { _, post, _ in
            let before = try #require(try await post.store.outbox.identity()).lastSeq
            await #expect(throws: (any Error).self) {
                try await post.store.transaction { db in
                    try await db.raw(
                        "INSERT INTO travellers (id, surname, given_names, birth_date, nationality, created_at) VALUES ('t-1', 'A', 'B', '1980-01-01', 'UTO', 'x')"
                    ).run()
                    throw StoreError("stop here")
                }
            }
            #expect(try await post.store.outbox.identity()?.lastSeq == before)
            _ = try await post.check(try post.passport("DIALLO", number: "MA0000005"), at: morning)
            let batch = try #require(try await post.store.outbox.pending(limit: 100))
            #expect(batch.malformation == nil)
            // The reference data's audit events wait before it; the check's traveller takes the
            // number the failed transaction did not.
            #expect(batch.changes.first { $0.seq == before + 1 }?.table == "travellers")
        }
    }

    /// The post's audit chain arrives with its records and is kept at headquarters as that
    /// post's chain; an event edited there afterwards is named with its post and number.
    @Test(arguments: TestEngine.available) func aPostsChainIsKeptAtHeadquartersAndAnEditIsNamed(engine: TestEngine) async throws {
        try await withNodes(engine) { hq, post, node in
            let check = try await post.check(try post.passport("ALAOUI", number: "MA0000006"), at: morning, hits: [hit()])
            _ = try await post.decide(check, .refer, at: morning.adding(seconds: 30))
            _ = try await drain(post, to: hq, node: node)
            let postEvents = try await post.store.audit.events(limit: 1_000)
            #expect(postEvents.count >= 3, "the reference data taken, the check and the decision")
            #expect(try await hq.store.nodes.node("post-1")?.auditEvents == Int64(postEvents.count))
            let whole = try await hq.store.audit.verify()
            #expect(whole.isIntact, "\(whole)")
            #expect(whole.postChains == 1 && whole.postEvents == postEvents.count)

            try await hq.store.write { db in
                try await db.raw("UPDATE audit_events SET purpose = 'nothing to see' WHERE chain = 'node:post-1' AND seq = 2").run()
            }
            let broken = try await hq.store.audit.verify()
            #expect(broken.problems.count == 1, "\(broken)")
            #expect(broken.problem?.hasPrefix("post post-1's chain: event 2 (") == true, "\(broken)")
            #expect(broken.problem?.hasSuffix("was edited after it was written") == true, "\(broken)")
        }
    }

    /// Headquarters checks each event of a post's chain before it keeps anything: a batch whose
    /// event was changed on the way is refused whole, the reason is kept for the node list, and
    /// the batch as the post wrote it is then taken.
    @Test(arguments: TestEngine.available) func aBatchWithAnEditedEventIsRefusedWhole(engine: TestEngine) async throws {
        try await withNodes(engine) { hq, post, node in
            _ = try await post.check(try post.passport("DIALLO", number: "MA0000007"), at: morning)
            let batch = try #require(try await post.store.outbox.pending(limit: 1_000))
            var edited = batch
            let index = try #require(edited.changes.lastIndex { $0.table == "audit_events" })
            edited.changes[index].row["actor"] = .text("someone-else")
            let before = try await hq.store.crossings.counts()
            await #expect {
                try await hq.store.nodes.apply(edited, from: node)
            } throws: { error in
                (error as? SyncRefusal)?.code == .invalid && "\(error)".contains("was edited after it was written")
            }
            let refused = try #require(try await hq.store.nodes.node("post-1"))
            #expect(refused.appliedSeq == 0 && refused.auditEvents == 0)
            #expect(refused.lastRefusal?.contains("post post-1's audit event") == true)
            #expect(try await hq.store.crossings.counts() == before, "nothing of the refused batch is kept")

            let acknowledgement = try await hq.store.nodes.apply(batch, from: node)
            #expect(acknowledgement.applied == batch.last)
            let taken = try #require(try await hq.store.nodes.node("post-1"))
            #expect(taken.lastRefusal == nil && taken.auditEvents > 0)
            #expect(try await hq.store.audit.verify().isIntact)
        }
    }

    /// Crossings recorded elsewhere reach the post with what they rest on, each once, without
    /// going back up; the post's own do not come back; a passport the post recorded under an id
    /// of its own keeps it, and the crossing is written onto the post's record.
    @Test(arguments: TestEngine.available) func crossingsRecordedElsewhereReachThePostOnce(engine: TestEngine) async throws {
        try await withNodes(engine) { hq, post, node in
            let since = morning.adding(seconds: -86_400)
            let atHeadquarters = try await hq.check(try hq.passport("BENALI", number: "MA0000010"), at: morning)
            let (entry, _) = try await hq.decide(atHeadquarters, .admit, at: morning.adding(seconds: 20))
            let atPost = try await post.check(try post.passport("HADDAD", number: "MA0000011"), at: morning)
            _ = try await post.decide(atPost, .admit, at: morning.adding(seconds: 20))
            _ = try await drain(post, to: hq, node: node)
            // The same passport, new at the post and at headquarters before their records met.
            let twice = try hq.passport("TAZI", number: "MA0000012")
            let otherAtHeadquarters = try await hq.check(twice, at: morning)
            _ = try await hq.decide(otherAtHeadquarters, .admit, at: morning.adding(seconds: 25))
            let taziAtPost = try await post.check(twice, at: morning)

            let queued = try #require(try await post.store.outbox.identity()).lastSeq
            let feed = try await hq.store.nodes.serviceCrossings(for: node, after: 0, since: since, limit: 1)
            #expect(feed.more && feed.records.map { $0.crossing["id"] } == [.text(entry.id)])
            let rest = try await hq.store.nodes.serviceCrossings(for: node, after: feed.next, since: since)
            #expect(!rest.more && rest.records.count == 1, "the post's own crossing does not come back")
            #expect(try await post.store.outbox.applyServiceCrossings(feed) == ServiceCrossingsApplied(copied: 1, aliased: []))
            let applied = try await post.store.outbox.applyServiceCrossings(rest)
            let tazi = try #require(rest.records.first?.crossing["id"]).description
            #expect(applied == ServiceCrossingsApplied(copied: 1, aliased: [tazi]), "TAZI's passport has a record of its own at the post")
            let taziHere = try #require(try await post.store.crossings.travellerHistory(id: taziAtPost.traveller.id))
            #expect(taziHere.crossings.map(\.id) == [tazi], "the crossing made at headquarters is on the post's record of TAZI")
            #expect(try await post.store.crossings.travellerHistory(id: otherAtHeadquarters.traveller.id) == nil, "no second TAZI at the post")
            #expect(try await post.store.outbox.applyServiceCrossings(feed).copied == 0, "a copy already here is not made twice")
            #expect(try await post.store.outbox.applyServiceCrossings(rest).copied == 0, "nor an aliased one")

            let history = try #require(try await post.store.crossings.travellerHistory(id: atHeadquarters.traveller.id))
            #expect(history.crossings.map(\.id) == [entry.id])
            let identity = try #require(try await post.store.outbox.identity())
            #expect(identity.crossingsAfter == rest.next && identity.crossingsPulledAt != nil)
            let sent = try #require(try await post.store.outbox.pending(limit: 1_000))
            #expect(
                sent.changes.filter { $0.seq > queued }.allSatisfy { $0.table == "audit_events" },
                "only the post's audit events about the copies go up, not the copies"
            )
            #expect(identity.lastSeq == queued + 2, "one sync.copy event per crossing; the replays added none")
            #expect(try await post.store.audit.verify().isIntact)
            // TAZI's check at the post arrives: headquarters keeps its own document, reads the
            // post's as an alias of it, and shows the two records for a person to judge.
            _ = try await drain(post, to: hq, node: node)
            let conflicts = try await hq.store.nodes.conflicts(node: "post-1", reader: "test")
            #expect(conflicts.contains { $0.table == "documents" && $0.reason.hasPrefix("document MAR MA0000012 is recorded here as") })
            #expect(try await hq.store.audit.verify().isIntact)
        }
    }

    /// A stay that began before the window a check reads, and is still open, reaches the post:
    /// the traveller may leave there, and the overstay must be counted. A stay begun and ended
    /// before the window does not.
    @Test(arguments: TestEngine.available) func aStayOpenedBeforeTheWindowIsSentDown(engine: TestEngine) async throws {
        try await withNodes(engine) { hq, post, node in
            let since = morning.adding(seconds: -86_400)
            let long = morning.adding(seconds: -200 * 86_400)
            let stayer = try await hq.check(try hq.passport("OPENSTAY", number: "MA0000020"), at: long)
            let (open, _) = try await hq.decide(stayer, .admit, at: long.adding(seconds: 20))
            let visitor = try hq.passport("CLOSED", number: "MA0000021")
            let came = try await hq.check(visitor, at: long)
            _ = try await hq.decide(came, .admit, at: long.adding(seconds: 20))
            let went = try await hq.check(visitor, direction: .exit, at: long.adding(seconds: 86_400))
            _ = try await hq.decide(went, .admit, at: long.adding(seconds: 86_420))
            let refused = try await hq.check(try hq.passport("REFUSED", number: "MA0000022"), at: long)
            _ = try await hq.decide(refused, .refuse, ground: hq.policy.refusalGrounds.first?.code, at: long.adding(seconds: 20))

            let feed = try await hq.store.nodes.serviceCrossings(for: node, after: 0, since: since)
            #expect(feed.records.map { $0.crossing["id"] } == [.text(open.id)])
            _ = try await post.store.outbox.applyServiceCrossings(feed)
            #expect(try await post.store.crossings.travellerHistory(id: stayer.traveller.id)?.crossings.map(\.id) == [open.id])
        }
    }

    /// The language an officer chose at a post stays there when headquarters' next copy of the
    /// users arrives; what else headquarters changed about them is taken.
    @Test func anOfficersLanguageAtAPostOutlivesTheNextCopy() async throws {
        try await withNodes(.sqlite) { hq, post, node in
            let officer = hq.officer.id
            try await post.store.users.setLanguage(userID: officer, language: "ar")
            try await hq.store.users.setLanguage(userID: officer, language: "fr")
            var renamed = try #require(try await hq.store.users.all().first { $0.id == officer })
            renamed.displayName = "Renamed at headquarters"
            _ = try await hq.store.users.saveUser(renamed, password: nil, replacing: true, actor: "test")
            let held = try #require(try await post.store.outbox.identity())
            let copy = try #require(
                try await hq.store.nodes.referenceCopy(for: node, holding: held.referenceVersion, watchlist: held.watchlistVersion)
            )
            try await post.store.outbox.applyReference(copy)
            let here = try #require(try await post.store.users.all().first { $0.id == officer })
            #expect(here.language == "ar")
            #expect(here.displayName == "Renamed at headquarters")
        }
    }

    /// A post that holds the watchlist of a version is sent only what changed since, and ends
    /// with headquarters' list and its changes, so that its screening index can follow them.
    @Test(arguments: TestEngine.available) func aPostIsSentOnlyTheWatchlistsChanges(engine: TestEngine) async throws {
        try await withNodes(engine) { hq, post, node in
            func alert(_ id: String, _ name: String) -> Alert {
                Alert(id: id, list: .entryBan, names: [name], birthDate: PartialDate(year: 1980), action: .refuseEntry)
            }
            func copy() async throws -> ReferenceCopy {
                let held = try #require(try await post.store.outbox.identity())
                return try #require(
                    try await hq.store.nodes.referenceCopy(for: node, holding: held.referenceVersion, watchlist: held.watchlistVersion)
                )
            }
            let held = Int64(try await post.store.watchlist.watchlistVersion())
            _ = try await hq.store.watchlist.importAlerts([alert("A1", "ONE"), alert("A2", "TWO"), alert("A3", "THREE")], replace: false)
            let first = try await copy()
            #expect(first.alertsSince == held && first.alertRemovals == [])
            #expect(first.alerts?.map { $0["id"] } == [.text("A1"), .text("A2"), .text("A3")])
            try await post.store.outbox.applyReference(first)

            _ = try await hq.store.watchlist.importAlerts([alert("A1", "ONE RENAMED"), alert("A2", "TWO"), alert("A4", "FOUR")], replace: true)
            let second = try await copy()
            #expect(second.alertsSince == first.watchlistVersion)
            #expect(second.alerts?.map { $0["id"] } == [.text("A1"), .text("A4")], "A2 did not change")
            #expect(second.alertRemovals == ["A3"])
            try await post.store.outbox.applyReference(second)
            #expect(try await post.store.watchlist.alerts() == (try await hq.store.watchlist.alerts()))
            let since = Int(first.watchlistVersion)
            #expect(try await post.store.watchlist.changes(since: since) == (try await hq.store.watchlist.changes(since: since)))

            // A change that does not start from what the post holds is refused, and changes nothing.
            await #expect {
                try await post.store.outbox.applyReference(second)
            } throws: { error in
                "\(error)".contains("changes since version \(since), but this post holds version \(second.watchlistVersion)")
            }
            #expect(try await post.store.watchlist.alerts().map(\.id) == ["A1", "A2", "A4"])
            // A post that holds nothing is sent everything; its changes start there.
            let whole = try #require(try await hq.store.nodes.referenceCopy(for: node, holding: nil, watchlist: 0))
            #expect(whole.alertsSince == nil && whole.alerts?.count == 3)
            try await post.store.outbox.applyReference(whole)
            #expect(try await post.store.watchlist.changes(since: since) == nil)
            #expect(try await post.store.watchlist.changes(since: Int(whole.watchlistVersion))?.count == 0)
        }
    }

    /// At a post, what headquarters owns cannot be changed: each writer refuses, names what and
    /// where it is managed, and leaves the post's copy as headquarters sent it.
    @Test func whatHeadquartersOwnsIsRefusedAtAPost() async throws {
        try await withNodes(.sqlite) { _, post, _ in
            let before = try await post.store.organisation.bcps()
            let refusals: [(String, @Sendable () async throws -> Void)] = [
                ("BCPs and lanes", { try await post.store.organisation.saveBCP(before[0], actor: "test") }),
                ("agencies", { try await post.store.organisation.saveAgency(Agency(id: "x", name: "X", kind: "customs"), actor: "test") }),
                ("the entry policy and refusal grounds", { try await post.store.settings.setEntryPolicy(.example(country: "UTO"), actor: "test") }),
                ("settings", { try await post.store.settings.setRetentionPolicy(post.store.settings.retentionPolicy(), actor: "test") }),
                ("watchlists", { _ = try await post.store.watchlist.importAlerts([], replace: true) }),
            ]
            for (what, write) in refusals {
                await #expect {
                    try await write()
                } throws: { error in
                    (error as? StoreError)?.code == .forbidden
                        && (error as? StoreError)?.message
                            == "this is border post post-1: \(what) are managed at headquarters and reach this post from there"
                }
            }
            #expect(try await post.store.organisation.bcps() == before)
            #expect(try await post.store.audit.verify().isIntact)
        }
    }

    /// A post's database serves only that post, and a post starts from an empty database.
    @Test func aPostDatabaseServesOnlyItsPost() async throws {
        try await withNodes(.sqlite) { hq, post, _ in
            await #expect { try await post.store.outbox.serveAsPost(nodeID: "post-2", headquarters: "https://hq.invalid") } throws: {
                "\($0)".contains("this database is post post-1's")
            }
            _ = try await hq.check(try hq.passport("DIALLO", number: "MA0000006"), at: morning)
            await #expect { try await hq.store.outbox.serveAsPost(nodeID: "post-3", headquarters: "https://hq.invalid") } throws: {
                "\($0)".contains("a post starts from a new data folder")
            }
        }
    }
}
