import Foundation
import LimesCore
import Testing

@Suite("Mandates")
struct MandateTests {
    @Test(arguments: ["border_police", "customs", "health", "child_protection"])
    func everyPresetIsAWholeMandate(kind: String) throws {
        let preset = try #require(Mandate.presets[kind])
        #expect(preset.problems.isEmpty, "\(preset.problems)")
    }

    @Test func customsSeeWhoCrossedWhereButNoScreeningOrProtection() throws {
        let customs = try #require(Mandate.presets["customs"])
        #expect(customs.reads(.crossings, "time") && customs.reads(.crossings, "place") && customs.reads(.identity, "names"))
        #expect(!customs.reads(.hits) && !customs.reads(.protectionFlags) && !customs.reads(.checks))
        #expect(!customs.reads(.crossings, "decision") && !customs.reads(.identity, "birth_date"))
        #expect(!customs.actions.contains(.checkTravellers) && customs.actions.contains(.readTravellers))
    }

    @Test func aFieldNoKindHasIsNamed() {
        let mandate = Mandate(reads: [.identity: ["names", "eye_colour"]], actions: [])
        #expect(mandate.problems.map(\.field) == ["reads.identity"])
        #expect(mandate.problems.first?.message.contains("'eye_colour' is not a field of identity") == true)
    }

    @Test func anActionWithoutWhatItsWorkShowsIsRefused() {
        // A booth cannot check a traveller without seeing the hits.
        var reads = Mandate.everything.reads
        reads[.hits] = nil
        let mandate = Mandate(reads: reads, actions: [.checkTravellers])
        #expect(mandate.problems.map(\.field) == ["actions"])
        #expect(mandate.problems.first?.message == "check_travellers needs to read hits: alert, match, resolution")
    }

    @Test func theSameMandateIsAlwaysTheSameText() throws {
        let customs = try #require(Mandate.presets["customs"])
        // As the store and the API write it.
        let text = try JSONStreamEncoder().encodeToString(customs)
        for _ in 0..<5 { #expect(try JSONStreamEncoder().encodeToString(Mandate(reads: customs.reads, actions: customs.actions)) == text) }
        #expect(try JSONDecoder().decode(Mandate.self, from: Data(text.utf8)) == customs)
        #expect(text.contains(#""identity":["names","nationality"]"#))
    }

    @Test func anUnknownKindOrActionIsRefusedWhenRead() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Mandate.self, from: Data(#"{"reads":{"dreams":["all"]},"actions":[]}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Mandate.self, from: Data(#"{"reads":{},"actions":["fly"]}"#.utf8)) }
    }

    @Test func aChangeReadsAsWhatItGaveAndTookAway() throws {
        let customs = try #require(Mandate.presets["customs"])
        var reads = customs.reads
        reads[.hits] = ["alert"]
        reads[.identity] = ["names"]
        let wider = Mandate(reads: reads, actions: customs.actions.subtracting([.readStatistics]))
        #expect(wider.changes(from: customs) == ["+hits.alert", "-identity.nationality", "-read_statistics"])
    }
}
