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
            seen.insert(id)
        }
        #expect(seen.count == 2_000)
    }
}
