/// One pass over the lines of one MRZ: reads each field, applies confirmed OCR corrections,
/// and collects problems. Works on bytes; strings are made only for the result.
struct MRZReader {
    typealias Span = MRZLayout.Span
    typealias Position = MRZLayout.Position

    private var lines: [[UInt8]]
    private let original: [[UInt8]]
    private let foreignCharacters: [String]
    private let parser: MRZParser
    private let format: MRZFormat
    private let layout: MRZLayout
    private var problems: [MRZProblem] = []
    private var corrections: [MRZCorrection] = []

    init(input: MRZText, parser: MRZParser) {
        self.lines = input.lines
        self.original = input.lines
        self.foreignCharacters = input.foreignCharacters
        self.parser = parser
        let length = input.lines[0].count
        let isVisa = input.lines[0][0] == UInt8(ascii: "V")
        switch length {
        case 30: format = .td1
        case 36: format = isVisa ? .mrvB : .td2
        default: format = isVisa ? .mrvA : .td3
        }
        layout = MRZLayout.of(format)
    }

    mutating func read() -> MRZDocument {
        let documentCode = readDocumentCode()
        let issuingState = readCountry(layout.issuingState, field: .issuingState)
        let nationality = readCountry(layout.nationality, field: .nationality)
        let name = readName()
        let sex = readSex()

        let birthCheck = readNumericChecked(layout.dateOfBirth, check: layout.dateOfBirthCheck, field: .dateOfBirth, allowsUnknown: true)
        let dateOfBirth = readDate(layout.dateOfBirth, field: .dateOfBirth, charactersValid: birthCheck != nil)
        let expiryCheck = readNumericChecked(layout.dateOfExpiry, check: layout.dateOfExpiryCheck, field: .dateOfExpiry, allowsUnknown: false)
        let dateOfExpiry = readDate(layout.dateOfExpiry, field: .dateOfExpiry, charactersValid: expiryCheck != nil)

        // A long TD1/TD2 number puts `<` where its check digit would be and continues in the
        // optional data: the rest of the number, its check digit, then a filler.
        var numberField: CheckedField? = CheckedField(first: layout.documentNumber, extra: nil, check: layout.documentNumberCheck)
        var optionalSpan = layout.optionalData
        var numberIsValid = false
        if layout.allowsLongDocumentNumber, byte(layout.documentNumberCheck) == UInt8(ascii: "<") {
            if let long = longDocumentNumber() {
                numberField = long.field
                optionalSpan = long.remainingOptional
            } else {
                problems.append(
                    MRZProblem(
                        field: .documentNumber, kind: .invalidLongDocumentNumber,
                        message: "document number check digit is '<', which marks a number longer than 9 characters, but the optional data does not continue it with the rest of the number, its check digit and a '<'",
                        found: "<", expected: String(CheckDigit.compute(lines[layout.documentNumber.line][layout.documentNumber.range])),
                        line: layout.documentNumberCheck.line + 1, position: layout.documentNumberCheck.index + 1))
                numberField = nil
            }
        }
        var pendingNumberCorrection: PendingCorrection? = nil
        if let numberField {
            let outcome = readAlphanumericChecked(numberField, field: .documentNumber, fillerCheckAllowed: false, searchesCorrections: true)
            numberIsValid = outcome.valid
            pendingNumberCorrection = outcome.pending
        }

        var optionalIsValid: Bool? = nil
        if let check = layout.optionalDataCheck {
            let outcome = readAlphanumericChecked(
                CheckedField(first: layout.optionalData, extra: nil, check: check), field: .optionalData, fillerCheckAllowed: true,
                searchesCorrections: false)
            optionalIsValid = outcome.valid
        } else {
            checkCharacters(optionalSpan, field: .optionalData)
        }
        if let span = layout.optionalData2 { checkCharacters(span, field: .optionalData2) }

        var compositeIsValid: Bool? = nil
        if let position = layout.composite {
            if let pending = pendingNumberCorrection {
                if statedDigit(at: position) == compositeComputed() {
                    numberIsValid = true
                    corrections.append(pending.correction(confirmedBy: "the document number and composite check digits match only after it"))
                } else {
                    undo(pending)
                    problems.append(pending.problem)
                }
            }
            compositeIsValid = readComposite(position)
        } else if let pending = pendingNumberCorrection {
            numberIsValid = refuseUnconfirmed(pending, because: "no composite check digit confirms it")
        }

        let numberText = trimmedFillers(
            (numberField ?? CheckedField(first: layout.documentNumber, extra: nil, check: layout.documentNumberCheck)).bytes(in: lines))

        return MRZDocument(
            format: format,
            documentCode: documentCode,
            kind: kind(of: documentCode),
            issuingState: issuingState,
            documentNumber: numberText,
            surname: name.surname,
            givenNames: name.givenNames,
            nameMayBeTruncated: name.truncated,
            nationality: nationality,
            dateOfBirth: dateOfBirth,
            sex: sex,
            dateOfExpiry: dateOfExpiry,
            optionalData: trimmedFillers(Array(lines[optionalSpan.line][optionalSpan.range])),
            optionalData2: layout.optionalData2.map { trimmedFillers(Array(lines[$0.line][$0.range])) },
            checkDigits: MRZCheckDigits(
                documentNumber: numberIsValid, dateOfBirth: birthCheck == true, dateOfExpiry: expiryCheck == true,
                optionalData: optionalIsValid, composite: compositeIsValid),
            problems: problems,
            corrections: corrections,
            lines: original.map { String(decoding: $0, as: UTF8.self) }
        )
    }

    // MARK: - Fields

    private mutating func readDocumentCode() -> String {
        let span = layout.documentCode
        let first = lines[span.line][span.start]
        let second = lines[span.line][span.start + 1]
        let allowed: [UInt8]
        let wording: String
        switch format {
        case .td3: (allowed, wording) = ([UInt8(ascii: "P")], "P, as a passport in 2 lines of 44 needs (V for a visa)")
        case .mrvA, .mrvB: (allowed, wording) = ([UInt8(ascii: "V")], "V")
        case .td1, .td2: (allowed, wording) = ([UInt8(ascii: "I"), UInt8(ascii: "A"), UInt8(ascii: "C")], "A, C or I, as a \(format.summary) needs (P only on passports, V on visas)")
        }
        if !allowed.contains(first) {
            problems.append(
                MRZProblem(
                    field: .documentCode, kind: .invalidDocumentCode,
                    message: "document code starts with '\(character(first, at: Position(line: span.line, index: span.start)))', expected \(wording)",
                    found: character(first, at: Position(line: span.line, index: span.start)), expected: wording,
                    line: span.line + 1, position: span.start + 1))
        }
        if !(isLetter(second) || second == UInt8(ascii: "<")) {
            invalidCharacter(at: Position(line: span.line, index: span.start + 1), field: .documentCode, expected: "a letter or '<'")
        }
        return trimmedFillers(Array(lines[span.line][span.range]))
    }

    private func kind(of code: String) -> MRZDocument.Kind {
        switch code.utf8.first {
        case UInt8(ascii: "P"): return .passport
        case UInt8(ascii: "V"): return .visa
        case UInt8(ascii: "I"): return .identityCard
        default: return .otherTravelDocument
        }
    }

    /// A three-letter code (`D<<` for Germany). Digits that OCR confuses with letters are
    /// read as those letters when that makes a known code.
    private mutating func readCountry(_ span: Span, field: MRZField) -> CountryCode {
        var bytes = Array(lines[span.line][span.range])
        var confusions: [(index: Int, letter: UInt8)] = []
        var badIndex: Int? = nil
        for (i, b) in bytes.enumerated() where !(isLetter(b) || b == UInt8(ascii: "<")) {
            if let letter = OCRConfusion.letter(for: b) { confusions.append((i, letter)) } else if badIndex == nil { badIndex = i }
        }
        if let badIndex {
            invalidCharacter(at: Position(line: span.line, index: span.start + badIndex), field: field, expected: "a letter or '<'")
            return CountryCode(code: trimmedFillers(bytes))
        }
        if !confusions.isEmpty {
            var fixed = bytes
            for c in confusions { fixed[c.index] = c.letter }
            let fixedCode = trimmedFillers(fixed)
            if CountryCode.name(of: fixedCode) != nil {
                for c in confusions {
                    apply(Position(line: span.line, index: span.start + c.index), to: c.letter, field: field,
                          confirmedBy: "country codes hold no digits, and \(fixedCode) is a known code")
                }
                bytes = fixed
            } else {
                for c in confusions {
                    invalidCharacter(at: Position(line: span.line, index: span.start + c.index), field: field, expected: "a letter or '<'")
                }
                return CountryCode(code: trimmedFillers(bytes))
            }
        }
        let country = CountryCode(code: trimmedFillers(bytes))
        if !country.isKnown {
            let shown = String(decoding: lines[span.line][span.range], as: UTF8.self)
            problems.append(
                MRZProblem(
                    field: field, kind: .unknownCountry,
                    message: "\(field.label) '\(shown)' is not a country or organisation code of ICAO Doc 9303",
                    found: shown, expected: "an ICAO country code such as UTO, D<< or FRA", line: span.line + 1, position: span.start + 1))
        }
        return country
    }

    private mutating func readName() -> (surname: String, givenNames: String, truncated: Bool) {
        let span = layout.name
        for i in span.range {
            let b = lines[span.line][i]
            if isLetter(b) || b == UInt8(ascii: "<") { continue }
            let position = Position(line: span.line, index: i)
            if let letter = OCRConfusion.letter(for: b) {
                apply(position, to: letter, field: .name, confirmedBy: "names in an MRZ hold no digits")
            } else {
                invalidCharacter(at: position, field: .name, expected: "a letter or '<'")
            }
        }
        let bytes = lines[span.line][span.range]
        let truncated = bytes.last != UInt8(ascii: "<")
        // The primary identifier ends at the first `<<`; single `<` separate its parts.
        var split = bytes.endIndex
        var i = bytes.startIndex
        while i < bytes.endIndex - 1 {
            if bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "<") { split = i; break }
            i += 1
        }
        let surname = words(bytes[bytes.startIndex..<split])
        let givenNames = split < bytes.endIndex ? words(bytes[(split + 2)...]) : ""
        return (surname, givenNames, truncated)
    }

    private mutating func readSex() -> Sex? {
        let position = layout.sex
        let b = byte(position)
        if let sex = Sex(rawValue: String(UnicodeScalar(b))), b < 0x80 { return sex }
        let found = character(b, at: position)
        problems.append(
            MRZProblem(
                field: .sex, kind: .invalidSex, message: "sex is '\(found)', expected M, F, X or '<'",
                found: found, expected: "M, F, X or <", line: position.line + 1, position: position.index + 1))
        return nil
    }

    /// A date field with its check digit. Letters OCR confuses with digits are read as those
    /// digits when the check digit then holds. Returns nil when the characters are not valid,
    /// else whether the check digit holds.
    private mutating func readNumericChecked(_ span: Span, check: Position, field: MRZField, allowsUnknown: Bool) -> Bool? {
        var forced: [(Position, UInt8)] = []
        var invalid: [Position] = []
        for i in span.range {
            let b = lines[span.line][i]
            if isDigit(b) || (allowsUnknown && b == UInt8(ascii: "<")) { continue }
            let position = Position(line: span.line, index: i)
            if let digit = OCRConfusion.digit(for: b) { forced.append((position, digit)) } else { invalid.append(position) }
        }
        let checkByte = byte(check)
        if !isDigit(checkByte) {
            if let digit = OCRConfusion.digit(for: checkByte) { forced.append((check, digit)) } else { invalid.append(check) }
        }
        if !invalid.isEmpty {
            for position in invalid + forced.map(\.0) {
                invalidCharacter(at: position, field: field, expected: position == check ? "a check digit 0-9" : (allowsUnknown ? "a digit or '<'" : "a digit"))
            }
            return nil
        }
        var fixed = Array(lines[span.line][span.range])
        var fixedCheck = checkByte
        for (position, digit) in forced {
            if position == check { fixedCheck = digit } else { fixed[position.index - span.start] = digit }
        }
        let computed = CheckDigit.compute(fixed)
        let stated = Int(fixedCheck &- UInt8(ascii: "0"))
        if !forced.isEmpty {
            guard computed == stated else {
                for (position, digit) in forced {
                    invalidCharacter(
                        at: position, field: field, expected: position == check ? "a check digit 0-9" : "a digit",
                        note: "read as \(String(UnicodeScalar(digit))) the check digit still fails, so it was not corrected")
                }
                return nil
            }
            for (position, digit) in forced {
                apply(position, to: digit, field: field, confirmedBy: "the \(field.label) check digit \(stated) matches only after it")
            }
            return true
        }
        if computed != stated {
            problems.append(checkDigitProblem(field: field, stated: "\(stated)", computed: computed, at: check))
            return false
        }
        return true
    }

    private mutating func readDate(_ span: Span, field: MRZField, charactersValid: Bool) -> MRZDate {
        let bytes = lines[span.line][span.range]
        let raw = String(decoding: bytes, as: UTF8.self)
        guard charactersValid else { return MRZDate(raw: raw, year: nil, month: nil, day: nil) }
        func pair(_ offset: Int) -> Int?? {
            let a = bytes[span.start + offset], b = bytes[span.start + offset + 1]
            if a == UInt8(ascii: "<"), b == UInt8(ascii: "<") { return .some(nil) }
            guard isDigit(a), isDigit(b) else { return nil }
            return .some(Int(a &- 48) * 10 + Int(b &- 48))
        }
        guard let yy = pair(0), let mm = pair(2), let dd = pair(4) else {
            problems.append(
                MRZProblem(
                    field: field, kind: .invalidDate,
                    message: "\(field.label) '\(raw)' mixes digits and '<' within a part; an unknown year, month or day is written '<<'",
                    found: raw, expected: "YYMMDD", line: span.line + 1, position: span.start + 1))
            return MRZDate(raw: raw, year: nil, month: nil, day: nil)
        }
        if field == .dateOfExpiry, yy == nil || mm == nil || dd == nil {
            problems.append(
                MRZProblem(
                    field: field, kind: .invalidDate, message: "date of expiry '\(raw)' has unknown parts; an expiry date must be complete",
                    found: raw, expected: "YYMMDD", line: span.line + 1, position: span.start + 1))
            return MRZDate(raw: raw, year: nil, month: nil, day: nil)
        }
        if let mm, !(1...12).contains(mm) {
            problems.append(
                MRZProblem(
                    field: field, kind: .invalidDate, message: "\(field.label) '\(raw)' has month \(mm), expected 01 to 12",
                    found: raw, expected: "YYMMDD", line: span.line + 1, position: span.start + 3))
            return MRZDate(raw: raw, year: nil, month: nil, day: nil)
        }
        let year = yy.map { field == .dateOfBirth ? parser.birthYear($0, month: mm, day: dd) : parser.expiryYear($0) }
        if let dd {
            // Without a year, 29 February stays possible.
            let limit = mm.map { CalendarDate.daysInMonth(year: year ?? 2000, month: $0) } ?? 31
            if !(1...limit).contains(dd) {
                problems.append(
                    MRZProblem(
                        field: field, kind: .invalidDate,
                        message: "\(field.label) '\(raw)' has day \(dd), expected 01 to \(limit)",
                        found: raw, expected: "YYMMDD", line: span.line + 1, position: span.start + 5))
                return MRZDate(raw: raw, year: nil, month: nil, day: nil)
            }
        }
        return MRZDate(raw: raw, year: year, month: mm, day: dd)
    }

    // MARK: - Alphanumeric check digits and their OCR corrections

    /// Characters of a checked field: a span, and for a long document number the span of its
    /// continuation in the optional data.
    struct CheckedField {
        var first: Span
        var extra: Span?
        var check: Position

        func positions() -> [Position] {
            var all = first.range.map { Position(line: first.line, index: $0) }
            if let extra { all += extra.range.map { Position(line: extra.line, index: $0) } }
            return all
        }

        func bytes(in lines: [[UInt8]]) -> [UInt8] {
            var all = Array(lines[first.line][first.range])
            if let extra { all += lines[extra.line][extra.range] }
            return all
        }
    }

    /// A single-character OCR correction that made a field's check digit hold, waiting for the
    /// composite check digit to confirm it.
    struct PendingCorrection {
        var field: MRZField
        var position: Position
        var from: UInt8
        var to: UInt8
        var problem: MRZProblem

        func correction(confirmedBy reason: String) -> MRZCorrection {
            MRZCorrection(
                field: field, line: position.line + 1, position: position.index + 1,
                from: String(UnicodeScalar(from)), to: String(UnicodeScalar(to)), confirmedBy: reason)
        }
    }

    private mutating func longDocumentNumber() -> (field: CheckedField, remainingOptional: Span)? {
        let optional = layout.optionalData
        let row = lines[optional.line]
        guard let end = optional.range.first(where: { row[$0] == UInt8(ascii: "<") }), end - optional.start >= 2 else { return nil }
        let extra = Span(line: optional.line, start: optional.start, length: end - 1 - optional.start)
        let remaining = Span(line: optional.line, start: end + 1, length: optional.start + optional.length - end - 1)
        return (CheckedField(first: layout.documentNumber, extra: extra, check: Position(line: optional.line, index: end - 1)), remaining)
    }

    private mutating func readAlphanumericChecked(
        _ field: CheckedField, field name: MRZField, fillerCheckAllowed: Bool, searchesCorrections: Bool
    )
        -> (valid: Bool, pending: PendingCorrection?)
    {
        let positions = field.positions()
        var invalid = false
        for position in positions where !isMRZCharacter(byte(position)) {
            invalidCharacter(at: position, field: name, expected: "a letter, digit or '<'")
            invalid = true
        }
        let checkByte = byte(field.check)
        let allFiller = positions.allSatisfy { byte($0) == UInt8(ascii: "<") }
        if fillerCheckAllowed, allFiller, checkByte == UInt8(ascii: "<") || checkByte == UInt8(ascii: "0") { return (!invalid, nil) }
        if !isDigit(checkByte) {
            if let digit = OCRConfusion.digit(for: checkByte), !invalid {
                let sum = weightedSum(positions)
                if sum % 10 == Int(digit &- 48) {
                    apply(field.check, to: digit, field: name, confirmedBy: "the \(name.label) check digit \(digit &- 48) matches only after it")
                    return (true, nil)
                }
            }
            invalidCharacter(at: field.check, field: name, expected: "a check digit 0-9")
            return (false, nil)
        }
        if invalid { return (false, nil) }
        let stated = Int(checkByte &- 48)
        let sum = weightedSum(positions)
        if sum % 10 == stated { return (true, nil) }

        let mismatch = checkDigitProblem(field: name, stated: "\(stated)", computed: sum % 10, at: field.check)
        // Try every single OCR confusion; exactly one that makes the digit hold is a candidate.
        var candidates: [(Position, UInt8, UInt8)] = []
        for (offset, position) in positions.enumerated() {
            let b = byte(position)
            guard let alternative = OCRConfusion.alternative(for: b) else { continue }
            let weight = [7, 3, 1][offset % 3]
            let changed = sum - (CheckDigit.value(of: b) ?? 0) * weight + (CheckDigit.value(of: alternative) ?? 0) * weight
            if changed % 10 == stated { candidates.append((position, b, alternative)) }
        }
        guard searchesCorrections, candidates.count == 1 else {
            var problem = mismatch
            if searchesCorrections, candidates.count > 1 {
                problem.message += "; \(candidates.count) different OCR corrections would fit, so none was applied"
            }
            problems.append(problem)
            return (false, nil)
        }
        let (position, from, to) = candidates[0]
        lines[position.line][position.index] = to
        return (false, PendingCorrection(field: name, position: position, from: from, to: to, problem: mismatch))
    }

    /// A single field's check digit agrees by accident one time in ten: too little on its own
    /// to change a document number. Report the fitting reading, do not apply it.
    private mutating func refuseUnconfirmed(_ pending: PendingCorrection, because reason: String) -> Bool {
        undo(pending)
        var problem = pending.problem
        problem.message += "; reading '\(String(UnicodeScalar(pending.from)))' at line \(pending.position.line + 1) position \(pending.position.index + 1) as '\(String(UnicodeScalar(pending.to)))' would fit, but \(reason), so it was not applied"
        problems.append(problem)
        return false
    }

    private mutating func undo(_ pending: PendingCorrection) {
        lines[pending.position.line][pending.position.index] = pending.from
    }

    private func compositeComputed() -> Int {
        var sum = 0
        var offset = 0
        for span in layout.compositeSpans {
            for b in lines[span.line][span.range] {
                sum &+= (CheckDigit.value(of: b) ?? 0) * (offset == 0 ? 7 : (offset == 1 ? 3 : 1))
                offset = offset == 2 ? 0 : offset + 1
            }
        }
        return sum % 10
    }

    /// The digit at a check position, reading an OCR-confused letter as its digit.
    private func statedDigit(at position: Position) -> Int? {
        let b = byte(position)
        if isDigit(b) { return Int(b &- 48) }
        return OCRConfusion.digit(for: b).map { Int($0 &- 48) }
    }

    private mutating func readComposite(_ position: Position) -> Bool {
        let computed = compositeComputed()
        let b = byte(position)
        if isDigit(b) {
            if Int(b &- 48) == computed { return true }
            problems.append(checkDigitProblem(field: .composite, stated: "\(b &- 48)", computed: computed, at: position))
            return false
        }
        if let digit = OCRConfusion.digit(for: b), Int(digit &- 48) == computed {
            apply(position, to: digit, field: .composite, confirmedBy: "the composite check digit \(computed) matches only after it")
            return true
        }
        invalidCharacter(at: position, field: .composite, expected: "a check digit 0-9")
        return false
    }

    private func weightedSum(_ positions: [Position]) -> Int {
        var sum = 0
        for (offset, position) in positions.enumerated() {
            sum &+= (CheckDigit.value(of: byte(position)) ?? 0) * [7, 3, 1][offset % 3]
        }
        return sum
    }

    private mutating func checkCharacters(_ span: Span, field: MRZField) {
        for i in span.range where !isMRZCharacter(lines[span.line][i]) {
            invalidCharacter(at: Position(line: span.line, index: i), field: field, expected: "a letter, digit or '<'")
        }
    }

    // MARK: - Helpers

    private func byte(_ position: Position) -> UInt8 { lines[position.line][position.index] }

    private mutating func apply(_ position: Position, to replacement: UInt8, field: MRZField, confirmedBy reason: String) {
        let from = byte(position)
        lines[position.line][position.index] = replacement
        corrections.append(
            MRZCorrection(
                field: field, line: position.line + 1, position: position.index + 1,
                from: String(UnicodeScalar(from)), to: String(UnicodeScalar(replacement)), confirmedBy: reason))
    }

    private mutating func invalidCharacter(at position: Position, field: MRZField, expected: String, note: String? = nil) {
        let found = character(byte(position), at: position)
        let shown = found == " " ? "a space" : "'\(found)'"
        problems.append(
            MRZProblem(
                field: field, kind: .invalidCharacter,
                message: "\(field.label) has \(shown) at line \(position.line + 1) position \(position.index + 1), expected \(expected)"
                    + (note.map { " (\($0))" } ?? ""),
                found: found, expected: expected, line: position.line + 1, position: position.index + 1))
    }

    private func checkDigitProblem(field: MRZField, stated: String, computed: Int, at position: Position) -> MRZProblem {
        MRZProblem(
            field: field, kind: .checkDigitMismatch,
            message: "\(field.label) check digit is \(stated), expected \(computed)",
            found: stated, expected: String(computed), line: position.line + 1, position: position.index + 1)
    }

    /// The character as the reader sent it, including a non-ASCII one the placeholder hides.
    private func character(_ b: UInt8, at position: Position) -> String {
        guard b == MRZText.placeholder else { return String(UnicodeScalar(b)) }
        // Count the placeholders before this one in reading order.
        var index = 0
        for (l, line) in original.enumerated() {
            for (i, c) in line.enumerated() where c == MRZText.placeholder {
                if l == position.line && i == position.index { return index < foreignCharacters.count ? foreignCharacters[index] : "?" }
                index += 1
            }
        }
        return "?"
    }

    private func trimmedFillers(_ bytes: [UInt8]) -> String {
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == UInt8(ascii: "<") { end -= 1 }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// Name parts: runs of `<` become one space, and fillers at either end go.
    private func words(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        for b in bytes {
            if b == UInt8(ascii: "<") {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(UInt8(ascii: " ")); pendingSpace = false }
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) private func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    @inline(__always) private func isLetter(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
    @inline(__always) private func isMRZCharacter(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) || b == 60 }
}
