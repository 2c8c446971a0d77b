/// How a traveller's date of birth bears on an alert's: a factor on the name score and a reason.
struct BirthDateComparison {
    /// What was found; the sentence is written only for hits (most candidates are dropped, and
    /// sentences cost), and keeping the dates rather than a closure costs no allocation.
    private enum Finding {
        case travellerUnknown
        case alertUnknown
        case equal(PartialDate)
        case daySwapped(traveller: PartialDate, alert: PartialDate)
        case yearAndMonthEqual(year: Int, month: Int)
        case yearEqual(Int)
        case yearEqualDateDiffers(traveller: PartialDate, alert: PartialDate)
        case yearOff(traveller: Int, alert: Int)
        case differs(traveller: PartialDate, alert: PartialDate)
    }

    var factor: Double
    private var finding: Finding

    var reason: String {
        switch finding {
        case .travellerUnknown: return "birth date unknown for the traveller"
        case .alertUnknown: return "birth date unknown on the alert"
        case .equal(let date): return "birth date \(date) equal"
        case .daySwapped(let t, let a): return "birth date \(t) equals \(a) with day and month swapped"
        case .yearAndMonthEqual(let year, let month):
            return "birth year and month \(year)-\(month < 10 ? "0" : "")\(month) equal; day unknown on one side"
        case .yearEqual(let year): return "birth year \(year) equal; month and day unknown on one side"
        case .yearEqualDateDiffers(let t, let a): return "birth year \(a.year) equal, but the date differs (\(t) and \(a))"
        case .yearOff(let t, let a): return "birth year \(t) is one year off the alert's \(a)"
        case .differs(let t, let a): return "birth date differs: \(t) and \(a)"
        }
    }

    static func compare(traveller: PartialDate?, alert: PartialDate?) -> BirthDateComparison {
        guard let t = traveller else { return BirthDateComparison(factor: 0.9, finding: .travellerUnknown) }
        guard let a = alert else { return BirthDateComparison(factor: 0.9, finding: .alertUnknown) }
        if t.year == a.year {
            switch (t.month, a.month, t.day, a.day) {
            case let (tm?, am?, td?, ad?) where tm == am && td == ad:
                return BirthDateComparison(factor: 1, finding: .equal(a))
            case let (tm?, am?, td?, ad?) where tm == ad && td == am:
                return BirthDateComparison(factor: 0.95, finding: .daySwapped(traveller: t, alert: a))
            case let (tm?, am?, _, nil) where tm == am, let (tm?, am?, nil, _) where tm == am:
                return BirthDateComparison(factor: 0.97, finding: .yearAndMonthEqual(year: a.year, month: am))
            case (_, nil, _, _), (nil, _, _, _):
                // One year in sixty or so agrees by chance: some evidence, not much.
                return BirthDateComparison(factor: 0.85, finding: .yearEqual(a.year))
            default:
                return BirthDateComparison(factor: 0.75, finding: .yearEqualDateDiffers(traveller: t, alert: a))
            }
        }
        if abs(t.year - a.year) == 1 {
            return BirthDateComparison(factor: 0.6, finding: .yearOff(traveller: t.year, alert: a.year))
        }
        return BirthDateComparison(factor: 0.35, finding: .differs(traveller: t, alert: a))
    }
}
