/// One stay on the territory, from its admitted entry to its exit; an open stay has no exit yet.
public struct StayPeriod: Sendable, Hashable, Codable {
    public var entry: CalendarDate
    public var exit: CalendarDate?
    public var basis: StayBasis

    public init(entry: CalendarDate, exit: CalendarDate?, basis: StayBasis = .shortStay) {
        self.entry = entry
        self.exit = exit
        self.basis = basis
    }

    /// Pairs admitted crossings, oldest first, into stays. An exit with no entry before it
    /// (entered before records began, or without a check) makes no stay; an entry followed by
    /// another entry has lost its exit, and is closed on its own day.
    public static func from(_ crossings: [(day: CalendarDate, direction: Direction, basis: StayBasis)]) -> (
        stays: [StayPeriod], missingExits: [CalendarDate]
    ) {
        var stays: [StayPeriod] = []
        var missing: [CalendarDate] = []
        var open: StayPeriod?
        // By day, and within a day in the order given (an exit and a new entry on one day):
        // `sorted` alone does not promise to keep that order.
        let ordered = crossings.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }.map(\.element)
        for crossing in ordered {
            switch crossing.direction {
            case .entry:
                if var lost = open {
                    missing.append(lost.entry)
                    lost.exit = lost.entry
                    stays.append(lost)
                }
                open = StayPeriod(entry: crossing.day, exit: nil, basis: crossing.basis)
            case .exit:
                if var current = open {
                    current.exit = crossing.day
                    stays.append(current)
                    open = nil
                }
            }
        }
        if let open { stays.append(open) }
        return (stays, missing)
    }
}
