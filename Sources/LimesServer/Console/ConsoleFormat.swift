import Foundation
import LimesCore

/// Dates, times and numbers as the user's language writes them. Times are shown in UTC and
/// say so: booths, servers and neighbours across a border then read the same clock.
struct ConsoleFormat: Sendable {
    let language: Language
    let locale: Locale

    func dateTime(_ timestamp: Timestamp) -> String {
        let date = Date(timeIntervalSince1970: Double(timestamp.milliseconds) / 1000)
        return date.formatted(
            Date.FormatStyle(date: .abbreviated, time: .shortened, locale: locale, timeZone: TimeZone(identifier: "UTC")!)
        ) + " UTC"
    }

    func date(_ day: CalendarDate) -> String {
        let date = Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400)
        return date.formatted(Date.FormatStyle(date: .abbreviated, time: .omitted, locale: locale, timeZone: TimeZone(identifier: "UTC")!))
    }

    /// A date from the record, which may be partial (`1979-04-XX` is kept as written).
    func date(iso text: String?) -> String {
        guard let text, !text.isEmpty else { return "" }
        guard let day = CalendarDate(iso: text) else { return text }
        return date(day)
    }

    func number(_ value: Int) -> String {
        value.formatted(IntegerFormatStyle<Int>(locale: locale))
    }

    func seconds(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value.formatted(FloatingPointFormatStyle<Double>(locale: locale).precision(.fractionLength(1)))
    }
}
