import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// The public statistics page: published releases, protected, readable without a login, in the
/// language asked (`?lang=`), with each table as CSV or SDMX-CSV. Downloads here are not
/// audited one by one: these figures are public once published (publication is audited), and
/// an anonymous reader must not be able to grow the audit trail at will.
struct PublicStatistics {
    let store: Store
    let renderer: ConsoleRenderer

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("statistics", use: page)
        group.get("statistics/{id}/tables/{index}", use: file)
    }

    @Sendable func page(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let language = Language(code: request.uri.queryParameters.get("lang") ?? request.headers[.acceptLanguage])
        let views = ConsoleViews(renderer: renderer, context: context, chosenLanguage: language)
        let releases = try await store.statistics.releases()
        let model = PublicPage(
            releases: releases.map { ReleaseView($0, views: views, rightToLeft: language.isRightToLeft) },
            languages: Language.allCases.map { .init(value: $0.rawValue, label: $0.nativeName, selected: $0 == language) },
            lang: language.rawValue
        )
        return try renderer.page("public_statistics", title: "public_statistics.title", model: model, context: context, language: language)
    }

    struct PublicPage: Encodable {
        var releases: [ReleaseView]
        var languages: [FiguresConsole.Option]
        var lang: String
    }

    @Sendable func file(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let release = try await store.statistics.release(id: id) else { throw APIError.notFound("no release \(id)", field: "id") }
        let (table, format) = try ReleaseController.table(of: release, context: context, request: request)
        return try FiguresController.file(table.1, rules: release.rules, format: format, name: "limes-release-\(release.id)-\(table.0 + 1)")
    }
}
