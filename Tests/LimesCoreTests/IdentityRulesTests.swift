import Testing

@testable import LimesCore

@Suite("Identity rules: one person per traveller record")
struct IdentityRulesTests {
    func person(_ surname: String, _ given: String, _ birth: String, _ sex: String? = "M", _ nationality: String = "GHA") -> TravellerIdentity {
        TravellerIdentity(surname: surname, givenNames: given, birthDate: birth, sex: sex, nationality: nationality)
    }

    @Test func anotherPersonWithTheSameDocumentDiffersInNameBirthDateAndSex() {
        let holder = person("MENSAH", "KWAME", "1985-01-01", "M")
        let presenter = person("OWUSU", "ABENA", "1990-07-07", "F")
        #expect(IdentityRules.differences(recorded: holder, presented: presenter) == [.name, .birthDate, .sex])
        #expect(IdentityRules.differences(recorded: holder, presented: person("MENSAH", "KWAME", "1985-01-02")) == [.birthDate])
        #expect(IdentityRules.differences(recorded: holder, presented: person("MENSAH", "KWAME", "1985-01-01", "F")) == [.sex])
        #expect(IdentityRules.differences(recorded: holder, presented: person("BOATENG", "KWAME", "1985-01-01")) == [.name])
    }

    @Test(arguments: [
        ("MOHAMED", "ALI", "MUHAMMAD", "ALI"),
        ("ZAKHAROV", "IVAN", "SACHAROW", "IWAN"),
        ("EL AMRANI", "YOUSSEF", "AMRANI", "YOUSSEF"),
        ("WOLFESCHLEGELSTEINHAUSENBERGERDORFF", "HUBERT JOHN", "WOLFESCHLEGELSTEINHAUSENBERGERDORFF", "HU"),
        ("NDIAYE", "AWA", "NDIAYE", ""),
        ("OUEDRAOGO", "AWA MARIAM", "OUEDRAOGO", "MARIAM AWA"),
        ("ABDELKADER", "KARIM", "ABD AL-QADIR", "KARIM"),
    ])
    func spellingsOfOneNameAreOnePerson(recordedSurname: String, recordedGiven: String, presentedSurname: String, presentedGiven: String) {
        let recorded = person(recordedSurname, recordedGiven, "1980-03-04")
        let presented = person(presentedSurname, presentedGiven, "1980-03-04")
        #expect(IdentityRules.differences(recorded: recorded, presented: presented).isEmpty)
    }

    @Test func unknownValuesNeverDiffer() {
        let recorded = person("KEITA", "SEYDOU", "1975-06", "M")
        #expect(IdentityRules.differences(recorded: recorded, presented: person("KEITA", "SEYDOU", "1975-06-12", "X")).isEmpty)
        #expect(IdentityRules.differences(recorded: recorded, presented: person("KEITA", "SEYDOU", "", nil)).isEmpty)
        #expect(IdentityRules.differences(recorded: recorded, presented: person("KEITA", "SEYDOU", "1976", "<")) == [.birthDate])
    }

    @Test func aKnownPersonsNewDocumentNeedsTheSameNationalityAndAKnownBirthDate() {
        let recorded = person("MENSAH", "KWAME", "1985-01-01")
        #expect(IdentityRules.isSamePersonWithAnotherDocument(recorded: recorded, presented: person("MENSAH", "KWAME", "1985-01-01")))
        #expect(!IdentityRules.isSamePersonWithAnotherDocument(recorded: recorded, presented: person("MENSAH", "KWAME", "1985-01-01", "F")))
        #expect(!IdentityRules.isSamePersonWithAnotherDocument(recorded: recorded, presented: person("MENSAH", "KWAME", "1985-01-01", "M", "TGO")))
        #expect(!IdentityRules.isSamePersonWithAnotherDocument(recorded: person("MENSAH", "KWAME", ""), presented: person("MENSAH", "KWAME", "")))
    }

    @Test func theVerdictSendsADocumentOfAnotherToSecondLineAndShowsARenewal() throws {
        let holder = person("MENSAH", "KWAME", "1985-01-01")
        let document = RecordedDocument(issuer: "GHA", number: "G7766554", expiry: "2030-05-01")
        let other = CheckAssessor.identityReasons(.documentRecordedFor(holder, document: document, differences: [.name, .birthDate, .sex]))
        let reason = try #require(other.first)
        #expect(reason.code == "identity.document_of_another" && reason.level == .refer)
        #expect(
            reason.message
                == "document GHA G7766554 is recorded for MENSAH KWAME, M, born 1985-01-01, GHA: the name, birth date and sex differ; second line to establish who holds it"
        )
        #expect(reason.details?["differences"] == "name,birth_date,sex")
        let renewal = try #require(CheckAssessor.identityReasons(.likelyRenewal(previous: [document])).first)
        #expect(renewal.code == "identity.new_document" && renewal.level == .clear && renewal.message.contains("GHA G7766554 (expiry 2030-05-01)"))
    }
}
