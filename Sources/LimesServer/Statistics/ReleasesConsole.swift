import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// Releases in the console: compose up to three tables, preview them protected, publish, and
/// withdraw with a reason. Published releases are listed with their tables as published.
struct ReleasesConsole {
    let store: Store
    let statistics: StatisticsService
    let renderer: ConsoleRenderer

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("releases", use: page)
        group.post("releases", use: compose)
        group.post("releases/{id}/withdraw", use: withdraw)
    }

    static let slots = 3

    @Sendable func page(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.require(.readStatistics)
        return try await render(context: context, form: nil, preview: nil, error: nil)
    }

    func render(context: LimesRequestContext, form: ConsoleForm?, preview: StatRelease?, error: APIError?) async throws -> Response {
        let user = try context.requireUser()
        let views = ConsoleViews(renderer: renderer, context: context)
        let rightToLeft = views.language.isRightToLeft
        let settings = try await statistics.settings()
        let releases = try await store.statistics.releases()
        let model = ReleasesPage(
            mayPublish: user.may(.publishStatistics),
            releaseTitle: form?.value("title") ?? "",
            threshold: form?.value("threshold") ?? String(settings.rules.threshold),
            interval: form?.value("interval") ?? String(settings.rules.protectionInterval),
            slots: (0..<Self.slots).map { slot in
                let measure = form?.value("measure\(slot)")
                return Slot(
                    index: slot,
                    number: slot + 1,
                    measures: [FiguresConsole.Option(value: "", label: views.text("figures.no_table"), selected: measure == nil)]
                        + StatMeasure.allCases.map {
                            .init(value: $0.rawValue, label: StatTableView.measureName($0, views: views), selected: measure == $0.rawValue)
                        },
                    period: form?.value("period\(slot)") ?? "",
                    by1: FiguresConsole.options(StatDimension.allCases, chosen: form?.value("by1_\(slot)"), views: views),
                    by2: FiguresConsole.options(StatDimension.allCases, chosen: form?.value("by2_\(slot)"), views: views),
                    indicators: Indicator.register.map {
                        .init(
                            value: $0.id,
                            label: $0.id,
                            selected: form?.value("indicators\(slot)")?.split(separator: "\n").contains(Substring($0.id)) ?? false
                        )
                    }
                )
            },
            error: error?.message,
            errorField: error?.field,
            preview: preview.map { ReleaseView($0, views: views, rightToLeft: rightToLeft) },
            releases: releases.map { ReleaseView($0, views: views, rightToLeft: rightToLeft) }
        )
        return try renderer.page("releases", title: "releases.title", model: model, context: context)
    }

    /// The form's tables as the API would take them.
    func draft(_ form: ConsoleForm) throws -> API.ReleaseRequest {
        var tables: [API.ReleaseRequest.Table] = []
        for slot in 0..<Self.slots {
            guard let measure = form.value("measure\(slot)") else { continue }
            tables.append(
                API.ReleaseRequest.Table(
                    measure: measure,
                    period: form.value("period\(slot)"),
                    by: ["by1_\(slot)", "by2_\(slot)"].compactMap { form.value($0) },
                    indicators: form.value("indicators\(slot)")?.split(separator: "\n").map(String.init)
                )
            )
        }
        func number(_ name: String, _ field: String) throws -> Int {
            guard let text = form.value(name), let value = Int(text) else { throw APIError.invalid(field, "give a whole number") }
            return value
        }
        let rules = API.DisclosureRules(
            .init(threshold: try number("threshold", "rules.threshold"), protectionInterval: try number("interval", "rules.protectionInterval"))
        )
        return API.ReleaseRequest(title: form.value("title") ?? "", rules: rules, tables: tables)
    }

    @Sendable func compose(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.publishStatistics)
        let form = try await ConsoleForm.read(request, context: context)
        do {
            let draft = try draft(form).draft(today: statistics.today(), settings: try await statistics.settings())
            if form.value("action") == "publish" {
                _ = try await statistics.publish(draft, by: user.id)
                return ConsoleMiddleware.redirect("/console/releases")
            }
            return try await render(context: context, form: form, preview: try await statistics.preview(draft, by: user.id), error: nil)
        } catch {
            guard let refusal = APIError.refusal(error, .unprocessableContent, .badRequest) else { throw error }
            return try await render(context: context, form: form, preview: nil, error: refusal)
        }
    }

    @Sendable func withdraw(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.publishStatistics)
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        do {
            _ = try await store.statistics.withdraw(id, reason: form.value("reason") ?? "", actor: user.id, at: statistics.now())
        } catch {
            guard let refusal = APIError.refusal(error, .unprocessableContent, .conflict) else { throw error }
            return try await render(context: context, form: nil, preview: nil, error: refusal)
        }
        return ConsoleMiddleware.redirect("/console/releases")
    }

    struct Slot: Encodable {
        var index: Int
        var number: Int
        var measures: [FiguresConsole.Option]
        var period: String
        var by1: [FiguresConsole.Option]
        var by2: [FiguresConsole.Option]
        var indicators: [FiguresConsole.Option]
    }

    /// `releases.mustache`.
    struct ReleasesPage: Encodable {
        var mayPublish: Bool
        /// Not `title`, which every page has for its own.
        var releaseTitle: String
        var threshold: String
        var interval: String
        var slots: [Slot]
        var error: String?
        var errorField: String?
        var preview: ReleaseView?
        var releases: [ReleaseView]
    }
}

/// A release as the console and the public page show it.
struct ReleaseView: Encodable {
    var id: String
    var title: String
    var published: String
    var rules: String
    var hash: String
    var withdrawn: String?
    var tables: [Table]

    struct Table: Encodable {
        var number: Int
        var view: StatTableView
    }

    init(_ release: StatRelease, views: ConsoleViews, rightToLeft: Bool) {
        id = release.id
        title = release.title
        published = views.format.dateTime(release.publishedAt)
        rules = views.text("releases.rules", ["threshold": String(release.rules.threshold), "interval": String(release.rules.protectionInterval)])
        hash = release.contentHash
        withdrawn = release.withdrawn.map { views.text("releases.withdrawn_on", ["date": views.format.dateTime($0.at), "reason": $0.reason]) }
        tables = release.tables.enumerated().map {
            Table(number: $0.offset + 1, view: StatTableView($0.element, views: views, rightToLeft: rightToLeft))
        }
    }
}
