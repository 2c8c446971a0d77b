import Foundation
import Hummingbird
import LimesCore
import LimesStore
import MultipartKit

/// Administration: BCPs and lanes, users and roles, watchlist import.
struct AdminConsole {
    let store: Store
    let service: CheckService
    let renderer: ConsoleRenderer

    /// A watchlist sent through the browser; larger lists go through `limes watchlist import`.
    static let maxWatchlistBytes = 32 << 20

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("admin", use: page)
        group.post("admin/bcps", use: saveBCP)
        group.post("admin/users", use: createUser)
        group.post("admin/watchlist", use: importWatchlist)
    }

    @Sendable func page(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let notice = request.uri.queryParameters.get("saved").map { renderer.text("admin.saved." + $0, context) }
        return try await render(admin: admin, context: context, notice: notice)
    }

    func render(
        admin: User,
        context: LimesRequestContext,
        notice: String? = nil,
        error: RefusalView? = nil,
        report: AdminPage.Report? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let bcps = try await store.organisation.bcps()
        let users = try await store.users.all()
        try await store.audit.record([AuditEntry(actor: admin.id, action: "read", recordType: "user_list", recordID: "*", purpose: "administration")])
        let views = ConsoleViews(renderer: renderer, context: context)
        let model = AdminPage(
            bcps: bcps.map { bcp in
                .init(
                    code: bcp.code,
                    name: bcp.name,
                    kind: views.text("bcp_kind." + bcp.kind.rawValue),
                    country: bcp.country,
                    lanes: bcp.lanes.map { "\($0.code) (\($0.name))" }.joined(separator: ", ")
                )
            },
            users: users.sorted { $0.username < $1.username }.map { user in
                .init(
                    username: user.username,
                    name: user.displayName,
                    roles: user.roles.map { views.text("role." + $0.rawValue) }.sorted().joined(separator: ", "),
                    // Never empty: an empty value lets the template fall through to the page's own
                    // list of BCPs of the same name.
                    assigned: user.bcps.isEmpty
                        ? views.text(user.isBoundToPosts ? "admin.no_bcps" : "admin.not_bound") : user.bcps.sorted().joined(separator: ", "),
                    active: user.active
                )
            },
            roles: Role.allCases.map { OptionView(value: $0.rawValue, label: views.text("role." + $0.rawValue)) },
            kinds: BorderCrossingPoint.Kind.allCases.map { OptionView(value: $0.rawValue, label: views.text("bcp_kind." + $0.rawValue)) },
            allBCPs: bcps.map { .init(code: $0.code) },
            notice: notice,
            error: error,
            report: report,
            atPost: context.postLink != nil
        )
        return try renderer.page("admin", title: "admin.title", model: model, context: context, status: status)
    }

    /// `admin.mustache`: BCPs, users, the watchlist import and its report.
    struct AdminPage: Encodable {
        struct BCP: Encodable {
            var code: String
            var name: String
            var kind: String
            var country: String
            var lanes: String
        }

        struct Account: Encodable {
            var username: String
            var name: String
            var roles: String
            var assigned: String
            var active: Bool
        }

        struct Code: Encodable {
            var code: String
        }

        /// What an import did, or why the whole file was refused.
        struct Report: Encodable {
            var refused: Bool
            var errors: [String]?
            var truncated: Bool?
            var added: String?
            var updated: String?
            var removed: String?
        }

        var bcps: [BCP]
        var users: [Account]
        var roles: [OptionView]
        var kinds: [OptionView]
        var allBCPs: [Code]
        var notice: String?
        var error: RefusalView?
        var report: Report?
        /// At a post the lists are shown, the forms are not: headquarters manages what they change.
        var atPost: Bool
    }

    /// The field and problem of a refusal.
    func refusal(_ error: APIError) -> RefusalView {
        RefusalView(field: error.field ?? "", message: error.message)
    }

    @Sendable func saveBCP(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let form = try await ConsoleForm.read(request, context: context)
        do {
            guard let kindText = form.value("kind"), let kind = BorderCrossingPoint.Kind(rawValue: kindText) else {
                throw APIError.invalid("kind", "'\(form["kind"] ?? "")' is not air, land or sea")
            }
            // One lane a line: its code, then its name.
            let lanes = (form["lanes"] ?? "").split(whereSeparator: \.isNewline).compactMap { line -> BorderCrossingPoint.Lane? in
                let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1).map(String.init)
                guard let code = parts.first else { return nil }
                return BorderCrossingPoint.Lane(code: code, name: parts.count > 1 ? parts[1] : code)
            }
            let bcp = BorderCrossingPoint(
                code: form.value("code") ?? "",
                name: form.value("name") ?? "",
                kind: kind,
                country: (form.value("country") ?? "").uppercased(),
                agencyID: form.value("agency"),
                lanes: lanes
            )
            try await store.organisation.saveBCP(bcp, actor: admin.id)
        } catch let thrown where APIError.refusal(thrown, .unprocessableContent) != nil {
            let error = APIError.refusal(thrown, .unprocessableContent)!
            return try await render(admin: admin, context: context, error: refusal(error), status: error.status)
        }
        service.forgetBCPs()
        return ConsoleMiddleware.redirect("/console/admin?saved=bcp")
    }

    @Sendable func createUser(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let form = try await ConsoleForm.read(request, context: context)
        do {
            var roles: Set<Role> = []
            for text in (form["roles"] ?? "").split(separator: "\n") {
                guard let role = Role(rawValue: String(text)) else { throw APIError.invalid("roles", "'\(text)' is not a role") }
                roles.insert(role)
            }
            let language = form.value("language") ?? "en"
            guard Language(rawValue: language) != nil else { throw APIError.invalid("language", "'\(language)' is not en, fr, ar or ru") }
            let user = User(
                id: UUID().uuidString.lowercased(),
                username: form.value("username") ?? "",
                displayName: form.value("displayName") ?? "",
                agencyID: nil,
                homeBCP: nil,
                roles: roles,
                bcps: Set((form["bcps"] ?? "").split(separator: "\n").map(String.init)),
                language: language
            )
            _ = try await store.users.saveUser(user, password: form["password"], replacing: false, actor: admin.id)
        } catch let thrown where APIError.refusal(thrown, .unprocessableContent) != nil {
            let error = APIError.refusal(thrown, .unprocessableContent)!
            return try await render(admin: admin, context: context, error: refusal(error), status: error.status)
        }
        return ConsoleMiddleware.redirect("/console/admin?saved=user")
    }

    struct WatchlistUpload: Decodable {
        var _csrf: String?
        var format: String?
        var replace: String?
        var file: String?
    }

    @Sendable func importWatchlist(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = contentType.split(separator: ";").lazy.map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") })?.dropFirst("boundary=".count)
        else {
            throw APIError(.unsupportedMediaType, code: "wrong_content_type", "a watchlist is sent as multipart/form-data")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxWatchlistBytes)
        } catch {
            throw APIError(.contentTooLarge, code: "too_large", "the file is over \(Self.maxWatchlistBytes >> 20) MiB: use limes watchlist import")
        }
        let upload: WatchlistUpload
        do {
            upload = try FormDataDecoder().decode(
                WatchlistUpload.self,
                from: body,
                boundary: String(boundary).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            )
        } catch {
            throw APIError(.badRequest, code: "malformed_form", field: "file", "the upload could not be read as a form")
        }
        try ConsoleForm(fields: [ConsoleCSRF.field: upload._csrf ?? ""]).requireToken(context)
        guard let text = upload.file, !text.isEmpty else {
            return try await render(
                admin: admin,
                context: context,
                error: refusal(.invalid("file", "choose a file to import")),
                status: .unprocessableContent
            )
        }
        let format: WatchlistFile.Format = upload.format == "jsonl" ? .jsonLines : .csv
        let alerts: [Alert]
        do {
            alerts = try WatchlistFile.read(text, format: format)
        } catch {
            // The whole file is refused; the report names each line and field at fault.
            let report = AdminPage.Report(refused: true, errors: error.errors.map(\.description), truncated: error.truncated)
            return try await render(admin: admin, context: context, report: report, status: .unprocessableContent)
        }
        let result = try await store.watchlist.importAlerts(alerts, replace: upload.replace == "on", actor: admin.id)
        let format2 = renderer.format(context)
        let report = AdminPage.Report(
            refused: false,
            added: format2.number(result.added),
            updated: format2.number(result.updated),
            removed: format2.number(result.removed)
        )
        return try await render(admin: admin, context: context, report: report)
    }
}
