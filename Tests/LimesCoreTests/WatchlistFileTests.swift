import LimesCore
import Testing

@Suite("Watchlist files")
struct WatchlistFileTests {
    let header = "id,list,names,birth_date,sex,nationality,document_number,document_country,action,valid_until"

    func read(_ rows: [String], format: WatchlistFile.Format = .csv) throws(WatchlistFileErrors) -> [Alert] {
        try WatchlistFile.read(([header] + rows).joined(separator: "\n"), format: format)
    }

    func errors(_ rows: [String]) -> [WatchlistFileError] {
        do {
            _ = try read(rows)
            return []
        } catch {
            return error.errors
        }
    }

    @Test func readsEveryField() throws {
        let alerts = try read([
            #"W1,national_wanted,"ЗАХАРОВ Иван|ZAKHAROV, IVAN",1971-03,M,RUS|UKR,,,arrest,2030-12-31"#,
            "D1,lost_stolen_document,,,,,L898902C3|X1,UTO,inform_issuing_authority,",
        ])
        #expect(alerts.count == 2)
        #expect(alerts[0].names == ["ЗАХАРОВ Иван", "ZAKHAROV, IVAN"])
        #expect(alerts[0].birthDate == PartialDate(year: 1971, month: 3))
        #expect(alerts[0].sex == .male)
        #expect(alerts[0].nationalities == ["RUS", "UKR"])
        #expect(alerts[0].validUntil == CalendarDate(year: 2030, month: 12, day: 31))
        #expect(alerts[1].documents == [Alert.Document(number: "L898902C3", country: "UTO"), Alert.Document(number: "X1", country: "UTO")])
        #expect(alerts[1].action == .informIssuingAuthority)
    }

    @Test func jsonLinesWithTheSameFields() throws {
        let text = """
            {"id": "W1", "list": "entry_ban", "names": ["DIALLO AMINATA", "DIALO AMINATA"], "birth_date": "1990", "action": "refuse_entry"}

            {"id": "W2", "list": "entry_ban", "names": "SOW MOUSSA", "nationality": "SEN", "action": "discreet_check", "valid_until": null}
            """
        let alerts = try WatchlistFile.read(text, format: .jsonLines)
        #expect(alerts.map(\.id) == ["W1", "W2"])
        #expect(alerts[0].names == ["DIALLO AMINATA", "DIALO AMINATA"])
        #expect(alerts[1].nationalities == ["SEN"])
        #expect(WatchlistFile.Format.guess(path: "list.jsonl") == .jsonLines)
        #expect(WatchlistFile.Format.guess(path: "list.csv") == .csv)
    }

    @Test func everyErrorNamesItsLineAndField() {
        let found = errors([
            "W1,national_wanted,ZAKHAROV,1971-13,M,RUS,,,arrest,",
            "W2,wanted,SOW,,,,,,arrest,",
            "W3,entry_ban,SOW,,Q,QQQ,,,refuse_entry,",
            "W4,entry_ban,,,,,,,refuse_entry,",
            "W5,lost_stolen_document,,,,,,,inform_issuing_authority,",
            "W6,entry_ban,SOW,,,,,,jail,2030-02-30",
            "W1,entry_ban,SOW,,,,,,arrest,",
            "W8,entry_ban,SOW",
        ])
        let described = found.map { "\($0.line) \($0.field)" }
        #expect(
            described == [
                "2 birth_date", "3 list", "4 sex", "4 nationality", "5 names", "6 document_number", "7 action", "7 valid_until", "8 id",
                "9 columns",
            ]
        )
        #expect(found[0].message == "'1971-13' is not a date as YYYY-MM-DD, YYYY-MM or YYYY")
        #expect(found[1].message == "'wanted' is not one of national_wanted, entry_ban, international_notice, lost_stolen_document")
        #expect(found[8].message == "'W1' is already used on line 2")
        #expect(found[9].message.hasPrefix("has 3 fields, the header has 10"))
    }

    @Test func oneBadLineRejectsTheWholeFile() {
        #expect(throws: WatchlistFileErrors.self) {
            try read(["W1,entry_ban,SOW,,,,,,refuse_entry,", "W2,entry_ban,SOW,1990-02-30,,,,,refuse_entry,"])
        }
    }

    @Test func headerProblems() {
        do {
            _ = try WatchlistFile.read("id,list,names\nW1,entry_ban,SOW", format: .csv)
            Issue.record("a header without the required columns was accepted")
        } catch {
            #expect(error.errors.first?.line == 1)
            #expect(error.errors.first?.field == "header")
            #expect(error.errors.first?.message.hasPrefix("missing columns birth_date, sex") == true)
        }
        #expect(throws: WatchlistFileErrors.self) { try WatchlistFile.read("", format: .csv) }
    }

    @Test func quotedFieldsAndUnclosedQuote() throws {
        let alerts = try read([#""W,1",entry_ban,"SOW ""THE TALL""|SOW",,,,,,refuse_entry,"#])
        #expect(alerts[0].id == "W,1")
        #expect(alerts[0].names == [#"SOW "THE TALL""#, "SOW"])
        #expect(errors([#"W1,entry_ban,"SOW,,,,,,refuse_entry,"#]).first?.message == "a quoted field opened here is never closed")
    }

    @Test func errorListIsCapped() {
        let rows = (1...50).map { "W\($0),bad_list,SOW,,,,,,refuse_entry," }
        do {
            _ = try read(rows)
        } catch {
            #expect(error.errors.count == 20)
            #expect(error.truncated)
            #expect(error.description.hasPrefix("the file was not imported: 20+ errors"))
        }
    }
    @Test func aNameThatHidesOrReordersTextIsRefusedWithItsLine() {
        let found = errors(["W1,entry_ban,ABDEL\u{202E}RIHAM|SMITH,1970,M,MAR,,,refuse_entry,"])
        #expect(found.count == 1 && found.first?.line == 2 && found.first?.field == "names", "\(found)")
        #expect(found.first?.message.contains("U+202E RIGHT-TO-LEFT OVERRIDE") == true)
    }
}
