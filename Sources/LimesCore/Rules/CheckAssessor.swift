/// Turns the facts of a check into a verdict with its reasons. Pure: the same facts always
/// give the same verdict, which is what lets a second line officer or an auditor replay it.
public enum CheckAssessor {
    public static func assess(_ facts: CheckFacts) -> Verdict {
        var reasons: [VerdictReason] = []
        reasons += documentReasons(facts)
        reasons += hitReasons(facts.hits)
        if facts.direction == .entry { reasons += visaReasons(facts) }
        reasons += stayReasons(facts)
        for refusal in facts.earlierRefusals {
            let ground = refusal.ground.map { " on ground \($0)" } ?? ""
            reasons.append(
                VerdictReason(
                    code: "history.refused",
                    level: .refer,
                    message: "refused entry at \(refusal.bcp) on \(refusal.day)\(ground)"
                )
            )
        }
        return Verdict(reasons: reasons)
    }

    static func documentReasons(_ facts: CheckFacts) -> [VerdictReason] {
        facts.documentChecks.map { check in
            let level: Verdict.Level
            var ground: String?
            switch check.code {
            case .expired:
                (level, ground) = (.stop, "A")
            case .specimen:
                (level, ground) = (.stop, "B")
            case .checkDigitsFailed:
                (level, ground) = (.refer, "B")
            case .mrzProblems, .expiryUnreadable, .issuerNotRecognised:
                level = .refer
            case .nationalityNotRecognised, .expiresSoon, .ocrCorrected:
                level = .clear
            }
            return VerdictReason(code: "document.\(check.code.rawValue)", level: level, message: check.message, ground: ground)
        }
    }

    static func hitReasons(_ hits: [ScreeningHit]) -> [VerdictReason] {
        hits.map { hit in
            let listed = "\(hit.list.rawValue.replacingOccurrences(of: "_", with: " ")) alert \(hit.alertID)"
            let why = hit.reasons.joined(separator: "; ")
            if let clearance = hit.previouslyCleared {
                return VerdictReason(code: "watchlist.cleared", level: .clear, message: "\(listed): \(clearance.summary)")
            }
            switch hit.band {
            case .strong:
                let serious = hit.action == .arrest || hit.action == .refuseEntry
                return VerdictReason(
                    code: "watchlist.strong",
                    level: serious ? .stop : .refer,
                    message: "strong match with \(listed) (\(Int((hit.score * 100).rounded()))%), action: \(hit.action.instruction); \(why)",
                    ground: hit.action == .refuseEntry ? "H" : nil
                )
            case .possible:
                return VerdictReason(
                    code: "watchlist.possible",
                    level: .refer,
                    message: "possible match with \(listed) (\(Int((hit.score * 100).rounded()))%): confirm or dismiss; \(why)"
                )
            }
        }
    }

    static func visaReasons(_ facts: CheckFacts) -> [VerdictReason] {
        if facts.stayBasis != .shortStay {
            return [
                VerdictReason(
                    code: "stay.basis",
                    level: .clear,
                    message:
                        "stays under a \(facts.stayBasis == .residencePermit ? "residence permit" : "long-stay visa"): the short-stay limit does not apply"
                )
            ]
        }
        guard facts.group.visaRequired else { return [] }
        guard let visa = facts.visa else {
            return [
                VerdictReason(
                    code: "visa.missing",
                    level: .refer,
                    message: "\(facts.document.nationality.code) nationals need a visa (group \(facts.group.name)) and none was presented",
                    ground: "C"
                )
            ]
        }
        return VisaCheck.check(visa: visa, holder: facts.document, today: facts.today)
    }

    static func stayReasons(_ facts: CheckFacts) -> [VerdictReason] {
        var reasons: [VerdictReason] = []
        let stay = facts.stay
        for day in facts.missingExits {
            reasons.append(
                VerdictReason(code: "history.exit_missing", level: .clear, message: "no exit recorded after the entry of \(day)")
            )
        }
        guard let rule = stay.rule else { return reasons }
        switch facts.direction {
        case .entry:
            guard facts.stayBasis.counts else { return reasons }
            let remaining = stay.daysRemaining ?? 0
            if remaining == 0 {
                reasons.append(
                    VerdictReason(
                        code: "stay.exhausted",
                        level: .stop,
                        message: "no days left: \(stay.daysUsed) days already stayed of \(rule)",
                        ground: "F"
                    )
                )
            } else {
                let exit = stay.latestExit.map { ", leave by \($0)" } ?? ""
                reasons.append(
                    VerdictReason(
                        code: "stay.remaining",
                        level: .clear,
                        message: "\(remaining) day\(remaining == 1 ? "" : "s") of stay remaining (\(stay.daysUsed) used of \(rule))\(exit)"
                    )
                )
            }
        case .exit:
            if stay.stayStarted == nil {
                reasons.append(VerdictReason(code: "history.entry_missing", level: .clear, message: "no entry recorded for this stay"))
            } else if stay.overstayDays > 0 {
                let since = stay.latestExit.map { " (allowed until \($0))" } ?? ""
                reasons.append(
                    VerdictReason(
                        code: "stay.overstay",
                        level: .refer,
                        message: "overstayed by \(stay.overstayDays) day\(stay.overstayDays == 1 ? "" : "s")\(since): \(rule)"
                    )
                )
            } else if let started = stay.stayStarted {
                reasons.append(VerdictReason(code: "stay.within", level: .clear, message: "stay since \(started) within \(rule)"))
            }
        }
        return reasons
    }
}
