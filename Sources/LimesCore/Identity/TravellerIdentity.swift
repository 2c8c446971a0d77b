/// Who a traveller is, as a document or the record says: what identity rules compare.
public struct TravellerIdentity: Sendable, Hashable, Codable {
    public var surname: String
    public var givenNames: String
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` as far as known; empty when unknown.
    public var birthDate: String
    /// `M`, `F`, `X`, or nil when not given.
    public var sex: String?
    public var nationality: String

    public init(surname: String, givenNames: String, birthDate: String, sex: String?, nationality: String) {
        self.surname = surname
        self.givenNames = givenNames
        self.birthDate = birthDate
        self.sex = sex
        self.nationality = nationality
    }

    /// `MENSAH KWAME, M, born 1985-01-01, GHA`: how an officer is told who else holds a document.
    public var summary: String {
        var parts = [[surname, givenNames].filter { !$0.isEmpty }.joined(separator: " ")]
        if let sex, sex == "M" || sex == "F" { parts.append(sex) }
        if !birthDate.isEmpty { parts.append("born \(birthDate)") }
        parts.append(nationality)
        return parts.joined(separator: ", ")
    }
}

/// A travel document recorded for a traveller.
public struct RecordedDocument: Sendable, Hashable, Codable {
    public var issuer: String
    public var number: String
    /// `YYYY-MM-DD`, or nil when unreadable.
    public var expiry: String?

    public init(issuer: String, number: String, expiry: String?) {
        self.issuer = issuer
        self.number = number
        self.expiry = expiry
    }
}

/// What the identity rules found about the person presenting a document.
public enum IdentityFinding: Sendable, Hashable {
    /// The document is recorded for someone else: the holder's identity and what differs.
    /// The presenter is kept as a traveller of their own, linked to the holder.
    case documentRecordedFor(TravellerIdentity, document: RecordedDocument, differences: [IdentityDifference])
    /// A known person (same name, birth date, sex and nationality) with a document not seen
    /// before: likely a renewal. The documents recorded before.
    case likelyRenewal(previous: [RecordedDocument])
}

/// One way two identities disagree.
public enum IdentityDifference: String, Sendable, Hashable, Codable, CaseIterable {
    case name
    case birthDate = "birth_date"
    case sex
}
