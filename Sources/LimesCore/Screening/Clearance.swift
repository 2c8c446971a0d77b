/// An officer's recorded decision that the holder of a document is not the person of an alert.
public struct Clearance: Sendable, Hashable, Codable {
    public var alertID: String
    /// The document, as `DocumentNumber.key` writes it.
    public var documentKey: String
    public var officer: String
    public var day: CalendarDate
    public var reason: String

    public init(alertID: String, documentKey: String, officer: String, day: CalendarDate, reason: String) {
        self.alertID = alertID
        self.documentKey = documentKey
        self.officer = officer
        self.day = day
        self.reason = reason
    }

    /// "previously cleared by …, on …", as the officer sees it beside the hit.
    public var summary: String { "previously cleared by \(officer), on \(day): \(reason)" }
}
