import Foundation
import LimesCore
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
            // Version 7 (time-ordered), RFC 9562 variant.
            let characters = Array(id)
            #expect(characters[14] == "7" && "89ab".contains(characters[19]), "\(id)")
            seen.insert(id)
        }
        #expect(seen.count == 2_000)
    }

    @Test func idsBeginWithTheirMillisecondAndSortByIt() throws {
        let moment = Timestamp(milliseconds: 1_795_400_000_123)
        let id = Store.newID(now: moment)
        let hex = id.replacingOccurrences(of: "-", with: "")
        #expect(UInt64(hex.prefix(12), radix: 16) == 1_795_400_000_123)
        // Later ids sort after earlier ones, as text: what keeps new keys at an index's end.
        var earlier = id
        for step in 1...500 {
            let later = Store.newID(now: Timestamp(milliseconds: moment.milliseconds + Int64(step)))
            #expect(later > earlier, "\(later) after \(earlier)")
            earlier = later
        }
        // Within one millisecond the rest is random: distinct, in no order.
        let same = (0..<1_000).map { _ in Store.newID(now: moment) }
        #expect(Set(same).count == 1_000)
        #expect(Set(same.map { $0.prefix(13) }).count == 1)
    }
}
