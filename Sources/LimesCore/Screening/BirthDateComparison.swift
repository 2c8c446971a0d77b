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

    var evidence: HitEvidence {
        switch finding {
        case .travellerUnknown: return HitEvidence(.birthUnknownForTraveller)
        case .alertUnknown: return HitEvidence(.birthUnknownOnAlert)
        case .equal(let date): return HitEvidence(.birthEqual, ["date": date.description])
        case .daySwapped(let t, let a): return HitEvidence(.birthDayMonthSwapped, ["traveller": t.description, "alert": a.description])
        case .yearAndMonthEqual(let year, let month):
            return HitEvidence(.birthYearMonthEqual, ["date": "\(year)-\(month < 10 ? "0" : "")\(month)"])
        case .yearEqual(let year): return HitEvidence(.birthYearEqual, ["year": String(year)])
        case .yearEqualDateDiffers(let t, let a):
            return HitEvidence(.birthYearEqualDateDiffers, ["year": String(a.year), "traveller": t.description, "alert": a.description])
        case .yearOff(let t, let a): return HitEvidence(.birthYearOff, ["traveller": String(t), "alert": String(a)])
        case .differs(let t, let a): return HitEvidence(.birthDiffers, ["traveller": t.description, "alert": a.description])
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
