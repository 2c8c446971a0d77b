import Foundation
import LimesCore
import Testing

@Suite("Documents as JSON")
struct DocumentJSONTests {
    @Test func roundTripsWithLinesAsAnArray() throws {
        let d = try parser.parse(Specimen.td1.replacing(line: 2, position: 3, with: "O").text)
        #expect(d.corrections.count == 1)
        let data = try JSONEncoder().encode(d)
        #expect(try JSONDecoder().decode(MRZDocument.self, from: data) == d)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["lines"] as? [String] == Specimen.td1.replacing(line: 2, position: 3, with: "O"))
        #expect((object["dateOfBirth"] as? [String: Any])?["iso"] as? String == "1974-08-12")
    }

    @Test func linesOfUnequalLengthAreRefused() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(MRZLines.self, from: Data(#"["ABC", "AB"]"#.utf8))
        }
    }
}
