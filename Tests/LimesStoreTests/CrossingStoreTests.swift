import Foundation
import LimesCore
import SQLKit
import Testing

@testable import LimesStore

/// A small post to record at: one BCP, one officer, the example policy.
struct Post {
    let store: Store
    let database: TestDatabase
    let officer: User
    let policy = EntryPolicy.example(country: "UTO")

    static func open(_ engine: TestEngine) async throws -> Post {
        let database = try await TestDatabase.make(engine)
        let store = try await database.open()
        try await store.organisation.saveAgency(Agency(id: "police", name: "Border police", kind: "border_police"))
        try await store.organisation.saveBCP(
            BorderCrossingPoint(
                code: "NORTH",
                name: "North bridge",
                kind: .land,
                country: "UTO",
                agencyID: "police",
                lanes: [.init(code: "L1", name: "Lane 1")]
            )
        )
        try await store.settings.setEntryPolicy(EntryPolicy.example(country: "UTO"), actor: "system")
        let officer = try await store.users.saveUser(
            User(
                id: UUID().uuidString,
                username: "officer",
                displayName: "A. Officer",
                agencyID: "police",
                homeBCP: "NORTH",
                roles: [.secondLineOfficer],
                bcps: []
            ),
            password: "correct horse battery",
            rounds: 1_000,
            actor: "system"
        )
        return Post(store: store, database: database, officer: officer)
    }

    /// Runs `body` on a fresh post and closes its store whatever happens.
    static func with(_ engine: TestEngine, _ body: (Post) async throws -> Void) async throws {
        let post = try await open(engine)
        do {
            try await body(post)
        } catch {
            try? await post.store.close()
            await post.database.drop()
            throw error
        }
        try await post.store.close()
        await post.database.drop()
    }

    func passport(_ surname: String, number: String, nationality: String = "MAR") throws -> MRZDocument {
        let text = try MRZWriter.passport(
            issuer: nationality,
            number: number,
            surname: surname,
            givenNames: "SAMIR",
            nationality: nationality,
            birthDate: CalendarDate(iso: "1985-02-03")!,
            sex: .male,
            expiry: CalendarDate(iso: "2031-01-01")!
        )
        return try MRZParser(today: CalendarDate(iso: "2026-11-22")!).parse(text)
    }

    func check(_ document: MRZDocument, direction: Direction = .entry, at: Timestamp, hits: [ScreeningHit] = [], stay: StayAssessment? = nil)
        async throws -> CheckRecord
    {
        let stay = stay ?? StayCalculator.assess(stays: [], rule: .schengen, direction: direction, today: at.day)
        return try await store.crossings.recordCheck(
            NewCheck(
                document: document,
                bcp: "NORTH",
                lane: "L1",
                direction: direction,
                officerID: officer.id,
                startedAt: at,
                checkedAt: at,
                verdict: Verdict(reasons: []),
                stay: stay,
                stayBasis: .shortStay,
                documentChecks: [],
                hits: hits
            ),
            purpose: "test"
        )
    }

    func decide(
        _ check: CheckRecord,
        _ decision: Decision,
        stage: CrossingRecord.Stage = .first,
        ground: String? = nil,
        key: String? = nil,
        at: Timestamp
    )
        async throws -> (crossing: CrossingRecord, replayed: Bool)
    {
        try await store.crossings.recordDecision(
            NewDecision(
                checkID: check.id,
                stage: stage,
                decision: decision,
                ground: ground,
                note: nil,
                officerID: officer.id,
                decidedAt: at,
                idempotencyKey: key,
                requestHash: key.map { "\($0)|\(decision.rawValue)" }
            ),
            policy: policy,
            purpose: "test"
        )
    }
}

@Suite("Crossing store")
struct CrossingStoreTests {
    let morning = Timestamp(iso: "2026-11-22T08:00:00.000Z")!

    @Test(arguments: TestEngine.available) func usersLogInWithTheirPasswordOnly(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            #expect(
                try await post.store.users.login(username: "officer", password: "wrong password!", kind: .device, lifetime: 60, label: nil) == nil
            )
            #expect(
                try await post.store.users.login(username: "nobody", password: "correct horse battery", kind: .device, lifetime: 60, label: nil)
                    == nil
            )
            let opened = try #require(
                try await post.store.users.login(
                    username: "officer",
                    password: "correct horse battery",
                    kind: .device,
                    lifetime: 60,
                    label: "booth 1"
                )
            )
            let session = try #require(try await post.store.users.session(token: opened.token, webIdleSeconds: 60))
            #expect(session.user.username == "officer")
            #expect(session.user.bcps == ["NORTH"], "the home BCP is an assigned BCP")
            #expect(session.user.may(.workSecondLine))
            try await post.store.users.logout(token: opened.token)
            #expect(try await post.store.users.session(token: opened.token, webIdleSeconds: 60) == nil)
            await #expect(throws: StoreError.self) {
                try await post.store.users.saveUser(
                    User(id: "x", username: "weak", displayName: "W", agencyID: nil, homeBCP: nil, roles: [.analyst], bcps: []),
                    password: "short",
                    rounds: 1_000,
                    actor: "system"
                )
            }
        }
    }

    @Test(arguments: TestEngine.available) func aDecisionIsRecordedOnceWhateverTheRetries(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let check = try await post.check(try post.passport("BENNANI", number: "MA0000001"), at: morning)
            let first = try await post.decide(check, .admit, key: "key-1", at: morning.adding(seconds: 20))
            #expect(!first.replayed)
            #expect(first.crossing.authorisedUntil == CalendarDate(iso: "2027-02-19"), "90 days from 22 November, both ends counted")
            let retry = try await post.decide(check, .admit, key: "key-1", at: morning.adding(seconds: 40))
            #expect(retry.replayed)
            #expect(retry.crossing == first.crossing)
            // The same key for another request is refused, and so is a second decision.
            await #expect {
                try await post.decide(check, .refer, key: "key-1", at: morning.adding(seconds: 60))
            } throws: { error in
                (error as? StoreError)?.code == .conflict && (error as? StoreError)?.field == "Idempotency-Key"
            }
            await #expect {
                try await post.decide(check, .admit, key: "key-2", at: morning.adding(seconds: 60))
            } throws: { error in
                (error as? StoreError)?.code == .conflict && "\(error)".contains("already decided")
            }
            let history = try #require(try await post.store.crossings.travellerHistory(id: check.traveller.id))
            #expect(history.crossings.count == 1)
        }
    }

    @Test(arguments: TestEngine.available) func aRefusalNeedsAKnownGround(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let check = try await post.check(try post.passport("TAZI", number: "MA0000002"), at: morning)
            await #expect {
                try await post.decide(check, .refuse, at: morning)
            } throws: { error in
                (error as? StoreError)?.field == "ground"
            }
            await #expect {
                try await post.decide(check, .refuse, ground: "Z", at: morning)
            } throws: { error in
                "\(error)".contains("'Z' is not a refusal ground")
            }
            let refused = try await post.decide(check, .refuse, ground: "C", at: morning)
            #expect(refused.crossing.ground == "C")
            #expect(refused.crossing.authorisedUntil == nil)
        }
    }

    @Test(arguments: TestEngine.available) func aReferralGoesThroughSecondLine(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let hit = ScreeningHit(
                alertID: "EB-7",
                list: .entryBan,
                action: .refuseEntry,
                score: 0.78,
                band: .possible,
                evidence: [HitEvidence(.nameEqual, ["role": "surname", "part": "ALAOUI"])],
                matchedName: "ALAOUI SAMIR"
            )
            let document = try post.passport("ALAOUI", number: "MA0000003")
            let check = try await post.check(document, at: morning, hits: [hit])
            _ = try await post.decide(check, .refer, at: morning.adding(seconds: 30))
            let queue = try await post.store.secondLine.secondLineQueue(bcps: ["NORTH"])
            #expect(queue.count == 1)
            #expect(queue.first?.openHits == 1)
            #expect(queue.first?.traveller.surname == "ALAOUI")
            #expect(try await post.store.secondLine.secondLineQueue(bcps: ["SOUTH"]).isEmpty)
            // Admitting with an open hit is refused; the hit must be worked first.
            await #expect {
                try await post.decide(check, .admit, stage: .second, at: morning.adding(seconds: 60))
            } throws: { error in
                "\(error)".contains("resolve the open hits first")
            }
            let hitID = try #require(check.hits.first?.id)
            await #expect {
                try await post.store.secondLine.resolveHit(
                    id: hitID,
                    confirm: false,
                    reason: "x",
                    officer: post.officer,
                    allowedBCPs: ["SOUTH"],
                    purpose: "test"
                )
            } throws: { error in
                (error as? StoreError)?.code == .forbidden
            }
            let dismissed = try await post.store.secondLine.resolveHit(
                id: hitID,
                confirm: false,
                reason: "born in another city",
                officer: post.officer,
                allowedBCPs: ["NORTH"],
                purpose: "test"
            )
            #expect(dismissed.status == .dismissed)
            let admitted = try await post.decide(check, .admit, stage: .second, at: morning.adding(seconds: 90))
            #expect(admitted.crossing.stage == .second)
            #expect(try await post.store.secondLine.secondLineQueue(bcps: ["NORTH"]).isEmpty)
            // The dismissal is remembered for the next check of the same document.
            let context = try await post.store.crossings.context(
                for: document,
                window: HistoryWindow(policy: post.policy, nationality: "MAR", direction: .entry, today: morning.day)
            )
            #expect(context.clearances["EB-7"]?.reason == "born in another city")
            #expect(context.crossings.map(\.decision) == [.refer, .admit])
        }
    }

    @Test(arguments: TestEngine.available) func aCheckReadsOnlyTheWindowOfALongHistoryAndGetsTheSameFacts(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let today = morning.day
            func cross(_ document: MRZDocument, _ direction: Direction, _ day: CalendarDate, _ decision: Decision = .admit) async throws {
                let at = Timestamp(iso: "\(day)T\(direction == .entry ? "09" : "17"):00:00.000Z")!
                let check = try await post.check(document, direction: direction, at: at)
                _ = try await post.decide(check, decision, ground: decision == .refuse ? "G" : nil, at: at)
            }
            // A commuter: in and out every few days for two years, now and then refused, now
            // and then with an exit lost.
            var random = SplitMix64(seed: 731)
            let commuter = try post.passport("COMMUTER", number: "MA0000501")
            var day = today.adding(days: -730)
            var inside = false
            while day < today {
                let roll = random.next() % 20
                try await cross(commuter, inside ? .exit : .entry, day, roll == 0 ? .refuse : .admit)
                if roll > 1 { inside.toggle() }
                day = day.adding(days: 1 + Int(random.next() % 6))
            }
            // Came in 500 days ago and never left. In the 180 days before that entry: a stay of
            // 40 days, whose days still weigh on this stay, though neither the first read nor
            // the last five crossings reach it; then two day trips.
            let stayer = try post.passport("STAYER", number: "MA0000502")
            let stays = [
                (-900, Direction.entry), (-850, .exit), (-560, .entry), (-521, .exit), (-515, .entry), (-515, .exit), (-510, .entry), (-510, .exit),
            ]
            for (offset, direction) in stays + [(-500, .entry)] {
                try await cross(stayer, direction, today.adding(days: offset))
            }
            // After a week's stay long ago, overstayed from 400 days ago to 150 days ago: only
            // the entry before the window says that the days up to that exit were a stay.
            let overstayer = try post.passport("OVERSTAYER", number: "MA0000503")
            for (offset, direction) in [
                (-600, Direction.entry), (-594, .exit), (-400, .entry), (-150, .exit), (-140, .entry), (-140, .exit), (-130, .entry), (-130, .exit),
                (-120, .entry), (-120, .exit),
            ] {
                try await cross(overstayer, direction, today.adding(days: offset))
            }

            func facts(_ crossings: [CrossingRecord], _ direction: Direction) -> CheckFacts {
                CheckFacts(
                    document: commuter,
                    documentChecks: [],
                    direction: direction,
                    today: today,
                    policy: post.policy,
                    visa: nil,
                    declaredBasis: nil,
                    history: crossings.map(\.past),
                    hits: []
                )
            }
            for (document, direction) in [(commuter, Direction.entry), (commuter, .exit), (stayer, .exit), (stayer, .entry), (overstayer, .entry)] {
                let window = HistoryWindow(policy: post.policy, nationality: "MAR", direction: direction, today: today)
                let context = try await post.store.crossings.context(for: document, window: window)
                let id = try #require(context.travellerID)
                let whole = Array(try #require(try await post.store.crossings.travellerHistory(id: id)).crossings.reversed())
                #expect(context.crossings.count < whole.count, "\(document.surname) \(direction): some crossings are not read")
                let read = facts(context.crossings, direction), all = facts(whole, direction)
                #expect(read.stay == all.stay, "\(document.surname) \(direction)")
                #expect(read.missingExits == all.missingExits)
                #expect(read.earlierRefusals == all.earlierRefusals)
                #expect(context.crossings.suffix(5).map(\.id) == whole.suffix(5).map(\.id), "the last crossings shown")
                if document == stayer && direction == .exit {
                    // 42 days in the window before the entry: 48 were left, not 88.
                    #expect(read.stay.latestExit == today.adding(days: -453))
                }
                if document == overstayer {
                    // 30 days of the overstay and the three day trips are in the last 180 days.
                    #expect(read.stay.daysUsed == 33)
                }
            }
            #expect(
                try await post.store.crossings.context(
                    for: commuter,
                    window: HistoryWindow(policy: post.policy, nationality: "MAR", direction: .entry, today: today)
                ).crossings.count < 200,
                "a year of the commuter's crossings, not two"
            )
        }
    }

    @Test(arguments: TestEngine.available) func overstayersAreThoseStillInAfterTheirLastDay(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let longAgo = Timestamp(iso: "2026-06-01T09:00:00.000Z")!
            let stayed = try await post.check(try post.passport("IDRISSI", number: "MA0000004"), at: longAgo)
            _ = try await post.decide(stayed, .admit, at: longAgo)
            let left = try await post.check(try post.passport("FASSI", number: "MA0000005"), at: longAgo)
            _ = try await post.decide(left, .admit, at: longAgo)
            let exit = try await post.check(try post.passport("FASSI", number: "MA0000005"), direction: .exit, at: morning)
            _ = try await post.decide(exit, .admit, at: morning)
            let list = try await post.store.crossings.overstayers(today: CalendarDate(iso: "2026-11-22")!)
            #expect(list.map(\.traveller.surname) == ["IDRISSI"])
            #expect(list.first?.authorisedUntil == CalendarDate(iso: "2026-08-29"))
            #expect(list.first?.daysOver == 85)
        }
    }

    @Test(arguments: TestEngine.available) func theAuditChainShowsAnEditedOrDeletedEvent(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            for n in 1...3 {
                let check = try await post.check(try post.passport("NAJI", number: "MA000001\(n)"), at: morning)
                _ = try await post.decide(check, .admit, at: morning)
            }
            let intact = try await post.store.audit.verify()
            #expect(intact.isIntact, "\(intact)")
            #expect(intact.events >= 9)
            // Someone with database access rewrites who read a traveller.
            try await post.store.write { db in try await db.raw("UPDATE audit_events SET actor = 'nobody' WHERE seq = 5").run() }
            let edited = try await post.store.audit.verify()
            #expect(edited.problem?.hasPrefix("event 5 ") == true, "\(edited)")
            #expect(edited.problem?.contains("edited") == true)
            let events = intact.events
            try await post.store.write { db in try await db.raw("DELETE FROM audit_events WHERE seq >= 5").run() }
            let cut = try await post.store.audit.verify()
            #expect(cut.problem?.contains("newest events were deleted") == true, "\(cut)")
            #expect(cut.problem?.contains("\(events) were written") == true)
        }
    }

    @Test(arguments: TestEngine.available) func aRowThatCannotBeReadIsAnErrorNamingTableRecordAndColumn(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let check = try await post.check(try post.passport("KORRUPT", number: "MA0000402"), at: morning)
            let admitted = try await post.decide(check, .admit, at: morning)
            let id = admitted.crossing.id
            // Changed outside Limes: a decision Limes does not know, then a time that is not one.
            try await post.store.write { db in try await db.raw("UPDATE crossings SET decision = 'maybe' WHERE id = \(bind: id)").run() }
            await #expect {
                try await post.store.crossings.decisions(checkID: check.id)
            } throws: { error in
                "\(error)" == "crossings row \(id): column decision holds 'maybe', which is not a known Decision"
            }
            try await post.store.write { db in
                try await db.raw("UPDATE crossings SET decision = 'admit', decided_at = 'yesterday' WHERE id = \(bind: id)").run()
            }
            await #expect {
                try await post.store.crossings.travellerHistory(id: check.traveller.id)
            } throws: { error in
                "\(error)" == "crossings row \(id): column decided_at holds 'yesterday', which is not a time"
            }
        }
    }

    @Test(arguments: TestEngine.available) func aCheckStoredBeforeTheLatestExitColumnStillAuthorisesTheStay(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let check = try await post.check(try post.passport("OLDROW", number: "MA0000401"), at: morning)
            // As a check recorded by a Limes before migration 9 looks.
            try await post.store.write { db in
                try await db.raw("UPDATE checks SET latest_exit = NULL WHERE id = \(bind: check.id)").run()
            }
            let admitted = try await post.decide(check, .admit, at: morning)
            #expect(admitted.crossing.authorisedUntil == CalendarDate(iso: "2027-02-19"), "read from the stored result instead")
        }
    }
    @Test(arguments: TestEngine.available) func aDocumentOfAnotherPersonGivesARecordOfTheirOwnLinkedToTheHolder(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let holder = try await post.check(try post.passport("TAZI", number: "MA0000501"), at: morning)
            _ = try await post.decide(holder, .admit, at: morning)
            let text = try MRZWriter.passport(
                issuer: "MAR",
                number: "MA0000501",
                surname: "BERRADA",
                givenNames: "LEILA",
                nationality: "MAR",
                birthDate: CalendarDate(iso: "1992-08-09")!,
                sex: .female,
                expiry: CalendarDate(iso: "2031-01-01")!
            )
            let presented = try MRZParser(today: CalendarDate(iso: "2026-11-22")!).parse(text)
            let window = HistoryWindow(policy: post.policy, nationality: "MAR", direction: .entry, today: morning.day)
            let context = try await post.store.crossings.context(for: presented, window: window)
            #expect(context.travellerID == nil && context.documentID == holder.document.id)
            guard case .documentRecordedFor(let recorded, _, let differences) = context.identity else {
                Issue.record("no finding: \(String(describing: context.identity))")
                return
            }
            #expect(recorded.surname == "TAZI" && differences == [.name, .birthDate, .sex])
            let first = try await post.check(presented, at: morning)
            #expect(first.traveller.id != holder.traveller.id && first.document.id == holder.document.id)
            let again = try await post.store.crossings.context(for: presented, window: window)
            #expect(again.travellerID == first.traveller.id, "her second check finds her own record through the link")
            #expect(
                try await post.store.crossings.context(for: try post.passport("TAZI", number: "MA0000501"), window: window).travellerID
                    == holder.traveller.id
            )
            #expect(try await post.store.audit.verify().isIntact)
        }
    }
}
