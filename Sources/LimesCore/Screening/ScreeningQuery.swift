/// A traveller to screen: the name as read (any script), and what else is known.
public struct ScreeningQuery: Sendable, Hashable {
    public var name: String
    public var birthDate: PartialDate?
    public var sex: Sex?
    public var nationality: String?
    public var documentNumber: String?
    public var documentCountry: String?
    /// How many leading parts of `name` are the surname, when known (from an MRZ), so reasons
    /// can say "surname" and "given name".
    public var surnameParts: Int?
    /// The name filled its machine readable zone and may be cut short: its last part is then
    /// compared as the start of a longer one.
    public var nameMayBeTruncated: Bool = false

    public init(
        name: String,
        birthDate: PartialDate? = nil,
        sex: Sex? = nil,
        nationality: String? = nil,
        documentNumber: String? = nil,
        documentCountry: String? = nil,
        surnameParts: Int? = nil
    ) {
        self.name = name
        self.birthDate = birthDate
        self.sex = sex
        self.nationality = nationality
        self.documentNumber = documentNumber
        self.documentCountry = documentCountry
        self.surnameParts = surnameParts
    }

    /// The traveller of a document read from its MRZ.
    public init(document: MRZDocument) {
        self.init(
            name: [document.surname, document.givenNames].filter { !$0.isEmpty }.joined(separator: " "),
            birthDate: PartialDate(document.dateOfBirth),
            sex: document.sex == .unspecified ? nil : document.sex,
            nationality: document.nationality.code,
            documentNumber: document.documentNumber,
            documentCountry: document.issuingState.code,
            surnameParts: NameNormalizer.normalize(document.surname).tokens.count
        )
        nameMayBeTruncated = document.nameMayBeTruncated
    }
}
