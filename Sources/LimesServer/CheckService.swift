import Foundation
import LimesCore
import LimesStore
import Synchronization

/// The path of a first-line check: read the document, screen the person, weigh the entry
/// conditions, propose a verdict, record it. Each step but the last is a pure function of
/// the core; this type gathers their inputs and hands the result to the store.
public final class CheckService: Sendable {
    let store: Store
    let screening: ScreeningState?
    let screeningPolicy: ScreeningPolicy
    private let scratches = ScratchPool()
    /// The policy is read again every few seconds: another process serving the same database
    /// (headquarters scaled out) may have changed it, and `forgetPolicy` reaches only this one.
    private let policyCache = Mutex<(policy: EntryPolicy, until: Timestamp)?>(nil)
    /// BCPs change rarely and every check needs its own: read at most every few seconds.
    private let bcpCache = Mutex<(bcps: [String: BorderCrossingPoint], until: Timestamp)>(([:], Timestamp(milliseconds: 0)))
    /// Today, for tests that replay a date; nil means the real day.
    let fixedToday: CalendarDate?
    /// On a post: how old its copy of the service's crossings may be before a verdict says so.
    let staleAfterSeconds: Int64?

    public init(
        store: Store,
        screening: ScreeningState?,
        screeningPolicy: ScreeningPolicy = ScreeningPolicy(),
        today: CalendarDate? = nil,
        staleAfterSeconds: Int64? = nil
    ) {
        self.store = store
        self.screening = screening
        self.screeningPolicy = screeningPolicy
        self.fixedToday = today
        self.staleAfterSeconds = staleAfterSeconds
    }

    var today: CalendarDate { fixedToday ?? .today() }

    func now() -> Timestamp {
        guard let fixedToday else { return Timestamp() }
        // Keep the time of day, move to the fixed day: checks stay ordered in a replay.
        let real = Timestamp()
        let millisOfDay = real.milliseconds - Int64(real.day.daysSinceEpoch) * 86_400_000
        return Timestamp(milliseconds: Int64(fixedToday.daysSinceEpoch) * 86_400_000 + millisOfDay)
    }

    /// The entry policy in force; read at most every five seconds, and again after `forgetPolicy`.
    public func policy() async throws -> EntryPolicy {
        let now = Timestamp()
        if let cached = policyCache.withLock({ $0 }), cached.until > now { return cached.policy }
        guard let policy = try await store.settings.entryPolicy() else {
            throw StoreError(
                "no entry policy is set: an administrator must set one (limes policy set, or limes demo)",
                code: .notConfigured
            )
        }
        policyCache.withLock { $0 = (policy, now.adding(seconds: 5)) }
        return policy
    }

    public func forgetPolicy() { policyCache.withLock { $0 = nil } }

    func bcp(_ code: String) async throws -> BorderCrossingPoint? {
        let now = Timestamp()
        let cached = bcpCache.withLock { $0 }
        if cached.until > now, let bcp = cached.bcps[code] { return bcp }
        let all = try await store.organisation.bcps()
        let byCode = Dictionary(all.map { ($0.code, $0) }) { first, _ in first }
        bcpCache.withLock { $0 = (byCode, now.adding(seconds: 10)) }
        return byCode[code]
    }

    /// After an administrator changes a BCP, the next check sees it.
    public func forgetBCPs() { bcpCache.withLock { $0 = ([:], Timestamp(milliseconds: 0)) } }

    func check(_ request: CheckRequest, user: User) async throws -> CheckResponse {
        let clock = ContinuousClock.now
        let started = now()
        let today = started.day
        guard let direction = Direction(rawValue: request.direction) else {
            throw RuleViolation("'\(request.direction)' is not a direction; use entry or exit", field: "direction")
        }
        var declaredBasis: StayBasis?
        if let text = request.stayBasis {
            guard let basis = StayBasis(rawValue: text) else {
                throw RuleViolation("'\(text)' is not a stay basis; use short_stay, residence_permit or long_stay_visa", field: "stayBasis")
            }
            declaredBasis = basis
        }
        guard let bcp = try await bcp(request.bcp) else {
            throw RuleViolation("'\(request.bcp)' is not a known BCP", field: "bcp")
        }
        try user.requireBCP(bcp.code)
        guard bcp.lanes.contains(where: { $0.code == request.lane }) else {
            throw RuleViolation(
                "BCP \(bcp.code) has no lane '\(request.lane)' (lanes: \(bcp.lanes.map(\.code).joined(separator: ", ")))",
                field: "lane"
            )
        }

        let parser = MRZParser(today: today)
        let document = try readDocument(request, parser: parser)
        var visa: MRZDocument?
        if let visaText = request.visaMrz, !visaText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            do {
                visa = try parser.parse(visaText)
            } catch {
                throw RuleViolation(error.message, field: "visaMrz")
            }
        }
        let policy = try await policy()
        let documentChecks = DocumentChecker().check(document, today: today)
        let context = try await store.crossings.context(
            for: document,
            window: HistoryWindow(policy: policy, nationality: document.nationality.code, direction: direction, today: today)
        )

        // Screening: the index may still be loading after a restart; then the check says so
        // rather than clearing anyone unscreened.
        var hits: [ScreeningHit] = []
        var screeningReasons: [VerdictReason] = []
        if let index = await screening?.current {
            let query = ScreeningQuery(document: document)
            let clearances = context.clearances
            hits = scratches.with(index) { scratch in
                index.screen(query, policy: screeningPolicy, today: today, scratch: scratch) { clearances[$0] }
            }
        } else {
            screeningReasons.append(
                VerdictReason(
                    code: "watchlist.unavailable",
                    level: .refer,
                    message: "watchlist screening is not available yet (the index is loading): screen by hand or wait"
                )
            )
        }

        var facts = CheckFacts(
            document: document,
            documentChecks: documentChecks,
            direction: direction,
            today: today,
            policy: policy,
            visa: visa,
            declaredBasis: declaredBasis,
            history: context.crossings.map(\.past),
            hits: hits
        )
        facts.openProtectionFlags = context.openProtectionFlags
        facts.identity = context.identity
        let assessed = CheckAssessor.assess(facts)
        var serviceReasons: [VerdictReason] = []
        if let staleAfterSeconds, let link = try await store.outbox.identity()?.link,
            let stale = link.staleCrossingsReason(at: Timestamp(), limitSeconds: staleAfterSeconds)
        {
            serviceReasons.append(stale)
        }
        let verdict = Verdict(reasons: assessed.reasons + screeningReasons + serviceReasons)
        let record = try await store.crossings.recordCheck(
            NewCheck(
                document: document,
                bcp: bcp.code,
                lane: request.lane,
                direction: direction,
                officerID: user.id,
                startedAt: request.startedAt ?? started,
                checkedAt: now(),
                verdict: verdict,
                stay: facts.stay,
                stayBasis: facts.stayBasis,
                documentChecks: documentChecks,
                hits: hits,
                known: context
            ),
            purpose: "first-line check"
        )
        ServerMetrics.checked(verdict.level, seconds: Self.seconds(since: clock))
        return CheckResponse(
            checkId: record.id,
            verdict: verdict.level,
            reasons: verdict.reasons,
            traveller: API.of(record.traveller),
            document: DocumentSummary(document, checks: documentChecks),
            hits: API.of(record.hits),
            stay: facts.stay,
            stayBasis: facts.stayBasis,
            lastCrossings: API.of(Array(context.crossings.suffix(5).reversed())),
            bcp: bcp.code,
            lane: request.lane,
            direction: direction,
            startedAt: record.startedAt,
            checkedAt: record.checkedAt
        )
    }

    /// Records an officer's decision. A retry with the same key, even one racing the first,
    /// answers with the first record and `replayed`.
    func decide(_ decision: NewDecision, user: User) async throws -> (crossing: CrossingRecord, replayed: Bool) {
        let clock = ContinuousClock.now
        let policy = try await policy()
        do {
            let recorded = try await store.crossings.recordDecision(decision, policy: policy, allowedBCPs: user.bcps, purpose: "crossing decision")
            ServerMetrics.decided(decision.decision, stage: decision.stage, seconds: Self.seconds(since: clock))
            return recorded
        } catch let error as StoreError {
            throw error
        } catch {
            if let key = decision.idempotencyKey, let earlier = try await store.crossings.crossing(officerID: user.id, idempotencyKey: key) {
                return (earlier, true)
            }
            throw error
        }
    }

    func readDocument(_ request: CheckRequest, parser: MRZParser) throws -> MRZDocument {
        let text: String
        if let mrz = request.mrz, !mrz.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            text = mrz
        } else if let typed = request.document {
            var sex: Sex?
            if let given = typed.sex, !given.isEmpty {
                guard let parsed = Sex(rawValue: given.uppercased()) else {
                    throw RuleViolation("'\(given)' is not M, F or X", field: "document.sex")
                }
                sex = parsed
            }
            for (field, value) in [("surname", typed.surname), ("givenNames", typed.givenNames), ("number", typed.number)] {
                if let problem = FreeText.nameProblem(value) { throw RuleViolation(problem, field: "document.\(field)") }
            }
            do {
                text = try MRZWriter.passport(
                    issuer: typed.issuer,
                    number: typed.number,
                    surname: typed.surname,
                    givenNames: typed.givenNames,
                    nationality: typed.nationality,
                    birthDate: typed.birthDate,
                    sex: sex,
                    expiry: typed.expiry,
                    documentCode: typed.documentCode ?? "P"
                )
            } catch {
                throw RuleViolation(error.message, field: "document.\(error.field)")
            }
        } else {
            throw RuleViolation("send the document: mrz (as read) or document (typed in)", field: "mrz", kind: .missing)
        }
        var document: MRZDocument
        do {
            document = try parser.parse(text)
        } catch {
            throw RuleViolation(error.message, field: "mrz")
        }
        if let typed = request.document, request.mrz?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true {
            // Typed in: the whole name, not the 39 characters an MRZ would keep, for the record,
            // the screening and the display.
            document.surname = MRZWriter.typedName(typed.surname)
            document.givenNames = MRZWriter.typedName(typed.givenNames)
            document.nameMayBeTruncated = false
        }
        return document
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
