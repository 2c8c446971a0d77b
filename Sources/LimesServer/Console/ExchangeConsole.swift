import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// Agreements with other countries, partners' services, and the exchange log: what was sent to
/// whom under which agreement, and what was received. Auditors read it; administrators also
/// record agreements and partners, and suspend or resume an agreement (each a new version),
/// which stops or restarts the exchange at once.
struct ExchangeConsole {
    let store: Store
    let renderer: ConsoleRenderer
    let key: ExchangeKey

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("exchange", use: page)
        group.post("agreements/:id/status", use: setStatus)
        group.post("agreements", use: saveAgreement)
        group.post("exchange/partners", use: savePartner)
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
        /// The form for a new agreement or a new version: a row per kind of message.
        var kinds: [KindForm]
        var failed: RefusalView?

        struct KindForm: Encodable {
            var kind: String
            var label: String
            var levels: [OptionView]
            var fields: [OptionView]
            var hasDeadline: Bool
        }
    }

    @Sendable func page(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.requireAny(.auditSystem, .administer)
        return try await render(request, user: user, context: context)
    }

    func render(
        _ request: Request,
        user: User,
        failed: RefusalView? = nil,
        context: LimesRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
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
            notice: query.get("saved").map { views.text("exchange.saved_" + ($0 == "partner" ? "partner" : "agreement")) },
            kinds: ExchangeKind.allCases.map { kind in
                ExchangePage.KindForm(
                    kind: kind.rawValue,
                    label: views.text("exchange.kind." + kind.rawValue),
                    levels: [OptionView(value: "", label: views.text("exchange.level.none"))]
                        + SharingLevel.allCases.map { OptionView(value: $0.rawValue, label: views.text("exchange.level." + $0.rawValue)) },
                    fields: kind.fields.map { OptionView(value: $0, label: $0) },
                    hasDeadline: kind.hasDeadline
                )
            },
            failed: failed
        )
        return try renderer.page("exchange", title: "exchange.title", model: model, context: context, status: status)
    }

    /// An agreement as the form writes it: a new one, or the next version of one.
    @Sendable func saveAgreement(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let form = try await ConsoleForm.read(request, context: context)
        do {
            func day(_ name: String) throws -> CalendarDate? {
                guard let text = form.value(name) else { return nil }
                guard let day = CalendarDate(iso: text) else { throw APIError.invalid(name, "'\(text)' is not a date") }
                return day
            }
            guard let validFrom = try day("validFrom") else { throw APIError.invalid("validFrom", "the day the agreement takes effect") }
            var terms: [ExchangeKind: SharingAgreement.Term] = [:]
            for kind in ExchangeKind.allCases {
                guard let text = form.value("level.\(kind.rawValue)") else { continue }
                guard let level = SharingLevel(rawValue: text) else { throw APIError.invalid("level.\(kind.rawValue)", "'\(text)' is not a level") }
                let fields = (form["fields.\(kind.rawValue)"] ?? "").split(separator: "\n").map(String.init)
                var hours: Int?
                if let text = form.value("hours.\(kind.rawValue)") {
                    guard let value = Int(text) else { throw APIError.invalid("hours.\(kind.rawValue)", "'\(text)' is not a number of hours") }
                    hours = value
                }
                terms[kind] = SharingAgreement.Term(level: level, fields: fields, answerHours: hours)
            }
            let agreement = SharingAgreement(
                id: form.value("id") ?? "",
                title: form.value("title") ?? "",
                instrument: form.value("instrument") ?? "",
                article: form.value("article") ?? "",
                partner: (form.value("partner") ?? "").uppercased(),
                validFrom: validFrom,
                validUntil: try day("validUntil"),
                terms: terms
            )
            _ = try await store.exchange.saveAgreement(agreement, actor: admin.id)
        } catch let thrown where APIError.refusal(thrown, .unprocessableContent) != nil {
            return try await refused(thrown, request, admin: admin, context: context)
        }
        return ConsoleMiddleware.redirect("/console/exchange?saved=agreement")
    }

    /// A partner and the key its messages are signed with.
    @Sendable func savePartner(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let form = try await ConsoleForm.read(request, context: context)
        do {
            let partner = ExchangePartner(
                country: (form.value("country") ?? "").uppercased(),
                name: form.value("name") ?? "",
                url: form.value("url") ?? "",
                publicKey: form.value("publicKey") ?? ""
            )
            try await store.exchange.savePartner(partner, actor: admin.id)
        } catch let thrown where APIError.refusal(thrown, .unprocessableContent) != nil {
            return try await refused(thrown, request, admin: admin, context: context)
        }
        return ConsoleMiddleware.redirect("/console/exchange?saved=partner")
    }

    /// A form that does not hold: the page again, with the field at fault.
    func refused(_ thrown: any Error, _ request: Request, admin: User, context: LimesRequestContext) async throws -> Response {
        let error = APIError.refusal(thrown, .unprocessableContent)!
        return try await render(
            request,
            user: admin,
            failed: RefusalView(field: error.field ?? "", message: error.message),
            context: context,
            status: error.status
        )
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
        return ConsoleMiddleware.redirect("/console/exchange?saved=agreement")
    }
}
