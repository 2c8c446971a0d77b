import LimesCore

/// How figures are cut and protected by default: the age bands of every breakdown by age, and
/// the disclosure rules a release starts from (a release may set its own).
public struct StatisticsSettings: Sendable, Hashable, Codable {
    public var ageBands: AgeBands
    public var rules: DisclosureRules

    public init(ageBands: AgeBands = .eurostat, rules: DisclosureRules = .standard) {
        self.ageBands = ageBands
        self.rules = rules
    }

    public static let standard = StatisticsSettings()

    public var problems: [String] {
        ageBands.problems.map { "ageBands.\($0.field): \($0.message)" } + rules.problems.map { "rules.\($0.field): \($0.message)" }
    }
}

extension SettingsStore {
    static let statisticsSetting = "statistics"

    public func statistics() async throws -> StatisticsSettings {
        try await setting(SettingsStore.statisticsSetting, as: StatisticsSettings.self) ?? .standard
    }

    public func setStatistics(_ settings: StatisticsSettings, actor: String) async throws {
        let problems = settings.problems
        guard problems.isEmpty else { throw SettingsStore.refuse("statistics settings", problems) }
        try await saveSetting(SettingsStore.statisticsSetting, settings, actor: actor)
    }
}
