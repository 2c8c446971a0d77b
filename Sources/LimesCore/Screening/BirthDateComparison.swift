/// How a traveller's date of birth bears on an alert's: a factor on the name score and a reason.
struct BirthDateComparison {
    var factor: Double
    /// Built only for hits: most candidates are dropped, and sentences cost.
    private var explain: () -> String
    var reason: String { explain() }

    init(factor: Double, reason: @autoclosure @escaping () -> String) {
        self.factor = factor
        self.explain = reason
    }

    static func compare(traveller: PartialDate?, alert: PartialDate?) -> BirthDateComparison {
        guard let t = traveller else {
            return BirthDateComparison(factor: 0.9, reason: "birth date unknown for the traveller")
        }
        guard let a = alert else {
            return BirthDateComparison(factor: 0.9, reason: "birth date unknown on the alert")
        }
        if t.year == a.year {
            switch (t.month, a.month, t.day, a.day) {
            case let (tm?, am?, td?, ad?) where tm == am && td == ad:
                return BirthDateComparison(factor: 1, reason: "birth date \(a) equal")
            case let (tm?, am?, td?, ad?) where tm == ad && td == am:
                return BirthDateComparison(factor: 0.95, reason: "birth date \(t) equals \(a) with day and month swapped")
            case let (tm?, am?, _, nil) where tm == am, let (tm?, am?, nil, _) where tm == am:
                return BirthDateComparison(
                    factor: 0.97,
                    reason: "birth year and month \(a.year)-\(am < 10 ? "0" : "")\(am) equal; day unknown on one side"
                )
            case (_, nil, _, _), (nil, _, _, _):
                // One year in sixty or so agrees by chance: some evidence, not much.
                return BirthDateComparison(factor: 0.85, reason: "birth year \(a.year) equal; month and day unknown on one side")
            default:
                return BirthDateComparison(factor: 0.75, reason: "birth year \(a.year) equal, but the date differs (\(t) and \(a))")
            }
        }
        if abs(t.year - a.year) == 1 {
            return BirthDateComparison(factor: 0.6, reason: "birth year \(t.year) is one year off the alert's \(a.year)")
        }
        return BirthDateComparison(factor: 0.35, reason: "birth date differs: \(t) and \(a)")
    }
}
