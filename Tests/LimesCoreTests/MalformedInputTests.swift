import LimesCore
import Testing

@Suite("Dirty and malformed input")
struct MalformedInputTests {
    func parseError(_ text: String) -> MRZParseError? {
        do {
            _ = try parser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func readerNoiseIsCleaned() throws {
        let joined: String = Specimen.td3.joined()
        let wrapped: String = String(joined.prefix(80)) + "\n" + String(joined.dropFirst(80))
        let blanks: String = Specimen.td3[0] + " \n" + Specimen.td3[1] + "\t"
        let padded: String = "  " + Specimen.td3.text + "\n"
        let variants: [String] = [
            padded,
            Specimen.td3.joined(separator: "\r\n"),
            Specimen.td3.text.lowercased(),
            joined,
            Specimen.td3.joined(separator: " "),
            blanks,
            "\n\n" + Specimen.td3.joined(separator: "\n\n"),
            // A terminal that wraps at 80 columns.
            wrapped,
        ]
        for text in variants {
            let d = try parser.parse(text)
            #expect(d.isValid, "\(text.debugDescription): \(d.problems)")
            #expect(Array(d.lines) == Specimen.td3)
        }
        #expect(try parser.parse(Specimen.td1.joined()).format == .td1)
        #expect(try parser.parse(Specimen.td2.joined()).format == .td2)
    }

    @Test(arguments: ["", "   ", "\n\r\n"])
    func empty(text: String) throws {
        let error = try #require(parseError(text))
        #expect(error.kind == .empty)
        #expect(error.message.hasPrefix("no MRZ text received"))
    }

    @Test func oneLineMissing() throws {
        let error = try #require(parseError(Specimen.td3[0]))
        #expect(error.kind == .wrongLineCount)
        #expect(error.receivedLineLengths == [44])
        #expect(
            error.message
                == "received 1 line of 44 characters; a TD1 card needs 3 lines of 30 characters, a TD2 document or MRV-B visa 2 lines of 36, a TD3 passport or MRV-A visa 2 lines of 44"
        )

        let td1 = try #require(parseError(Specimen.td1.prefix(2).joined(separator: "\n")))
        #expect(td1.receivedLineLengths == [30, 30])
    }

    @Test func lineCutShort() throws {
        let error = try #require(parseError(Specimen.td3[0] + "\n" + Specimen.td3[1].dropLast()))
        #expect(error.kind == .wrongLineLength)
        #expect(error.receivedLineLengths == [44, 43])
        #expect(error.message.contains("line 2 has 43, where a TD3 passport or MRV-A visa needs 2 lines of 44"))
    }

    @Test func tooShort() throws {
        let error = try #require(parseError("P<UTOERIKSSON"))
        #expect(error.kind == .wrongLineCount)
        #expect(error.receivedLineLengths == [13])
    }

    @Test func fourLines() throws {
        let error = try #require(parseError((Specimen.td1 + ["<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<"]).text))
        #expect(error.kind == .wrongLineCount)
        #expect(error.receivedLineLengths == [30, 30, 30, 30])
    }

    @Test func hugeInputIsRefusedBeforeAnyWork() throws {
        let error = try #require(parseError(String(repeating: Specimen.td3.text, count: 10_000)))
        #expect(error.kind == .tooLong)
        #expect(error.message.hasPrefix("received 890000 bytes"))
    }

    @Test func wrongCharactersAreNamedWithTheirPlace() throws {
        let d = try parser.parse(Specimen.td3.replacing(line: 1, position: 12, with: ".").text)
        #expect(!d.isValid)
        let problem = try #require(d.problems.first)
        #expect(problem.field == .name)
        #expect(problem.kind == .invalidCharacter)
        #expect(problem.message == "name has '.' at line 1 position 12, expected a letter or '<'")
        #expect(problem.found == ".")
    }

    @Test func nonASCIICharacterIsQuoted() throws {
        let d = try parser.parse(Specimen.td3.replacing(line: 1, position: 8, with: "Ş").text)
        let problem = try #require(d.problems.first)
        #expect(problem.found == "Ş")
        #expect(problem.line == 1 && problem.position == 8)
        #expect(problem.message == "name has 'Ş' at line 1 position 8, expected a letter or '<'")
    }

    @Test func spaceInsideALine() throws {
        let d = try parser.parse(Specimen.td3.replacing(line: 2, position: 30, with: " ").text)
        let problem = try #require(d.problems.first)
        #expect(problem.field == .optionalData)
        #expect(problem.message.hasPrefix("optional data has a space at line 2 position 30"))
    }

    @Test(arguments: [
        (1, "document number check digit is 5, expected 6", 10, "5"),
        (2, "date of birth check digit is 3, expected 2", 20, "3"),
        (3, "date of expiry check digit is 0, expected 9", 28, "0"),
        (4, "optional data check digit is 2, expected 1", 43, "2"),
        (5, "composite check digit is 7, expected 0", 44, "7"),
    ])
    func everyCheckDigitOfTheTD3(index: Int, message: String, position: Int, digit: Character) throws {
        let d = try parser.parse(Specimen.td3.replacing(line: 2, position: position, with: digit).text)
        #expect(!d.isValid)
        #expect(d.problems.map(\.message).contains(message), "\(d.problems)")
        let failed: [MRZField] = [.documentNumber, .dateOfBirth, .dateOfExpiry, .optionalData, .composite]
        #expect(d.checkDigits.failedFields.contains(failed[index - 1]))
    }

    @Test func everyCheckDigitOfTheTD1() throws {
        // Document number (line 1, 15), birth (line 2, 7), expiry (line 2, 15), composite (line 2, 30).
        for (line, position, field) in [(1, 15, MRZField.documentNumber), (2, 7, .dateOfBirth), (2, 15, .dateOfExpiry), (2, 30, .composite)] {
            let original = Array(Specimen.td1[line - 1])[position - 1]
            let wrong: Character = original == "1" ? "2" : "1"
            let d = try parser.parse(Specimen.td1.replacing(line: line, position: position, with: wrong).text)
            #expect(d.checkDigits.failedFields.contains(field), "\(field)")
            #expect(d.problems.contains { $0.field == field && $0.kind == .checkDigitMismatch })
        }
    }

    @Test func everyCheckDigitOfTD2AndVisas() throws {
        // Line 2: document number check at 10, birth at 20, expiry at 28; TD2's composite at 36.
        let cases: [([String], [(Int, MRZField)])] = [
            (Specimen.td2, [(10, .documentNumber), (20, .dateOfBirth), (28, .dateOfExpiry), (36, .composite)]),
            (Specimen.mrvA, [(10, .documentNumber), (20, .dateOfBirth), (28, .dateOfExpiry)]),
            (Specimen.mrvB, [(10, .documentNumber), (20, .dateOfBirth), (28, .dateOfExpiry)]),
        ]
        for (specimen, positions) in cases {
            for (position, field) in positions {
                let original = [Character](specimen[1])[position - 1]
                let wrong: Character = original == "1" ? "2" : "1"
                let d = try parser.parse(specimen.replacing(line: 2, position: position, with: wrong).text)
                #expect(d.checkDigits.failedFields.contains(field), "\(d.format) \(field)")
                #expect(d.problems.contains { $0.field == field && $0.kind == .checkDigitMismatch && $0.position == position })
            }
        }
    }

    @Test func personalNumberCheckDigitMayBeFillerWhenEmpty() throws {
        let lines = MRZBuilder(optional: "").td3()
        #expect(lines[1].dropFirst(28).prefix(15) == "<<<<<<<<<<<<<<<")
        #expect(try parser.parse(lines.text).checkDigits.optionalData == true)
        let zero = try parser.parse(lines.replacing(line: 2, position: 43, with: "0").text)
        #expect(zero.checkDigits.optionalData == true)
    }

    @Test func sexAndDocumentCode() throws {
        let d = try parser.parse(Specimen.td3.replacing(line: 2, position: 21, with: "Q").text)
        #expect(d.sex == nil)
        #expect(d.problems.first?.message == "sex is 'Q', expected M, F, X or '<'")
        for sex in ["M", "F", "X", "<"] {
            #expect(try parser.parse(MRZBuilder(sex: sex).td3().text).sex?.rawValue == sex)
        }
        let passportAsCard = try parser.parse(MRZBuilder(code: "P<", optional: "").td2().text)
        #expect(passportAsCard.problems.first?.kind == .invalidDocumentCode)
        #expect(passportAsCard.problems.first?.message.hasPrefix("document code starts with 'P', expected A, C or I") == true)
    }
}
