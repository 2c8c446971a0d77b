import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// Figures through the API: tables as asked (inside the service), exports protected and
/// audited, processing times and queues, the indicator register and the statistics settings.
struct FiguresController {
    let store: Store
    let statistics: StatisticsService

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("statistics/tables", use: table)
        group.get("statistics/export", use: export)
        group.get("statistics/processing-times", use: processingTimes)
        group.get("statistics/queues", use: queues)
        group.post("statistics/queues", use: reportQueue)
        group.get("statistics/indicators", use: indicators)
        group.get("statistics/settings", use: settings)
        group.put("statistics/settings", use: saveSettings)
    }

    /// The parameters of a table, narrowed for a user who works at BCPs (a supervisor): their
    /// own BCPs' figures only. Analysts and headquarters' staff read every BCP.
    static func parameters(_ request: Request, for user: User, leaving: Set<String> = []) throws -> [(String, String)] {
        let given = request.uri.queryParameters.map { (String($0.key), String($0.value)) }.filter { !leaving.contains($0.0) }
        return try parameters(request: given, for: user)
    }

    /// `parameters(_:for:)` for parameters already read from a form.
    static func parameters(request parameters: [(String, String)], for user: User) throws -> [(String, String)] {
        guard !user.roles.contains(.analyst), user.roles.contains(where: \.isBoundToPosts) else { return parameters }
        var parameters = parameters
        let own = user.bcps.sorted()
        if let given = parameters.first(where: { $0.0 == "bcp" }) {
            if let other = given.1.split(separator: ",").map(String.init).first(where: { !user.worksAt($0) }) {
                throw APIError(
                    .forbidden,
                    code: "not_assigned",
                    field: "bcp",
                    "you read the figures of your BCPs (\(own.joined(separator: ", "))), not of \(other)"
                )
            }
        } else {
            // No measure, or no such measure: the query's own reading refuses it, naming it.
            guard let measure = parameters.first(where: { $0.0 == "measure" }).flatMap({ StatMeasure(rawValue: $0.1) }) else { return parameters }
            guard measure.dimensions.contains(.bcp) else {
                throw APIError(.forbidden, code: "not_assigned", field: "measure", "you read the figures of your BCPs, and this measure has no BCP")
            }
            parameters.append(("bcp", own.joined(separator: ",")))
        }
        return parameters
    }

    @Sendable func table(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.readStatistics)
        let table = try await statistics.table(parameters: try Self.parameters(request, for: user))
        return try .json(API.StatTable(table, protected: false))
    }

    static let exportParameters: Set<String> = ["format", "threshold", "protectionInterval"]

    /// One table protected as a release would be (against the releases before it too), as
    /// CSV, SDMX-CSV or JSON. Audited: who took which figures out.
    @Sendable func export(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.readStatistics)
        let settings = try await statistics.settings()
        let query = try StatQuery(
            parameters: try Self.parameters(request, for: user, leaving: Self.exportParameters),
            today: statistics.today(),
            ages: settings.ageBands
        )
        var rules = settings.rules
        for (name, keyPath) in [("threshold", \DisclosureRules.threshold), ("protectionInterval", \DisclosureRules.protectionInterval)] {
            guard let text = request.uri.queryParameters.get(name) else { continue }
            guard let value = Int(text) else { throw APIError.invalid(name, "'\(text)' is not a whole number") }
            rules[keyPath: keyPath] = value
        }
        if let problem = rules.problems.first { throw APIError.invalid(problem.field, problem.message) }
        let format = request.uri.queryParameters.get("format") ?? "csv"
        guard ["csv", "sdmx", "json"].contains(format) else { throw APIError.invalid("format", "'\(format)' is not csv, sdmx or json") }
        let table = try await statistics.protect([query], rules: rules)[0]
        try await store.audit.record([
            AuditEntry(
                actor: user.id,
                action: "export",
                recordType: "statistics",
                recordID: query.measure.rawValue,
                purpose: "\(format) \(query.from)..\(query.to) by \(query.by.map(\.rawValue).joined(separator: ",")); threshold \(rules.threshold)"
            )
        ])
        return try Self.file(table, rules: rules, format: format, name: "limes-\(query.measure.rawValue)-\(query.from)-\(query.to)")
    }

    static func file(_ table: LimesCore.StatTable, rules: DisclosureRules, format: String, name: String) throws -> Response {
        let body: String
        var headers = HTTPFields()
        switch format {
        case "sdmx":
            body = StatExport.sdmxCSV(table, agency: "LIMES")
            headers[.contentType] = "application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"\(name).sdmx.csv\""
        case "json":
            let data = try JSONStreamEncoder().encode(ProtectedFile(rules: API.DisclosureRules(rules), table: API.StatTable(table, protected: true)))
            body = String(decoding: data, as: UTF8.self)
            headers[.contentType] = "application/json; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"\(name).json\""
        default:
            body = StatExport.csv(table, rules: rules, source: "Limes, protected export")
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"\(name).csv\""
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    struct ProtectedFile: APIBody {
        var rules: API.DisclosureRules
        var table: API.StatTable
    }

    @Sendable func processingTimes(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.readStatistics)
        let bcp = request.uri.queryParameters.get("bcp")
        if let bcp {
            guard user.mayReadStatistics(of: bcp) else { try user.requireBCP(bcp); throw APIError.forbidden("not your BCP") }
            guard try await store.organisation.bcps().contains(where: { $0.code == bcp }) else {
                throw APIError.notFound("no BCP \(bcp)", field: "bcp")
            }
        } else if !user.roles.contains(.analyst), user.roles.contains(where: \.isBoundToPosts) {
            throw APIError.invalid("bcp", "give one of your BCPs")
        }
        let (from, to) = try Self.days(request, today: statistics.today())
        let times = try await store.statistics.processingTimes(bcp: bcp, from: from, to: to)
        var queues: [LaneQueue] = []
        if let bcp { queues = try await store.statistics.queues(bcp: bcp) }
        return try .json(API.ProcessingTimes(times, bcp: bcp, from: from, to: to, queues: queues))
    }

    /// `period`, or `from` and `to` (each a day or a period); the last 28 days by default.
    static func days(_ request: Request, today: CalendarDate) throws -> (CalendarDate, CalendarDate) {
        let query = request.uri.queryParameters
        if let text = query.get("period") {
            guard let period = StatPeriod(text) else {
                throw APIError.invalid("period", "'\(text)' is not a period; write 2026, 2026-Q4, 2026-12, 2026-W49 or 2026-12-08")
            }
            return (period.first, period.last)
        }
        var from = today.adding(days: -27)
        var to = today
        if let text = query.get("from") {
            guard let period = StatPeriod(text) else { throw APIError.invalid("from", "'\(text)' is not a day or a period") }
            from = period.first
        }
        if let text = query.get("to") {
            guard let period = StatPeriod(text) else { throw APIError.invalid("to", "'\(text)' is not a day or a period") }
            to = period.last
        }
        guard from <= to else { throw APIError.invalid("to", "the period ends (\(to)) before it starts (\(from))") }
        return (from, to)
    }

    @Sendable func queues(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.requireAny(.readStatistics, .recordCrossings)
        guard let bcp = request.uri.queryParameters.get("bcp") else { throw APIError.invalid("bcp", "give the BCP whose queues to list") }
        guard user.mayReadStatistics(of: bcp) || user.worksAt(bcp) else { try user.requireBCP(bcp); throw APIError.forbidden("not your BCP") }
        return try .json(try await store.statistics.queues(bcp: bcp).map(API.LaneQueue.init))
    }

    /// An officer at a lane (or their supervisor) says how many people wait there.
    @Sendable func reportQueue(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.recordCrossings)
        var request = request
        let report = try await request.decodeJSON(as: API.QueueReport.self, context: context)
        try user.requireBCP(report.bcp)
        let queue = try await store.statistics.reportQueue(
            bcp: report.bcp,
            lane: report.lane,
            waiting: report.waiting,
            by: user.id,
            at: statistics.now()
        )
        return try .json(API.LaneQueue(queue), status: .created)
    }

    @Sendable func indicators(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.require(.readStatistics)
        return try .json(Indicator.register.map(API.Indicator.init))
    }

    @Sendable func settings(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.requireAny(.readStatistics, .managePolicy)
        return try .json(API.StatisticsSettings(try await statistics.settings()))
    }

    @Sendable func saveSettings(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.managePolicy)
        var request = request
        let body = try await request.decodeJSON(as: API.StatisticsSettings.self, context: context)
        try await store.settings.setStatistics(body.settings, actor: user.id)
        return try .json(API.StatisticsSettings(try await statistics.settings()))
    }
}
