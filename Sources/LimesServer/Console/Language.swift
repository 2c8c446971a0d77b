import Foundation

/// A language of the console. Each has a catalogue under `Resources/translations`.
public enum Language: String, Sendable, CaseIterable {
    case english = "en"
    case french = "fr"
    case arabic = "ar"
    case russian = "ru"

    /// A user's stored preference, or English for one the console does not have.
    public init(code: String?) {
        self = code.flatMap { Language(rawValue: $0.lowercased().prefix(2).description) } ?? .english
    }

    public var isRightToLeft: Bool { self == .arabic }

    /// Its own name, as a chooser shows it to someone who reads only that language.
    public var nativeName: String {
        switch self {
        case .english: return "English"
        case .french: return "Français"
        case .arabic: return "العربية"
        case .russian: return "Русский"
        }
    }

    /// For dates and numbers; Arabic's is the deployment's (`ConsoleRenderer.arabicLocale`).
    public var locale: Locale {
        switch self {
        case .english: return Locale(identifier: "en_GB")
        case .french: return Locale(identifier: "fr_FR")
        case .arabic: return Locale(identifier: "ar@numbers=latn")
        case .russian: return Locale(identifier: "ru_RU")
        }
    }
}
