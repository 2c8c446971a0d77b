/// Turns a name in any script into comparable tokens.
///
/// - transliteration to Latin capitals, diacritics and ligatures folded (`Transliteration`);
/// - any non-letter splits (hyphens, `<` of the MRZ, commas);
/// - Arabic connectors and articles standing alone are dropped: AL, EL, UL, BIN, BEN, IBN,
///   BINT, OULD (MOHAMED BEN ALI and MOHAMED ALI compare alike);
/// - ABD, ABDEL, ABDUL, ABDAL, ABDOUL joined to the next part or not, with or without the
///   article, become one token ABD+name (ABDEL KADER, ABDELKADER, ABD AL-QADIR);
/// - Latin particles join the next part (VAN DER BERG and VANDERBERG compare alike).
public enum NameNormalizer {
    static let connectors: Set<String> = ["AL", "EL", "UL", "BIN", "BEN", "IBN", "BINT", "OULD", "OULED"]
    static let abdForms: [String] = ["ABDOUL", "ABDUL", "ABDEL", "ABDAL", "ABDOL", "ABDOU", "ABD"]
    static let latinParticles: Set<String> = ["VAN", "VON", "DER", "DEN", "DE", "DI", "DA", "DU", "LA", "LE", "DEL", "DELLA", "DOS", "DAS", "TER"]

    public static func normalize(_ name: String) -> NormalizedName {
        // Word by word, so each token can point back at what the list or document wrote.
        var raw: [(token: String, source: String)] = []
        var wasTransliterated = false
        for word in name.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "<" }) {
            if !wasTransliterated, word.unicodeScalars.contains(where: { $0.value >= 0x370 }) { wasTransliterated = true }
            for part in Transliteration.latin(String(word)).split(separator: " ") {
                raw.append((String(part), String(word)))
            }
        }

        // Articles and connectors standing alone, but never the only or the last part
        // (BEN can be a given name; AL alone is a name part too).
        raw = raw.enumerated().filter { index, item in
            !(connectors.contains(item.token) && index < raw.count - 1)
        }.map(\.element)

        var tokens: [String] = []
        var sources: [String] = []
        tokens.reserveCapacity(raw.count)
        sources.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let token = raw[i].token
            if let abd = abdForm(of: token) {
                if abd.rest.isEmpty, i + 1 < raw.count {
                    tokens.append("ABD" + withoutArticle(raw[i + 1].token))
                    sources.append(joinedSources(raw[i...(i + 1)]))
                    i += 2
                    continue
                }
                if !abd.rest.isEmpty {
                    tokens.append("ABD" + withoutArticle(abd.rest))
                    sources.append(raw[i].source)
                    i += 1
                    continue
                }
            }
            if token.utf8.count == 1, i + 1 < raw.count {
                // A lone letter belongs to the next part: M BAYE is MBAYE, N DIAYE is NDIAYE.
                tokens.append(token + raw[i + 1].token)
                sources.append(joinedSources(raw[i...(i + 1)]))
                i += 2
                continue
            }
            if latinParticles.contains(token), i + 1 < raw.count {
                // Gather a run of particles with the part they belong to.
                var joined = token
                var j = i + 1
                while j < raw.count, latinParticles.contains(raw[j].token), j + 1 < raw.count {
                    joined += raw[j].token
                    j += 1
                }
                tokens.append(joined + raw[j].token)
                sources.append(joinedSources(raw[i...j]))
                i = j + 1
                continue
            }
            tokens.append(token)
            sources.append(raw[i].source)
            i += 1
        }
        return NormalizedName(original: name, tokens: tokens, sources: sources, wasTransliterated: wasTransliterated)
    }

    /// The distinct source words of joined tokens, in order.
    private static func joinedSources(_ items: ArraySlice<(token: String, source: String)>) -> String {
        var words: [String] = []
        for item in items where words.last != item.source { words.append(item.source) }
        return words.joined(separator: " ")
    }

    /// ABDELKADER -> ("ABDEL", "KADER"); ABD -> ("ABD", ""); ABDI stays a name of its own.
    static func abdForm(of token: String) -> (prefix: String, rest: String)? {
        for form in abdForms where token.hasPrefix(form) {
            let rest = String(token.dropFirst(form.count))
            if rest.isEmpty || rest.count >= 3 { return (form, rest) }
        }
        return nil
    }

    /// ALLAH -> LAH after ABD (ABDULLAH, ABD ALLAH); AL-QADIR -> QADIR.
    static func withoutArticle(_ token: String) -> String {
        for article in ["AL", "EL", "UL"] where token.hasPrefix(article) && token.count >= article.count + 3 {
            return String(token.dropFirst(article.count))
        }
        return token
    }
}
