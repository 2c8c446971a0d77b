/// A name reduced to what matching compares: Latin capitals, one token per name part.
public struct NormalizedName: Sendable, Hashable {
    /// The name as written on the list or the document.
    public var original: String
    public var tokens: [String]
    /// For each token, the words of the original it comes from (ЗАХАРОВ for ZAKHAROV).
    public var sources: [String]
    /// The original was written (partly) in another script than Latin.
    public var wasTransliterated: Bool

    public init(original: String, tokens: [String], sources: [String], wasTransliterated: Bool) {
        self.original = original
        self.tokens = tokens
        self.sources = sources
        self.wasTransliterated = wasTransliterated
    }
}
