import Foundation
import HTTPTypes
import Hummingbird
import LimesCore
import LimesStore

/// Agreements, partners, the disclosure log, and the route partners deliver to.
struct ExchangeController {
    let store: Store
    let key: ExchangeKey
    /// A delivery is at most 500 messages; an alert is well under 4 KiB.
    static let maxDeliveryBytes = 8 << 20

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("agreements", use: agreements)
        group.put("agreements/{id}", use: saveAgreement)
        group.get("agreements/{id}/versions", use: versions)
        group.get("exchange/partners", use: partners)
        group.put("exchange/partners/{country}", use: savePartner)
        group.get("exchange/key", use: publicKey)
        group.get("exchange/disclosures", use: disclosures)
        group.get("exchange/received", use: received)
    }

    /// The partners' route: no session; each message is signed with the partner's pinned key.
    func addDeliveryRoute(to group: RouterGroup<LimesRequestContext>) {
        group.post("messages", use: receive)
    }

    @Sendable func agreements(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.requireAny(.auditSystem, .administer)
        return try .json(try await store.exchange.agreements().map(API.Agreement.init))
    }

    @Sendable func saveAgreement(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: API.AgreementRequest.self, context: context)
        let saved = try await store.exchange.saveAgreement(body.agreement(id: id), actor: admin.id)
        return try .json(API.Agreement(saved))
    }

    @Sendable func versions(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.requireAny(.auditSystem, .administer)
        let id = try context.parameters.require("id")
        let versions = try await store.exchange.versions(of: id)
        guard !versions.isEmpty else { throw APIError.notFound("no agreement \(id)", field: "id") }
        return try .json(
            versions.map { API.AgreementVersion(agreement: API.Agreement($0.agreement), recordedBy: $0.recordedBy, recordedAt: $0.recordedAt) }
        )
    }

    @Sendable func partners(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.requireAny(.auditSystem, .administer)
        return try .json(try await store.exchange.partners().map(API.Partner.init))
    }

    @Sendable func savePartner(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let country = try context.parameters.require("country")
        var request = request
        let body = try await request.decodeJSON(as: API.PartnerRequest.self, context: context)
        let partner = ExchangePartner(country: country.uppercased(), name: body.name, url: body.url, publicKey: body.publicKey)
        try await store.exchange.savePartner(partner, actor: admin.id)
        return try .json(API.Partner(partner))
    }

    @Sendable func publicKey(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.requireAny(.auditSystem, .administer)
        return try .json(API.ExchangePublicKey(publicKey: key.publicKey))
    }

    /// `from` and `to` (the last day included), either left open.
    static func period(_ request: Request) throws -> (from: Timestamp?, until: Timestamp?) {
        // The console's filter sends an empty field for a bound left open.
        let value = { (name: String) in request.uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : $0 } }
        let from = try ProtectionController.day("from", value)
        let to = try ProtectionController.day("to", value)
        if let from, let to, to < from { throw APIError.invalid("from", "the period starts after it ends") }
        return (
            from.flatMap { Timestamp(iso: $0.description + "T00:00:00.000Z") },
            to.flatMap { Timestamp(iso: $0.adding(days: 1).description + "T00:00:00.000Z") }
        )
    }

    /// Everything sent (or waiting to be): to one partner, in a period. Auditors and administrators.
    @Sendable func disclosures(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.requireAny(.auditSystem, .administer)
        let (from, until) = try Self.period(request)
        let partner = request.uri.queryParameters.get("partner").flatMap { $0.isEmpty ? nil : $0.uppercased() }
        let items = try await store.exchange.disclosures(partner: partner, from: from, until: until)
        try await store.audit.record([
            AuditEntry(actor: user.id, action: "read", recordType: "exchange_disclosures", recordID: partner ?? "*", purpose: "audit")
        ])
        return try .json(items.map(API.LogEntry.init))
    }

    @Sendable func received(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.requireAny(.auditSystem, .administer)
        let (from, until) = try Self.period(request)
        let partner = request.uri.queryParameters.get("partner").flatMap { $0.isEmpty ? nil : $0.uppercased() }
        return try .json(try await store.exchange.received(from: partner, since: from, until: until).map(API.LogEntry.init))
    }

    @Sendable func receive(_ request: Request, context: LimesRequestContext) async throws -> Response {
        guard let sender = request.headers[HTTPField.Name(ExchangeMessage.countryHeader)!], !sender.isEmpty else {
            throw APIError(
                .unauthorized,
                code: "unauthenticated",
                field: ExchangeMessage.countryHeader,
                "say which country sends: \(ExchangeMessage.countryHeader)"
            )
        }
        let body: Data
        do {
            body = Data(buffer: try await request.body.collect(upTo: Self.maxDeliveryBytes))
        } catch {
            throw APIError(.contentTooLarge, code: "too_large", "a delivery is at most \(Self.maxDeliveryBytes >> 20) MiB")
        }
        let delivery: ExchangeDelivery
        do {
            delivery = try JSONDecoder().decode(ExchangeDelivery.self, from: body)
        } catch let error as DecodingError {
            throw APIError(error)
        }
        do {
            return try .json(API.Receipt(try await store.exchange.receive(from: sender, delivery.messages)))
        } catch let refusal as ExchangeUnauthenticated {
            throw APIError(.unauthorized, code: "unauthenticated", refusal.description)
        }
    }
}
