/// How long protection records are kept in full, per category, in days. After that,
/// `limes retention run` removes what names or describes the person and keeps only what the
/// statistics need (kinds, levels, dates, outcomes).
public struct RetentionPolicy: Sendable, Hashable, Codable {
    public enum Category: String, Sendable, Hashable, Codable, CaseIterable {
        /// Closed protection flags: the officer's note.
        case protectionFlags = "protection_flags"
        /// Vulnerability checks: the evidence and the note.
        case vulnerabilityAssessments = "vulnerability_assessments"
        /// Closed age assessments: the doubt, the guardian, the professionals' names, the appeal.
        case ageAssessments = "age_assessments"
        /// Finished referrals (done, rejected, revoked): the reasons given.
        case referrals
        /// Records of leaflets given: deleted.
        case informationGiven = "information_given"
        /// Registrations of persons met without documents: the officer's description and the
        /// languages. Not while the person has an open flag.
        case personsWithoutDocuments = "persons_without_documents"
    }

    public var days: [Category: Int]

    public init(days: [Category: Int]) {
        self.days = days
    }

    /// Two years for case records, five for age assessments (a person may appeal or return as
    /// a minor), one for leaflets. A ministry sets its own under its data protection law.
    public static let standard = RetentionPolicy(days: [
        .protectionFlags: 730, .vulnerabilityAssessments: 730, .ageAssessments: 1_825, .referrals: 730, .informationGiven: 365,
        .personsWithoutDocuments: 730,
    ])

    public func problems() -> [String] {
        Category.allCases.compactMap { category in
            guard let value = days[category] else { return "days.\(category.rawValue): missing" }
            return value >= 1 && value <= 36_500 ? nil : "days.\(category.rawValue): \(value) is not 1 to 36,500 days"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let raw = try container.decode([String: Int].self, forKey: .days)
        var days: [Category: Int] = [:]
        for (key, value) in raw {
            guard let category = Category(rawValue: key) else {
                throw DecodingError.dataCorruptedError(forKey: .days, in: container, debugDescription: "'\(key)' is not a retention category")
            }
            days[category] = value
        }
        self.days = days
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Dictionary(uniqueKeysWithValues: days.map { ($0.key.rawValue, $0.value) }), forKey: .days)
    }

    enum CodingKeys: String, CodingKey { case days }
}
