import Foundation
import LimesCore
import Testing

@Suite("JSON written in one pass")
struct JSONStreamEncoderTests {
    enum Colour: String, Codable, Equatable { case red, green }

    struct Inner: Codable, Equatable {
        var label: String
        var values: [Double]
    }

    struct Everything: Codable, Equatable {
        var text: String
        var escapes: String
        var script: String
        var whole: Double
        var fraction: Double
        var tiny: Double
        var huge: Double
        var single: Float
        var smallest: Int
        var largest: UInt64
        var flag: Bool
        var missing: String?
        var present: Int?
        var colour: Colour
        var nested: [[Int]]
        var empty: [Inner]
        var inners: [Inner]
        var counts: [String: Int]
        var byID: [Int: String]
        var data: Data
        var url: URL
        var date: Date
        var optionalInner: Inner?
    }

    static let everything = Everything(
        text: "ZAKHAROV",
        escapes: "quote \" backslash \\ slash / newline \n tab \t return \r bell \u{07} nul \u{00}",
        script: "ЗАХАРОВ محمد 🛂 é",
        whole: 3,
        fraction: 0.93,
        tiny: 1e-7,
        huge: 1e21,
        single: 0.7,
        smallest: Int.min,
        largest: UInt64.max,
        flag: true,
        missing: nil,
        present: 0,
        colour: .green,
        nested: [[1, 2], [], [3]],
        empty: [],
        inners: [Inner(label: "a", values: [1.5, -2]), Inner(label: "", values: [])],
        counts: ["zulu": 1, "alpha": 2, "mike": 3],
        byID: [2: "two", 10: "ten"],
        data: Data([0, 1, 2, 250, 255]),
        url: URL(string: "https://example.org/a?b=c")!,
        date: Date(timeIntervalSinceReferenceDate: 123.5),
        optionalInner: Inner(label: "x", values: [0])
    )

    static func foundationJSON(_ value: some Encodable) throws -> Any {
        try JSONSerialization.jsonObject(with: try JSONEncoder().encode(value), options: [.fragmentsAllowed])
    }

    static func streamedJSON(_ value: some Encodable) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try JSONStreamEncoder().encode(value)), options: [.fragmentsAllowed])
    }

    @Test("every kind of value reads back the same, and parses as Foundation's output does")
    func roundTrip() throws {
        let bytes = try JSONStreamEncoder().encode(Self.everything)
        #expect(try JSONDecoder().decode(Everything.self, from: Data(bytes)) == Self.everything)
        let streamed = try Self.streamedJSON(Self.everything) as? NSDictionary
        let foundation = try Self.foundationJSON(Self.everything) as? NSDictionary
        #expect(streamed != nil)
        #expect(streamed == foundation)
        // Left out, as JSONEncoder leaves it out, rather than written as null.
        #expect(!String(decoding: bytes, as: UTF8.self).contains("missing"))
    }

    @Test("keys in declaration order, dictionary keys sorted, no whitespace")
    func layout() throws {
        struct Ordered: Encodable {
            var z = 1
            var a = "x"
            var m: [String: Bool] = ["b": true, "a": false, "c": true]
        }
        #expect(try JSONStreamEncoder().encodeToString(Ordered()) == #"{"z":1,"a":"x","m":{"a":false,"b":true,"c":true}}"#)
        #expect(try JSONStreamEncoder().encodeToString(["b": 1, "a": 2]) == #"{"a":2,"b":1}"#)
        // The writer remembers which types are dictionaries: the second of a type, and one
        // inside an optional, are sorted as the first.
        let dictionaries: [[String: Int]?] = [["b": 1, "a": 2], ["d": 3, "c": 4], nil]
        #expect(try JSONStreamEncoder().encodeToString(dictionaries) == #"[{"a":2,"b":1},{"c":4,"d":3},null]"#)
        #expect(try JSONStreamEncoder().encodeToString("a\"b\u{1}") == #""a\"b\u0001""#)
        #expect(try JSONStreamEncoder().encodeToString([1.0, 0.5, -0.25]) == "[1,0.5,-0.25]")
        #expect(try JSONStreamEncoder().encodeToString(Optional<Int>.none) == "null")
    }

    /// A hand-written conformance using nested containers, a container asked for twice, and keys
    /// written after a nested container: what synthesised conformances never do.
    struct HandWritten: Encodable {
        enum Keys: String, CodingKey { case first, inner, list, after, again }
        enum InnerKeys: String, CodingKey { case deep, deeper }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode("one", forKey: .first)
            var inner = container.nestedContainer(keyedBy: InnerKeys.self, forKey: .inner)
            try inner.encode(1, forKey: .deep)
            var deeper = inner.nestedUnkeyedContainer(forKey: .deeper)
            try deeper.encode(true)
            var pair = deeper.nestedContainer(keyedBy: InnerKeys.self)
            try pair.encode("x", forKey: .deep)
            try deeper.encodeNil()
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode(Inner(label: "l", values: [2]))
            try list.encode([3, 4])
            try container.encode(2, forKey: .after)
            var same = encoder.container(keyedBy: Keys.self)
            try same.encode("merged", forKey: .again)
        }
    }

    @Test("nested containers close where they end")
    func nestedContainers() throws {
        let text = try JSONStreamEncoder().encodeToString(HandWritten())
        #expect(
            text
                == #"{"first":"one","inner":{"deep":1,"deeper":[true,{"deep":"x"},null]},"list":[{"label":"l","values":[2]},[3,4]],"after":2,"again":"merged"}"#
        )
        #expect(try Self.streamedJSON(HandWritten()) as? NSDictionary == Self.foundationJSON(HandWritten()) as? NSDictionary)
    }

    @Test("a value with no JSON form is refused, not written")
    func nonFinite() throws {
        #expect(throws: EncodingError.self) { try JSONStreamEncoder().encode([1.0, .nan]) }
        #expect(throws: EncodingError.self) { try JSONStreamEncoder().encode(Inner(label: "x", values: [.infinity])) }
    }

    class Base: Encodable {
        var base = 1
    }

    final class Derived: Base {
        var derived = "d"
        enum Keys: String, CodingKey { case derived }
        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(derived, forKey: .derived)
            try super.encode(to: container.superEncoder())
        }
    }

    @Test("a type that asks for a super encoder is written by JSONEncoder")
    func superEncoder() throws {
        #expect(try Self.streamedJSON(Derived()) as? NSDictionary == Self.foundationJSON(Derived()) as? NSDictionary)
        #expect(try JSONStreamEncoder().encodeToString(Derived()).contains(#""super":{"base":1}"#))
    }
}
