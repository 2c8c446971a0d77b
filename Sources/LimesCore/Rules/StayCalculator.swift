/// The short-stay rule ("90 days in any 180-day period"): the days of entry and exit both
/// count, the window looks back from each day of the stay, and stays under a residence permit
/// or long-stay visa do not count. A stay still open (the last entry, no exit since) counts up
/// to the day of the check: the record places the traveller inside all that time. An entry
/// whose exit was lost (another entry followed it) counts its own day.
public enum StayCalculator {
    /// - Parameters:
    ///   - stays: the traveller's recorded stays, as `StayPeriod.from` pairs them.
    ///   - today: the day of the crossing being checked.
    public static func assess(stays: [StayPeriod], rule: StayRule?, direction: Direction, today: CalendarDate) -> StayAssessment {
        let open = stays.last { $0.exit == nil && $0.entry <= today }
        let current: StayPeriod? = direction == .exit ? open : nil
        guard let rule else {
            return StayAssessment(
                rule: nil,
                daysUsed: 0,
                daysRemaining: nil,
                latestExit: nil,
                overstayDays: 0,
                stayStarted: current?.entry
            )
        }
        // Far enough back for every window looked at: those of the coming days, and on exit
        // those of every day of the current stay, however long ago it began.
        let origin = min(today.daysSinceEpoch - rule.windowDays - rule.maxDays, (current?.entry.daysSinceEpoch ?? .max) - rule.windowDays)
        let end = today.daysSinceEpoch + rule.maxDays + 1
        // One flag per day from `origin` to `end`: which days already count.
        var counted = [Bool](repeating: false, count: end - origin + 1)
        for stay in stays where stay.basis.counts && stay != current {
            let first = max(stay.entry.daysSinceEpoch, origin)
            let last = min((stay.exit ?? (stay == open ? today : stay.entry)).daysSinceEpoch, end)
            if first <= last { for day in first...last { counted[day - origin] = true } }
        }
        func used(endingOn day: Int) -> Int {
            var count = 0
            for d in max(day - rule.windowDays + 1, origin)...day where counted[d - origin] { count += 1 }
            return count
        }
        /// Counts the days from `first` to `last` in, one after the other, and gives the first on
        /// which the window ending there holds more than the rule allows. The window slides a
        /// day at a time rather than being counted again for each day: a 90-day stay would
        /// otherwise cost 90 windows of 180 days.
        func firstDayOver(from first: Int, through last: Int) -> Int? {
            guard first <= last else { return nil }
            var inWindow = 0
            for d in max(first - rule.windowDays, origin)..<first where counted[d - origin] { inWindow += 1 }
            for day in first...last {
                let dropped = day - rule.windowDays
                if dropped >= origin, counted[dropped - origin] { inWindow -= 1 }
                counted[day - origin] = true
                inWindow += 1
                if inWindow > rule.maxDays { return day }
            }
            return nil
        }

        switch direction {
        case .entry:
            let start = today.daysSinceEpoch
            var before = 0
            for d in (start - rule.windowDays + 1)..<start where counted[d - origin] { before += 1 }
            // A stay still open already holds today: it is used, whatever this entry is.
            let todayUsed = counted[start - origin] ? 1 : 0
            let allowed = (firstDayOver(from: start, through: start + rule.maxDays - 1) ?? start + rule.maxDays) - start
            return StayAssessment(
                rule: rule,
                daysUsed: before + todayUsed,
                daysRemaining: allowed,
                latestExit: allowed > 0 ? CalendarDate(daysSinceEpoch: start + allowed - 1) : nil,
                overstayDays: 0,
                stayStarted: nil
            )
        case .exit:
            guard let current, current.basis.counts else {
                return StayAssessment(
                    rule: current == nil ? rule : nil,
                    daysUsed: used(endingOn: today.daysSinceEpoch),
                    daysRemaining: nil,
                    latestExit: nil,
                    overstayDays: 0,
                    stayStarted: current?.entry
                )
            }
            // Walk the stay from its entry on past today: the first day over the limit starts
            // the overstay, and the day before it is the last one allowed.
            let todayNumber = today.daysSinceEpoch
            let firstOver = firstDayOver(from: max(current.entry.daysSinceEpoch, origin), through: todayNumber + rule.maxDays)
            // The walk stops at the first day over; the stay went on to today all the same.
            for day in max(current.entry.daysSinceEpoch, origin)...todayNumber { counted[day - origin] = true }
            return StayAssessment(
                rule: rule,
                daysUsed: used(endingOn: todayNumber),
                daysRemaining: nil,
                latestExit: firstOver.map { CalendarDate(daysSinceEpoch: $0 - 1) },
                overstayDays: firstOver.map { max(0, todayNumber - $0 + 1) } ?? 0,
                stayStarted: current.entry
            )
        }
    }
}
