/// A coarse consonant skeleton of a name part, so that spellings of one name meet in the index.
///
/// Arabic writes few vowels, and transliterations of Arabic and Russian names differ mostly in
/// vowels and in how a sound is spelt: MOHAMED, MUHAMMAD and MOHAMMED all give `MMT`;
/// ZAKHAROV and SACHAROW give `SKRF`. Vowels and H go; digraphs become one sound; letters that
/// spellings exchange share a class (K C Q G J; S Z X; T D; F V W P-H; B P); doubles collapse.
/// The key only gathers candidates: the score compares the names themselves.
public enum PhoneticKey {
    public static func of(_ token: String) -> String {
        let bytes = Array(token.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        // Only neighbours collapse (MM in MOHAMMED); a vowel between keeps both (M-H-M-D).
        var previous: UInt8 = 0
        func peek(_ offset: Int) -> UInt8 { i + offset < bytes.count ? bytes[i + offset] : 0 }
        while i < bytes.count {
            let c = bytes[i]
            var symbol: UInt8 = 0
            var width = 1
            switch c {
            case UInt8(ascii: "T") where peek(1) == UInt8(ascii: "S") && peek(2) == UInt8(ascii: "C") && peek(3) == UInt8(ascii: "H"):
                // German TSCH, like French TCH and English CH, writes the one sound of Ч.
                symbol = UInt8(ascii: "K")
                width = 4
            case UInt8(ascii: "T") where peek(1) == UInt8(ascii: "C") && peek(2) == UInt8(ascii: "H"):
                symbol = UInt8(ascii: "K")
                width = 3
            case UInt8(ascii: "D") where i == 0 && (peek(1) == UInt8(ascii: "J") || (peek(1) == UInt8(ascii: "I") && isVowel(peek(2)))):
                // At the start, DJ and DI before a vowel sound like J, and a leading J before a
                // vowel reads like Y (Ю and Я come as IU, JU, YU): DIALLO, JALLOH, DJALLO; IURII,
                // JURIJ, YURIY. All of them carry no consonant here.
                symbol = 0
                width = 2
            case UInt8(ascii: "J") where (i == 0 && isVowel(peek(1))) || (i > 0 && bytes[i - 1] == UInt8(ascii: "I") && peek(1) == 0):
                // ...and a final J after I is the Й of -IJ, -IY, -II.
                symbol = 0
            case UInt8(ascii: "C") where peek(1) == UInt8(ascii: "E") || peek(1) == UInt8(ascii: "I") || peek(1) == UInt8(ascii: "Y"):
                // Soft C: CISSE and SISSE.
                symbol = UInt8(ascii: "S")
            case UInt8(ascii: "O") where peek(1) == UInt8(ascii: "U") && isVowel(peek(2)):
                // French OU before a vowel is W: OUALID, AOUA, OUEDRAOGO.
                symbol = UInt8(ascii: "F")
                width = 2
            case UInt8(ascii: "S") where peek(1) == UInt8(ascii: "C") && peek(2) == UInt8(ascii: "H"):
                symbol = UInt8(ascii: "S"); width = 3
            case UInt8(ascii: "S") where peek(1) == UInt8(ascii: "H"), UInt8(ascii: "Z") where peek(1) == UInt8(ascii: "H"):
                symbol = UInt8(ascii: "S"); width = 2
            case UInt8(ascii: "T") where peek(1) == UInt8(ascii: "S") || peek(1) == UInt8(ascii: "Z"):
                symbol = UInt8(ascii: "S"); width = 2
            case UInt8(ascii: "C") where peek(1) == UInt8(ascii: "H"), UInt8(ascii: "K") where peek(1) == UInt8(ascii: "H"),
                UInt8(ascii: "G") where peek(1) == UInt8(ascii: "H"):
                symbol = UInt8(ascii: "K"); width = 2
            case UInt8(ascii: "P") where peek(1) == UInt8(ascii: "H"):
                symbol = UInt8(ascii: "F"); width = 2
            case UInt8(ascii: "T") where peek(1) == UInt8(ascii: "H"), UInt8(ascii: "D") where peek(1) == UInt8(ascii: "H"):
                symbol = UInt8(ascii: "T"); width = 2
            case UInt8(ascii: "A"), UInt8(ascii: "E"), UInt8(ascii: "I"), UInt8(ascii: "O"), UInt8(ascii: "U"), UInt8(ascii: "Y"),
                UInt8(ascii: "H"):
                symbol = 0
            case UInt8(ascii: "C"), UInt8(ascii: "K"), UInt8(ascii: "Q"), UInt8(ascii: "G"), UInt8(ascii: "J"):
                symbol = UInt8(ascii: "K")
            case UInt8(ascii: "S"), UInt8(ascii: "Z"), UInt8(ascii: "X"):
                symbol = UInt8(ascii: "S")
            case UInt8(ascii: "T"), UInt8(ascii: "D"):
                symbol = UInt8(ascii: "T")
            case UInt8(ascii: "F"), UInt8(ascii: "V"), UInt8(ascii: "W"):
                symbol = UInt8(ascii: "F")
            case UInt8(ascii: "B"), UInt8(ascii: "P"):
                symbol = UInt8(ascii: "B")
            case UInt8(ascii: "L"), UInt8(ascii: "M"), UInt8(ascii: "N"), UInt8(ascii: "R"):
                symbol = c
            default:
                symbol = 0
            }
            if symbol != 0, symbol != previous { out.append(symbol) }
            previous = symbol
            i += width
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True when one key is the other with one symbol more.
    static func differByOneDeletion(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        guard abs(x.count - y.count) == 1, min(x.count, y.count) >= 3 else { return false }
        let (long, short) = x.count > y.count ? (Array(x), Array(y)) : (Array(y), Array(x))
        var i = 0
        while i < short.count, long[i] == short[i] { i += 1 }
        return long[(i + 1)...].elementsEqual(short[i...])
    }

    static func isVowel(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "A") || c == UInt8(ascii: "E") || c == UInt8(ascii: "I") || c == UInt8(ascii: "O") || c == UInt8(ascii: "U")
            || c == UInt8(ascii: "Y")
    }

    /// The key with one symbol left out, each way: a typo or a dropped letter meets its name.
    /// Keys shorter than four symbols have none: their deletions would meet half the list.
    public static func deletions(of key: String) -> [String] {
        let bytes = Array(key.utf8)
        guard bytes.count >= 4 else { return [] }
        var seen = Set<String>()
        var result: [String] = []
        for i in bytes.indices {
            var copy = bytes
            copy.remove(at: i)
            let variant = String(decoding: copy, as: UTF8.self)
            if seen.insert(variant).inserted { result.append(variant) }
        }
        return result
    }
}
