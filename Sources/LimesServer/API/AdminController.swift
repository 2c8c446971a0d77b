import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// BCPs, users, the entry policy and the audit chain: the administrator's routes.
struct AdminController {
    let store: Store
    let service: CheckService

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("bcps", use: listBCPs)
        group.put("bcps/{code}", use: saveBCP)
        group.get("users", use: listUsers)
        group.post("users", use: createUser)
        group.get("entry-policy", use: showPolicy)
        group.put("entry-policy", use: savePolicy)
        group.get("audit/verify", use: verifyAudit)
    }

    @Sendable func listBCPs(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.requireUser()
        return try .json(API.of(try await store.organisation.bcps()))
    }

    @Sendable func saveBCP(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let code = try context.parameters.require("code")
        var request = request
        var bcp = try await request.decodeJSON(as: BCPRequest.self, context: context).record
        guard bcp.code == code else { throw APIError.invalid("code", "the body's code '\(bcp.code)' differs from the path's '\(code)'") }
        bcp.country = bcp.country.uppercased()
        try await store.organisation.saveBCP(bcp, actor: admin.id)
        service.forgetBCPs()
        return try .json(API.of(bcp))
    }

    @Sendable func listUsers(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let users = try await store.users.all()
        // Staff records are personal data too.
        try await store.audit.record([AuditEntry(actor: admin.id, action: "read", recordType: "user_list", recordID: "*", purpose: "administration")])
        return try .json(API.of(users))
    }

    @Sendable func createUser(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        var request = request
        let body = try await request.decodeJSON(as: NewUserRequest.self, context: context)
        var roles: Set<Role> = []
        for text in body.roles {
            guard let role = Role(rawValue: text) else {
                throw APIError.invalid("roles", "'\(text)' is not a role; use \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            roles.insert(role)
        }
        let language = body.language ?? "en"
        guard ["en", "fr", "ar", "ru"].contains(language) else { throw APIError.invalid("language", "'\(language)' is not en, fr, ar or ru") }
        let user = User(
            id: UUID().uuidString.lowercased(),
            username: body.username,
            displayName: body.displayName,
            agencyID: body.agencyId,
            homeBCP: body.homeBcp,
            roles: roles,
            bcps: Set(body.bcps ?? []),
            language: language
        )
        let saved = try await store.users.saveUser(user, password: body.password, replacing: false, actor: admin.id)
        return try .json(API.of(saved), status: .created)
    }

    @Sendable func showPolicy(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.requireUser()
        return try .json(try await service.policy())
    }

    @Sendable func savePolicy(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.managePolicy)
        var request = request
        let policy = try await request.decodeJSON(as: EntryPolicy.self, context: context)
        do {
            try await store.settings.setEntryPolicy(policy, actor: admin.id)
        } catch let error as StoreError {
            throw APIError(.unprocessableContent, code: "invalid_policy", field: error.field, error.message)
        }
        service.forgetPolicy()
        return try .json(policy)
    }

    struct Verification: APIBody {
        var intact: Bool
        var events: Int
        var records: Int
        var checkpoints: Int
        var problem: String?
        var problems: [String]
    }

    @Sendable func verifyAudit(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.require(.auditSystem)
        let result = try await store.audit.verify()
        return try .json(
            Verification(
                intact: result.isIntact,
                events: result.events,
                records: result.records,
                checkpoints: result.checkpoints,
                problem: result.problem,
                problems: result.problems
            )
        )
    }
}

/// `PUT /api/v1/bcps/{code}`.
struct BCPRequest: Decodable, Sendable {
    struct Lane: Decodable, Sendable {
        var code: String
        var name: String
    }

    var code: String
    var name: String
    var kind: BorderCrossingPoint.Kind
    var country: String
    var agencyId: String?
    var lanes: [Lane]
    /// A one-stop border post: the partner country and its code for the post.
    var oneStop: OneStop?

    struct OneStop: Decodable, Sendable {
        var partner: String
        var partnerBcp: String
    }

    var record: BorderCrossingPoint {
        BorderCrossingPoint(
            code: code,
            name: name,
            kind: kind,
            country: country,
            agencyID: agencyId,
            lanes: lanes.map { BorderCrossingPoint.Lane(code: $0.code, name: $0.name) },
            oneStop: oneStop.map { BorderCrossingPoint.OneStop(partner: $0.partner.uppercased(), partnerBCP: $0.partnerBcp) }
        )
    }
}
