import Foundation
import LimesCore

/// How every store file writes JSON columns and new record ids.
extension Store {
    static func json(_ value: some Encodable) throws -> String {
        try JSONStreamEncoder().encodeToString(value)
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// A time-ordered (version 7) UUID in lower case: the first 48 bits are the Unix time in
    /// milliseconds, the other 74 random.
    ///
    /// Why time-ordered: the ids are primary keys. Random ones (version 4, until 2026-11)
    /// put each new row's key at a random place in its table's index, so every insert dirtied
    /// a page of its own, read back from disk once a table outgrows the cache, and written
    /// whole to the log at each commit. Keys that grow with time land on the index's last
    /// pages, which the rows of one group commit share. Ids written before stay valid: they
    /// are only compared, never parsed.
    ///
    /// Why not Foundation's `UUID()`: it opened /dev/urandom for each one (1% of a booth's
    /// transaction in the profile); the system generator asks the kernel directly.
    static func newID(now: Timestamp = Timestamp()) -> String {
        var generator = SystemRandomNumberGenerator()
        var uuid = (generator.next() as UInt64, generator.next() as UInt64)
        let milliseconds = UInt64(max(0, now.milliseconds))
        withUnsafeMutableBytes(of: &uuid) { bytes in
            for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
            bytes[6] = (bytes[6] & 0x0F) | 0x70
            bytes[8] = (bytes[8] & 0x3F) | 0x80
        }
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
                let digits: StaticString = "0123456789abcdef"
                var at = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    text[at] = digits.utf8Start[Int(byte >> 4)]
                    text[at + 1] = digits.utf8Start[Int(byte & 0x0F)]
                    at += 2
                }
                return at
            }
        }
    }
}
