import LimesCore
import Testing

@Suite("Doc 9303 specimens, every format")
struct SpecimenTests {
    @Test func td3Passport() throws {
        let d = try parser.parse(Specimen.td3.text)
        #expect(d.format == .td3)
        #expect(d.isValid, "\(d.problems)")
        #expect(d.documentCode == "P")
        #expect(d.kind == .passport)
        #expect(d.issuingState.code == "UTO")
        #expect(d.issuingState.name == "Utopia (ICAO specimen)")
        #expect(d.surname == "ERIKSSON")
        #expect(d.givenNames == "ANNA MARIA")
        #expect(!d.nameMayBeTruncated)
        #expect(d.documentNumber == "L898902C3")
        #expect(d.nationality.code == "UTO")
        #expect(d.dateOfBirth.iso == "1974-08-12")
        #expect(d.dateOfBirth.raw == "740812")
        #expect(d.sex == .female)
        #expect(d.dateOfExpiry.date == CalendarDate(year: 2012, month: 4, day: 15))
        #expect(d.optionalData == "ZE184226B")
        #expect(d.optionalData2 == nil)
        #expect(d.checkDigits == MRZCheckDigits(documentNumber: true, dateOfBirth: true, dateOfExpiry: true, optionalData: true, composite: true))
        #expect(d.corrections.isEmpty)
        #expect(Array(d.lines) == Specimen.td3)
    }

    @Test func td1Card() throws {
        let d = try parser.parse(Specimen.td1.text)
        #expect(d.format == .td1)
        #expect(d.isValid, "\(d.problems)")
        #expect(d.documentCode == "I")
        #expect(d.kind == .identityCard)
        #expect(d.documentNumber == "D23145890")
        #expect(d.surname == "ERIKSSON")
        #expect(d.givenNames == "ANNA MARIA")
        #expect(d.dateOfBirth.iso == "1974-08-12")
        #expect(d.dateOfExpiry.iso == "2012-04-15")
        #expect(d.sex == .female)
        #expect(d.optionalData == "")
        #expect(d.optionalData2 == "")
        #expect(d.checkDigits.composite == true)
        #expect(d.checkDigits.optionalData == nil)
    }

    @Test func td2Document() throws {
        let d = try parser.parse(Specimen.td2.text)
        #expect(d.format == .td2)
        #expect(d.isValid, "\(d.problems)")
        #expect(d.documentNumber == "D23145890")
        #expect(d.surname == "ERIKSSON")
        #expect(d.givenNames == "ANNA MARIA")
        #expect(d.dateOfBirth.iso == "1974-08-12")
        #expect(d.dateOfExpiry.iso == "2012-04-15")
        #expect(d.checkDigits.composite == true)
    }

    @Test func mrvAVisa() throws {
        let d = try parser.parse(Specimen.mrvA.text)
        #expect(d.format == .mrvA)
        #expect(d.isValid, "\(d.problems)")
        #expect(d.kind == .visa)
        #expect(d.documentNumber == "L8988901C")
        #expect(d.nationality.code == "XXX")
        #expect(d.nationality.name == "Person of unspecified nationality")
        #expect(d.dateOfBirth.iso == "1940-09-07")
        #expect(d.dateOfExpiry.iso == "1996-12-10")
        #expect(d.optionalData == "6ZE184226B")
        #expect(d.checkDigits.composite == nil, "visas have no composite check digit")
        #expect(d.checkDigits.optionalData == nil)
    }

    @Test func mrvBVisa() throws {
        let d = try parser.parse(Specimen.mrvB.text)
        #expect(d.format == .mrvB)
        #expect(d.isValid, "\(d.problems)")
        #expect(d.documentNumber == "L8988901C")
        #expect(d.surname == "ERIKSSON")
        #expect(d.dateOfExpiry.iso == "1996-12-10")
        #expect(d.checkDigits.composite == nil)
    }

    @Test("the builder used by other tests agrees with the specimens")
    func builderReproducesSpecimens() {
        #expect(MRZBuilder().td3() == Specimen.td3)
        #expect(MRZBuilder(code: "I<", number: "D23145890", optional: "").td1() == Specimen.td1)
        #expect(MRZBuilder(code: "I<", number: "D23145890", optional: "").td2() == Specimen.td2)
        #expect(
            MRZBuilder(code: "V<", number: "L8988901C", nationality: "XXX", birth: "400907", sex: "F", expiry: "961210", optional: "6ZE184226B")
                .mrvA() == Specimen.mrvA
        )
    }
}
