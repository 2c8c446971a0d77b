import Foundation

/// How a person met without documents reached the border.
public enum ArrivalMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// By boat, often in a group rescued or landed together.
    case sea
    case land
    case air
}

/// What an officer writes down of a person met without a travel document (an arrival by sea,
/// a group at the green border): what the person says of themselves, what the officer sees,
/// and with whom they came. Everything but the arrival may be unknown, because a person who
/// cannot or will not say their name still needs to be flagged, checked and referred.
public struct PersonWithoutDocuments: Sendable, Hashable, Codable {
    /// As the person gives it; nil when not given.
    public var surname: String?
    public var givenNames: String?
    /// As declared, when a full date is given.
    public var birthDate: CalendarDate?
    /// The officer's estimate in years when no date is given: a guess, never an age assessment.
    public var estimatedAge: Int?
    public var sex: Sex?
    /// Declared nationality: a code Limes knows (ISO 3166-1 alpha-3 or ICAO's `XXA` stateless,
    /// `XXX` unspecified). Nil is recorded as `XXX`.
    public var nationality: String?
    /// Languages the person speaks, for the interpreter and the leaflet.
    public var languages: String?
    public var arrival: ArrivalMode
    /// What ties those who came together: a boat's name, a rescue number, a group reference.
    public var group: String?
    /// What the officer sees and hears: condition, clothing, who accompanies the person.
    public var description: String?

    public init(
        surname: String? = nil,
        givenNames: String? = nil,
        birthDate: CalendarDate? = nil,
        estimatedAge: Int? = nil,
        sex: Sex? = nil,
        nationality: String? = nil,
        languages: String? = nil,
        arrival: ArrivalMode,
        group: String? = nil,
        description: String? = nil
    ) {
        self.surname = surname
        self.givenNames = givenNames
        self.birthDate = birthDate
        self.estimatedAge = estimatedAge
        self.sex = sex
        self.nationality = nationality
        self.languages = languages
        self.arrival = arrival
        self.group = group
        self.description = description
    }

    /// The code stored when no nationality is declared (ICAO Doc 9303: unspecified).
    public static let unknownNationality = "XXX"

    /// The same record with blank texts as nil, names in capitals and spaces trimmed, so
    /// that a group's members can be found and compared with checks made later.
    public var normalized: PersonWithoutDocuments {
        func clean(_ text: String?) -> String? {
            guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
            return trimmed
        }
        var copy = self
        copy.surname = clean(surname)?.uppercased()
        copy.givenNames = clean(givenNames)?.uppercased()
        copy.nationality = clean(nationality)?.uppercased()
        copy.languages = clean(languages)
        copy.group = clean(group)
        copy.description = clean(description)
        if sex == .unspecified { copy.sex = nil }
        return copy
    }

    /// What is wrong, each as `field: problem`; empty when the record can be kept.
    public func problems(today: CalendarDate) -> [String] {
        var problems: [String] = []
        for (field, text, limit) in [
            ("surname", surname, 100), ("givenNames", givenNames, 100), ("languages", languages, 200), ("group", group, 100),
            ("description", description, 4_000),
        ] {
            if let text, text.count > limit { problems.append("\(field): over \(limit) characters") }
            if let text, let problem = field == "description" ? FreeText.textProblem(text) : FreeText.nameProblem(text) {
                problems.append("\(field): \(problem)")
            }
        }
        if let birthDate, birthDate > today { problems.append("birthDate: \(birthDate) is in the future") }
        if let estimatedAge, !(0...120).contains(estimatedAge) {
            problems.append("estimatedAge: \(estimatedAge) is not an age; give years from 0 to 120")
        }
        if birthDate != nil, estimatedAge != nil {
            problems.append("estimatedAge: give a declared birth date or an estimate, not both")
        }
        if let nationality, CountryCode.name(of: nationality) == nil {
            problems.append(
                "nationality: '\(nationality)' is not a known code; give ISO 3166-1 alpha-3 (SDN, ERI), XXA for stateless, or leave it empty"
            )
        }
        return problems
    }

    /// Whether what was noted says the person may be a child: a declared date or an estimate
    /// under 18. The officer is reminded to flag; the flag itself stays the officer's act.
    public func mayBeAChild(today: CalendarDate) -> Bool {
        if let estimatedAge { return estimatedAge < 18 }
        if let birthDate {
            let birthdayPassed = (today.month, today.day) >= (birthDate.month, birthDate.day)
            return today.year - birthDate.year - (birthdayPassed ? 0 : 1) < 18
        }
        return false
    }
}
