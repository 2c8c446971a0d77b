import Hummingbird
import LimesCore
import LimesStore

/// Protection in figures for analysts and supervisors: flags, checks, age assessments and
/// referrals by category and outcome over a period. Counts only, so no read to audit.
struct ProtectionStatisticsConsole {
    let store: Store
    let renderer: ConsoleRenderer

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("statistics", use: page)
    }

    @Sendable func page(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.require(.readStatistics)
        let query = request.uri.queryParameters
        // A form sends the fields it has, empty or not: empty means the default.
        let (from, to) = try ProtectionController.period { query.get($0).flatMap { $0.isEmpty ? nil : $0 } }
        let figures = try await store.protection.protectionStatistics(from: from, to: to)
        let views = ConsoleViews(renderer: renderer, context: context)

        /// Rows of one breakdown, in the given order, each with a bar scaled to the largest.
        func rows(_ counts: [String: Int], _ keys: [String], label prefix: String, open: [String: Int]? = nil) -> [StatisticsPage.Row] {
            let largest = max(counts.values.max() ?? 0, 1)
            return keys.map { key in
                let count = counts[key] ?? 0
                return StatisticsPage.Row(
                    label: views.text(prefix + key),
                    count: views.format.number(count),
                    width: count * 100 / largest,
                    key: key,
                    open: open.map { views.format.number($0[key] ?? 0) }
                )
            }
        }
        let kinds = ProtectionKind.allCases.map(\.rawValue)
        let model = StatisticsPage(
            from: from.description,
            to: to.description,
            period: "\(views.format.date(from)) – \(views.format.date(to))",
            flags: rows(figures.flagsByKind, kinds, label: "protection_kind.", open: figures.openFlagsByKind),
            flagsTotal: views.format.number(figures.flagsByKind.values.reduce(0, +)),
            levels: rows(figures.vulnerabilityChecksByLevel, InterventionLevel.allCases.map(\.rawValue), label: "level."),
            ageOpened: views.format.number(figures.ageAssessmentsOpened),
            ageChild: views.format.number(figures.ageAssessmentsRecordingAChild),
            reviews: views.format.number(figures.safeguardReviews),
            referralKinds: rows(figures.referralsByKind, kinds, label: "protection_kind."),
            referralStatuses: rows(figures.referralsByStatus, ReferralStatus.allCases.map(\.rawValue), label: "referral_status."),
            outcomes: rows(figures.referralOutcomes, ["provided", "not_provided"], label: "referral_outcome.")
        )
        return try renderer.page("statistics", title: "statistics.title", model: model, context: context)
    }

    /// `statistics.mustache`.
    struct StatisticsPage: Encodable {
        struct Row: Encodable {
            var label: String
            var count: String
            var width: Int
            var key: String
            /// How many are still open, for flags.
            var open: String?
        }

        var from: String
        var to: String
        var period: String
        var flags: [Row]
        var flagsTotal: String
        var levels: [Row]
        var ageOpened: String
        var ageChild: String
        var reviews: String
        var referralKinds: [Row]
        var referralStatuses: [Row]
        var outcomes: [Row]
    }
}
