/// The entry conditions a country applies, as data: who needs a visa, how long a short stay
/// may last, and the legal grounds of refusal. Stored in the database and replaced as a whole.
public struct EntryPolicy: Sendable, Hashable, Codable {
    /// The country whose border this is.
    public var country: String
    public var groups: [NationalityGroup]
    /// The group of any nationality no group lists.
    public var defaultGroup: NationalityGroup
    public var refusalGrounds: [RefusalGround]
    /// How far back an earlier refusal still draws the officer's attention.
    public var refusalLookbackDays: Int
    /// What an entry while the traveller's last entry has no exit recorded proposes: `refer`
    /// (second line establishes whether they left) by default, `clear` to show it only, or `stop`.
    public var entryWithoutExit: Verdict.Level

    public init(
        country: String,
        groups: [NationalityGroup],
        defaultGroup: NationalityGroup,
        refusalGrounds: [RefusalGround],
        refusalLookbackDays: Int = 365,
        entryWithoutExit: Verdict.Level = .refer
    ) {
        self.country = country
        self.groups = groups
        self.defaultGroup = defaultGroup
        self.refusalGrounds = refusalGrounds
        self.refusalLookbackDays = refusalLookbackDays
        self.entryWithoutExit = entryWithoutExit
    }

    enum CodingKeys: String, CodingKey {
        case country, groups, defaultGroup, refusalGrounds, refusalLookbackDays, entryWithoutExit
    }

    /// Policies stored before a field existed take its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        country = try container.decode(String.self, forKey: .country)
        groups = try container.decode([NationalityGroup].self, forKey: .groups)
        defaultGroup = try container.decode(NationalityGroup.self, forKey: .defaultGroup)
        refusalGrounds = try container.decode([RefusalGround].self, forKey: .refusalGrounds)
        refusalLookbackDays = try container.decodeIfPresent(Int.self, forKey: .refusalLookbackDays) ?? 365
        entryWithoutExit = try container.decodeIfPresent(Verdict.Level.self, forKey: .entryWithoutExit) ?? .refer
    }

    public func group(of nationality: String) -> NationalityGroup {
        if nationality == country, let citizens = groups.first(where: { $0.name == "citizens" }) { return citizens }
        return groups.first { $0.nationalities.contains(nationality) } ?? defaultGroup
    }

    /// How far back any check reads a traveller's crossings (`HistoryWindow`), whatever their
    /// nationality: what a border post must know of crossings recorded elsewhere.
    public var historyDays: Int {
        let stays = (groups + [defaultGroup]).compactMap(\.stay).map { $0.windowDays + $0.maxDays }
        return max(refusalLookbackDays, stays.max() ?? 0, 0)
    }

    public func ground(_ code: String) -> RefusalGround? {
        refusalGrounds.first { $0.code == code }
    }

    /// Problems that make the policy unusable, each naming its field; empty when it is sound.
    public func problems() -> [String] {
        var problems: [String] = []
        if country.count != 3 { problems.append("country: '\(country)' is not a three-letter code") }
        var seen: [String: String] = [:]
        for group in groups + [defaultGroup] {
            if let stay = group.stay, stay.maxDays < 1 || stay.windowDays < stay.maxDays {
                problems.append("groups.\(group.name).stay: \(stay.maxDays) days in \(stay.windowDays) is not a usable limit")
            }
            for nationality in group.nationalities {
                if let other = seen[nationality], other != group.name {
                    problems.append("groups.\(group.name).nationalities: \(nationality) is also in group \(other)")
                }
                seen[nationality] = group.name
            }
        }
        if refusalGrounds.isEmpty { problems.append("refusalGrounds: at least one ground is needed") }
        if Set(refusalGrounds.map(\.code)).count != refusalGrounds.count { problems.append("refusalGrounds: codes repeat") }
        if refusalLookbackDays < 0 { problems.append("refusalLookbackDays: \(refusalLookbackDays) is negative") }
        return problems
    }

    /// A starting point for a new installation: the Schengen short-stay rule and refusal
    /// grounds, a visa-free group, and a regional free-movement group (ECOWAS as the example).
    public static func example(country: String) -> EntryPolicy {
        EntryPolicy(
            country: country,
            groups: [
                NationalityGroup(name: "citizens", nationalities: [country], visaRequired: false, stay: nil),
                NationalityGroup(
                    name: "regional-free-movement",
                    nationalities: ["BEN", "BFA", "CIV", "CPV", "GHA", "GIN", "GMB", "GNB", "LBR", "MLI", "NER", "NGA", "SEN", "SLE", "TGO"]
                        .filter { $0 != country },
                    visaRequired: false,
                    stay: StayRule(maxDays: 90, windowDays: 180)
                ),
                NationalityGroup(
                    name: "visa-exempt",
                    nationalities: ["D", "FRA", "ITA", "ESP", "GBR", "USA", "CAN", "JPN", "MAR", "TUN"].filter { $0 != country },
                    visaRequired: false,
                    stay: .schengen
                ),
            ],
            defaultGroup: NationalityGroup(name: "visa-required", nationalities: [], visaRequired: true, stay: .schengen),
            refusalGrounds: RefusalGround.schengenExample
        )
    }
}
