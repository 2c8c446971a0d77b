import Foundation
import Testing

@testable import LimesStore

@Suite("Record ids")
struct RecordIDTests {
    @Test func idsAreLowerCaseUUIDsAndDistinct() {
        var seen = Set<String>()
        for _ in 0..<2_000 {
            let id = Store.newID()
            let parsed = UUID(uuidString: id)
            #expect(parsed != nil, "\(id) is not a UUID")
            #expect(parsed?.uuidString.lowercased() == id)
            #expect(id.utf8.count == 36 && id == id.lowercased())
            // Version 4 (random), RFC 4122 variant.
            let characters = Array(id)
            #expect(characters[14] == "4" && "89ab".contains(characters[19]), "\(id)")
            seen.insert(id)
        }
        #expect(seen.count == 2_000)
    }
}
