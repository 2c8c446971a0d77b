import Hummingbird
import LimesCore
import LimesStore

/// The national referral mechanism: services, referrals and their answers. Protection
/// officers send, supervisors override a missing consent, partners answer for their own
/// organisation and see only what a referral shares.
struct ReferralController {
    let store: Store

    struct ServiceRequest: Decodable {
        var name: String
        var kinds: [String]
        var area: String?
        var contact: String?
        var agencyId: String?
        var acceptanceHours: Int?
    }

    struct ReferralRequest: Decodable {
        var serviceId: String
        var kind: String
        var shares: [String]
        /// Consent per kind of data shared: `{"identity": true, ...}`.
        var consent: [String: Bool]
    }

    struct ReasonRequest: Decodable {
        var reason: String?
    }

    struct ResponseRequest: Decodable {
        var accept: Bool
        var reason: String?
    }

    struct OutcomeRequest: Decodable {
        var provided: Bool
        var reason: String?
    }

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("services", use: services)
        group.put("services/{id}", use: saveService)
        group.get("travellers/{id}/referral-proposals", use: proposals)
        group.post("travellers/{id}/referrals", use: send)
        group.post("referrals/{id}/consent-override", use: override)
        group.post("referrals/{id}/response", use: respond)
        group.post("referrals/{id}/outcome", use: outcome)
        group.post("referrals/{id}/revocation", use: revoke)
        group.get("referrals/inbox", use: inbox)
        group.get("referrals/late", use: late)
    }

    func kind(_ text: String, field: String) throws -> ProtectionKind {
        guard let kind = ProtectionKind(rawValue: text) else {
            throw APIError.invalid(field, "'\(text)' is not a kind of need; use \(ProtectionKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }

    @Sendable func services(_ request: Request, context: LimesRequestContext) async throws -> Response {
        // Protection staff choose from the directory; administrators keep it.
        let user = try context.requireUser()
        guard user.may(.readProtectionDetails) || user.may(.administer) else {
            if user.rolePermissions.contains(.readProtectionDetails) || user.rolePermissions.contains(.administer), let agency = user.agencyID {
                throw APIError.outsideMandate(of: agency, "reading the directory of services")
            }
            throw APIError.forbidden("your roles do not allow reading the directory of services")
        }
        return try .json(API.of(try await store.protection.services()))
    }

    @Sendable func saveService(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: ServiceRequest.self, context: context)
        let kinds = try body.kinds.enumerated().map { try kind($0.element, field: "kinds[\($0.offset)]") }
        let service = ProtectionService(
            id: id,
            name: body.name,
            kinds: kinds,
            area: body.area,
            contact: body.contact,
            agencyID: body.agencyId,
            acceptanceHours: body.acceptanceHours ?? 72
        )
        try await store.protection.saveService(service, actor: admin.id)
        return try .json(API.of(service))
    }

    @Sendable func proposals(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.require(.assessVulnerability)
        return try .json(API.of(try await store.protection.referralProposals(travellerID: try context.parameters.require("id"))))
    }

    @Sendable func send(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.assessVulnerability)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: ReferralRequest.self, context: context)
        var shares: [SharedData] = []
        for (n, text) in body.shares.enumerated() {
            guard let share = SharedData(rawValue: text) else {
                throw APIError.invalid("shares[\(n)]", "'\(text)' is not data a referral shares; use identity, protection_details or assessment")
            }
            shares.append(share)
        }
        var consent: [SharedData: Bool] = [:]
        for (text, given) in body.consent {
            guard let share = SharedData(rawValue: text) else { throw APIError.invalid("consent.\(text)", "'\(text)' is not data a referral shares") }
            consent[share] = given
        }
        let kind = try kind(body.kind, field: "kind")
        let referral = try await store.protection.sendReferral(
            travellerID: id,
            serviceID: body.serviceId,
            kind: kind,
            shares: shares,
            consent: consent,
            actor: user.id
        )
        return try .json(API.of(referral), status: .created)
    }

    @Sendable func override(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.reviewSafeguards)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: ReasonRequest.self, context: context)
        return try .json(
            API.of(
                try await store.protection.overrideReferralConsent(id: id, reason: body.reason ?? "", supervisor: user.id)
            )
        )
    }

    @Sendable func respond(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workReferrals)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: ResponseRequest.self, context: context)
        return try .json(
            API.of(
                try await store.protection.respondToReferral(id: id, accept: body.accept, reason: body.reason, partner: user)
            )
        )
    }

    @Sendable func outcome(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workReferrals)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: OutcomeRequest.self, context: context)
        return try .json(
            API.of(
                try await store.protection.completeReferral(id: id, provided: body.provided, reason: body.reason, partner: user)
            )
        )
    }

    @Sendable func revoke(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.assessVulnerability)
        let id = try context.parameters.require("id")
        return try .json(API.of(try await store.protection.revokeReferral(id: id, actor: user.id)))
    }

    @Sendable func inbox(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workReferrals)
        guard let agency = user.agencyID else { return try .json([API.PartnerReferral]()) }
        let items = try await store.protection.partnerInbox(agencyID: agency)
        try await store.audit.record(
            items.map { AuditEntry(actor: user.id, action: "read", recordType: "referral", recordID: $0.referral.id, purpose: "partner inbox") }
        )
        return try .json(API.of(items))
    }

    @Sendable func late(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.require(.readProtectionDetails)
        return try .json(API.of(try await store.protection.lateReferrals()))
    }
}
