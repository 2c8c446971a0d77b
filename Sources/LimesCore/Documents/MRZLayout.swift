/// Where each field of a format sits: line and 0-based start of every span.
struct MRZLayout {
    struct Span {
        var line: Int
        var start: Int
        var length: Int
        var range: Range<Int> { start..<(start + length) }
    }

    struct Position: Equatable {
        var line: Int
        var index: Int
    }

    var documentCode: Span
    var issuingState: Span
    var documentNumber: Span
    var documentNumberCheck: Position
    var name: Span
    var nationality: Span
    var dateOfBirth: Span
    var dateOfBirthCheck: Position
    var sex: Position
    var dateOfExpiry: Span
    var dateOfExpiryCheck: Position
    var optionalData: Span
    var optionalDataCheck: Position?
    var optionalData2: Span?
    var composite: Position?
    /// The spans the composite check digit covers, in order.
    var compositeSpans: [Span]
    /// TD1 and TD2 may continue a long document number into the optional data.
    var allowsLongDocumentNumber: Bool

    static func of(_ format: MRZFormat) -> MRZLayout {
        switch format {
        case .td1: return td1
        case .td2: return td2
        case .td3: return td3
        case .mrvA: return mrvA
        case .mrvB: return mrvB
        }
    }

    private static let td2 = twoLine(length: 36, optional: 7, composite: true)
    private static let td3 = twoLine(length: 44, optional: 14, composite: true)
    private static let mrvA = twoLine(length: 44, optional: 16, composite: false)
    private static let mrvB = twoLine(length: 36, optional: 8, composite: false)

    private static let td1 = MRZLayout(
        documentCode: Span(line: 0, start: 0, length: 2),
        issuingState: Span(line: 0, start: 2, length: 3),
        documentNumber: Span(line: 0, start: 5, length: 9),
        documentNumberCheck: Position(line: 0, index: 14),
        name: Span(line: 2, start: 0, length: 30),
        nationality: Span(line: 1, start: 15, length: 3),
        dateOfBirth: Span(line: 1, start: 0, length: 6),
        dateOfBirthCheck: Position(line: 1, index: 6),
        sex: Position(line: 1, index: 7),
        dateOfExpiry: Span(line: 1, start: 8, length: 6),
        dateOfExpiryCheck: Position(line: 1, index: 14),
        optionalData: Span(line: 0, start: 15, length: 15),
        optionalDataCheck: nil,
        optionalData2: Span(line: 1, start: 18, length: 11),
        composite: Position(line: 1, index: 29),
        compositeSpans: [
            Span(line: 0, start: 5, length: 25), Span(line: 1, start: 0, length: 7),
            Span(line: 1, start: 8, length: 7), Span(line: 1, start: 18, length: 11),
        ],
        allowsLongDocumentNumber: true
    )

    /// TD2, TD3 and both visas share line 2 up to the optional data.
    private static func twoLine(length: Int, optional: Int, composite: Bool) -> MRZLayout {
        let hasPersonalNumberCheck = length == 44 && composite
        return MRZLayout(
            documentCode: Span(line: 0, start: 0, length: 2),
            issuingState: Span(line: 0, start: 2, length: 3),
            documentNumber: Span(line: 1, start: 0, length: 9),
            documentNumberCheck: Position(line: 1, index: 9),
            name: Span(line: 0, start: 5, length: length - 5),
            nationality: Span(line: 1, start: 10, length: 3),
            dateOfBirth: Span(line: 1, start: 13, length: 6),
            dateOfBirthCheck: Position(line: 1, index: 19),
            sex: Position(line: 1, index: 20),
            dateOfExpiry: Span(line: 1, start: 21, length: 6),
            dateOfExpiryCheck: Position(line: 1, index: 27),
            optionalData: Span(line: 1, start: 28, length: optional),
            optionalDataCheck: hasPersonalNumberCheck ? Position(line: 1, index: 42) : nil,
            optionalData2: nil,
            composite: composite ? Position(line: 1, index: length - 1) : nil,
            compositeSpans: composite
                ? [Span(line: 1, start: 0, length: 10), Span(line: 1, start: 13, length: 7), Span(line: 1, start: 21, length: length - 22)]
                : [],
            allowsLongDocumentNumber: length == 36 && composite
        )
    }
}
