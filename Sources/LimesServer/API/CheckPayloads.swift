import LimesCore
import LimesStore

/// `POST /api/v1/checks`.
struct CheckRequest: Decodable, Sendable {
    /// The MRZ as the reader typed it (two or three lines).
    var mrz: String?
    /// The document's data typed in, when no MRZ can be read.
    var document: TypedDocument?
    /// The MRZ of a visa presented with the passport.
    var visaMrz: String?
    var bcp: String
    var lane: String
    var direction: String
    /// `short_stay` (default), `residence_permit`, `long_stay_visa`.
    var stayBasis: String?
    /// When the officer started with this traveller (the device's clock); default: now.
    var startedAt: Timestamp?
}

struct TypedDocument: Decodable, Sendable {
    var documentCode: String?
    var issuer: String
    var number: String
    var surname: String
    var givenNames: String
    var nationality: String
    var birthDate: CalendarDate
    var sex: String?
    var expiry: CalendarDate
}

struct DocumentSummary: APIBody {
    var kind: String
    var code: String
    var issuer: String
    var number: String
    var surname: String
    var givenNames: String
    var nameMayBeTruncated: Bool
    var nationality: String
    var birthDate: String?
    var sex: String?
    var expiry: String?
    var checks: [DocumentCheck]

    init(_ document: MRZDocument, checks: [DocumentCheck]) {
        kind = document.kind.rawValue
        code = document.documentCode
        issuer = document.issuingState.code
        number = document.documentNumber
        surname = document.surname
        givenNames = document.givenNames
        nameMayBeTruncated = document.nameMayBeTruncated
        nationality = document.nationality.code
        birthDate = document.dateOfBirth.iso
        sex = document.sex?.rawValue
        expiry = document.dateOfExpiry.date?.description
        self.checks = checks
    }
}

struct CheckResponse: APIBody {
    var checkId: String
    var verdict: Verdict.Level
    var reasons: [VerdictReason]
    var traveller: API.Traveller
    var document: DocumentSummary
    var hits: [API.Hit]
    var stay: StayAssessment
    var stayBasis: StayBasis
    var lastCrossings: [API.Crossing]
    var bcp: String
    var lane: String
    var direction: Direction
    var startedAt: Timestamp
    var checkedAt: Timestamp
}

/// `POST /api/v1/crossings`.
struct CrossingRequest: Decodable, Sendable {
    var checkId: String
    var decision: String
    var ground: String?
    var note: String?
    /// A protection flag raised with the decision, in the same transaction.
    var protectionFlag: FlagPayload?

    struct FlagPayload: Decodable, Sendable {
        var kind: String
        var note: String?
    }
}

/// A protection kind read from a request, with the field named when it is unknown.
func protectionKind(_ text: String, field: String) throws -> ProtectionKind {
    guard let kind = ProtectionKind(rawValue: text) else {
        throw APIError.invalid(field, "'\(text)' is not a protection kind; use \(ProtectionKind.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return kind
}

/// A flag's kind and note read from a request, with the field named when the kind is unknown.
func newProtectionFlag(kind text: String, note: String?, field: String) throws -> NewProtectionFlag {
    let kind = try protectionKind(text, field: field)
    return try NewProtectionFlag(kind: kind, note: note)
}

/// `POST /api/v1/second-line/cases/{id}/decision`.
struct CaseDecisionRequest: Decodable, Sendable {
    var decision: String
    var ground: String?
    var note: String?
}

/// `POST /api/v1/hits/{id}/resolution`.
struct HitResolutionRequest: Decodable, Sendable {
    /// `confirm` or `dismiss`.
    var resolution: String
    var reason: String
}

struct LoginRequest: Decodable, Sendable {
    var username: String
    var password: String
    /// `device` (default; a booth's long-lived token) or `web` (lapses after inactivity).
    var kind: String?
    var label: String?
}

struct LoginResponse: APIBody {
    var token: String
    var kind: Session.Kind
    var expiresAt: Timestamp
    var user: API.User
}

struct NewUserRequest: Decodable, Sendable {
    var username: String
    var displayName: String
    var password: String?
    var agencyId: String?
    var homeBcp: String?
    var roles: [String]
    var bcps: [String]?
    var language: String?
}
