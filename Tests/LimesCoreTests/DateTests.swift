import LimesCore
import Testing

@Suite("Dates: centuries, unknown parts, impossible days")
struct DateTests {
    func birth(_ yymmdd: String, today: CalendarDate = fixedToday) throws -> MRZDocument {
        try MRZParser(today: today).parse(MRZBuilder(birth: yymmdd).td3().text)
    }

    @Test func birthDatesAreNeverInTheFuture() throws {
        #expect(try birth("261122").dateOfBirth.iso == "2026-11-22", "born today")
        #expect(try birth("261123").dateOfBirth.iso == "1926-11-23", "tomorrow would be the future")
        #expect(try birth("000101").dateOfBirth.iso == "2000-01-01")
        #expect(try birth("991231").dateOfBirth.iso == "1999-12-31")
        #expect(try birth("300101").dateOfBirth.iso == "1930-01-01")
    }

    @Test func expiryDatesMayLieDecadesAhead() throws {
        func expiry(_ yymmdd: String) throws -> String? {
            try parser.parse(MRZBuilder(expiry: yymmdd).td3().text).dateOfExpiry.iso
        }
        #expect(try expiry("360101") == "2036-01-01")
        #expect(try expiry("760101") == "2076-01-01", "50 years ahead is the limit")
        #expect(try expiry("770101") == "1977-01-01")
        #expect(try expiry("950712") == "1995-07-12")
    }

    @Test func unknownDayAndMonthOfBirthAreAllowed() throws {
        let d = try birth("74<<<<")
        #expect(d.isValid, "\(d.problems)")
        #expect(d.dateOfBirth.year == 1974)
        #expect(d.dateOfBirth.month == nil)
        #expect(d.dateOfBirth.day == nil)
        #expect(d.dateOfBirth.iso == "1974")
        #expect(!d.dateOfBirth.isComplete)
        #expect(d.dateOfBirth.raw == "74<<<<")
        #expect(d.checkDigits.dateOfBirth)
    }

    @Test func unknownDayOnly() throws {
        let d = try birth("7408<<")
        #expect(d.isValid)
        #expect(d.dateOfBirth.iso == "1974-08")
    }

    @Test func wholeBirthDateUnknown() throws {
        let d = try birth("<<<<<<")
        #expect(d.isValid)
        #expect(d.dateOfBirth.year == nil)
        #expect(d.dateOfBirth.iso == nil)
        #expect(d.dateOfBirth.description == "unknown (<<<<<<)")
    }

    @Test func halfKnownPartIsAProblem() throws {
        let d = try birth("74<8<<")
        let problem = try #require(d.problems.first)
        #expect(problem.field == .dateOfBirth)
        #expect(problem.kind == .invalidDate)
    }

    @Test func expiryMustBeComplete() throws {
        let d = try parser.parse(MRZBuilder(expiry: "30<<<<").td3().text)
        #expect(d.problems.map(\.kind) == [.invalidCharacter, .invalidCharacter, .invalidCharacter, .invalidCharacter])
        #expect(d.problems.allSatisfy { $0.field == .dateOfExpiry })
    }

    @Test(arguments: ["741312", "740230", "740431", "740800"])
    func impossibleDates(yymmdd: String) throws {
        let d = try birth(yymmdd)
        let problem = try #require(d.problems.first)
        #expect(problem.kind == .invalidDate)
        #expect(problem.field == .dateOfBirth)
        #expect(problem.message.contains(yymmdd))
        #expect(d.dateOfBirth.iso == nil)
    }

    @Test func leapDay() throws {
        #expect(try birth("000229").isValid, "2000 is a leap year")
        #expect(try !birth("990229").isValid)
    }
}

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test func daysSinceEpochRoundTrips() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CalendarDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
        #expect(CalendarDate(year: 2000, month: 3, day: 1)!.daysSinceEpoch == 11_017)
    }

    @Test func rejectsDaysThatDoNotExist() {
        #expect(CalendarDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2024, month: 13, day: 1) == nil)
        #expect(CalendarDate(iso: "2024-1-01") == nil)
        #expect(CalendarDate(iso: "2024-01-31")?.description == "2024-01-31")
    }
}
