/// The ways of assessing a claimed age, from the least intrusive. Practice (and the rights of
/// the child) ask that a more intrusive method be used only after the gentler ones.
public enum AgeAssessmentMethod: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Documents the person has or can obtain, checked first.
    case documents
    /// An interview, with an interpreter where needed.
    case interview
    /// A psychosocial assessment by a social worker or psychologist.
    case psychosocial
    /// A physical examination without radiation, by a doctor.
    case physicalExamination = "physical_examination"
    /// X-ray or other radiological examination: the last resort.
    case radiological

    public var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    /// The first method that breaks the order, with the gentler one it should have followed.
    public static func orderProblem(_ methods: [AgeAssessmentMethod]) -> (index: Int, message: String)? {
        for index in methods.indices.dropFirst() where methods[index] < methods[index - 1] {
            return (index, "\(methods[index].rawValue) is less intrusive than \(methods[index - 1].rawValue) and must come before it")
        }
        if Set(methods).count != methods.count { return (methods.count - 1, "a method is listed twice") }
        return nil
    }
}

/// Who is treated as a child while their age is in doubt, and what a conclusion must say.
public enum AgeRules {
    public static let adulthood = 18

    /// The benefit of the doubt: a person is treated as a child while an assessment of their
    /// age is open, and afterwards if the last one recorded an age under 18.
    public static func treatedAsChild(openAssessments: Int, lastRecordedAge: Int?) -> Bool {
        openAssessments > 0 || (lastRecordedAge.map { $0 < adulthood } ?? false)
    }

    /// A conclusion is a range of ages, lowest first, within 0 to 120.
    public static func conclusionViolation(minAge: Int, maxAge: Int) -> RuleViolation? {
        guard (0...120).contains(minAge), (0...120).contains(maxAge), minAge <= maxAge else {
            return RuleViolation("the conclusion is a range of ages, lowest first", field: "minAge")
        }
        return nil
    }
}
