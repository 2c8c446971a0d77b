import Foundation

/// Every string of the console, per language, read from `translations/<code>.json`: nested
/// objects of strings, so that templates say `{{t.first_line.title}}`.
public struct TranslationCatalogue: @unchecked Sendable {
    /// Nested dictionaries of strings, as the templates read them. Never mutated after loading.
    let tree: [Language: [String: Any]]
    /// The same, flattened to dotted keys, for code and for the completeness test.
    public let strings: [Language: [String: String]]

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(directory: String) throws {
        var tree: [Language: [String: Any]] = [:]
        var strings: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let path = directory + "/" + language.rawValue + ".json"
            guard let data = FileManager.default.contents(atPath: path) else { throw LoadError(description: "no translation file \(path)") }
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw LoadError(description: "\(path): the top level must be an object")
            }
            var flat: [String: String] = [:]
            try Self.flatten(object, prefix: "", into: &flat, file: path)
            tree[language] = object
            strings[language] = flat
        }
        self.tree = tree
        self.strings = strings
    }

    static func flatten(_ object: [String: Any], prefix: String, into flat: inout [String: String], file: String) throws {
        for (key, value) in object {
            let path = prefix.isEmpty ? key : prefix + "." + key
            if let text = value as? String {
                flat[path] = text
            } else if let nested = value as? [String: Any] {
                try flatten(nested, prefix: path, into: &flat, file: file)
            } else {
                throw LoadError(description: "\(file): \(path) is neither a string nor an object")
            }
        }
    }

    /// The text for `key`, in English if the language lacks it, else the key itself, so that
    /// a gap shows on screen rather than an empty label.
    public func text(_ key: String, _ language: Language) -> String {
        strings[language]?[key] ?? strings[.english]?[key] ?? key
    }

    /// The text for `key` if the catalogue has one.
    public func optionalText(_ key: String, _ language: Language) -> String? {
        strings[language]?[key] ?? strings[.english]?[key]
    }

    /// `text` with `{name}` placeholders filled in.
    public func text(_ key: String, _ language: Language, _ values: [String: String]) -> String {
        var result = text(key, language)
        for (name, value) in values { result = result.replacingOccurrences(of: "{\(name)}", with: value) }
        return result
    }

    func tree(for language: Language) -> [String: Any] { tree[language] ?? [:] }
}
