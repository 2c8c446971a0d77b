/// Nationalities that share entry conditions: whether they need a visa, and their short-stay
/// limit (none for citizens, or under a free-movement agreement without a limit).
public struct NationalityGroup: Sendable, Hashable, Codable {
    public var name: String
    /// ICAO three-letter codes.
    public var nationalities: [String]
    public var visaRequired: Bool
    /// Nil: no short-stay limit applies.
    public var stay: StayRule?

    public init(name: String, nationalities: [String], visaRequired: Bool, stay: StayRule?) {
        self.name = name
        self.nationalities = nationalities
        self.visaRequired = visaRequired
        self.stay = stay
    }
}
