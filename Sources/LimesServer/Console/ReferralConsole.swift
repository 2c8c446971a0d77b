import Hummingbird
import LimesCore
import LimesStore

/// Referrals in the console: sending and revoking (protection officers, from the person's
/// page), the supervisor's consent override, and the partner's inbox.
struct ReferralConsole {
    let store: Store
    let renderer: ConsoleRenderer

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.post("travellers/{id}/referrals", use: send)
        group.post("referrals/{id}/revocation", use: revoke)
        group.post("referrals/{id}/consent-override", use: override)
        group.get("referrals", use: inbox)
        group.post("referrals/{id}/response", use: respond)
        group.post("referrals/{id}/outcome", use: outcome)
    }

    @Sendable func send(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.assessVulnerability)
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        guard let kind = form.value("kind").flatMap(ProtectionKind.init(rawValue:)) else {
            throw APIError.invalid("kind", "choose the need referred")
        }
        let shares = SharedData.allCases.filter { form["share_" + $0.rawValue] != nil }
        let consent = Dictionary(uniqueKeysWithValues: shares.map { ($0, form["consent_" + $0.rawValue] != nil) })
        _ = try await store.protection.sendReferral(
            travellerID: id,
            serviceID: form.value("service") ?? "",
            kind: kind,
            shares: shares,
            consent: consent,
            actor: user.id
        )
        return ConsoleMiddleware.redirect("/console/travellers/\(id)/vulnerability")
    }

    @Sendable func revoke(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.assessVulnerability)
        let id = try context.parameters.require("id")
        _ = try await ConsoleForm.read(request, context: context)
        let referral = try await store.protection.revokeReferral(id: id, actor: user.id)
        return ConsoleMiddleware.redirect("/console/travellers/\(referral.travellerID)/vulnerability")
    }

    @Sendable func override(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.reviewSafeguards)
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        _ = try await store.protection.overrideReferralConsent(id: id, reason: form.value("reason") ?? "", supervisor: user.id)
        return ConsoleMiddleware.redirect("/console/protection")
    }

    @Sendable func inbox(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workReferrals)
        let items = user.agencyID == nil ? [] : try await store.protection.partnerInbox(agencyID: user.agencyID!)
        try await store.audit.record(
            items.map { AuditEntry(actor: user.id, action: "read", recordType: "referral", recordID: $0.referral.id, purpose: "partner inbox") }
        )
        let views = ConsoleViews(renderer: renderer, context: context)
        let indicators = try await store.settings.vulnerabilityIndicators()
        let rows = items.map { item in
            let referral = item.referral
            return InboxPage.Row(
                id: referral.id,
                kind: views.text("protection_kind." + referral.kind.rawValue),
                status: views.text("referral_status." + referral.status.rawValue),
                sentAt: views.format.dateTime(referral.sentAt),
                deadline: referral.deadline.map(views.format.dateTime) ?? "",
                awaiting: referral.status == .sent,
                accepted: referral.status == .accepted,
                ended: referral.status != .sent && referral.status != .accepted,
                notes: item.protectionNotes ?? [],
                findings: (item.findings ?? []).map { "\(indicators.indicator($0.code)?.text ?? $0.code): \($0.evidence)" },
                responseReason: referral.responseReason ?? "",
                outcome: referral.outcome.map { views.text("referral_outcome." + $0) } ?? "",
                traveller: item.traveller.map { views.traveller($0) }
            )
        }
        return try renderer.page("referrals", title: "referrals.title", model: InboxPage(referrals: rows, empty: rows.isEmpty), context: context)
    }

    /// `referrals.mustache`: a partner's inbox.
    struct InboxPage: Encodable {
        struct Row: Encodable {
            var id: String
            var kind: String
            var status: String
            var sentAt: String
            var deadline: String
            var awaiting: Bool
            var accepted: Bool
            var ended: Bool
            var notes: [String]
            var findings: [String]
            var responseReason: String
            var outcome: String
            /// Only while the referral is live.
            var traveller: TravellerView?
        }

        var referrals: [Row]
        var empty: Bool
    }

    @Sendable func respond(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workReferrals)
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        _ = try await store.protection.respondToReferral(
            id: id,
            accept: form.value("answer") == "accept",
            reason: form.value("reason"),
            partner: user
        )
        return ConsoleMiddleware.redirect("/console/referrals")
    }

    @Sendable func outcome(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workReferrals)
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        _ = try await store.protection.completeReferral(
            id: id,
            provided: form.value("outcome") == "provided",
            reason: form.value("reason"),
            partner: user
        )
        return ConsoleMiddleware.redirect("/console/referrals")
    }
}
