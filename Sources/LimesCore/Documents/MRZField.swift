/// A field of a machine readable zone, as named in problems, corrections and check results.
public enum MRZField: String, Sendable, Hashable, Codable, CaseIterable {
    case documentCode = "document_code"
    case issuingState = "issuing_state"
    case documentNumber = "document_number"
    case name
    case nationality
    case dateOfBirth = "date_of_birth"
    case sex
    case dateOfExpiry = "date_of_expiry"
    case optionalData = "optional_data"
    case optionalData2 = "optional_data_2"
    case composite

    /// The field's name in an officer's words.
    public var label: String {
        switch self {
        case .documentCode: return "document code"
        case .issuingState: return "issuing state"
        case .documentNumber: return "document number"
        case .name: return "name"
        case .nationality: return "nationality"
        case .dateOfBirth: return "date of birth"
        case .sex: return "sex"
        case .dateOfExpiry: return "date of expiry"
        case .optionalData: return "optional data"
        case .optionalData2: return "optional data (line 2)"
        case .composite: return "composite"
        }
    }
}
