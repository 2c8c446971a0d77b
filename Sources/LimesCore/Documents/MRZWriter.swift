/// Writes the MRZ of a TD3 passport from its data: for typed-in documents (no reader at the
/// booth), demo data and tests. The result reads back through `MRZParser` unchanged.
public enum MRZWriter {
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var field: String
        public var message: String
        public var description: String { "\(field): \(message)" }
    }

    public static func passport(
        issuer: String,
        number: String,
        surname: String,
        givenNames: String,
        nationality: String,
        birthDate: CalendarDate,
        sex: Sex?,
        expiry: CalendarDate,
        documentCode: String = "P"
    ) throws(Problem) -> String {
        let issuer = try code(issuer, field: "issuer")
        let nationality = try code(nationality, field: "nationality")
        let number = number.uppercased()
        guard (1...9).contains(number.count), number.utf8.allSatisfy(isAlphanumeric) else {
            throw Problem(field: "number", message: "'\(number)' must be 1 to 9 letters or digits")
        }
        let name = try nameField(surname: surname, givenNames: givenNames)
        let type = documentCode.uppercased()
        guard (1...2).contains(type.count), type.first == "P", type.utf8.allSatisfy(isAlphanumeric) else {
            throw Problem(field: "documentCode", message: "'\(documentCode)' is not a passport code (P, PD, PS...)")
        }
        let line1 = pad(type, 2) + issuer + pad(name, 39)
        let numberField = pad(number, 9)
        let birth = yymmdd(birthDate)
        let expiryField = yymmdd(expiry)
        let optional = pad("", 14)
        var line2 =
            numberField + digit(numberField) + nationality + birth + digit(birth) + (sex?.rawValue ?? "<") + expiryField
            + digit(expiryField) + optional + digit(optional)
        let composite = numberField + digit(numberField) + birth + digit(birth) + expiryField + digit(expiryField) + optional + digit(optional)
        line2 += digit(composite)
        return line1 + "\n" + line2
    }

    static func code(_ text: String, field: String) throws(Problem) -> String {
        let upper = text.uppercased()
        guard (1...3).contains(upper.count), upper.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else {
            throw Problem(field: field, message: "'\(text)' is not a country code of 1 to 3 letters")
        }
        return pad(upper, 3)
    }

    /// A typed name as the MRZ would hold it, but whole: capitals, parts separated by one space.
    /// An MRZ keeps 39 characters (TD3) of the name; what was typed is kept in full beside it.
    public static func typedName(_ text: String) -> String {
        text.uppercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "'" }).joined(separator: " ")
    }

    static func nameField(surname: String, givenNames: String) throws(Problem) -> String {
        func part(_ text: String, field: String) throws(Problem) -> String {
            let words = text.uppercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "'" })
            for word in words where !word.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) {
                throw Problem(field: field, message: "'\(word)' has characters an MRZ cannot hold; write it in Latin letters A to Z")
            }
            return words.joined(separator: "<")
        }
        let surnamePart = try part(surname, field: "surname")
        guard !surnamePart.isEmpty else { throw Problem(field: "surname", message: "is empty") }
        let given = try part(givenNames, field: "givenNames")
        let name = given.isEmpty ? surnamePart : surnamePart + "<<" + given
        return String(name.prefix(39))
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool { (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) }

    static func pad(_ text: String, _ length: Int) -> String {
        text.count >= length ? String(text.prefix(length)) : text + String(repeating: "<", count: length - text.count)
    }

    static func digit(_ text: String) -> String { String(CheckDigit.compute(text)) }

    static func yymmdd(_ date: CalendarDate) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return two(date.year % 100) + two(date.month) + two(date.day)
    }
}
