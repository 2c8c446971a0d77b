import Hummingbird
import LimesCore
import LimesStore

/// Figures without names, for supervisors and analysts.
struct StatisticsController {
    let store: Store
    let service: CheckService

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("bcps/{code}/today", use: today)
    }

    @Sendable func today(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.readStatistics)
        let code = try context.parameters.require("code")
        guard user.mayReadStatistics(of: code) else { try user.requireBCP(code); throw APIError.forbidden("not your BCP") }
        guard try await service.bcp(code) != nil else { throw APIError.notFound("no BCP \(code)", field: "code") }
        var day = service.today
        if let text = request.uri.queryParameters.get("day") {
            guard let given = CalendarDate(iso: text) else { throw APIError.invalid("day", "'\(text)' is not a date written YYYY-MM-DD") }
            day = given
        }
        return try .json(API.of(try await store.crossings.bcpDay(code, day: day)))
    }
}
