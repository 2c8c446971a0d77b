/// A policy indicator that published figures serve, with its definition, so that a country's
/// report can be assembled from the releases tied to it. The register is data: the preset holds
/// the Global Compact for Migration objectives and SDG targets that border figures feed.
public struct Indicator: Sendable, Hashable, Codable {
    public var id: String
    public var framework: String
    public var title: String
    public var definition: String
    /// The measures that can serve it.
    public var measures: [StatMeasure]

    public init(id: String, framework: String, title: String, definition: String, measures: [StatMeasure]) {
        self.id = id
        self.framework = framework
        self.title = title
        self.definition = definition
        self.measures = measures
    }

    public static let register: [Indicator] = [
        Indicator(
            id: "GCM-1",
            framework: "Global Compact for Migration",
            title: "Objective 1: collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
            definition: "Crossings, travellers and refusals disaggregated by sex, age, citizenship, border type and period.",
            measures: [.crossings, .travellers, .refusals]
        ),
        Indicator(
            id: "GCM-11",
            framework: "Global Compact for Migration",
            title: "Objective 11: manage borders in an integrated, secure and coordinated manner",
            definition: "Crossings, refusals by legal ground, watchlist hits by outcome, and processing times at each BCP.",
            measures: [.crossings, .refusals, .hits]
        ),
        Indicator(
            id: "GCM-23",
            framework: "Global Compact for Migration",
            title: "Objective 23: strengthen international cooperation and global partnerships for safe, orderly and regular migration",
            definition: "Crossings at one-stop border posts and information exchanged with partner countries under agreements.",
            measures: [.crossings]
        ),
        Indicator(
            id: "SDG-10.7",
            framework: "Sustainable Development Goals",
            title: "Target 10.7: facilitate orderly, safe, regular and responsible migration and mobility of people",
            definition: "Persons met without documents, protection flags and referrals by kind and outcome, by sex and age.",
            measures: [.personsWithoutDocuments, .protectionFlags, .referrals]
        ),
        Indicator(
            id: "SDG-16.a",
            framework: "Sustainable Development Goals",
            title: "Target 16.a: strengthen relevant national institutions, including through international cooperation",
            definition: "Refusals by legal ground and watchlist hits confirmed or dismissed: the work of border institutions.",
            measures: [.refusals, .hits]
        ),
    ]
}
