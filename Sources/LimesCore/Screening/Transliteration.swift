/// Latin readings of the scripts names arrive in, for matching.
///
/// Cyrillic and Greek follow ICAO Doc 9303 Part 3 (section 6). For Arabic, Doc 9303 writes
/// `X`-marked digraphs (XKH, XSH, ...) so that the transliteration can be reversed; passports
/// carry the conventional spellings instead (KHALED, not XKHALED), so the consonants here are
/// Doc 9303's without the marker. Arabic writes short vowels rarely: ا و ي stand for long vowels
/// inside a word and for consonants (W, Y) at its start, which is how they are read here.
/// Latin letters lose their diacritics and ligatures open up (Æ → AE, ß → SS).
public enum Transliteration {
    /// Appends the upper-case Latin reading of `text` to `out`; any other character becomes a
    /// space, so it separates name parts.
    public static func latin(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousWasLetter = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                if value >= 0x61 && value <= 0x7A {
                    out.unicodeScalars.append(Unicode.Scalar(value - 32)!)
                    previousWasLetter = true
                } else if value >= 0x41 && value <= 0x5A {
                    out.unicodeScalars.append(scalar)
                    previousWasLetter = true
                } else if value == 0x27 || value == 0x60 {
                    // Apostrophes mark ayn or hamza (MAS'UD): no letter, no break.
                    continue
                } else {
                    out.append(" ")
                    previousWasLetter = false
                }
                continue
            }
            if (0x0600...0x06FF).contains(value) {
                let reading = arabic(scalar, atWordStart: !previousWasLetter)
                out += reading
                if !reading.isEmpty || (0x064B...0x0652).contains(value) { previousWasLetter = true }
                continue
            }
            if let reading = table[value] {
                out += reading
                previousWasLetter = !reading.isEmpty && reading != " "
            } else {
                out.append(" ")
                previousWasLetter = false
            }
        }
        return out
    }

    private static func arabic(_ scalar: Unicode.Scalar, atWordStart: Bool) -> String {
        switch scalar.value {
        case 0x0627, 0x0622, 0x0623, 0x0625, 0x0671: return "A"  // alif and its hamza forms
        case 0x0648: return atWordStart ? "W" : "U"  // waw
        case 0x064A, 0x06CC: return atWordStart ? "Y" : "I"  // ya
        case 0x0649: return "A"  // alif maqsura
        case 0x0629: return "A"  // ta marbuta, read as the final vowel (FATIMA)
        case 0x0621, 0x0624, 0x0626: return ""  // hamza
        case 0x0639: return atWordStart ? "A" : ""  // ayn: Latin spellings write a vowel or nothing (ALI, ABD, SAAD)
        case 0x064E: return "A"  // fatha
        case 0x064F: return "U"  // damma
        case 0x0650: return "I"  // kasra
        case 0x064B...0x064D, 0x0651, 0x0652, 0x0670, 0x0640: return ""  // tanwin, shadda, sukun, tatweel
        default: return arabicConsonants[scalar.value] ?? " "
        }
    }

    private static let arabicConsonants: [UInt32: String] = [
        0x0628: "B", 0x062A: "T", 0x062B: "TH", 0x062C: "J", 0x062D: "H", 0x062E: "KH", 0x062F: "D", 0x0630: "DH",
        0x0631: "R", 0x0632: "Z", 0x0633: "S", 0x0634: "SH", 0x0635: "S", 0x0636: "D", 0x0637: "T", 0x0638: "Z",
        0x063A: "GH", 0x0641: "F", 0x0642: "Q", 0x0643: "K", 0x0644: "L", 0x0645: "M", 0x0646: "N", 0x0647: "H",
        0x067E: "P", 0x0686: "CH", 0x0698: "ZH", 0x06A9: "K", 0x06AF: "G",
    ]

    /// Cyrillic and Greek per Doc 9303, and Latin letters with diacritics.
    private static let table: [UInt32: String] = {
        var t: [UInt32: String] = [:]
        func add(_ pairs: [(String, String)]) {
            for (letters, reading) in pairs {
                for scalar in letters.unicodeScalars { t[scalar.value] = reading }
            }
        }
        // Cyrillic (Russian, then Ukrainian, Belarusian, Serbian, Macedonian letters).
        add([
            ("Аа", "A"), ("Бб", "B"), ("Вв", "V"), ("Гг", "G"), ("Дд", "D"), ("Ее", "E"), ("Ёё", "E"), ("Жж", "ZH"),
            ("Зз", "Z"), ("Ии", "I"), ("Йй", "I"), ("Кк", "K"), ("Лл", "L"), ("Мм", "M"), ("Нн", "N"), ("Оо", "O"),
            ("Пп", "P"), ("Рр", "R"), ("Сс", "S"), ("Тт", "T"), ("Уу", "U"), ("Фф", "F"), ("Хх", "KH"), ("Цц", "TS"),
            ("Чч", "CH"), ("Шш", "SH"), ("Щщ", "SHCH"), ("Ъъ", "IE"), ("Ыы", "Y"), ("Ьь", ""), ("Ээ", "E"), ("Юю", "IU"),
            ("Яя", "IA"), ("Єє", "IE"), ("Іі", "I"), ("Її", "I"), ("Ґґ", "G"), ("Ўў", "U"), ("Ђђ", "D"), ("Јј", "J"),
            ("Љљ", "LJ"), ("Њњ", "NJ"), ("Ћћ", "C"), ("Џџ", "DZ"), ("Ѓѓ", "G"), ("Ќќ", "K"), ("Ѕѕ", "DZ"),
        ])
        // Greek.
        add([
            ("ΑαΆά", "A"), ("Ββ", "V"), ("Γγ", "G"), ("Δδ", "D"), ("ΕεΈέ", "E"), ("Ζζ", "Z"), ("ΗηΉή", "I"), ("Θθ", "TH"),
            ("ΙιΊίΪϊΐ", "I"), ("Κκ", "K"), ("Λλ", "L"), ("Μμ", "M"), ("Νν", "N"), ("Ξξ", "X"), ("ΟοΌό", "O"), ("Ππ", "P"),
            ("Ρρ", "R"), ("Σσς", "S"), ("Ττ", "T"), ("ΥυΎύΫϋΰ", "Y"), ("Φφ", "F"), ("Χχ", "CH"), ("Ψψ", "PS"), ("ΩωΏώ", "O"),
        ])
        // Latin with diacritics, and ligatures.
        add([
            ("ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎ", "A"), ("Ææ", "AE"), ("ÇçĆćĈĉĊċČč", "C"), ("ÐðĎďĐđ", "D"),
            ("ÈÉÊËèéêëĒēĔĕĖėĘęĚě", "E"), ("ĜĝĞğĠġĢģ", "G"), ("ĤĥĦħ", "H"), ("ÌÍÎÏìíîïĨĩĪīĬĭĮįİı", "I"), ("Ĳĳ", "IJ"),
            ("Ĵĵ", "J"), ("Ķķ", "K"), ("ĹĺĻļĽľĿŀŁł", "L"), ("ÑñŃńŅņŇň", "N"), ("ÒÓÔÕÖØòóôõöøŌōŎŏŐő", "O"), ("Œœ", "OE"),
            ("ŔŕŖŗŘř", "R"), ("ŚśŜŝŞşŠšȘș", "S"), ("ß", "SS"), ("ŢţŤťŦŧȚț", "T"), ("Þþ", "TH"),
            ("ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", "U"), ("Ŵŵ", "W"), ("ÝýÿŶŷŸ", "Y"), ("ŹźŻżŽž", "Z"),
        ])
        // Marks and separators that join, not split, a name.
        add([("\u{2019}\u{02BC}\u{02BF}\u{02BE}", "")])
        return t
    }()
}
