import LimesCore

/// The specimens printed in ICAO Doc 9303 (Parts 4 to 7), and a builder for variations of them.
enum Specimen {
    static let td3 = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ]
    static let td1 = [
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ]
    static let td2 = [
        "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
        "D231458907UTO7408122F1204159<<<<<<<6",
    ]
    static let mrvA = [
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
    ]
    static let mrvB = [
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
        "L8988901C4XXX4009078F9612109<<<<<<<<",
    ]
    /// Doc 9303 Part 5's example of a document number longer than 9 characters.
    static let td1LongNumber = [
        "I<UTOD23145890<7349<<<<<<<<<<<",
        "3407127M9507122UTO<<<<<<<<<<<2",
        "STEVENSON<<PETER<JOHN<<<<<<<<<",
    ]
}

/// Builds MRZ lines whose check digits are right, so a test can change one thing at a time.
struct MRZBuilder {
    var code = "P<"
    var issuer = "UTO"
    var name = "ERIKSSON<<ANNA<MARIA"
    var number = "L898902C3"
    var nationality = "UTO"
    var birth = "740812"
    var sex = "F"
    var expiry = "120415"
    var optional = "ZE184226B"

    static func pad(_ s: String, _ n: Int) -> String {
        precondition(s.count <= n, "'\(s)' is longer than \(n)")
        return s + String(repeating: "<", count: n - s.count)
    }

    static func digit(_ s: String) -> String { String(CheckDigit.compute(s)) }

    func td3() -> [String] {
        let opt = Self.pad(optional, 14)
        let optCheck = opt.allSatisfy { $0 == "<" } ? "<" : Self.digit(opt)
        let body =
            Self.pad(number, 9) + Self.digit(Self.pad(number, 9)) + nationality + birth + Self.digit(birth) + sex
            + expiry + Self.digit(expiry) + opt + optCheck
        let composite = Self.digit(
            String(body.prefix(10)) + String(body.dropFirst(13).prefix(7)) + String(body.dropFirst(21).prefix(22))
        )
        return [Self.pad(code, 2) + issuer + Self.pad(name, 39), body + composite]
    }

    func td2() -> [String] {
        let (numberPart, optionalPart) = Self.longSplit(number: number, optional: optional, optionalLength: 7)
        let body = numberPart + nationality + birth + Self.digit(birth) + sex + expiry + Self.digit(expiry) + optionalPart
        let composite = Self.digit(
            String(body.prefix(10)) + String(body.dropFirst(13).prefix(7)) + String(body.dropFirst(21).prefix(14))
        )
        return [Self.pad(code, 2) + issuer + Self.pad(name, 31), body + composite]
    }

    func td1() -> [String] {
        let (numberPart, optionalPart) = Self.longSplit(number: number, optional: optional, optionalLength: 15)
        let line1 = Self.pad(code, 2) + issuer + numberPart + optionalPart
        let line2Body = birth + Self.digit(birth) + sex + expiry + Self.digit(expiry) + nationality + Self.pad("", 11)
        let composite = Self.digit(
            String(line1.dropFirst(5)) + String(line2Body.prefix(7)) + String(line2Body.dropFirst(8).prefix(7))
                + String(line2Body.dropFirst(18))
        )
        return [line1, line2Body + composite, Self.pad(name, 30)]
    }

    func mrvA() -> [String] {
        let body =
            Self.pad(number, 9) + Self.digit(Self.pad(number, 9)) + nationality + birth + Self.digit(birth) + sex
            + expiry + Self.digit(expiry) + Self.pad(optional, 16)
        return [Self.pad(code, 2) + issuer + Self.pad(name, 39), body]
    }

    func mrvB() -> [String] {
        let body =
            Self.pad(number, 9) + Self.digit(Self.pad(number, 9)) + nationality + birth + Self.digit(birth) + sex
            + expiry + Self.digit(expiry) + Self.pad(optional, 8)
        return [Self.pad(code, 2) + issuer + Self.pad(name, 31), body]
    }

    /// The number field with its check digit, and the optional data; a number longer than 9
    /// continues in the optional data as Doc 9303 says (rest, check digit, `<`).
    static func longSplit(number: String, optional: String, optionalLength: Int) -> (String, String) {
        if number.count <= 9 {
            return (pad(number, 9) + digit(pad(number, 9)), pad(optional, optionalLength))
        }
        let head = String(number.prefix(9))
        let rest = String(number.dropFirst(9))
        return (head + "<", pad(rest + digit(number) + "<" + optional, optionalLength))
    }
}

extension Array where Element == String {
    /// Replaces the character at 1-based `line` and `position`.
    func replacing(line: Int, position: Int, with character: Character) -> [String] {
        var copy = self
        var chars = [Character](copy[line - 1])
        chars[position - 1] = character
        copy[line - 1] = String(chars)
        return copy
    }

    var text: String { joined(separator: "\n") }
}

let fixedToday = CalendarDate(year: 2026, month: 11, day: 22)!
let parser = MRZParser(today: fixedToday)
