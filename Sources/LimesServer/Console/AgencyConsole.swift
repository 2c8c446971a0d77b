import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// Agencies and their mandates: what each agency's users may read, field by field, and do.
/// Administrators change a mandate here; at a post the page shows headquarters' copy only.
struct AgencyConsole {
    let store: Store
    let renderer: ConsoleRenderer
    let authenticator: SessionAuthenticator
    let atPost: Bool

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("agencies", use: page)
        group.post("agencies", use: add)
        group.post("agencies/:id", use: save)
    }

    /// `agencies.mustache`.
    struct AgenciesPage: Encodable {
        struct Field: Encodable {
            /// `kind.field`, the form's value.
            var value: String
            var label: String
            var checked: Bool
        }

        struct Kind: Encodable {
            var label: String
            var fields: [Field]
        }

        struct Action: Encodable {
            var value: String
            var label: String
            var checked: Bool
        }

        struct Agency: Encodable {
            var id: String
            var name: String
            var kind: String
            var kinds: [Kind]
            var actions: [Action]
            var failed: RefusalView?
        }

        var agencies: [Agency]
        var presets: [OptionView]
        var notice: String?
        var addFailed: RefusalView?
        var atPost: Bool
    }

    @Sendable func page(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.require(.administer)
        let notice = request.uri.queryParameters.get("saved") != nil ? renderer.text("agencies.saved", context) : nil
        return try await render(notice: notice, context: context)
    }

    /// A new agency starts from its kind's preset.
    @Sendable func add(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let form = try await ConsoleForm.read(request, context: context)
        do {
            let kind = form.value("kind") ?? ""
            guard let preset = Mandate.presets[kind] else {
                throw APIError.invalid("kind", "'\(kind)' has no preset (presets: \(Mandate.presets.keys.sorted().joined(separator: ", ")))")
            }
            let agency = Agency(id: form.value("id") ?? "", name: form.value("name") ?? "", kind: kind, mandate: preset)
            guard try await store.organisation.agency(id: agency.id) == nil else {
                throw APIError(.conflict, code: "conflict", field: "id", "agency \(agency.id) exists: change it below")
            }
            try await store.organisation.saveAgency(agency, actor: admin.id)
        } catch let thrown where APIError.refusal(thrown, .unprocessableContent, .conflict) != nil {
            let error = APIError.refusal(thrown, .unprocessableContent, .conflict)!
            return try await render(addFailed: RefusalView(field: error.field ?? "", message: error.message), context: context, status: error.status)
        }
        return ConsoleMiddleware.redirect("/console/agencies?saved=1")
    }

    /// The agency's mandate as the form's checkboxes say.
    @Sendable func save(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        do {
            guard var agency = try await store.organisation.agency(id: id) else { throw APIError.notFound("no agency \(id)", field: "id") }
            var reads: [RecordKind: Set<String>] = [:]
            for item in (form["read"] ?? "").split(separator: "\n") {
                let parts = item.split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2, let kind = RecordKind(rawValue: parts[0]) else {
                    throw APIError.invalid("read", "'\(item)' is not a kind of record and a field")
                }
                reads[kind, default: []].insert(parts[1])
            }
            var actions: Set<Permission> = []
            for item in (form["action"] ?? "").split(separator: "\n") {
                guard let action = Permission(rawValue: String(item)) else { throw APIError.invalid("action", "'\(item)' is not an action") }
                actions.insert(action)
            }
            agency.mandate = Mandate(reads: reads, actions: actions)
            try await store.organisation.saveAgency(agency, actor: admin.id)
            authenticator.forgetAll()
        } catch let thrown where APIError.refusal(thrown, .unprocessableContent) != nil {
            let error = APIError.refusal(thrown, .unprocessableContent)!
            return try await render(
                failed: (id, RefusalView(field: error.field ?? "", message: error.message)),
                context: context,
                status: error.status
            )
        }
        return ConsoleMiddleware.redirect("/console/agencies?saved=1")
    }

    func render(
        notice: String? = nil,
        failed: (id: String, refusal: RefusalView)? = nil,
        addFailed: RefusalView? = nil,
        context: LimesRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let views = ConsoleViews(renderer: renderer, context: context)
        let agencies = try await store.organisation.agencies().map { agency in
            AgenciesPage.Agency(
                id: agency.id,
                name: agency.name,
                kind: agency.kind,
                kinds: RecordKind.allCases.map { kind in
                    AgenciesPage.Kind(
                        label: views.text("record_kind." + kind.rawValue),
                        fields: kind.fields.map { field in
                            AgenciesPage.Field(
                                value: "\(kind.rawValue).\(field)",
                                label: views.text("record_field." + field),
                                checked: agency.mandate.reads(kind, field)
                            )
                        }
                    )
                },
                actions: Permission.allCases.map {
                    AgenciesPage.Action(
                        value: $0.rawValue,
                        label: views.text("permission." + $0.rawValue),
                        checked: agency.mandate.actions.contains($0)
                    )
                },
                failed: failed?.id == agency.id ? failed?.refusal : nil
            )
        }
        let model = AgenciesPage(
            agencies: agencies,
            presets: Mandate.presets.keys.sorted().map { OptionView(value: $0, label: views.text("agency_kind." + $0)) },
            notice: notice,
            addFailed: addFailed,
            atPost: atPost
        )
        return try renderer.page("agencies", title: "agencies.title", model: model, context: context, status: status)
    }
}
