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

    /// A random (version 4) UUID in lower case, as ids have always been written. Foundation's
    /// `UUID()` opened /dev/urandom for each one (1% of a booth's transaction in the
    /// profile), and `uuidString` then `lowercased()` made two strings; the system generator
    /// asks the kernel directly.
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        var uuid = (generator.next() as UInt64, generator.next() as UInt64)
        withUnsafeMutableBytes(of: &uuid) { bytes in
            bytes[6] = (bytes[6] & 0x0F) | 0x40
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
