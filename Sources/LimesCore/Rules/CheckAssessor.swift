/// Turns the facts of a check into a verdict with its reasons. Pure: the same facts always
/// give the same verdict, which is what lets a second line officer or an auditor replay it.
public enum CheckAssessor {
    public static func assess(_ facts: CheckFacts) -> Verdict {
        var reasons: [VerdictReason] = []
        reasons += documentReasons(facts)
        reasons += identityReasons(facts.identity)
        reasons += hitReasons(facts.hits)
        if facts.direction == .entry { reasons += visaReasons(facts) }
        reasons += stayReasons(facts)
        for refusal in facts.earlierRefusals {
            let ground = refusal.ground.map { " on ground \($0)" } ?? ""
            reasons.append(
                VerdictReason(
                    code: "history.refused",
                    level: .refer,
                    message: "refused entry at \(refusal.bcp) on \(refusal.day)\(ground)",
                    details: ["bcp": refusal.bcp, "day": refusal.day.description, "ground": refusal.ground ?? "–"]
                )
            )
        }
        if facts.openProtectionFlags > 0 {
            reasons.append(
                VerdictReason(
                    code: "protection.flag",
                    level: .refer,
                    message: "a protection flag is open for this person: involve a protection officer; a refusal needs a supervisor's review",
                    details: [:]
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
            case .nationalityNotRecognised, .expiresSoon, .ocrCorrected, .nameMayBeTruncated:
                level = .clear
            }
            return VerdictReason(
                code: "document.\(check.code.rawValue)",
                level: level,
                message: check.message,
                ground: ground,
                details: documentDetails(check, facts.document, today: facts.today)
            )
        }
    }

    /// The values of a document check's sentence, for a console to write it in its language.
    static func documentDetails(_ check: DocumentCheck, _ document: MRZDocument, today: CalendarDate) -> [String: String] {
        switch check.code {
        case .expired, .expiresSoon:
            guard let expiry = document.dateOfExpiry.date else { return [:] }
            return ["day": expiry.description, "days": String(abs(today.days(until: expiry)))]
        case .expiryUnreadable: return ["raw": document.dateOfExpiry.raw]
        case .issuerNotRecognised, .specimen: return ["code": document.issuingState.code]
        case .nationalityNotRecognised: return ["code": document.nationality.code]
        case .checkDigitsFailed: return ["fields": check.fields.map(\.rawValue).joined(separator: ",")]
        case .mrzProblems: return ["fields": check.fields.map(\.rawValue).joined(separator: ","), "count": String(document.problems.count)]
        case .ocrCorrected:
            return [
                "count": String(document.corrections.count),
                "fields": Array(Set(document.corrections.map(\.field))).map(\.rawValue).sorted().joined(separator: ","),
            ]
        case .nameMayBeTruncated: return [:]
        }
    }

    /// A document recorded for another person goes to second line, naming what differs and
    /// with whom; a known person's new document is shown, and changes nothing.
    static func identityReasons(_ finding: IdentityFinding?) -> [VerdictReason] {
        switch finding {
        case nil: return []
        case .documentRecordedFor(let holder, let document, let differences):
            let what = differences.map { $0 == .birthDate ? "birth date" : $0.rawValue }
            let listed = what.count <= 1 ? what.joined() : what.dropLast().joined(separator: ", ") + " and " + what.last!
            return [
                VerdictReason(
                    code: "identity.document_of_another",
                    level: .refer,
                    message:
                        "document \(document.issuer) \(document.number) is recorded for \(holder.summary): the \(listed) \(what.count == 1 ? "differs" : "differ"); second line to establish who holds it",
                    ground: "B",
                    details: [
                        "issuer": document.issuer, "number": document.number, "holder": holder.summary,
                        "holder_name": [holder.surname, holder.givenNames].filter { !$0.isEmpty }.joined(separator: " "),
                        "holder_birth": holder.birthDate, "differences": differences.map(\.rawValue).joined(separator: ","),
                    ]
                )
            ]
        case .likelyRenewal(let previous):
            let list = previous.map { "\($0.issuer) \($0.number)" + ($0.expiry.map { " (expiry \($0))" } ?? "") }.joined(separator: ", ")
            return [
                VerdictReason(
                    code: "identity.new_document",
                    level: .clear,
                    message: "a new document for a known traveller, likely a renewal; recorded before: \(list)",
                    details: ["previous": previous.map { "\($0.issuer) \($0.number)" }.joined(separator: ", ")]
                )
            ]
        }
    }

    static func hitReasons(_ hits: [ScreeningHit]) -> [VerdictReason] {
        hits.map { hit in
            let listed = "\(hit.list.rawValue.replacingOccurrences(of: "_", with: " ")) alert \(hit.alertID)"
            let why = hit.reasons.joined(separator: "; ")
            let score = String(Int((hit.score * 100).rounded()))
            let details = ["list": hit.list.rawValue, "alert": hit.alertID, "score": score, "action": hit.action.rawValue]
            if let clearance = hit.previouslyCleared {
                return VerdictReason(
                    code: "watchlist.cleared",
                    level: .clear,
                    message: "\(listed): \(clearance.summary)",
                    details: details.merging(["officer": clearance.officer, "day": clearance.day.description, "reason": clearance.reason]) { $1 }
                )
            }
            switch hit.band {
            case .strong:
                let serious = hit.action == .arrest || hit.action == .refuseEntry
                return VerdictReason(
                    code: "watchlist.strong",
                    level: serious ? .stop : .refer,
                    message: "strong match with \(listed) (\(score)%), action: \(hit.action.instruction); \(why)",
                    ground: hit.action == .refuseEntry ? "H" : nil,
                    details: details
                )
            case .possible:
                return VerdictReason(
                    code: "watchlist.possible",
                    level: .refer,
                    message: "possible match with \(listed) (\(score)%): confirm or dismiss; \(why)",
                    details: details
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
                        "stays under a \(facts.stayBasis == .residencePermit ? "residence permit" : "long-stay visa"): the short-stay limit does not apply",
                    details: ["basis": facts.stayBasis.rawValue]
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
                    ground: "C",
                    details: ["nationality": facts.document.nationality.code, "group": facts.group.name]
                )
            ]
        }
        return VisaCheck.check(visa: visa, holder: facts.document, today: facts.today)
    }

    static func stayReasons(_ facts: CheckFacts) -> [VerdictReason] {
        var reasons: [VerdictReason] = []
        let stay = facts.stay
        if let entered = facts.openEntry {
            reasons.append(
                VerdictReason(
                    code: "history.entry_without_exit",
                    level: facts.entryWithoutExit,
                    message:
                        "already entered on \(entered) and no exit is recorded since: the days from then count as stayed; establish whether the traveller left",
                    details: ["day": entered.description]
                )
            )
        }
        for day in facts.missingExits {
            reasons.append(
                VerdictReason(
                    code: "history.exit_missing",
                    level: .clear,
                    message: "no exit recorded after the entry of \(day)",
                    details: ["day": day.description]
                )
            )
        }
        guard let rule = stay.rule else { return reasons }
        let ruleDetails = ["max": String(rule.maxDays), "window": String(rule.windowDays), "used": String(stay.daysUsed)]
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
                        ground: "F",
                        details: ruleDetails
                    )
                )
            } else {
                let exit = stay.latestExit.map { ", leave by \($0)" } ?? ""
                reasons.append(
                    VerdictReason(
                        code: "stay.remaining",
                        level: .clear,
                        message: "\(remaining) day\(remaining == 1 ? "" : "s") of stay remaining (\(stay.daysUsed) used of \(rule))\(exit)",
                        details: ruleDetails.merging(["remaining": String(remaining), "until": stay.latestExit?.description ?? "–"]) { $1 }
                    )
                )
            }
        case .exit:
            if stay.stayStarted == nil {
                reasons.append(VerdictReason(code: "history.entry_missing", level: .clear, message: "no entry recorded for this stay", details: [:]))
            } else if stay.overstayDays > 0 {
                let since = stay.latestExit.map { " (allowed until \($0))" } ?? ""
                reasons.append(
                    VerdictReason(
                        code: "stay.overstay",
                        level: .refer,
                        message: "overstayed by \(stay.overstayDays) day\(stay.overstayDays == 1 ? "" : "s")\(since): \(rule)",
                        details: ruleDetails.merging(["days": String(stay.overstayDays), "until": stay.latestExit?.description ?? "–"]) { $1 }
                    )
                )
            } else if let started = stay.stayStarted {
                reasons.append(
                    VerdictReason(
                        code: "stay.within",
                        level: .clear,
                        message: "stay since \(started) within \(rule)",
                        details: ruleDetails.merging(["since": started.description]) { $1 }
                    )
                )
            }
        }
        return reasons
    }
}
