import Foundation

/// Writes an `Encodable` value as JSON in one pass, straight into bytes.
///
/// Why not Foundation's `JSONEncoder`: it first builds a tree of every value (a dictionary per
/// object, hashed keys), then sorts and writes it. Measured under the crossing load, that was a
/// tenth of the server's CPU, for answers of a few kilobytes. This encoder writes each key and
/// value as the type's `encode(to:)` hands them over, so the types' own `Codable` conformances
/// stay the single description of the format.
///
/// The output is JSON that Foundation's decoder reads back to the same values; it differs from
/// `JSONEncoder`'s in layout only:
/// - an object's keys come in the order the type encodes them (declaration order for
///   synthesised conformances), except a `[String: …]` dictionary, whose keys are sorted so that
///   the same value always gives the same bytes;
/// - `/` is not escaped.
///
/// `Data`, `URL` and `Decimal` are written as `JSONEncoder` writes them by default (base64, the
/// absolute string, a number); `Date` as its default too (seconds since 2001). A type that asks
/// for a super encoder, which nothing in Limes does, is handed to `JSONEncoder` instead.
public struct JSONStreamEncoder: Sendable {
    public init() {}

    public func encode(_ value: some Encodable) throws -> [UInt8] {
        let writer = JSONStreamWriter()
        try writer.writeValue(value)
        writer.closeFrames(above: 0)
        if writer.needsFallback {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Array(try encoder.encode(value))
        }
        return writer.bytes
    }

    public func encodeToString(_ value: some Encodable) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }
}

/// The output and the objects and arrays still open, innermost last.
final class JSONStreamWriter {
    struct Frame {
        var isArray: Bool
        var count = 0
    }

    // Unchecked: a writer serves one encode call on one thread, and no append overlaps another.
    // Checked, each of the hundreds of appends of an answer paid a dynamic exclusivity check,
    // a quarter of the encoder's time.
    @exclusivity(unchecked) var bytes: [UInt8] = []
    @exclusivity(unchecked) var frames: [Frame] = []
    var needsFallback = false
    /// Types this writer has already asked whether they are a `[String: …]` dictionary. The
    /// runtime's answer to that cast costs a look-up in its conformance cache, once per value;
    /// an answer has a few dozen values of a dozen types.
    private var knownTypes: [(type: ObjectIdentifier, isDictionary: Bool)] = []

    init() {
        bytes.reserveCapacity(1024)
        frames.reserveCapacity(8)
    }

    /// Closes the objects and arrays opened after the first `depth` ones: a nested container
    /// ends when its parent writes again, or when the value that opened it returns.
    @inline(__always)
    func closeFrames(above depth: Int) {
        while frames.count > depth {
            bytes.append(frames.removeLast().isArray ? UInt8(ascii: "]") : UInt8(ascii: "}"))
        }
    }

    /// Before an element of the container at `index`: closes what is open inside it, then a comma.
    @inline(__always)
    func beginElement(of index: Int) {
        closeFrames(above: index + 1)
        if frames[index].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[index].count += 1
    }

    func open(isArray: Bool) -> Int {
        bytes.append(isArray ? UInt8(ascii: "[") : UInt8(ascii: "{"))
        frames.append(Frame(isArray: isArray))
        return frames.count - 1
    }

    func writeKey(_ key: some CodingKey) {
        writeString(key.stringValue)
        bytes.append(UInt8(ascii: ":"))
    }

    func writeValue<T: Encodable>(_ value: T) throws {
        if T.self == Data.self {
            writeString((value as! Data).base64EncodedString())
            return
        }
        if T.self == URL.self {
            writeString((value as! URL).absoluteString)
            return
        }
        if T.self == Decimal.self {
            bytes.append(contentsOf: (value as! Decimal).description.utf8)
            return
        }
        if isStringKeyedDictionary(T.self), let dictionary = value as? any StringKeyedJSONObject {
            try dictionary.writeSorted(to: self)
            return
        }
        let depth = frames.count
        let start = bytes.count
        try value.encode(to: JSONStreamValueEncoder(writer: self, depth: depth))
        closeFrames(above: depth)
        // A value that encoded nothing at all is an empty object, as JSONEncoder writes it.
        if bytes.count == start { bytes.append(contentsOf: "{}".utf8) }
    }

    private func isStringKeyedDictionary<T>(_ type: T.Type) -> Bool {
        let id = ObjectIdentifier(type)
        for known in knownTypes where known.type == id { return known.isDictionary }
        let isDictionary = type is any StringKeyedJSONObject.Type
        if knownTypes.count < 64 { knownTypes.append((id, isDictionary)) }
        return isDictionary
    }

    func writeNull() { bytes.append(contentsOf: "null".utf8) }

    func writeBool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }

    func writeInteger<T: BinaryInteger>(_ value: T) { bytes.append(contentsOf: value.description.utf8) }

    func writeDouble(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "\(value) has no JSON form"))
        }
        // Whole numbers without ".0", as JSONEncoder writes them.
        if value.rounded() == value, abs(value) < 1e15 {
            writeInteger(Int64(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    func writeFloat(_ value: Float) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "\(value) has no JSON form"))
        }
        // Float's own shortest digits (0.7, not 0.699999988079071).
        if value.rounded() == value, abs(value) < 1e7 {
            writeInteger(Int64(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var plainFrom = 0
            for (i, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainFrom..<i]))
                plainFrom = i + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
                case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
                case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
                case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: #"\u00"#.utf8)
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0xF)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainFrom...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// A `[String: …]` dictionary, written with its keys in order.
protocol StringKeyedJSONObject {
    func writeSorted(to writer: JSONStreamWriter) throws
}

extension Dictionary: StringKeyedJSONObject where Key == String, Value: Encodable {
    func writeSorted(to writer: JSONStreamWriter) throws {
        let index = writer.open(isArray: false)
        for key in keys.sorted() {
            writer.beginElement(of: index)
            writer.writeString(key)
            writer.bytes.append(UInt8(ascii: ":"))
            try writer.writeValue(self[key]!)
        }
        writer.closeFrames(above: index)
    }
}

/// The encoder a value's `encode(to:)` receives. `depth` is how many containers were open
/// before the value began: its own container, asked for once or more, is the next one.
struct JSONStreamValueEncoder: Encoder {
    let writer: JSONStreamWriter
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    private func frame(isArray: Bool) -> Int {
        if writer.frames.count > depth, writer.frames[depth].isArray == isArray {
            writer.closeFrames(above: depth + 1)
            return depth
        }
        return writer.open(isArray: isArray)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(JSONStreamKeyedContainer<Key>(writer: writer, index: frame(isArray: false)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONStreamUnkeyedContainer(writer: writer, index: frame(isArray: true))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONStreamSingleValueContainer(writer: writer)
    }
}

struct JSONStreamKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONStreamWriter
    let index: Int
    var codingPath: [any CodingKey] { [] }

    private func begin(_ key: Key) {
        writer.beginElement(of: index)
        writer.writeKey(key)
    }

    mutating func encodeNil(forKey key: Key) throws {
        begin(key)
        writer.writeNull()
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        begin(key)
        writer.writeBool(value)
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        begin(key)
        writer.writeString(value)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        begin(key)
        try writer.writeDouble(value)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        begin(key)
        try writer.writeFloat(value)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: Int8, forKey key: Key) throws {
        begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: Int16, forKey key: Key) throws {
        begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: Int32, forKey key: Key) throws {
        begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        begin(key)
        writer.writeInteger(value)
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        begin(key)
        try writer.writeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        begin(key)
        return KeyedEncodingContainer(JSONStreamKeyedContainer<NestedKey>(writer: writer, index: writer.open(isArray: false)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        begin(key)
        return JSONStreamUnkeyedContainer(writer: writer, index: writer.open(isArray: true))
    }

    mutating func superEncoder() -> any Encoder {
        writer.needsFallback = true
        return JSONStreamValueEncoder(writer: JSONStreamWriter(), depth: 0)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder() }
}

struct JSONStreamUnkeyedContainer: UnkeyedEncodingContainer {
    let writer: JSONStreamWriter
    let index: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int { writer.frames.count > index ? writer.frames[index].count : 0 }

    mutating func encodeNil() throws {
        writer.beginElement(of: index)
        writer.writeNull()
    }
    mutating func encode(_ value: Bool) throws {
        writer.beginElement(of: index)
        writer.writeBool(value)
    }
    mutating func encode(_ value: String) throws {
        writer.beginElement(of: index)
        writer.writeString(value)
    }
    mutating func encode(_ value: Double) throws {
        writer.beginElement(of: index)
        try writer.writeDouble(value)
    }
    mutating func encode(_ value: Float) throws {
        writer.beginElement(of: index)
        try writer.writeFloat(value)
    }
    mutating func encode(_ value: Int) throws {
        writer.beginElement(of: index)
        writer.writeInteger(value)
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.beginElement(of: index)
        try writer.writeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        writer.beginElement(of: index)
        return KeyedEncodingContainer(JSONStreamKeyedContainer<NestedKey>(writer: writer, index: writer.open(isArray: false)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.beginElement(of: index)
        return JSONStreamUnkeyedContainer(writer: writer, index: writer.open(isArray: true))
    }

    mutating func superEncoder() -> any Encoder {
        writer.needsFallback = true
        return JSONStreamValueEncoder(writer: JSONStreamWriter(), depth: 0)
    }
}

struct JSONStreamSingleValueContainer: SingleValueEncodingContainer {
    let writer: JSONStreamWriter
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { writer.writeNull() }
    mutating func encode(_ value: Bool) throws { writer.writeBool(value) }
    mutating func encode(_ value: String) throws { writer.writeString(value) }
    mutating func encode(_ value: Double) throws { try writer.writeDouble(value) }
    mutating func encode(_ value: Float) throws { try writer.writeFloat(value) }
    mutating func encode(_ value: Int) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int8) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int16) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int32) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt8) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt16) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt32) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt64) throws { writer.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try writer.writeValue(value) }
}
