import LimesCore
import Testing

@Suite("OCR confusions: corrected only when a check digit confirms, always reported")
struct OCRCorrectionTests {
    // Specimen line 2 positions 14-19 hold 740812.
    @Test(arguments: [("O", "0", 16), ("B", "8", 17), ("I", "1", 18), ("Z", "2", 19)])
    func letterInDateOfBirth(letter: Character, digit: String, position: Int) throws {
        #expect(String(Array(Specimen.td3[1])[position - 1]) == digit)
        let d = try parser.parse(Specimen.td3.replacing(line: 2, position: position, with: letter).text)
        #expect(d.isValid, "\(d.problems)")
        #expect(d.dateOfBirth.iso == "1974-08-12")
        #expect(
            d.corrections == [
                MRZCorrection(
                    field: .dateOfBirth,
                    line: 2,
                    position: position,
                    from: String(letter),
                    to: digit,
                    confirmedBy: "the date of birth check digit 2 matches only after it"
                )
            ]
        )
    }

    @Test func twoLettersInExpiry() throws {
        // Expiry 120415 at positions 22-27: read as 1Z041S.
        let lines = Specimen.td3.replacing(line: 2, position: 23, with: "Z").replacing(line: 2, position: 27, with: "S")
        let d = try parser.parse(lines.text)
        #expect(d.isValid, "\(d.problems)")
        #expect(d.dateOfExpiry.iso == "2012-04-15")
        #expect(d.corrections.count == 2)
    }

    @Test func letterAsCheckDigit() throws {
        // Document number check digit 6 cannot be a confusion; date of birth check digit 2 can be Z.
        let d = try parser.parse(Specimen.td3.replacing(line: 2, position: 20, with: "Z").text)
        #expect(d.isValid)
        #expect(d.corrections.first?.field == .dateOfBirth)
        #expect(d.corrections.first?.to == "2")
    }

    @Test func correctionThatDoesNotFitIsNotApplied() throws {
        // 740812 -> 7408I2 would be 740812, fine; but 7408B2 reads as 740882, which the check digit refuses.
        let d = try parser.parse(Specimen.td3.replacing(line: 2, position: 18, with: "B").text)
        #expect(d.corrections.isEmpty)
        #expect(!d.isValid)
        let problem = try #require(d.problems.first)
        #expect(problem.field == .dateOfBirth)
        #expect(problem.kind == .invalidCharacter)
        #expect(
            problem.message
                == "date of birth has 'B' at line 2 position 18, expected a digit (read as 8 the check digit still fails, so it was not corrected)"
        )
        #expect(d.dateOfBirth.year == nil, "an unreadable date is not guessed")
    }

    @Test func documentNumberConfirmedByTheComposite() throws {
        // L898902C3: the 0 at position 6 read as O.
        let d = try parser.parse(Specimen.td3.replacing(line: 2, position: 6, with: "O").text)
        #expect(d.isValid, "\(d.problems)")
        #expect(d.documentNumber == "L898902C3")
        #expect(
            d.corrections == [
                MRZCorrection(
                    field: .documentNumber,
                    line: 2,
                    position: 6,
                    from: "O",
                    to: "0",
                    confirmedBy: "the document number and composite check digits match only after it"
                )
            ]
        )
    }

    @Test func documentNumberOnAVisaIsNotCorrected() throws {
        // Visas have no composite check digit: a single fitting reading is reported, not applied.
        let swaps: [Character: Character] = ["0": "O", "1": "I", "8": "B", "O": "0", "B": "8"]
        var refused: [MRZDocument] = []
        for position in 1...9 {
            let original = Array(Specimen.mrvA[1])[position - 1]
            guard let swap = swaps[original] else { continue }
            let d = try parser.parse(Specimen.mrvA.replacing(line: 2, position: position, with: swap).text)
            #expect(d.corrections.isEmpty)
            #expect(!d.checkDigits.documentNumber)
            #expect(d.documentNumber != "L8988901C", "the number stays as read")
            if d.problems.first?.message.contains("would fit, but no composite check digit confirms it, so it was not applied") == true {
                refused.append(d)
            }
        }
        #expect(!refused.isEmpty)
    }

    @Test func ambiguousCorrectionsAreNotApplied() throws {
        // Two confusable characters whose swaps both fit the check digit: refuse to choose.
        var found: MRZDocument? = nil
        search: for a in ["O", "I", "S", "B", "Z"] {
            for b in ["O", "I", "S", "B", "Z"] {
                let number = "X\(a)\(b)123"
                for wrong in 0...9 {
                    var lines = MRZBuilder(number: number).td3()
                    lines = lines.replacing(line: 2, position: 10, with: Character(String(wrong)))
                    let d = try parser.parse(lines.text)
                    if d.problems.first?.message.contains("different OCR corrections would fit") == true {
                        found = d
                        break search
                    }
                }
            }
        }
        let d = try #require(found, "some pair of confusable letters must give two fitting readings")
        #expect(d.corrections.isEmpty)
        #expect(!d.checkDigits.documentNumber)
    }

    @Test func digitInCountryCode() throws {
        let d = try parser.parse(Specimen.td3.replacing(line: 1, position: 5, with: "0").text)
        #expect(d.isValid, "\(d.problems)")
        #expect(d.issuingState.code == "UTO")
        #expect(d.corrections.first?.field == .issuingState)
    }

    @Test func digitInCountryCodeThatMakesNoKnownCode() throws {
        let d = try parser.parse(MRZBuilder(nationality: "Q5Q").td3().text)
        #expect(d.corrections.isEmpty)
        #expect(d.problems.map(\.kind) == [.invalidCharacter])
    }

    @Test func digitInName() throws {
        let d = try parser.parse(Specimen.td3.replacing(line: 1, position: 10, with: "5").text)
        #expect(d.isValid)
        #expect(d.surname == "ERIKSSON")
        #expect(d.corrections.first?.confirmedBy == "names in an MRZ hold no digits")
    }
}

@Suite("Names")
struct NameTests {
    @Test func nameThatFillsTheFieldMayBeTruncated() throws {
        let long = "ABDELKADER<AL<HASHEMI<<MOHAMMED<ABDULLAH<K"
        let name = String(long.prefix(39))
        let d = try parser.parse(MRZBuilder(name: name).td3().text)
        #expect(d.nameMayBeTruncated)
        #expect(d.surname == "ABDELKADER AL HASHEMI")
        #expect(d.givenNames == "MOHAMMED ABDULLA", "cut at the end of the field")
    }

    @Test func onlyAPrimaryIdentifier() throws {
        let d = try parser.parse(MRZBuilder(name: "MADONNA").td3().text)
        #expect(d.surname == "MADONNA")
        #expect(d.givenNames == "")
        #expect(!d.nameMayBeTruncated)
    }

    @Test func particlesAndHyphensBecomeSpaces() throws {
        let d = try parser.parse(MRZBuilder(name: "VAN<DER<BERG<<JAN<PIETER").td3().text)
        #expect(d.surname == "VAN DER BERG")
        #expect(d.givenNames == "JAN PIETER")
    }
}

@Suite("Country codes")
struct CountryCodeTests {
    @Test func germanyIsD() throws {
        let d = try parser.parse(MRZBuilder(issuer: "D<<", nationality: "D<<").td3().text)
        #expect(d.isValid)
        #expect(d.issuingState.code == "D")
        #expect(d.issuingState.name == "Germany")
    }

    @Test(arguments: ["D", "EUE", "GBD", "GBN", "GBO", "GBP", "GBS", "UNO", "UNA", "UNK", "XOM", "XXA", "XXB", "XXC", "XXX", "UTO"])
    func doc9303Codes(code: String) {
        #expect(CountryCode(code: code).isKnown)
    }

    @Test(arguments: [("FRA", "France"), ("MAR", "Morocco"), ("TUN", "Tunisia"), ("NER", "Niger"), ("RUS", "Russian Federation")])
    func isoCodes(code: String, name: String) {
        #expect(CountryCode.name(of: code) == name)
    }

    @Test func unknownCodeIsAProblemNotACrash() throws {
        let d = try parser.parse(MRZBuilder(issuer: "QQQ").td3().text)
        #expect(!d.isValid)
        let problem = try #require(d.problems.first)
        #expect(problem.kind == .unknownCountry)
        #expect(problem.field == .issuingState)
        #expect(problem.message == "issuing state 'QQQ' is not a country or organisation code of ICAO Doc 9303")
        #expect(d.issuingState.name == nil)
    }
}
