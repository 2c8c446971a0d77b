import Hummingbird
import LimesCore
import LimesStore

/// A BCP's day at a glance: crossings by hour, open cases, processing times. No names.
struct BCPTodayConsole {
    let store: Store
    let service: CheckService
    let renderer: ConsoleRenderer

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("bcp-today", use: today)
    }

    @Sendable func today(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.readStatistics)
        let bcps = try await store.organisation.bcps().filter { user.mayReadStatistics(of: $0.code) }
        guard !bcps.isEmpty else { throw APIError.forbidden("you are assigned to no BCP") }
        let chosen = request.uri.queryParameters.get("bcp") ?? bcps[0].code
        guard bcps.contains(where: { $0.code == chosen }) else {
            try user.requireBCP(chosen); throw APIError.invalid("bcp", "'\(chosen)' is not a known BCP")
        }
        var day = service.today
        if let text = request.uri.queryParameters.get("day") {
            guard let given = CalendarDate(iso: text) else { throw APIError.invalid("day", "'\(text)' is not a date written YYYY-MM-DD") }
            day = given
        }
        let stats = try await store.crossings.bcpDay(chosen, day: day)
        let format = renderer.format(context)
        let busiest = max(1, stats.hours.map { max($0.entries, $0.exits) }.max() ?? 1)
        let model = BCPTodayPage(
            bcps: bcps.map { .init(code: $0.code, name: $0.name, selected: $0.code == chosen) },
            bcp: chosen,
            day: format.date(day),
            dayISO: day.description,
            // Bars as widths in per cent, drawn by CSS alone: a chart that needs no script.
            hours: stats.hours.map { hour in
                .init(
                    hour: String(format: "%02d", hour.hour),
                    entries: format.number(hour.entries),
                    exits: format.number(hour.exits),
                    entryWidth: hour.entries * 100 / busiest,
                    exitWidth: hour.exits * 100 / busiest
                )
            },
            entries: format.number(stats.entries),
            exits: format.number(stats.exits),
            admitted: format.number(stats.admitted),
            referred: format.number(stats.referred),
            refused: format.number(stats.refused),
            openCases: format.number(stats.openCases),
            median: format.seconds(stats.medianProcessingSeconds),
            p90: format.seconds(stats.p90ProcessingSeconds)
        )
        return try renderer.page("bcp_today", title: "bcp_today.title", model: model, context: context)
    }

    /// `bcp_today.mustache`.
    struct BCPTodayPage: Encodable {
        struct Choice: Encodable {
            var code: String
            var name: String
            var selected: Bool
        }

        struct Hour: Encodable {
            var hour: String
            var entries: String
            var exits: String
            var entryWidth: Int
            var exitWidth: Int
        }

        var bcps: [Choice]
        var bcp: String
        var day: String
        var dayISO: String
        var hours: [Hour]
        var entries: String
        var exits: String
        var admitted: String
        var referred: String
        var refused: String
        var openCases: String
        var median: String
        var p90: String
    }
}

extension User {
    /// Analysts read every BCP's figures; supervisors those of their own BCPs.
    func mayReadStatistics(of bcp: String) -> Bool {
        may(.readStatistics) && (roles.contains(.analyst) || worksAt(bcp))
    }
}
