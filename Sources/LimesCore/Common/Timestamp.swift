import Foundation

/// A moment in UTC, written `YYYY-MM-DDTHH:MM:SS.mmmZ`: the same text sorts and compares
/// the same way in SQLite and PostgreSQL, and reads the same in an audit export.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public init(_ date: Date = Date()) {
        milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[10] == UInt8(ascii: "T"), bytes[23] == UInt8(ascii: "Z"),
            let day = CalendarDate(iso: text.prefix(10))
        else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for byte in bytes[from..<(from + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2), let milli = number(20, 3),
            hour < 24, minute < 60, second < 60
        else { return nil }
        milliseconds = Int64(day.daysSinceEpoch) * 86_400_000 + Int64(((hour * 60 + minute) * 60 + second) * 1000 + milli)
    }

    public var day: CalendarDate { CalendarDate(daysSinceEpoch: Int(milliseconds.dividedFloor(by: 86_400_000))) }

    public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    public func adding(seconds: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds + seconds * 1000) }

    public var description: String {
        let dayMillis = Int(milliseconds - Int64(day.daysSinceEpoch) * 86_400_000)
        let seconds = dayMillis / 1000
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let milli = dayMillis % 1000
        let milliText = milli < 10 ? "00\(milli)" : (milli < 100 ? "0\(milli)" : "\(milli)")
        return "\(day)T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)).\(milliText)Z"
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Timestamp(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not YYYY-MM-DDTHH:MM:SS.mmmZ"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Int64 {
    fileprivate func dividedFloor(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
