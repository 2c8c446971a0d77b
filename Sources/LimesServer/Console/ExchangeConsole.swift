import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// Agreements with other countries, partners' services, and the exchange log: what was sent to
/// whom under which agreement, and what was received. Auditors read it; administrators may also
/// suspend or resume an agreement (a new version), which stops or restarts the exchange at once.
struct ExchangeConsole {
    let store: Store
    let renderer: ConsoleRenderer
    let key: ExchangeKey

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("exchange", use: page)
        group.post("agreements/:id/status", use: setStatus)
    }

    /// `exchange.mustache`.
    struct ExchangePage: Encodable {
        struct Term: Encodable {
            var kind: String
            var level: String
            var fields: String
        }

        struct Agreement: Encodable {
            var id: String
            var version: String
            var title: String
            var basis: String
            var partner: String
            var period: String
            var status: String
            var suspended: Bool
            var terms: [Term]
            var history: [String]
        }

        struct Partner: Encodable {
            var country: String
            var name: String
            var url: String
            var key: String
            var lastContact: String
            var lastError: String?
        }

        struct Message: Encodable {
            var at: String
            var partner: String
            var seq: String
            var what: String
            var agreement: String
            var state: String
            var refused: Bool
            var reason: String?
        }

        var agreements: [Agreement]
        var partners: [Partner]
        var publicKey: String
        var sent: [Message]
        var received: [Message]
        var partnerFilter: String
        var from: String
        var to: String
        var mayChange: Bool
        var notice: String?
    }

    func requireReader(_ context: LimesRequestContext) throws -> User {
        let user = try context.requireUser()
        if user.may(.administer) || user.may(.auditSystem) { return user }
        return try context.require(.auditSystem)
    }

    @Sendable func page(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try requireReader(context)
        let query = request.uri.queryParameters
        let (from, until) = try ExchangeController.period(request)
        let partner = query.get("partner").flatMap { $0.isEmpty ? nil : $0.uppercased() }
        let views = ConsoleViews(renderer: renderer, context: context)
        let format = renderer.format(context)
        var agreements: [ExchangePage.Agreement] = []
        for agreement in try await store.exchange.agreements() {
            let versions = try await store.exchange.versions(of: agreement.id)
            agreements.append(
                .init(
                    id: agreement.id,
                    version: format.number(agreement.version),
                    title: agreement.title,
                    basis: "\(agreement.instrument), \(agreement.article)",
                    partner: agreement.partner,
                    period: format.date(agreement.validFrom) + " – " + (agreement.validUntil.map(format.date) ?? "…"),
                    status: views.text("exchange.status." + agreement.status.rawValue),
                    suspended: agreement.status == .suspended,
                    terms: agreement.terms.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                        .init(
                            kind: views.text("exchange.kind." + $0.key.rawValue),
                            level: views.text("exchange.level." + $0.value.level.rawValue),
                            fields: $0.value.fields.joined(separator: ", ")
                        )
                    },
                    history: versions.map {
                        views.text(
                            "exchange.version_line",
                            [
                                "version": format.number($0.agreement.version),
                                "status": views.text("exchange.status." + $0.agreement.status.rawValue),
                                "by": $0.recordedBy, "at": format.dateTime($0.recordedAt),
                            ]
                        )
                    }
                )
            )
        }
        let sent = try await store.exchange.disclosures(partner: partner, from: from, until: until, limit: 200)
        let received = try await store.exchange.received(from: partner, since: from, until: until, limit: 200)
        try await store.audit.record([
            AuditEntry(actor: user.id, action: "read", recordType: "exchange_disclosures", recordID: partner ?? "*", purpose: "audit")
        ])
        func line(_ entry: ExchangeLogEntry) -> ExchangePage.Message {
            ExchangePage.Message(
                at: format.dateTime(entry.at),
                partner: entry.partner,
                seq: String(entry.seq),
                what: "\(entry.kind.rawValue) \(entry.action.rawValue) \(entry.record)",
                agreement: "\(entry.agreement) v\(entry.agreementVersion)",
                state: views.text("exchange.state." + entry.state.rawValue),
                refused: entry.state == .refused,
                reason: entry.reason
            )
        }
        let model = ExchangePage(
            agreements: agreements,
            partners: try await store.exchange.partners().map {
                .init(
                    country: $0.country,
                    name: $0.name,
                    url: $0.url,
                    key: $0.publicKey,
                    lastContact: $0.lastContact.map(format.dateTime) ?? "–",
                    lastError: $0.lastError
                )
            },
            publicKey: key.publicKey,
            sent: sent.map(line),
            received: received.map(line),
            partnerFilter: partner ?? "",
            from: query.get("from") ?? "",
            to: query.get("to") ?? "",
            mayChange: user.may(.administer),
            notice: query.get("saved") != nil ? views.text("exchange.saved") : nil
        )
        return try renderer.page("exchange", title: "exchange.title", model: model, context: context)
    }

    /// Suspends or resumes an agreement: a new version with the other status.
    @Sendable func setStatus(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        guard let status = form.value("status").flatMap(SharingAgreement.Status.init(rawValue:)) else {
            throw APIError.invalid("status", "'\(form["status"] ?? "")' is not active or suspended")
        }
        guard var agreement = try await store.exchange.agreements().first(where: { $0.id == id }) else {
            throw APIError.notFound("no agreement \(id)", field: "id")
        }
        agreement.status = status
        _ = try await store.exchange.saveAgreement(agreement, actor: admin.id)
        return ConsoleMiddleware.redirect("/console/exchange?saved=1")
    }
}
