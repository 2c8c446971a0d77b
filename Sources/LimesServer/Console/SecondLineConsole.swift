import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// Second line: the queue of the officer's BCPs, oldest first, and a page per case.
struct SecondLineConsole {
    let store: Store
    let service: CheckService
    let renderer: ConsoleRenderer

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("second-line", use: queue)
        group.get("cases/{id}", use: casePage)
        group.post("cases/{id}/decision", use: decide)
        group.post("hits/{id}/resolution", use: resolveHit)
    }

    @Sendable func queue(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workSecondLine)
        let cases = try await store.secondLine.secondLineQueue(bcps: user.bcps)
        try await store.audit.record(
            cases.map { AuditEntry(actor: user.id, action: "read", recordType: "case", recordID: $0.id, purpose: "second-line queue") }
        )
        let views = ConsoleViews(renderer: renderer, context: context)
        let rows = cases.map { found in
            QueuePage.Row(
                id: found.id,
                traveller: views.traveller(found.traveller),
                bcp: found.bcp,
                openedAt: views.format.dateTime(found.openedAt),
                verdict: views.verdict(found.verdict),
                openHits: views.format.number(found.openHits),
                note: found.note ?? ""
            )
        }
        return try renderer.page("second_line", title: "second_line.title", model: QueuePage(cases: rows, empty: rows.isEmpty), context: context)
    }

    /// `second_line.mustache`.
    struct QueuePage: Encodable {
        struct Row: Encodable {
            var id: String
            var traveller: TravellerView
            var bcp: String
            var openedAt: String
            var verdict: VerdictView
            var openHits: String
            var note: String
        }

        var cases: [Row]
        var empty: Bool
    }

    /// `case.mustache`.
    struct CasePage: Encodable {
        struct Case: Encodable {
            var id: String
            var status: String
            var open: Bool
            var openedAt: String
            var note: String
        }

        struct Check: Encodable {
            var id: String
            var bcp: String
            var lane: String
            var direction: String
        }

        struct Protection: Encodable {
            struct Flag: Encodable {
                var kind: String
                var note: String
                var raisedAt: String
                var status: String
            }

            struct Review: Encodable {
                var reasons: String
                var at: String
            }

            var count: Int
            var flagged: Bool
            var flags: [Flag]?
            var hasFlags: Bool?
            var review: Review?
            var mayReview: Bool?
        }

        var caseId: String
        var `case`: Case
        var check: Check
        var traveller: TravellerView
        var document: DocumentView
        var verdict: VerdictView
        var reasons: [ReasonView]
        var hits: [HitView]
        var hasHits: Bool
        var openHits: Bool
        var stay: StayView
        var grounds: [GroundView]
        var decisionKey: String
        var protection: Protection
        var mayFlag: Bool
        var protectionKinds: [OptionView]
    }

    @Sendable func casePage(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workSecondLine)
        let id = try context.parameters.require("id")
        guard let found = try await store.secondLine.secondLineCase(id: id), let check = try await store.crossings.check(id: found.checkID) else {
            throw APIError.notFound("no second-line case \(id)", field: "id")
        }
        try user.requireBCP(found.bcp)
        try await store.audit.record([
            AuditEntry(actor: user.id, action: "read", recordType: "case", recordID: id, purpose: "second-line examination")
        ])
        let views = ConsoleViews(renderer: renderer, context: context)
        let policy = try await service.policy()
        let openHits = check.hits.contains { $0.status == .open }
        let flagCount = try await store.protection.openProtectionFlagCount(travellerID: check.traveller.id)
        var protection = CasePage.Protection(count: flagCount, flagged: flagCount > 0)
        if user.may(.readProtectionDetails) {
            let flags = try await store.protection.protectionFlags(travellerID: check.traveller.id)
            if !flags.isEmpty {
                try await store.audit.record([
                    AuditEntry(
                        actor: user.id,
                        action: "read",
                        recordType: "protection_flags",
                        recordID: check.traveller.id,
                        purpose: "second-line examination"
                    )
                ])
            }
            protection.flags = flags.map { flag in
                .init(
                    kind: views.text("protection_kind." + flag.kind.rawValue),
                    note: flag.note ?? "",
                    raisedAt: views.format.dateTime(flag.raisedAt),
                    status: flag.status
                )
            }
            protection.hasFlags = !flags.isEmpty
            let blocking = flags.contains { $0.status == "open" && $0.kind.blocksRefusal }
            if blocking, user.may(.reviewSafeguards) {
                if let review = try await store.protection.safeguardReview(checkID: check.id) {
                    protection.review = .init(reasons: review.reasons, at: views.format.dateTime(review.reviewedAt))
                } else {
                    protection.mayReview = true
                }
            }
        }
        let model = CasePage(
            caseId: found.id,
            case: .init(
                id: found.id,
                status: found.status,
                open: found.status == "open",
                openedAt: views.format.dateTime(found.openedAt),
                note: found.note ?? ""
            ),
            check: .init(id: check.id, bcp: check.bcp, lane: check.lane, direction: views.text("direction." + check.direction.rawValue)),
            traveller: views.traveller(check.traveller),
            document: .init(
                code: check.document.code,
                issuer: check.document.issuer,
                number: check.document.number,
                expiry: views.format.date(iso: check.document.expiry)
            ),
            verdict: views.verdict(check.verdict.level),
            reasons: views.reasons(check.verdict.reasons),
            hits: try await askable(views.hits(check.hits, resolvable: found.status == "open"), views: views),
            hasHits: !check.hits.isEmpty,
            openHits: openHits,
            stay: views.stay(check.stay),
            grounds: views.grounds(policy, proposed: check.verdict.reasons.first(where: { $0.ground != nil })?.ground),
            decisionKey: UUID().uuidString,
            protection: protection,
            mayFlag: user.may(.raiseProtectionFlags),
            protectionKinds: views.protectionKinds()
        )
        return try renderer.page("case", title: "case.title", model: model, context: context)
    }

    /// Hits on a partner's alert offer to ask that country (at headquarters, where partners are).
    func askable(_ hits: [HitView], views: ConsoleViews) async throws -> [HitView] {
        let partners = try await store.exchange.partners().map(\.country)
        return hits.map { hit in
            var hit = hit
            if let partner = partners.first(where: { hit.alert.hasPrefix($0 + ":") }) {
                hit.ask = views.text("requests.ask", ["partner": partner])
            }
            return hit
        }
    }

    @Sendable func resolveHit(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workSecondLine)
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        guard let resolution = form.value("resolution"), resolution == "confirm" || resolution == "dismiss" else {
            throw APIError.invalid("resolution", "'\(form["resolution"] ?? "")' is not a resolution; use confirm or dismiss")
        }
        guard let reason = form.value("reason") else { throw APIError.invalid("reason", "say why the hit is confirmed or dismissed") }
        _ = try await store.secondLine.resolveHit(
            id: id,
            confirm: resolution == "confirm",
            reason: reason,
            officer: user,
            allowedBCPs: user.bcps,
            purpose: "hit resolution"
        )
        let back = form.value("case").map { "/console/cases/" + $0 } ?? "/console/second-line"
        return ConsoleMiddleware.redirect(back)
    }

    @Sendable func decide(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workSecondLine)
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        guard let text = form.value("decision"), let decision = Decision(rawValue: text), decision != .refer else {
            throw APIError.invalid("decision", "'\(form["decision"] ?? "")' is not a second-line decision; use admit or refuse")
        }
        guard let found = try await store.secondLine.secondLineCase(id: id) else { throw APIError.notFound("no second-line case \(id)", field: "id") }
        try user.requireBCP(found.bcp)
        let ground = decision == .refuse ? form.value("ground") : nil
        _ = try await service.decide(
            NewDecision(
                checkID: found.checkID,
                stage: .second,
                decision: decision,
                ground: ground,
                note: form.value("note"),
                officerID: user.id,
                decidedAt: service.now(),
                idempotencyKey: form.value("key").map { "console-" + $0 },
                requestHash: digest([id, decision.rawValue, ground ?? "", form.value("note") ?? ""])
            ),
            user: user
        )
        return ConsoleMiddleware.redirect("/console/travellers/" + found.traveller.id)
    }
}
