/// Whether each check digit of an MRZ is right; nil where the format has no such digit.
public struct MRZCheckDigits: Sendable, Hashable, Codable {
    public var documentNumber: Bool
    public var dateOfBirth: Bool
    public var dateOfExpiry: Bool
    /// The personal number's check digit of a TD3 passport.
    public var optionalData: Bool?
    /// TD1, TD2 and TD3 only; visas have none.
    public var composite: Bool?

    public init(documentNumber: Bool, dateOfBirth: Bool, dateOfExpiry: Bool, optionalData: Bool?, composite: Bool?) {
        self.documentNumber = documentNumber
        self.dateOfBirth = dateOfBirth
        self.dateOfExpiry = dateOfExpiry
        self.optionalData = optionalData
        self.composite = composite
    }

    public var allValid: Bool {
        documentNumber && dateOfBirth && dateOfExpiry && optionalData != false && composite != false
    }

    /// The fields whose check digit failed, in MRZ order.
    public var failedFields: [MRZField] {
        var fields: [MRZField] = []
        if !documentNumber { fields.append(.documentNumber) }
        if !dateOfBirth { fields.append(.dateOfBirth) }
        if !dateOfExpiry { fields.append(.dateOfExpiry) }
        if optionalData == false { fields.append(.optionalData) }
        if composite == false { fields.append(.composite) }
        return fields
    }
}
