import LimesCore
import LimesStore

/// The records as templates read them: plain dictionaries of text already in the user's
/// language and format.
struct ConsoleViews {
    let renderer: ConsoleRenderer
    let context: LimesRequestContext

    /// Set for a page read without a login (the public statistics), where no user chose one.
    var chosenLanguage: Language? = nil

    var language: Language { chosenLanguage ?? Language(code: context.session?.user.language) }
    var format: ConsoleFormat { renderer.format(language) }

    func text(_ key: String, _ values: [String: String] = [:]) -> String { renderer.catalogue.text(key, language, values) }

    /// One word, one icon and one colour: the colour is never the only signal.
    func verdict(_ level: Verdict.Level) -> VerdictView {
        let icon: String
        switch level {
        case .clear: icon = "✓"
        case .refer: icon = "!"
        case .stop: icon = "✕"
        }
        return VerdictView(level: level.rawValue, word: text("verdict." + level.rawValue), icon: icon)
    }

    func reasons(_ reasons: [VerdictReason]) -> [ReasonView] {
        reasons.map { reason in
            ReasonView(
                level: reason.level.rawValue,
                title: renderer.catalogue.optionalText("reason." + reason.code, language) ?? "",
                message: message(reason),
                ground: reason.ground ?? ""
            )
        }
    }

    /// The reason in the user's language when the catalogue has its text and the core gave its
    /// values; else the core's English words.
    func message(_ reason: VerdictReason) -> String {
        guard let details = reason.details, renderer.catalogue.optionalText("reason_text." + reason.code, language) != nil else {
            return isolated(reason.message)
        }
        var values: [String: String] = [:]
        for (name, value) in details {
            switch name {
            case "day", "until", "since": values[name] = CalendarDate(iso: value).map(format.date) ?? value
            case "list": values[name] = renderer.catalogue.optionalText("list." + value, language) ?? value
            case "action": values[name] = renderer.catalogue.optionalText("action." + value, language) ?? value
            case "basis": values[name] = renderer.catalogue.optionalText("stay_basis." + value, language) ?? value
            case "remaining", "used", "max", "window", "days", "score", "count": values[name] = Int(value).map(format.number) ?? value
            case "holder_birth": values[name] = format.date(iso: value)
            case "after": values[name] = Timestamp(iso: value).map(format.dateTime) ?? value
            case "fields": values[name] = list(value, "mrz_field.")
            case "differences": values[name] = list(value, "identity_difference.")
            default: values[name] = value
            }
        }
        return renderer.catalogue.text("reason_text." + reason.code, language, values.mapValues(isolated))
    }

    /// In a right-to-left sentence, a value written left to right (a name, a document number,
    /// "visa-required", a date with brackets) is isolated (U+2068 … U+2069), so that the
    /// bidirectional algorithm does not reorder it with the words around it.
    func isolated(_ value: String) -> String {
        guard language.isRightToLeft, !value.isEmpty else { return value }
        return "\u{2068}" + value + "\u{2069}"
    }

    /// A hit's evidence in the user's language, its values isolated in a right-to-left sentence.
    func evidence(_ item: HitEvidence) -> String {
        let key = "evidence." + item.code.rawValue
        guard renderer.catalogue.optionalText(key, language) != nil else { return isolated(item.text) }
        let values = item.values.mapValues(isolated).merging(item.values["role"].map { ["role": list($0, "name_role.")] } ?? [:]) { $1 }
        let text = renderer.catalogue.text(key, language, values)
        // A role opens the sentence: a capital in the languages that write one.
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// A comma-separated list of codes, each in the user's language.
    func list(_ codes: String, _ prefix: String) -> String {
        codes.split(separator: ",").map { renderer.catalogue.optionalText(prefix + $0, language) ?? String($0) }.joined(separator: ", ")
    }

    func traveller(_ traveller: TravellerRecord, reads: Mandate = .everything) -> TravellerView {
        // A person without documents may have no name, date or nationality on record.
        let name = [traveller.surname, traveller.givenNames].filter { !$0.isEmpty }.joined(separator: ", ")
        let known = [
            format.date(iso: traveller.birthDate), traveller.nationality == PersonWithoutDocuments.unknownNationality ? "" : traveller.nationality,
        ].filter { !$0.isEmpty }
        return TravellerView(
            label: (name.isEmpty ? text("persons.no_name") : name) + (known.isEmpty ? "" : " (\(known.joined(separator: ", ")))"),
            id: traveller.id,
            surname: traveller.surname,
            givenNames: traveller.givenNames,
            birthDate: format.date(iso: traveller.birthDate),
            sex: traveller.sex ?? "",
            nationality: traveller.nationality,
            readsNames: reads.reads(.identity, "names"),
            readsBirthDate: reads.reads(.identity, "birth_date"),
            readsSex: reads.reads(.identity, "sex"),
            readsNationality: reads.reads(.identity, "nationality")
        )
    }

    func hits(_ hits: [HitRecord], resolvable: Bool = false) -> [HitView] {
        hits.map { hit in
            HitView(
                id: hit.id,
                alert: hit.alertID,
                seenAt: hit.seenAt.map(format.dateTime) ?? "",
                list: renderer.catalogue.optionalText("list." + hit.list, language) ?? hit.list,
                action: renderer.catalogue.optionalText("action." + hit.action, language) ?? hit.action,
                band: text("band." + hit.band),
                strong: hit.band == "strong",
                score: format.number(Int((hit.score * 100).rounded())),
                reasons: hit.evidence.map { $0.map(evidence) } ?? hit.reasons,
                status: text("hit_status." + hit.status.rawValue),
                open: hit.status == .open,
                resolvable: resolvable && hit.status == .open,
                resolutionReason: hit.resolutionReason ?? "",
                resolvedAt: hit.resolvedAt.map(format.dateTime) ?? ""
            )
        }
    }

    func crossings(_ crossings: [CrossingRecord], reads: Mandate = .everything) -> [CrossingView] {
        crossings.map { crossing in
            CrossingView(
                day: format.date(crossing.day),
                decidedAt: format.dateTime(crossing.decidedAt),
                direction: text("direction." + crossing.direction.rawValue),
                decision: text("decision." + crossing.decision.rawValue),
                stage: text("stage." + crossing.stage.rawValue),
                bcp: crossing.bcp,
                lane: crossing.lane,
                ground: crossing.ground ?? "",
                note: crossing.note ?? "",
                authorisedUntil: crossing.authorisedUntil.map(format.date) ?? ""
            ).seen(through: reads)
        }
    }

    func stay(_ stay: StayAssessment) -> StayView {
        StayView(
            hasRule: stay.rule != nil,
            daysUsed: format.number(stay.daysUsed),
            daysRemaining: stay.daysRemaining.map(format.number) ?? "",
            hasRemaining: stay.daysRemaining != nil,
            latestExit: stay.latestExit.map(format.date) ?? "",
            overstayDays: format.number(stay.overstayDays),
            overstay: stay.overstayDays > 0
        )
    }

    func protectionKinds() -> [OptionView] {
        ProtectionKind.allCases.map { OptionView(value: $0.rawValue, label: text("protection_kind." + $0.rawValue)) }
    }

    /// The policy's grounds; those still worded as the Schengen Borders Code's (the example
    /// policy) in the user's language, others as the administrator wrote them.
    func grounds(_ policy: EntryPolicy, proposed: String?) -> [GroundView] {
        policy.refusalGrounds.map { ground in
            GroundView(code: ground.code, text: groundText(ground), selected: ground.code == proposed)
        }
    }

    func groundText(_ ground: RefusalGround) -> String {
        guard RefusalGround.schengenExample.contains(ground) else { return ground.text }
        return renderer.catalogue.optionalText("ground." + ground.code, language) ?? ground.text
    }
}

// The pieces of pages, as the templates read them (`verdict.mustache`, `reasons.mustache`,
// `hits.mustache`, `last_crossings.mustache`, `stay.mustache`): text already in the user's
// language and format.

struct VerdictView: Encodable {
    var level: String
    var word: String
    var icon: String
}

struct ReasonView: Encodable {
    var level: String
    var title: String
    var message: String
    var ground: String
}

struct TravellerView: Encodable {
    var label: String
    var id: String
    var surname: String
    var givenNames: String
    var birthDate: String
    var sex: String
    var nationality: String
    /// Which identity fields the reader's mandate reads: the others are not shown at all.
    var readsNames: Bool
    var readsBirthDate: Bool
    var readsSex: Bool
    var readsNationality: Bool
}

struct HitView: Encodable {
    var id: String
    var alert: String
    var seenAt: String
    var list: String
    var action: String
    var band: String
    var strong: Bool
    var score: String
    var reasons: [String]
    var status: String
    var open: Bool
    var resolvable: Bool
    var resolutionReason: String
    var resolvedAt: String
    /// On a partner's alert: the button that asks that country what it knows.
    var ask: String? = nil
}

extension CrossingView {
    /// Empties what the mandate does not read, so that a template cannot show it by mistake.
    func seen(through mandate: Mandate) -> CrossingView {
        var seen = self
        if !mandate.reads(.crossings, "time") { (seen.day, seen.decidedAt) = ("", "") }
        if !mandate.reads(.crossings, "place") { (seen.bcp, seen.lane) = ("", "") }
        if !mandate.reads(.crossings, "direction") { seen.direction = "" }
        if !mandate.reads(.crossings, "decision") { (seen.decision, seen.stage, seen.ground, seen.note) = ("", "", "", "") }
        if !mandate.reads(.crossings, "stay") { seen.authorisedUntil = "" }
        return seen
    }
}

struct CrossingView: Encodable {
    var day: String
    var decidedAt: String
    var direction: String
    var decision: String
    var stage: String
    var bcp: String
    var lane: String
    var ground: String
    var note: String
    var authorisedUntil: String
}

struct StayView: Encodable {
    var hasRule: Bool
    var daysUsed: String
    var daysRemaining: String
    var hasRemaining: Bool
    var latestExit: String
    var overstayDays: String
    var overstay: Bool
}

struct OptionView: Encodable {
    var value: String
    var label: String
}

struct GroundView: Encodable {
    var code: String
    var text: String
    var selected: Bool
}

/// A choice in a select or a group of radio buttons, with whether it is the chosen one.
struct ChoiceView: Encodable {
    var value: String
    var label: String
    var selected: Bool
}

/// A refusal shown above a form: the field in the user's words, and the problem.
struct RefusalView: Encodable {
    var field: String
    var message: String
}

/// A travel document as pages show it.
struct DocumentView: Encodable {
    var code: String
    var issuer: String
    var number: String
    var expiry: String
}
