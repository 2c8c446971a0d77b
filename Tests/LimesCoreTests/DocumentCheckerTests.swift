import LimesCore
import Testing

@Suite("Document checks")
struct DocumentCheckerTests {
    let checker = DocumentChecker(expiryWarningDays: 30)

    func codes(_ lines: [String], today: CalendarDate = fixedToday) throws -> [DocumentCheck.Code] {
        let d = try MRZParser(today: today).parse(lines.text)
        return checker.check(d, today: today).map(\.code)
    }

    @Test func validCurrentDocumentHasNoFindings() throws {
        #expect(try codes(MRZBuilder(issuer: "FRA", nationality: "FRA", expiry: "300101").td3()) == [])
    }

    @Test func expired() throws {
        let d = try parser.parse(MRZBuilder(issuer: "FRA", expiry: "261121").td3().text)
        let findings = checker.check(d, today: fixedToday)
        #expect(findings.map(\.code) == [.expired])
        #expect(findings[0].message == "document expired on 2026-11-21 (yesterday)")
        #expect(findings[0].severity == .failure)
    }

    @Test func expiresWithinTheWarningPeriod() throws {
        #expect(try codes(MRZBuilder(issuer: "FRA", expiry: "261122").td3()) == [.expiresSoon], "expires today: still valid")
        #expect(try codes(MRZBuilder(issuer: "FRA", expiry: "261221").td3()) == [.expiresSoon], "29 days")
        #expect(try codes(MRZBuilder(issuer: "FRA", expiry: "261222").td3()) == [], "30 days")
        let d = try parser.parse(MRZBuilder(issuer: "FRA", expiry: "261202").td3().text)
        #expect(checker.check(d, today: fixedToday).first?.message == "document expires on 2026-12-02 (in 10 days)")
        #expect(DocumentChecker(expiryWarningDays: 0).check(d, today: fixedToday).isEmpty)
    }

    @Test func issuerNotRecognised() throws {
        #expect(try codes(MRZBuilder(issuer: "QQQ", expiry: "300101").td3()) == [.issuerNotRecognised])
    }

    @Test func specimen() throws {
        #expect(try codes(MRZBuilder(expiry: "300101").td3()) == [.specimen])
    }

    @Test func checkDigitsFailed() throws {
        let lines = MRZBuilder(issuer: "FRA", expiry: "300101").td3().replacing(line: 2, position: 10, with: "0")
        let d = try parser.parse(lines.text)
        let finding = try #require(checker.check(d, today: fixedToday).first)
        #expect(finding.code == .checkDigitsFailed)
        #expect(finding.fields == [.documentNumber, .composite])
        #expect(finding.message == "check digit failed for document number, composite: the MRZ was misread or the document altered")
    }

    @Test func ocrCorrectionIsShownAsInformation() throws {
        let lines = MRZBuilder(issuer: "FRA", expiry: "300101").td3().replacing(line: 2, position: 16, with: "O")
        let d = try parser.parse(lines.text)
        let findings = checker.check(d, today: fixedToday)
        #expect(findings.map(\.code) == [.ocrCorrected])
        #expect(findings[0].severity == .information)
    }

    @Test func failuresComeFirst() throws {
        let d = try parser.parse(MRZBuilder(issuer: "FRA", nationality: "QQQ", expiry: "100101").td3().text)
        let severities = checker.check(d, today: fixedToday).map(\.severity)
        #expect(severities == severities.sorted(by: >))
        #expect(severities.first == .failure)
    }
}
