import LimesCore
import LimesStore

extension API {
    /// A table as the API shows it: what it counts, its cells (margins have `_T`), and for a
    /// protected table the rules; a withheld cell has no `value` and says why in `status`.
    struct StatTable: APIBody {
        struct Cell: APIBody {
            var coordinates: [String]
            var value: Int?
            var status: String?
            var yearEarlier: Int?
        }

        var measure: String
        var from: CalendarDate
        var to: CalendarDate
        var by: [String]
        var every: String
        var filters: [String: [String]]
        var protected: Bool
        var indicators: [String]?
        var total: Int?
        var cells: [Cell]

        init(_ table: LimesCore.StatTable, protected: Bool) {
            measure = table.query.measure.rawValue
            from = table.query.from
            to = table.query.to
            by = table.query.by.map(\.rawValue)
            every = table.query.every.rawValue
            filters = Dictionary(uniqueKeysWithValues: table.query.filters.map { ($0.key.rawValue, $0.value) })
            self.protected = protected
            indicators = table.indicators
            total = table.total
            cells = table.cells.map { Cell(coordinates: $0.coordinates, value: $0.value, status: $0.status?.rawValue, yearEarlier: $0.yearEarlier) }
        }
    }

    struct DisclosureRules: APIBody, Decodable {
        var threshold: Int
        var protectionInterval: Int

        init(_ rules: LimesCore.DisclosureRules) {
            threshold = rules.threshold
            protectionInterval = rules.protectionInterval
        }

        var rules: LimesCore.DisclosureRules { .init(threshold: threshold, protectionInterval: protectionInterval) }
    }

    struct Release: APIBody {
        var id: String
        var title: String
        var rules: DisclosureRules
        var publishedAt: Timestamp
        var publishedBy: String
        var contentHash: String
        var withdrawn: Bool
        var withdrawnAt: Timestamp?
        var withdrawnReason: String?
        var tables: [StatTable]

        init(_ release: StatRelease) {
            id = release.id
            title = release.title
            rules = DisclosureRules(release.rules)
            publishedAt = release.publishedAt
            publishedBy = release.publishedBy
            contentHash = release.contentHash
            withdrawn = release.withdrawn != nil
            withdrawnAt = release.withdrawn?.at
            withdrawnReason = release.withdrawn?.reason
            tables = release.tables.map { StatTable($0, protected: true) }
        }
    }

    /// `POST /api/v1/releases` and `/preview`: a title, optional rules (the service's by
    /// default), and tables, each asked as the table routes ask (a measure, a period or
    /// from/to, breakdowns, filters), with the indicators it serves.
    struct ReleaseRequest: Decodable, Sendable {
        struct Table: Decodable, Sendable {
            var measure: String
            var period: String?
            var from: String?
            var to: String?
            var by: [String]?
            var every: String?
            var filters: [String: [String]]?
            var indicators: [String]?

            func query(today: CalendarDate, ages: AgeBands, index: Int) throws -> StatQuery {
                var parameters: [(String, String)] = [("measure", measure)]
                if let period { parameters.append(("period", period)) }
                if let from { parameters.append(("from", from)) }
                if let to { parameters.append(("to", to)) }
                if let by, !by.isEmpty { parameters.append(("by", by.joined(separator: ","))) }
                if let every { parameters.append(("every", every)) }
                for (name, values) in (filters ?? [:]).sorted(by: { $0.key < $1.key }) {
                    guard let dimension = StatDimension(rawValue: name), dimension != .period else {
                        throw APIError.invalid(
                            "tables[\(index)].filters.\(name)",
                            "no such filter; use \(StatDimension.allCases.dropFirst().map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                    parameters.append((dimension.rawValue, values.joined(separator: ",")))
                }
                do {
                    return try StatQuery(parameters: parameters, today: today, ages: ages)
                } catch {
                    throw APIError.invalid("tables[\(index)].\(error.parameter)", error.message)
                }
            }
        }

        var title: String
        var rules: DisclosureRules?
        var tables: [Table]

        func draft(today: CalendarDate, settings: LimesStore.StatisticsSettings) throws -> StatRelease.Draft {
            StatRelease.Draft(
                title: title,
                rules: rules?.rules ?? settings.rules,
                tables: try tables.enumerated().map { try $0.element.query(today: today, ages: settings.ageBands, index: $0.offset) },
                indicators: tables.map { $0.indicators ?? [] }
            )
        }
    }

    struct WithdrawRequest: Decodable, Sendable {
        var reason: String
    }

    struct Duration: APIBody {
        var count: Int
        var medianSeconds: Double?
        var p90Seconds: Double?

        init(_ histogram: DurationHistogram) {
            count = histogram.total
            medianSeconds = histogram.percentile(0.5)
            p90Seconds = histogram.percentile(0.9)
        }
    }

    struct ProcessingTimes: APIBody {
        struct Slot: APIBody {
            var weekday: Int
            var hour: Int
            var firstLine: Duration
            var secondLine: Duration
        }

        var bcp: String?
        var from: CalendarDate
        var to: CalendarDate
        var firstLine: Duration
        var secondLine: Duration
        var byHour: [Slot]
        var queues: [LaneQueue]

        init(_ times: LimesCore.ProcessingTimes, bcp: String?, from: CalendarDate, to: CalendarDate, queues: [LimesCore.LaneQueue]) {
            self.bcp = bcp
            self.from = from
            self.to = to
            firstLine = Duration(times.first)
            secondLine = Duration(times.second)
            byHour = times.byHour.map { Slot(weekday: $0.weekday, hour: $0.hour, firstLine: Duration($0.first), secondLine: Duration($0.second)) }
            self.queues = queues.map(LaneQueue.init)
        }
    }

    struct LaneQueue: APIBody {
        var bcp: String
        var lane: String
        var waiting: Int
        var reportedAt: Timestamp
        var decidedLastHour: Int
        var estimatedWaitMinutes: Double?

        init(_ queue: LimesCore.LaneQueue) {
            bcp = queue.bcp
            lane = queue.lane
            waiting = queue.waiting
            reportedAt = queue.reportedAt
            decidedLastHour = queue.decidedLastHour
            estimatedWaitMinutes = queue.estimatedWaitMinutes
        }
    }

    struct QueueReport: Decodable, Sendable {
        var bcp: String
        var lane: String
        var waiting: Int
    }

    struct Indicator: APIBody {
        var id: String
        var framework: String
        var title: String
        var definition: String
        var measures: [String]

        init(_ indicator: LimesCore.Indicator) {
            id = indicator.id
            framework = indicator.framework
            title = indicator.title
            definition = indicator.definition
            measures = indicator.measures.map(\.rawValue)
        }
    }

    struct StatisticsSettings: APIBody, Decodable {
        var ageBands: [Int]
        var rules: DisclosureRules

        init(_ settings: LimesStore.StatisticsSettings) {
            ageBands = settings.ageBands.lowerBounds
            rules = DisclosureRules(settings.rules)
        }

        var settings: LimesStore.StatisticsSettings { .init(ageBands: AgeBands(lowerBounds: ageBands), rules: rules.rules) }
    }
}
