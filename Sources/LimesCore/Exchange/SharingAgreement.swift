/// A sharing agreement between this country and a partner: the law of an exchange, written as
/// data a person can read and audit. Each change is a new version; the highest is in force.
public struct SharingAgreement: Sendable, Hashable, Codable {
    /// What may pass of one kind of message.
    public struct Term: Sendable, Hashable, Codable {
        public var level: SharingLevel
        /// The fields that may pass, within what the level allows.
        public var fields: [String]
        /// For requests for information: hours the receiving side has to answer.
        public var answerHours: Int?

        public init(level: SharingLevel, fields: [String], answerHours: Int? = nil) {
            self.level = level
            self.fields = fields.sorted()
            self.answerHours = answerHours
        }
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case active
        case suspended
    }

    public var id: String
    public var version: Int
    public var title: String
    /// The treaty, memorandum or regulation the exchange rests on.
    public var instrument: String
    /// Its article.
    public var article: String
    /// The partner country (ICAO code); this country is the other party.
    public var partner: String
    public var validFrom: CalendarDate
    public var validUntil: CalendarDate?
    public var status: Status
    public var terms: [ExchangeKind: Term]

    public init(
        id: String,
        version: Int = 1,
        title: String,
        instrument: String,
        article: String,
        partner: String,
        validFrom: CalendarDate,
        validUntil: CalendarDate?,
        status: Status = .active,
        terms: [ExchangeKind: Term]
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.instrument = instrument
        self.article = article
        self.partner = partner
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.status = status
        self.terms = terms
    }

    /// Whether anything may pass under it on `day`: active, and the day within its period.
    public func isInForce(on day: CalendarDate) -> Bool {
        status == .active && validFrom <= day && (validUntil.map { day <= $0 } ?? true)
    }

    /// Why nothing may pass on `day`, in words the other side is told; nil when in force.
    public func notInForce(on day: CalendarDate) -> String? {
        if status == .suspended { return "agreement \(id) is suspended" }
        if day < validFrom { return "agreement \(id) is in force from \(validFrom)" }
        if let validUntil, validUntil < day { return "agreement \(id) expired on \(validUntil)" }
        return nil
    }

    /// Whether `field` of a `kind` message may pass.
    public func allows(_ field: String, of kind: ExchangeKind) -> Bool {
        guard let term = terms[kind] else { return false }
        return term.level.allows(field, of: kind) && term.fields.contains(field)
    }

    /// Whether messages of `kind` pass at all (a counts-only term lets no message about a
    /// person or document through).
    public func carries(_ kind: ExchangeKind) -> Bool {
        guard let term = terms[kind] else { return false }
        return term.level != .countsOnly && !term.fields.isEmpty
    }

    /// What is wrong with the agreement as written, each with the field at fault.
    public var problems: [(field: String, message: String)] {
        var found: [(field: String, message: String)] = []
        if title.trimmingCharacters(in: .whitespaces).isEmpty { found.append(("title", "empty")) }
        if instrument.trimmingCharacters(in: .whitespaces).isEmpty {
            found.append(("instrument", "name the treaty, memorandum or regulation the exchange rests on"))
        }
        if article.trimmingCharacters(in: .whitespaces).isEmpty { found.append(("article", "name the article of the instrument")) }
        if !CountryCode(code: partner).isKnown { found.append(("partner", "'\(partner)' is not an ICAO country code")) }
        if let validUntil, validUntil < validFrom { found.append(("validUntil", "\(validUntil) is before validFrom \(validFrom)")) }
        for (kind, term) in terms.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            if kind.hasDeadline, term.level != .countsOnly, !(1...720).contains(term.answerHours ?? 0) {
                found.append(("terms.\(kind.rawValue).answerHours", "a request for information needs a deadline of 1 to 720 hours"))
            }
            for field in term.fields where !term.level.allows(field, of: kind) {
                let reason =
                    kind.fields.contains(field)
                    ? "'\(field)' goes beyond the level \(term.level.rawValue)"
                    : "'\(field)' is not a field of \(kind.rawValue) (known: \(kind.fields.joined(separator: ", ")))"
                found.append(("terms.\(kind.rawValue).fields", reason))
            }
        }
        return found
    }
}

extension Array where Element == SharingAgreement {
    /// The agreement with `partner` in force on `day` that lets messages of `kind` pass, if any.
    public func inForce(with partner: String, carrying kind: ExchangeKind, on day: CalendarDate) -> SharingAgreement? {
        first { $0.partner == partner && $0.isInForce(on: day) && $0.carries(kind) }
    }
}
