import LimesCore

/// A deterministic mix of MRZs as a busy land border sees them: mostly valid passports and
/// cards, some visas, a few misread check digits and OCR confusions.
struct MRZCorpus {
    var records: [String]
    var formatCounts: [MRZFormat: Int]

    static let surnames = [
        "MOHAMED", "BENALI", "DIALLO", "TRAORE", "KONE", "OUEDRAOGO", "EL<AMRANI", "ABDELKADER", "HADDAD", "MANSOUR",
        "IVANOV", "ZAKHAROV", "PETROVA", "GARCIA<LOPEZ", "DUPONT", "MARTIN", "OKAFOR", "MENSAH", "NDIAYE", "SOW",
    ]
    static let givenNames = [
        "AHMED", "FATIMA<ZAHRA", "MAMADOU", "AMINATA", "YOUSSEF", "KHADIJA", "IBRAHIM", "AISHA", "OLGA", "SERGEI",
        "MARIE<CLAIRE", "JEAN", "CHIDI", "AMA", "MOUSSA", "SALMA", "OMAR", "LEILA", "PIERRE", "NADIA",
    ]
    static let countries = [
        "MAR", "DZA", "TUN", "LBY", "EGY", "SEN", "MLI", "NER", "NGA", "GHA", "CIV", "FRA", "ESP", "ITA", "D<<", "RUS", "UKR", "XXA", "XXB", "GBR",
    ]
    static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    static func generate(count: Int, seed: UInt64) -> MRZCorpus {
        var rng = SplitMix64(seed: seed)
        var records: [String] = []
        records.reserveCapacity(count)
        var counts: [MRZFormat: Int] = [:]
        for _ in 0..<count {
            let roll = Int.random(in: 0..<100, using: &rng)
            let format: MRZFormat = roll < 40 ? .td3 : roll < 65 ? .td1 : roll < 80 ? .td2 : roll < 90 ? .mrvA : .mrvB
            counts[format, default: 0] += 1
            var lines = make(format, using: &rng)
            let damage = Int.random(in: 0..<100, using: &rng)
            if damage < 5 {
                // A misread digit somewhere in the last line.
                let line = lines.count - 1
                var chars = Array(lines[line])
                let index = Int.random(in: 0..<chars.count, using: &rng)
                chars[index] = chars[index] == "1" ? "7" : "1"
                lines[line] = String(chars)
            } else if damage < 7 {
                // An O read for a 0 in the date of birth, if it has one.
                let (line, start) = format == .td1 ? (1, 0) : (1, 13)
                var chars = Array(lines[line])
                if let zero = (start..<(start + 6)).first(where: { chars[$0] == "0" }) {
                    chars[zero] = "O"
                    lines[line] = String(chars)
                }
            }
            records.append(lines.joined(separator: "\n"))
        }
        return MRZCorpus(records: records, formatCounts: counts)
    }

    private static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? String(s.prefix(n)) : s + String(repeating: "<", count: n - s.count)
    }

    private static func digit(_ s: String) -> String { String(CheckDigit.compute(s)) }

    private static func date(yearRange: ClosedRange<Int>, using rng: inout SplitMix64) -> String {
        let y = Int.random(in: yearRange, using: &rng) % 100
        let m = Int.random(in: 1...12, using: &rng)
        let d = Int.random(in: 1...28, using: &rng)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return two(y) + two(m) + two(d)
    }

    private static func make(_ format: MRZFormat, using rng: inout SplitMix64) -> [String] {
        let issuer = countries.randomElement(using: &rng)!
        let nationality = Int.random(in: 0..<10, using: &rng) < 8 ? issuer : countries.randomElement(using: &rng)!
        let name = surnames.randomElement(using: &rng)! + "<<" + givenNames.randomElement(using: &rng)!
        let numberLength = Int.random(in: 7...9, using: &rng)
        let number = pad(String((0..<numberLength).map { _ in alphanumerics.randomElement(using: &rng)! }), 9)
        let birth = date(yearRange: 1940...2020, using: &rng)
        let expiry = date(yearRange: 2020...2036, using: &rng)
        let sex = ["M", "F", "F", "M", "X"].randomElement(using: &rng)!
        let numberField = number + digit(number)
        switch format {
        case .td3, .mrvA:
            let code = format == .td3 ? "P<" : "V<"
            let line1 = code + issuer + pad(name, 39)
            var line2 = numberField + nationality + birth + digit(birth) + sex + expiry + digit(expiry)
            if format == .td3 {
                let personal = pad(String(Int.random(in: 0..<1_000_000_000, using: &rng)), 14)
                line2 += personal + digit(personal)
                let l = Array(line2)
                line2 += digit(String(l[0..<10]) + String(l[13..<20]) + String(l[21..<43]))
            } else {
                line2 += pad("", 16)
            }
            return [line1, line2]
        case .td2, .mrvB:
            let code = format == .td2 ? "I<" : "V<"
            let line1 = code + issuer + pad(name, 31)
            var line2 = numberField + nationality + birth + digit(birth) + sex + expiry + digit(expiry)
            if format == .td2 {
                line2 += pad("", 7)
                let l = Array(line2)
                line2 += digit(String(l[0..<10]) + String(l[13..<20]) + String(l[21..<35]))
            } else {
                line2 += pad("", 8)
            }
            return [line1, line2]
        case .td1:
            let line1 = "I<" + issuer + numberField + pad(String(Int.random(in: 0..<100_000, using: &rng)), 15)
            let body = birth + digit(birth) + sex + expiry + digit(expiry) + nationality + pad("", 11)
            let b = Array(body)
            let composite = digit(String(line1.dropFirst(5)) + String(b[0..<7]) + String(b[8..<15]) + String(b[18..<29]))
            return [line1, body + composite, pad(name, 30)]
        }
    }
}
