import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// The figures page: a table of any measure by up to two breakdowns, filtered, with its chart
/// and the change against a year before; processing times as a heat map beside lane queues;
/// files to take out, protected.
struct FiguresConsole {
    let store: Store
    let statistics: StatisticsService
    let renderer: ConsoleRenderer

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("figures", use: page)
        group.get("figures/export", use: FiguresController(store: store, statistics: statistics).export)
        group.get("figures/times", use: times)
        group.post("figures/queues", use: reportQueue)
    }

    static let filterDimensions: [StatDimension] = [.bcp, .borderType, .direction, .citizenship, .sex, .ageBand]

    /// The form's fields as the API's parameters: `by1` and `by2` make `by`; empty fields are
    /// left out.
    static func parameters(_ request: Request) -> [(String, String)] {
        let query = request.uri.queryParameters
        func given(_ name: String) -> String? { query.get(name).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        var parameters: [(String, String)] = [("measure", given("measure") ?? "crossings")]
        for name in ["period", "from", "to", "every"] { if let value = given(name) { parameters.append((name, value)) } }
        let by = ["by1", "by2"].compactMap(given)
        if !by.isEmpty { parameters.append(("by", by.joined(separator: ","))) }
        for dimension in filterDimensions { if let value = given(dimension.rawValue) { parameters.append((dimension.rawValue, value)) } }
        return parameters
    }

    @Sendable func page(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.readStatistics)
        let views = ConsoleViews(renderer: renderer, context: context)
        var parameters = Self.parameters(request)
        if !request.uri.queryParameters.contains(where: { $0.key == "period" || $0.key == "from" }) {
            parameters.append(("period", String(statistics.today().year)))
        }
        let chosen = Dictionary(parameters, uniquingKeysWith: { a, _ in a })
        var model = FiguresPage(
            measures: StatMeasure.allCases.map {
                .init(value: $0.rawValue, label: StatTableView.measureName($0, views: views), selected: chosen["measure"] == $0.rawValue)
            },
            period: chosen["period"] ?? "",
            from: chosen["from"] ?? "",
            to: chosen["to"] ?? "",
            by1: Self.options(StatDimension.allCases, chosen: request.uri.queryParameters.get("by1"), views: views),
            by2: Self.options(StatDimension.allCases, chosen: request.uri.queryParameters.get("by2"), views: views),
            every: PeriodGranularity.allCases.map {
                .init(value: $0.rawValue, label: views.text("figures.every.\($0.rawValue)"), selected: (chosen["every"] ?? "month") == $0.rawValue)
            },
            filters: Self.filterDimensions.map { dimension in
                .init(name: dimension.rawValue, label: views.text("figures.dimension.\(dimension.rawValue)"), value: chosen[dimension.rawValue] ?? "")
            },
            table: nil,
            error: nil,
            errorField: nil,
            exportQuery: ""
        )
        do {
            let table = try await statistics.table(parameters: try FiguresController.parameters(request: parameters, for: user))
            model.table = StatTableView(table, views: views, rightToLeft: views.language.isRightToLeft)
            model.exportQuery = parameters.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        } catch {
            guard let refusal = APIError.refusal(error, .unprocessableContent, .forbidden) else { throw error }
            model.error = refusal.message
            model.errorField = refusal.field
        }
        return try renderer.page("figures", title: "figures.title", model: model, context: context)
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? ""
    }

    static func options(_ dimensions: [StatDimension], chosen: String?, views: ConsoleViews) -> [Option] {
        [Option(value: "", label: views.text("figures.no_breakdown"), selected: chosen == nil || chosen == "")]
            + dimensions.map { Option(value: $0.rawValue, label: views.text("figures.dimension.\($0.rawValue)"), selected: chosen == $0.rawValue) }
    }

    struct Option: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    /// `figures.mustache`.
    struct FiguresPage: Encodable {
        struct Filter: Encodable {
            var name: String
            var label: String
            var value: String
        }

        var measures: [Option]
        var period: String
        var from: String
        var to: String
        var by1: [Option]
        var by2: [Option]
        var every: [Option]
        var filters: [Filter]
        var table: StatTableView?
        var error: String?
        var errorField: String?
        var exportQuery: String
    }

    @Sendable func times(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.readStatistics)
        let views = ConsoleViews(renderer: renderer, context: context)
        let bcps = try await store.organisation.bcps().filter { user.mayReadStatistics(of: $0.code) }
        guard !bcps.isEmpty else { throw APIError.forbidden("you are assigned to no BCP") }
        let chosen = request.uri.queryParameters.get("bcp") ?? bcps[0].code
        guard let bcp = bcps.first(where: { $0.code == chosen }) else {
            try user.requireBCP(chosen); throw APIError.invalid("bcp", "'\(chosen)' is not a known BCP")
        }
        let (from, to) = try FiguresController.days(request, today: statistics.today())
        let times = try await store.statistics.processingTimes(bcp: bcp.code, from: from, to: to)
        let queues = try await store.statistics.queues(bcp: bcp.code)
        let format = views.format
        let weekdays = (1...7).map { views.text("figures.weekday.\($0)") }
        let hours = (0..<24).map { String(format: "%02d", $0) }
        let medians = (0..<7).map { day in (0..<24).map { times.byHour[day * 24 + $0].first.percentile(0.5) } }
        let model = TimesPage(
            bcps: bcps.map { Option(value: $0.code, label: $0.name, selected: $0.code == bcp.code) },
            bcp: bcp.code,
            from: from.description,
            to: to.description,
            period: "\(format.date(from)) – \(format.date(to))",
            firstCount: format.number(times.first.total),
            firstMedian: format.seconds(times.first.percentile(0.5)),
            firstP90: format.seconds(times.first.percentile(0.9)),
            secondCount: format.number(times.second.total),
            secondMedian: format.seconds(times.second.percentile(0.5)),
            secondP90: format.seconds(times.second.percentile(0.9)),
            heatMap: SVGChart.heatMap(
                rows: weekdays,
                columns: hours,
                values: medians,
                title: views.text("figures.heat_map"),
                rightToLeft: views.language.isRightToLeft,
                format: { format.seconds($0) }
            ),
            slots: (0..<7).flatMap { day in
                (0..<24).compactMap { hour -> Slot? in
                    let slot = times.byHour[day * 24 + hour]
                    guard slot.first.total > 0 else { return nil }
                    return Slot(
                        weekday: weekdays[day],
                        hour: hours[hour],
                        count: format.number(slot.first.total),
                        median: format.seconds(slot.first.percentile(0.5)),
                        p90: format.seconds(slot.first.percentile(0.9))
                    )
                }
            },
            queues: queues.map {
                QueueRow(
                    lane: $0.lane,
                    waiting: format.number($0.waiting),
                    reported: format.dateTime($0.reportedAt),
                    decided: format.number($0.decidedLastHour),
                    wait: $0.estimatedWaitMinutes.map { format.seconds($0 * 60) } ?? views.text("figures.no_estimate")
                )
            },
            lanes: bcp.lanes.map { Option(value: $0.code, label: $0.name, selected: false) },
            mayReport: user.may(.recordCrossings) && user.worksAt(bcp.code)
        )
        return try renderer.page("figures_times", title: "figures.times_title", model: model, context: context)
    }

    struct Slot: Encodable {
        var weekday: String
        var hour: String
        var count: String
        var median: String
        var p90: String
    }

    struct QueueRow: Encodable {
        var lane: String
        var waiting: String
        var reported: String
        var decided: String
        var wait: String
    }

    /// `figures_times.mustache`.
    struct TimesPage: Encodable {
        var bcps: [Option]
        var bcp: String
        var from: String
        var to: String
        var period: String
        var firstCount: String
        var firstMedian: String
        var firstP90: String
        var secondCount: String
        var secondMedian: String
        var secondP90: String
        var heatMap: String
        var slots: [Slot]
        var queues: [QueueRow]
        var lanes: [Option]
        var mayReport: Bool
    }

    @Sendable func reportQueue(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.recordCrossings)
        let form = try await ConsoleForm.read(request, context: context)
        let bcp = form.value("bcp") ?? ""
        try user.requireBCP(bcp)
        guard let text = form.value("waiting"), let waiting = Int(text) else {
            throw APIError.invalid("waiting", "give the number of people waiting")
        }
        _ = try await store.statistics.reportQueue(bcp: bcp, lane: form.value("lane") ?? "", waiting: waiting, by: user.id, at: statistics.now())
        return ConsoleMiddleware.redirect("/console/figures/times?bcp=\(Self.encode(bcp))")
    }
}
