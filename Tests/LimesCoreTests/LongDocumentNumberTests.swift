import LimesCore
import Testing

@Suite("Document numbers longer than 9 characters (TD1, TD2)")
struct LongDocumentNumberTests {
    @Test func td1SpecimenOfPart5() throws {
        let d = try parser.parse(Specimen.td1LongNumber.text)
        #expect(d.isValid, "\(d.problems)")
        #expect(d.documentNumber == "D23145890734")
        #expect(d.optionalData == "", "the continuation is not optional data")
        #expect(d.checkDigits.documentNumber)
        #expect(d.checkDigits.composite == true)
        #expect(d.surname == "STEVENSON")
        #expect(d.givenNames == "PETER JOHN")
        #expect(d.dateOfBirth.iso == "1934-07-12")
    }

    @Test func td1LongNumberWithOptionalDataAfterIt() throws {
        let lines = MRZBuilder(code: "I<", number: "AB123456789012", optional: "XY12").td1()
        #expect(lines[0] == "I<UTOAB1234567<89012" + String(CheckDigit.compute("AB123456789012")) + "<XY12<<<<")
        let d = try parser.parse(lines.text)
        #expect(d.isValid, "\(d.problems)")
        #expect(d.documentNumber == "AB123456789012")
        #expect(d.optionalData == "XY12")
    }

    @Test func td2LongNumber() throws {
        let lines = MRZBuilder(code: "I<", number: "D23145890734", optional: "").td2()
        #expect(lines[1].hasPrefix("D23145890<UTO"))
        let d = try parser.parse(lines.text)
        #expect(d.isValid, "\(d.problems)")
        #expect(d.documentNumber == "D23145890734")
    }

    @Test func wrongCheckDigitOfTheLongNumber() throws {
        // Position 19 of line 1 holds the long number's check digit 9; make it 4.
        let lines = Specimen.td1LongNumber.replacing(line: 1, position: 19, with: "4")
        let d = try parser.parse(lines.text)
        #expect(!d.checkDigits.documentNumber)
        let problem = try #require(d.problems.first { $0.field == .documentNumber })
        #expect(problem.kind == .checkDigitMismatch)
        #expect(problem.message == "document number check digit is 4, expected 9")
        #expect(problem.line == 1 && problem.position == 19)
    }

    @Test func fillerCheckDigitWithoutContinuation() throws {
        // `<` where the check digit goes, but the optional data does not continue the number.
        let lines = Specimen.td1.replacing(line: 1, position: 15, with: "<")
        let d = try parser.parse(lines.text)
        #expect(!d.isValid)
        #expect(!d.checkDigits.documentNumber)
        let problem = try #require(d.problems.first { $0.kind == .invalidLongDocumentNumber })
        #expect(problem.field == .documentNumber)
        #expect(problem.message.contains("longer than 9 characters"))
        #expect(problem.expected == "7")
    }
}
