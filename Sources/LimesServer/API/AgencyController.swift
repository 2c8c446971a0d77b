import Hummingbird
import LimesCore
import LimesStore

/// Agencies and their mandates: what each agency's users may read and do.
struct AgencyController {
    let store: Store
    let authenticator: SessionAuthenticator

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("agencies", use: list)
        group.put("agencies/{id}", use: save)
        group.get("mandates", use: catalogue)
    }

    @Sendable func list(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.require(.administer)
        return try .json(try await store.organisation.agencies().map(API.Agency.init))
    }

    /// Adds or changes an agency. Without a mandate in the body, the agency gets its kind's
    /// preset; a kind without one needs a mandate written out.
    @Sendable func save(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: AgencyRequest.self, context: context)
        guard let mandate = body.mandate ?? Mandate.presets[body.kind] else {
            let kinds = Mandate.presets.keys.sorted().joined(separator: ", ")
            throw APIError.invalid("mandate", "kind '\(body.kind)' has no preset (presets: \(kinds)): write the mandate out")
        }
        let agency = Agency(id: id, name: body.name, kind: body.kind, mandate: mandate)
        try await store.organisation.saveAgency(agency, actor: admin.id)
        // The users of the agency do and see the new mandate from their next request.
        authenticator.forgetAll()
        return try .json(API.Agency(agency))
    }

    /// The kinds of record with their fields, what each action needs to read, and the presets.
    @Sendable func catalogue(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.requireUser()
        return try .json(API.MandateCatalogue())
    }
}

/// `PUT /api/v1/agencies/{id}`.
struct AgencyRequest: Decodable, Sendable {
    var name: String
    var kind: String
    var mandate: Mandate?
}

extension Mandate: APIBody {}

extension API {
    /// `Agency` as the API shows it.
    struct Agency: APIBody {
        var id: String
        var name: String
        var kind: String
        var mandate: Mandate

        init(_ record: LimesStore.Agency) {
            id = record.id
            name = record.name
            kind = record.kind
            mandate = record.mandate
        }
    }

    /// What a mandate may say, for the people who write one.
    struct MandateCatalogue: APIBody {
        struct Kind: APIBody {
            var kind: String
            var fields: [String]
        }
        struct Action: APIBody {
            var action: String
            var needs: [String: [String]]
        }
        struct Preset: APIBody {
            var kind: String
            var mandate: Mandate
        }

        var kinds: [Kind]
        var actions: [Action]
        var presets: [Preset]

        init() {
            kinds = RecordKind.allCases.map { Kind(kind: $0.rawValue, fields: $0.fields) }
            actions = Permission.allCases.map { permission in
                Action(
                    action: permission.rawValue,
                    needs: Dictionary(uniqueKeysWithValues: permission.needs.map { ($0.key.rawValue, $0.value) })
                )
            }
            presets = Mandate.presets.sorted { $0.key < $1.key }.map { Preset(kind: $0.key, mandate: $0.value) }
        }
    }
}
