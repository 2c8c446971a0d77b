/// One piece of evidence behind a screening hit, as a code with its values: a console writes it
/// in the officer's language from these; `text` is the English sentence the API and the
/// command line give.
public struct HitEvidence: Sendable, Hashable, Codable {
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        case nameEqual = "name_equal"
        case nameTransliterated = "name_transliterated"
        case nameWithoutAccents = "name_without_accents"
        case nameVariant = "name_variant"
        case nameClose = "name_close"
        case nameMissingOnAlert = "name_missing_on_alert"
        case nameNotOnAlert = "name_not_on_alert"
        case listedMissingForTraveller = "listed_missing_for_traveller"
        case listedNotMatched = "listed_not_matched"
        case nameOrder = "name_order"
        case nameCutShort = "name_cut_short"
        case birthUnknownForTraveller = "birth_unknown_for_traveller"
        case birthUnknownOnAlert = "birth_unknown_on_alert"
        case birthEqual = "birth_equal"
        case birthDayMonthSwapped = "birth_day_month_swapped"
        case birthYearMonthEqual = "birth_year_month_equal"
        case birthYearEqual = "birth_year_equal"
        case birthYearEqualDateDiffers = "birth_year_equal_date_differs"
        case birthYearOff = "birth_year_off"
        case birthDiffers = "birth_differs"
        case sexDiffers = "sex_differs"
        case nationalityEqual = "nationality_equal"
        case nationalityNotAmongAlerts = "nationality_not_among_alerts"
        case documentListed = "document_listed"
        case documentThroughOCRConfusion = "document_through_ocr_confusion"
    }

    public var code: Code
    /// By name: `role` (surname, given_name, name_part), `part`, `listed`, `similarity`,
    /// `traveller`, `alert`, `date`, `year`, `month`, `nationality`, `nationalities`, `sex`,
    /// `document`, `state`, `confusions`.
    public var values: [String: String]

    public init(_ code: Code, _ values: [String: String] = [:]) {
        self.code = code
        self.values = values
    }

    /// The sentence in English.
    public var text: String {
        func v(_ name: String) -> String { values[name] ?? "" }
        let role = v("role").replacingOccurrences(of: "_", with: " ")
        let state = values["state"].map { " issued by \($0)" } ?? ""
        switch code {
        case .nameEqual: return "\(role) \(v("part")) equal"
        case .nameTransliterated: return "\(role) \(v("part")) matches \(v("listed")) after transliteration"
        case .nameWithoutAccents: return "\(role) \(v("part")) matches \(v("listed")) without accents"
        case .nameVariant: return "\(role) \(v("part")) matches \(v("listed")) as a spelling variant"
        case .nameClose: return "\(role) \(v("part")) is close to \(v("listed")) (similarity \(v("similarity"))%)"
        case .nameMissingOnAlert: return "\(role) \(v("part")) missing on the alert"
        case .nameNotOnAlert: return "\(role) \(v("part")) not on the alert"
        case .listedMissingForTraveller: return "listed name part \(v("listed")) missing for the traveller"
        case .listedNotMatched: return "listed name part \(v("listed")) not matched"
        case .nameOrder: return "name parts in another order"
        case .nameCutShort: return "the name may be cut short by the machine readable zone: compared without its last part \(v("part"))"
        case .birthUnknownForTraveller: return "birth date unknown for the traveller"
        case .birthUnknownOnAlert: return "birth date unknown on the alert"
        case .birthEqual: return "birth date \(v("date")) equal"
        case .birthDayMonthSwapped: return "birth date \(v("traveller")) equals \(v("alert")) with day and month swapped"
        case .birthYearMonthEqual: return "birth year and month \(v("date")) equal; day unknown on one side"
        case .birthYearEqual: return "birth year \(v("year")) equal; month and day unknown on one side"
        case .birthYearEqualDateDiffers: return "birth year \(v("year")) equal, but the date differs (\(v("traveller")) and \(v("alert")))"
        case .birthYearOff: return "birth year \(v("traveller")) is one year off the alert's \(v("alert"))"
        case .birthDiffers: return "birth date differs: \(v("traveller")) and \(v("alert"))"
        case .sexDiffers: return "sex differs (\(v("traveller")) and \(v("alert")) on the alert)"
        case .nationalityEqual: return "nationality \(v("nationality")) equal"
        case .nationalityNotAmongAlerts: return "nationality \(v("nationality")) not among the alert's (\(v("nationalities")))"
        case .documentListed: return "document \(v("document"))\(state) is listed"
        case .documentThroughOCRConfusion:
            return "document \(v("document")) matches listed \(v("listed"))\(state) through OCR confusion (\(v("confusions")))"
        }
    }
}
