import LimesCore

/// Passports for the load: mostly travellers on no list, one in ten a listed person written
/// the way a document would spell them.
struct BenchTravellers: Sendable {
    var mrz: [String]
    var listed: Int

    static func make(from queries: [ScreeningCorpus.Query], seed: UInt64) -> BenchTravellers {
        var rng = SplitMix64(seed: seed)
        var mrz: [String] = []
        var listed = 0
        mrz.reserveCapacity(queries.count)
        // Spread over the whole pool: the corpus puts all its listed persons in its first part,
        // so a 20 s window (the first 25,000 or so) met one listed person in four, not one in ten.
        var order = Array(queries.indices)
        order.shuffle(using: &rng)
        for n in order {
            let query = queries[n]
            let parts = query.name.split(separator: " ").map(String.init)
            guard parts.count >= 2, let nationality = query.nationality else { continue }
            let birth =
                query.birthDate.flatMap { CalendarDate(year: $0.year, month: $0.month ?? 6, day: $0.day ?? 15) }
                ?? CalendarDate(year: 1980, month: 1, day: 1)!
            let number = "B" + String(n, radix: 36).uppercased()
            guard
                let text = try? MRZWriter.passport(
                    issuer: nationality,
                    number: String(number.prefix(9)),
                    surname: parts[0],
                    givenNames: parts.dropFirst().joined(separator: " "),
                    nationality: nationality,
                    birthDate: birth,
                    sex: Int.random(in: 0...1, using: &rng) == 0 ? .male : .female,
                    expiry: CalendarDate(year: 2032, month: 1, day: 1)!
                )
            else { continue }
            mrz.append(text)
            if query.expected != nil { listed += 1 }
        }
        return BenchTravellers(mrz: mrz, listed: listed)
    }
}
