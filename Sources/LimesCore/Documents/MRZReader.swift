/// One pass over the lines of one MRZ: reads each field, applies confirmed OCR corrections,
/// and collects problems. Works on bytes; strings are made only for the result.
struct MRZReader {
    typealias Span = MRZLayout.Span
    typealias Position = MRZLayout.Position

    private var lines: MRZGrid
    private let original: MRZGrid
    private let foreignCharacters: [String]
    private let parser: MRZParser
    private let format: MRZFormat
    private let layout: MRZLayout
    private var problems: [MRZProblem] = []
    private var corrections: [MRZCorrection] = []

    init(input: MRZText, parser: MRZParser) {
        self.lines = input.grid
        self.original = input.grid
        self.foreignCharacters = input.foreignCharacters
        self.parser = parser
        let length = input.grid.lineLength
        let isVisa = input.grid[0, 0] == UInt8(ascii: "V")
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
                        field: .documentNumber,
                        kind: .invalidLongDocumentNumber,
                        message:
                            "document number check digit is '<', which marks a number longer than 9 characters, but the optional data does not continue it with the rest of the number, its check digit and a '<'",
                        found: "<",
                        expected: String(CheckDigit.compute(lines[layout.documentNumber.line, layout.documentNumber.range])),
                        line: layout.documentNumberCheck.line + 1,
                        position: layout.documentNumberCheck.index + 1
                    )
                )
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
                CheckedField(first: layout.optionalData, extra: nil, check: check),
                field: .optionalData,
                fillerCheckAllowed: true,
                searchesCorrections: false
            )
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

        let numberText: String
        if let extra = numberField?.extra {
            numberText = trimmedFillers(lines[layout.documentNumber.line, layout.documentNumber.range] + lines[extra.line, extra.range])
        } else {
            numberText = trimmedFillers(lines[layout.documentNumber.line, layout.documentNumber.range])
        }

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
            optionalData: trimmedFillers(lines[optionalSpan.line, optionalSpan.range]),
            optionalData2: layout.optionalData2.map { trimmedFillers(lines[$0.line, $0.range]) },
            checkDigits: MRZCheckDigits(
                documentNumber: numberIsValid,
                dateOfBirth: birthCheck == true,
                dateOfExpiry: expiryCheck == true,
                optionalData: optionalIsValid,
                composite: compositeIsValid
            ),
            problems: problems,
            corrections: corrections,
            lines: MRZLines(grid: original)
        )
    }

    // MARK: - Fields

    private mutating func readDocumentCode() -> String {
        let span = layout.documentCode
        let first = lines[span.line, span.start]
        let second = lines[span.line, span.start + 1]
        let fits: Bool
        switch format {
        case .td3: fits = first == UInt8(ascii: "P")
        case .mrvA, .mrvB: fits = first == UInt8(ascii: "V")
        case .td1, .td2: fits = first == UInt8(ascii: "I") || first == UInt8(ascii: "A") || first == UInt8(ascii: "C")
        }
        if !fits {
            let wording =
                format == .td3
                ? "P, as a passport in 2 lines of 44 needs (V for a visa)"
                : "A, C or I, as a \(format.summary) needs (P only on passports, V on visas)"
            let found = character(first, at: Position(line: span.line, index: span.start))
            problems.append(
                MRZProblem(
                    field: .documentCode,
                    kind: .invalidDocumentCode,
                    message: "document code starts with '\(found)', expected \(wording)",
                    found: found,
                    expected: wording,
                    line: span.line + 1,
                    position: span.start + 1
                )
            )
        }
        if !(isLetter(second) || second == UInt8(ascii: "<")) {
            invalidCharacter(at: Position(line: span.line, index: span.start + 1), field: .documentCode, expected: "a letter or '<'")
        }
        return trimmedFillers(lines[span.line, span.range])
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
        let slice = lines[span.line, span.range]
        if slice.allSatisfy({ isLetter($0) || $0 == UInt8(ascii: "<") }) {
            let country = CountryCode.lookup(slice)
            if !country.isKnown { unknownCountry(span, field: field) }
            return country
        }
        var bytes = Array(slice)
        var confusions: [(index: Int, letter: UInt8)] = []
        var badIndex: Int? = nil
        for (i, b) in bytes.enumerated() where !(isLetter(b) || b == UInt8(ascii: "<")) {
            if let letter = OCRConfusion.letter(for: b) { confusions.append((i, letter)) } else if badIndex == nil { badIndex = i }
        }
        if let badIndex {
            invalidCharacter(at: Position(line: span.line, index: span.start + badIndex), field: field, expected: "a letter or '<'")
            return CountryCode(code: trimmedFillers(bytes[...]), name: nil)
        }
        if !confusions.isEmpty {
            var fixed = bytes
            for c in confusions { fixed[c.index] = c.letter }
            let fixedCode = trimmedFillers(fixed[...])
            if CountryCode.name(of: fixedCode) != nil {
                for c in confusions {
                    apply(
                        Position(line: span.line, index: span.start + c.index),
                        to: c.letter,
                        field: field,
                        confirmedBy: "country codes hold no digits, and \(fixedCode) is a known code"
                    )
                }
                bytes = fixed
            } else {
                for c in confusions {
                    invalidCharacter(at: Position(line: span.line, index: span.start + c.index), field: field, expected: "a letter or '<'")
                }
                return CountryCode(code: trimmedFillers(bytes[...]), name: nil)
            }
        }
        let country = CountryCode.lookup(bytes[...])
        if !country.isKnown { unknownCountry(span, field: field) }
        return country
    }

    private mutating func unknownCountry(_ span: Span, field: MRZField) {
        let shown = String(decoding: lines[span.line, span.range], as: UTF8.self)
        problems.append(
            MRZProblem(
                field: field,
                kind: .unknownCountry,
                message: "\(field.label) '\(shown)' is not a country or organisation code of ICAO Doc 9303",
                found: shown,
                expected: "an ICAO country code such as UTO, D<< or FRA",
                line: span.line + 1,
                position: span.start + 1
            )
        )
    }

    private mutating func readName() -> (surname: String, givenNames: String, truncated: Bool) {
        let span = layout.name
        for i in span.range {
            let b = lines[span.line, i]
            if isLetter(b) || b == 60 { continue }
            let position = Position(line: span.line, index: i)
            if let letter = OCRConfusion.letter(for: b) {
                apply(position, to: letter, field: .name, confirmedBy: "names in an MRZ hold no digits")
            } else {
                invalidCharacter(at: position, field: .name, expected: "a letter or '<'")
            }
        }
        let bytes = lines[span.line, span.range]
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
        switch b {
        case UInt8(ascii: "M"): return .male
        case UInt8(ascii: "F"): return .female
        case UInt8(ascii: "X"): return .nonSpecified
        case UInt8(ascii: "<"): return .unspecified
        default: break
        }
        let found = character(b, at: position)
        problems.append(
            MRZProblem(
                field: .sex,
                kind: .invalidSex,
                message: "sex is '\(found)', expected M, F, X or '<'",
                found: found,
                expected: "M, F, X or <",
                line: position.line + 1,
                position: position.index + 1
            )
        )
        return nil
    }

    /// A date field with its check digit. Letters OCR confuses with digits are read as those
    /// digits when the check digit then holds. Returns nil when the characters are not valid,
    /// else whether the check digit holds.
    private mutating func readNumericChecked(_ span: Span, check: Position, field: MRZField, allowsUnknown: Bool) -> Bool? {
        var forced: [(Position, UInt8)] = []
        var invalid: [Position] = []
        for i in span.range {
            let b = lines[span.line, i]
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
                invalidCharacter(
                    at: position,
                    field: field,
                    expected: position == check ? "a check digit 0-9" : (allowsUnknown ? "a digit or '<'" : "a digit")
                )
            }
            return nil
        }
        if forced.isEmpty {
            let computed = CheckDigit.compute(lines[span.line, span.range])
            let stated = Int(checkByte &- UInt8(ascii: "0"))
            if computed != stated {
                problems.append(checkDigitProblem(field: field, stated: "\(stated)", computed: computed, at: check))
                return false
            }
            return true
        }
        var fixed = Array(lines[span.line, span.range])
        var fixedCheck = checkByte
        for (position, digit) in forced {
            if position == check { fixedCheck = digit } else { fixed[position.index - span.start] = digit }
        }
        let computed = CheckDigit.compute(fixed)
        let stated = Int(fixedCheck &- UInt8(ascii: "0"))
        do {
            guard computed == stated else {
                for (position, digit) in forced {
                    invalidCharacter(
                        at: position,
                        field: field,
                        expected: position == check ? "a check digit 0-9" : "a digit",
                        note: "read as \(String(UnicodeScalar(digit))) the check digit still fails, so it was not corrected"
                    )
                }
                return nil
            }
            for (position, digit) in forced {
                apply(position, to: digit, field: field, confirmedBy: "the \(field.label) check digit \(stated) matches only after it")
            }
            return true
        }
    }

    private mutating func readDate(_ span: Span, field: MRZField, charactersValid: Bool) -> MRZDate {
        let bytes = lines[span.line, span.range]
        let raw = String(decoding: bytes, as: UTF8.self)
        guard charactersValid else { return MRZDate(raw: raw, year: nil, month: nil, day: nil) }
        func pair(_ offset: Int) -> Int?? {
            let a = bytes[bytes.startIndex + offset], b = bytes[bytes.startIndex + offset + 1]
            if a == UInt8(ascii: "<"), b == UInt8(ascii: "<") { return .some(nil) }
            guard isDigit(a), isDigit(b) else { return nil }
            return .some(Int(a &- 48) * 10 + Int(b &- 48))
        }
        func invalid(_ message: String, offset: Int) -> MRZDate {
            problems.append(
                MRZProblem(
                    field: field,
                    kind: .invalidDate,
                    message: "\(field.label) '\(raw)' \(message)",
                    found: raw,
                    expected: "YYMMDD",
                    line: span.line + 1,
                    position: span.start + offset + 1
                )
            )
            return MRZDate(raw: raw, year: nil, month: nil, day: nil)
        }
        // An expiry with `<` never gets here: its characters are refused as not digits.
        guard let yy = pair(0), let mm = pair(2), let dd = pair(4) else {
            return invalid("mixes digits and '<' within a part; an unknown year, month or day is written '<<'", offset: 0)
        }
        if let mm, !(1...12).contains(mm) {
            return invalid("has month \(mm), expected 01 to 12", offset: 2)
        }
        let year = yy.map { field == .dateOfBirth ? parser.birthYear($0, month: mm, day: dd) : parser.expiryYear($0) }
        if let dd {
            // Without a year, 29 February stays possible.
            let limit = mm.map { CalendarDate.daysInMonth(year: year ?? 2000, month: $0) } ?? 31
            if !(1...limit).contains(dd) {
                return invalid("has day \(dd), expected 01 to \(limit)", offset: 4)
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

        /// Each position with its weight (7, 3, 1, 7, ...), without building an array.
        @inline(__always)
        func forEach(_ body: (Position, Int) -> Void) {
            var offset = 0
            for i in first.range {
                body(Position(line: first.line, index: i), offset == 0 ? 7 : (offset == 1 ? 3 : 1))
                offset = offset == 2 ? 0 : offset + 1
            }
            if let extra {
                for i in extra.range {
                    body(Position(line: extra.line, index: i), offset == 0 ? 7 : (offset == 1 ? 3 : 1))
                    offset = offset == 2 ? 0 : offset + 1
                }
            }
        }

        func bytes(in lines: MRZGrid) -> [UInt8] {
            var all = Array(lines[first.line, first.range])
            if let extra { all += lines[extra.line, extra.range] }
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
                field: field,
                line: position.line + 1,
                position: position.index + 1,
                from: String(UnicodeScalar(from)),
                to: String(UnicodeScalar(to)),
                confirmedBy: reason
            )
        }
    }

    private mutating func longDocumentNumber() -> (field: CheckedField, remainingOptional: Span)? {
        let optional = layout.optionalData
        guard let end = optional.range.first(where: { lines[optional.line, $0] == UInt8(ascii: "<") }), end - optional.start >= 2 else { return nil }
        let extra = Span(line: optional.line, start: optional.start, length: end - 1 - optional.start)
        let remaining = Span(line: optional.line, start: end + 1, length: optional.start + optional.length - end - 1)
        return (CheckedField(first: layout.documentNumber, extra: extra, check: Position(line: optional.line, index: end - 1)), remaining)
    }

    private mutating func readAlphanumericChecked(
        _ field: CheckedField,
        field name: MRZField,
        fillerCheckAllowed: Bool,
        searchesCorrections: Bool
    )
        -> (valid: Bool, pending: PendingCorrection?)
    {
        var invalid = false
        var allFiller = true
        var sum = 0
        field.forEach { position, weight in
            let b = lines[position.line, position.index]
            if b != 60 { allFiller = false }
            sum &+= (CheckDigit.value(of: b) ?? 0) &* weight
            if !isMRZCharacter(b) { invalid = true }
        }
        if invalid {
            field.forEach { position, _ in
                if !isMRZCharacter(byte(position)) { invalidCharacter(at: position, field: name, expected: "a letter, digit or '<'") }
            }
        }
        let checkByte = byte(field.check)
        if fillerCheckAllowed, allFiller, checkByte == UInt8(ascii: "<") || checkByte == UInt8(ascii: "0") { return (!invalid, nil) }
        if !isDigit(checkByte) {
            if let digit = OCRConfusion.digit(for: checkByte), !invalid {
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
        if sum % 10 == stated { return (true, nil) }
        let positions = field.positions()

        let mismatch = checkDigitProblem(field: name, stated: "\(stated)", computed: sum % 10, at: field.check)
        // Try every single OCR confusion; exactly one that makes the digit hold is a candidate.
        var candidates: [(Position, UInt8, UInt8)] = []
        for (offset, position) in positions.enumerated() {
            let b = byte(position)
            guard let alternative = OCRConfusion.alternative(for: b) else { continue }
            let weight = offset % 3 == 0 ? 7 : (offset % 3 == 1 ? 3 : 1)
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
        lines[position.line, position.index] = to
        return (false, PendingCorrection(field: name, position: position, from: from, to: to, problem: mismatch))
    }

    /// A single field's check digit agrees by accident one time in ten: too little on its own
    /// to change a document number. Report the fitting reading, do not apply it.
    private mutating func refuseUnconfirmed(_ pending: PendingCorrection, because reason: String) -> Bool {
        undo(pending)
        var problem = pending.problem
        problem.message +=
            "; reading '\(String(UnicodeScalar(pending.from)))' at line \(pending.position.line + 1) position \(pending.position.index + 1) as '\(String(UnicodeScalar(pending.to)))' would fit, but \(reason), so it was not applied"
        problems.append(problem)
        return false
    }

    private mutating func undo(_ pending: PendingCorrection) {
        lines[pending.position.line, pending.position.index] = pending.from
    }

    private func compositeComputed() -> Int {
        var sum = 0
        var offset = 0
        for span in layout.compositeSpans {
            for b in lines[span.line, span.range] {
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

    private mutating func checkCharacters(_ span: Span, field: MRZField) {
        for i in span.range where !isMRZCharacter(lines[span.line, i]) {
            invalidCharacter(at: Position(line: span.line, index: i), field: field, expected: "a letter, digit or '<'")
        }
    }

    // MARK: - Helpers

    private func byte(_ position: Position) -> UInt8 { lines[position.line, position.index] }

    private mutating func apply(_ position: Position, to replacement: UInt8, field: MRZField, confirmedBy reason: String) {
        let from = byte(position)
        lines[position.line, position.index] = replacement
        corrections.append(
            MRZCorrection(
                field: field,
                line: position.line + 1,
                position: position.index + 1,
                from: String(UnicodeScalar(from)),
                to: String(UnicodeScalar(replacement)),
                confirmedBy: reason
            )
        )
    }

    private mutating func invalidCharacter(at position: Position, field: MRZField, expected: String, note: String? = nil) {
        let found = character(byte(position), at: position)
        let shown = found == " " ? "a space" : "'\(found)'"
        problems.append(
            MRZProblem(
                field: field,
                kind: .invalidCharacter,
                message: "\(field.label) has \(shown) at line \(position.line + 1) position \(position.index + 1), expected \(expected)"
                    + (note.map { " (\($0))" } ?? ""),
                found: found,
                expected: expected,
                line: position.line + 1,
                position: position.index + 1
            )
        )
    }

    private func checkDigitProblem(field: MRZField, stated: String, computed: Int, at position: Position) -> MRZProblem {
        MRZProblem(
            field: field,
            kind: .checkDigitMismatch,
            message: "\(field.label) check digit is \(stated), expected \(computed)",
            found: stated,
            expected: String(computed),
            line: position.line + 1,
            position: position.index + 1
        )
    }

    /// The character as the reader sent it, including a non-ASCII one the placeholder hides.
    private func character(_ b: UInt8, at position: Position) -> String {
        guard b == MRZText.placeholder else { return String(UnicodeScalar(b)) }
        // The placeholders before this one, in reading order, say which character it was.
        let flat = position.line * original.lineLength + position.index
        let index = original.bytes[..<flat].reduce(0) { $0 + ($1 == MRZText.placeholder ? 1 : 0) }
        return index < foreignCharacters.count ? foreignCharacters[index] : "?"
    }

    private func trimmedFillers(_ bytes: ArraySlice<UInt8>) -> String {
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == UInt8(ascii: "<") { end -= 1 }
        return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
    }

    /// Name parts: runs of `<` become one space, and fillers at either end go.
    private func words(_ bytes: ArraySlice<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            var count = 0
            var pendingSpace = false
            for b in bytes {
                if b == UInt8(ascii: "<") {
                    pendingSpace = count > 0
                } else {
                    if pendingSpace {
                        buffer[count] = UInt8(ascii: " ")
                        count += 1
                        pendingSpace = false
                    }
                    buffer[count] = b
                    count += 1
                }
            }
            return count
        }
    }

    @inline(__always) private func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    @inline(__always) private func isLetter(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
    @inline(__always) private func isMRZCharacter(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) || b == 60 }
}
