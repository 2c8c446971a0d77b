import Foundation
import LimesCore
import LimesServer
import LimesStore

/// The demo country: Utopia (UTO, the ICAO specimen state), three posts, a user per role,
/// a watchlist, and five months of crossings made through the same store calls as real ones.
enum DemoData {
    static let password = "limes-demo-2026"
    static let country = "UTO"

    /// The agency of each account decides, with its role, what the account may read and do.
    static let users: [(username: String, name: String, role: Role, bcps: [String], agency: String)] = [
        ("first", "Amina Diallo (first line)", .firstLineOfficer, ["UTO-NORTH", "UTO-AIR"], "police"),
        ("second", "Karim Haddad (second line)", .secondLineOfficer, ["UTO-NORTH", "UTO-AIR"], "police"),
        ("supervisor", "Olga Petrova (supervisor)", .supervisor, ["UTO-NORTH", "UTO-AIR", "UTO-PORT"], "police"),
        ("protection", "Fatou Sow (protection)", .protectionOfficer, [], "police"),
        ("analyst", "Youssef Benali (analyst)", .analyst, [], "police"),
        ("admin", "Marc Lefebvre (administrator)", .administrator, [], "police"),
        ("partner", "Child Protection Service", .partner, [], "child-protection"),
        ("auditor", "Nadia Ferhat (auditor)", .auditor, [], "police"),
        // Other agencies at the same posts. The customs mandate narrows a supervisor's role to
        // who crossed where and the day's figures; port health answers the health referrals.
        ("customs", "Ali Mansour (customs)", .supervisor, ["UTO-NORTH", "UTO-AIR", "UTO-PORT"], "customs"),
        ("health", "Grace Mensah (port health)", .partner, [], "health"),
    ]

    static let listedMRZ = try! MRZWriter.passport(
        issuer: "UZB",
        number: "FA0412799",
        surname: "KARIMOV",
        givenNames: "RUSTAM",
        nationality: "UZB",
        birthDate: CalendarDate(year: 1979, month: 4, day: 12)!,
        sex: .male,
        expiry: CalendarDate(year: 2031, month: 6, day: 30)!
    )

    static let cleanMRZ = try! MRZWriter.passport(
        issuer: "SEN",
        number: "A01234567",
        surname: "NDIAYE",
        givenNames: "AWA",
        nationality: "SEN",
        birthDate: CalendarDate(year: 1992, month: 11, day: 3)!,
        sex: .female,
        expiry: CalendarDate(year: 2030, month: 2, day: 14)!
    )

    static func howToLogIn(host: String, port: Int) -> String {
        let accounts = users.map { "  \($0.username.padding(toLength: 11, withPad: " ", startingAt: 0)) \($0.role.rawValue)" }.joined(separator: "\n")
        return """

            Limes demo: http://\(host):\(port)/console   (API under /api/v1, description at /openapi.json)
            Users, all with the password \(password):
            \(accounts)

            In the console, log in as 'first', choose North Bridge – Cars and paste (or scan) a listed person:
              \(listedMRZ.replacingOccurrences(of: "\n", with: "\n  "))
            then press R to refer; log in as 'second' to work the case.

            Try a first-line check as 'first':
              TOKEN=$(curl -s -H 'Content-Type: application/json' -d '{"username":"first","password":"\(password)"}' http://\(host):\(port)/api/v1/login | sed 's/.*"token":"\\([^"]*\\)".*/\\1/')
              curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                -d '{"mrz":"\(listedMRZ.replacingOccurrences(of: "\n", with: "\\n"))","bcp":"UTO-NORTH","lane":"L1","direction":"entry"}' \\
                http://\(host):\(port)/api/v1/checks
            (a listed person: verdict stop; try also "\(cleanMRZ.replacingOccurrences(of: "\n", with: "\\n"))")

            """
    }

    static let people: [(nationality: String, surnames: [String], given: [String])] = [
        ("MAR", ["BENALI", "EL AMRANI", "TAZI", "IDRISSI", "ALAOUI", "BENNANI"], ["YOUSSEF", "FATIMA", "OMAR", "KHADIJA", "SAMIR"]),
        ("SEN", ["NDIAYE", "DIOP", "FALL", "SOW", "GUEYE"], ["AWA", "MAMADOU", "FATOU", "IBRAHIMA", "MARIAMA"]),
        ("NGA", ["OKAFOR", "ADEYEMI", "BELLO", "EZE", "IBRAHIM"], ["CHIDI", "NGOZI", "TUNDE", "AMINA", "EMEKA"]),
        ("TUN", ["TRABELSI", "GHARBI", "JEBALI", "BEN SALAH"], ["MOHAMED", "LEILA", "ANIS", "SONIA"]),
        ("FRA", ["MARTIN", "BERNARD", "DUBOIS", "LAURENT"], ["CLAIRE", "JULIEN", "SOPHIE", "PIERRE"]),
        ("PAK", ["KHAN", "AHMED", "HUSSAIN", "MALIK"], ["IMRAN", "AYESHA", "BILAL", "SANA"]),
        ("UZB", ["KARIMOV", "YUSUPOV", "RAKHIMOVA", "TASHKENTOV"], ["RUSTAM", "DILNOZA", "AZIZ", "MADINA"]),
        ("GHA", ["MENSAH", "ASANTE", "OWUSU", "BOATENG"], ["KWAME", "AKOSUA", "KOFI", "ABENA"]),
    ]

    /// - Parameter now: the moment the demo is made: everything in it lies before, so that a flag
    ///   is never dated in the future and today's figures hold the last hours' work.
    static func seed(_ store: Store, now: Timestamp, passwordRounds: Int) async throws -> String {
        let actor = "demo"
        let today = now.day
        try await store.organisation.saveAgency(Agency(id: "police", name: "Utopia Border Police", kind: "border_police"), actor: actor)
        try await store.organisation.saveAgency(Agency(id: "customs", name: "Utopia Customs", kind: "customs"), actor: actor)
        try await store.organisation.saveAgency(Agency(id: "health", name: "Port Health Service", kind: "health"), actor: actor)
        try await store.organisation.saveAgency(
            Agency(id: "child-protection", name: "Child Protection Service", kind: "child_protection"),
            actor: actor
        )
        let bcps = [
            BorderCrossingPoint(
                code: "UTO-AIR",
                name: "Utopia International Airport",
                kind: .air,
                country: country,
                agencyID: "police",
                lanes: (1...4).map { .init(code: "A\($0)", name: "Booth \($0)") }
            ),
            BorderCrossingPoint(
                code: "UTO-NORTH",
                name: "North Bridge",
                kind: .land,
                country: country,
                agencyID: "police",
                lanes: [.init(code: "L1", name: "Cars"), .init(code: "L2", name: "Pedestrians")]
            ),
            BorderCrossingPoint(
                code: "UTO-PORT",
                name: "Port of Utopia",
                kind: .sea,
                country: country,
                agencyID: "police",
                lanes: [.init(code: "S1", name: "Ferry terminal")]
            ),
        ]
        for bcp in bcps { try await store.organisation.saveBCP(bcp, actor: actor) }
        let policy = EntryPolicy.example(country: country)
        try await store.settings.setEntryPolicy(policy, actor: actor)
        var officerIDs: [String] = []
        var userIDs: [String: String] = [:]
        for account in users {
            let user = try await store.users.saveUser(
                User(
                    id: UUID().uuidString.lowercased(),
                    username: account.username,
                    displayName: account.name,
                    agencyID: account.agency,
                    homeBCP: account.bcps.first,
                    roles: [account.role],
                    bcps: Set(account.bcps)
                ),
                password: password,
                rounds: passwordRounds,
                actor: actor
            )
            if account.role.isBoundToPosts { officerIDs.append(user.id) }
            userIDs[account.username] = user.id
        }
        // The referral directory: the partner user answers for the first.
        try await store.protection.saveService(
            ProtectionService(
                id: "child-protection",
                name: "Child Protection Service",
                kinds: [.child, .trafficking, .violence],
                area: "Utopia, all provinces",
                contact: "+000 555 0100",
                agencyID: "child-protection",
                acceptanceHours: 24
            ),
            actor: actor
        )
        try await store.protection.saveService(
            ProtectionService(
                id: "port-health",
                name: "Port Health Service",
                kinds: [.health, .pregnancy, .olderPerson],
                area: "Port and airport",
                contact: "+000 555 0200",
                agencyID: "health",
                acceptanceHours: 12
            ),
            actor: actor
        )
        try await store.protection.saveService(
            ProtectionService(
                id: "asylum-office",
                name: "National Asylum Office",
                kinds: [.asylum],
                area: "Capital",
                contact: "+000 555 0300",
                agencyID: nil,
                acceptanceHours: 72
            ),
            actor: actor
        )

        // A boat landed at the port a few hours ago: people without documents, one a boy alone.
        let landing = now.adding(seconds: -(3 * 3600 + 20 * 60))
        let landed: [(PersonWithoutDocuments, NewProtectionFlag?)] = [
            (
                PersonWithoutDocuments(
                    givenNames: "Amadou",
                    estimatedAge: 15,
                    sex: .male,
                    nationality: "GIN",
                    languages: "Fula, some French",
                    arrival: .sea,
                    group: "PORT-RESCUE-1",
                    description: "no adult claims him"
                ),
                try NewProtectionFlag(kind: .child, note: "says he travelled alone from Conakry")
            ),
            (
                PersonWithoutDocuments(
                    surname: "Tesfaye",
                    givenNames: "Hiwot",
                    birthDate: CalendarDate(year: 1996, month: 3, day: 2),
                    sex: .female,
                    nationality: "ERI",
                    languages: "Tigrinya, Arabic",
                    arrival: .sea,
                    group: "PORT-RESCUE-1"
                ),
                nil
            ),
            (PersonWithoutDocuments(arrival: .sea, group: "PORT-RESCUE-1", description: "gives no name; exhausted"), nil),
        ]
        for (n, (person, flag)) in landed.enumerated() {
            let registered = try await store.persons.registerPersonWithoutDocuments(
                person,
                bcp: "UTO-PORT",
                flag: flag,
                actor: userIDs["supervisor"] ?? actor,
                at: landing.adding(seconds: Int64(n) * 240)
            )
            // The boy is referred to the child protection service with his consent: the partner
            // finds him in their inbox.
            if flag?.kind == .child, let protection = userIDs["protection"] {
                _ = try await store.protection.sendReferral(
                    travellerID: registered.travellerID,
                    serviceID: "child-protection",
                    kind: .child,
                    shares: [.identity, .protectionDetails],
                    consent: [.identity: true, .protectionDetails: true],
                    actor: protection,
                    at: landing.adding(seconds: 3600)
                )
            }
        }

        // A fixed seed: the same demo every time.
        var random = SplitMix64(seed: 2026)
        var alerts: [Alert] = [
            Alert(
                id: "DEMO-EB-1",
                list: .entryBan,
                names: ["KARIMOV RUSTAM", "КАРИМОВ РУСТАМ"],
                birthDate: PartialDate(year: 1979, month: 4, day: 12),
                sex: .male,
                nationalities: ["UZB"],
                action: .refuseEntry,
                authority: "Utopia Border Police"
            ),
            Alert(
                id: "DEMO-SLTD-1",
                list: .lostStolenDocument,
                names: [],
                documents: [Alert.Document(number: "C4X7Z1Q9", country: "NGA")],
                action: .informIssuingAuthority,
                authority: "Interpol SLTD (demo)"
            ),
        ]
        for n in 1...300 {
            let group = random.pick(people)
            alerts.append(
                Alert(
                    id: "DEMO-\(n)",
                    list: random.pick([.nationalWanted, .entryBan, .internationalNotice]),
                    names: ["\(random.pick(group.surnames)) \(random.pick(group.given)) \(random.pick(group.given))"],
                    birthDate: PartialDate(year: random.int(1950...2004)),
                    nationalities: [group.nationality],
                    action: random.pick([.arrest, .refuseEntry, .discreetCheck]),
                    authority: "demo"
                )
            )
        }
        _ = try await store.watchlist.importAlerts(alerts, replace: true, actor: actor)

        // Five months of travel: each traveller comes and goes a few times; some stay on.
        var crossings = 0, overstaying = 0, refused = 0
        for n in 0..<400 {
            let group = random.pick(people)
            let surname = random.pick(group.surnames)
            let given = random.pick(group.given)
            let mrz = try MRZWriter.passport(
                issuer: group.nationality,
                number: "D\(String(format: "%07d", 1000 + n))",
                surname: surname,
                givenNames: given,
                nationality: group.nationality,
                birthDate: CalendarDate(year: random.int(1950...2006), month: random.int(1...12), day: random.int(1...28))!,
                sex: random.chance(50) ? .male : .female,
                expiry: today.adding(days: random.int(200...3000))
            )
            let document = try MRZParser(today: today).parse(mrz)
            var day = today.adding(days: -random.int(10...150))
            let overstayer = random.chance(4)
            for trip in 0..<random.int(1...3) {
                guard day < today else { break }
                let bcp = random.pick(bcps)
                let isRefused = random.chance(2)
                try await cross(
                    store,
                    document: document,
                    direction: .entry,
                    day: day,
                    bcp: bcp,
                    officer: random.pick(officerIDs),
                    policy: policy,
                    decision: isRefused ? .refuse : .admit
                )
                crossings += 1
                if isRefused {
                    refused += 1
                    break
                }
                if overstayer && trip == 0 {
                    overstaying += 1
                    break
                }
                let exitDay = day.adding(days: random.int(2...45))
                guard exitDay < today else { break }
                try await cross(
                    store,
                    document: document,
                    direction: .exit,
                    day: exitDay,
                    bcp: random.pick(bcps),
                    officer: random.pick(officerIDs),
                    policy: policy,
                    decision: .admit
                )
                crossings += 1
                day = exitDay.adding(days: random.int(5...60))
            }
        }
        // Today, up to now: travellers at the North Bridge and the airport, a few referred to
        // second line, whose cases wait in the queue.
        let midnight = Timestamp(milliseconds: Int64(today.daysSinceEpoch) * 86_400_000)
        let from = max(midnight, now.adding(seconds: -6 * 3600))
        let span = max(Int64(1), (now.milliseconds - 60_000 - from.milliseconds) / 24)
        var referred = 0
        for n in 0..<24 {
            let group = random.pick(people)
            let mrz = try MRZWriter.passport(
                issuer: group.nationality,
                number: "T\(String(format: "%07d", 1000 + n))",
                surname: random.pick(group.surnames),
                givenNames: random.pick(group.given),
                nationality: group.nationality,
                birthDate: CalendarDate(year: random.int(1950...2006), month: random.int(1...12), day: random.int(1...28))!,
                sex: random.chance(50) ? .male : .female,
                expiry: today.adding(days: random.int(200...3000))
            )
            let decision: Decision = n % 8 == 3 ? .refer : .admit
            if decision == .refer { referred += 1 }
            try await cross(
                store,
                document: try MRZParser(today: today).parse(mrz),
                direction: .entry,
                day: today,
                bcp: bcps[n % 2],
                officer: userIDs["first"] ?? random.pick(officerIDs),
                policy: policy,
                decision: decision,
                at: Timestamp(milliseconds: from.milliseconds + Int64(n) * span)
            )
            crossings += 1
        }
        // A first release, so that the public statistics page shows what analysts publish.
        let statistics = StatisticsService(store: store, now: { now })
        let months = StatQuery(measure: .crossings, from: today.adding(days: -150), to: today.adding(days: -1), by: [.citizenship, .sex])
        var refusals = months
        refusals.measure = .refusals
        refusals.by = [.bcp]
        _ = try await statistics.publish(
            StatRelease.Draft(
                title: "Crossings by citizenship and sex, and refusals by BCP, last five months",
                tables: [months, refusals],
                indicators: [["GCM-1"], ["GCM-11", "SDG-16.a"]]
            ),
            by: userIDs["analyst"] ?? actor
        )
        return
            "Demo ready: \(bcps.count) BCPs, \(users.count) users, \(alerts.count) alerts, \(crossings) crossings (\(refused) refused, \(overstaying) still in the country, \(referred) waiting for second line today), one statistical release."
    }

    /// One crossing made as the API makes it: context, stay rule, verdict, check, decision.
    static func cross(
        _ store: Store,
        document: MRZDocument,
        direction: Direction,
        day: CalendarDate,
        bcp: BorderCrossingPoint,
        officer: String,
        policy: EntryPolicy,
        decision: Decision,
        at moment: Timestamp? = nil
    ) async throws {
        let context = try await store.crossings.context(
            for: document,
            window: HistoryWindow(policy: policy, nationality: document.nationality.code, direction: direction, today: day)
        )
        let checks = DocumentChecker().check(document, today: day)
        var facts = CheckFacts(
            document: document,
            documentChecks: checks,
            direction: direction,
            today: day,
            policy: policy,
            visa: nil,
            declaredBasis: nil,
            history: context.crossings.map(\.past),
            hits: []
        )
        facts.group.visaRequired = false  // They showed their visas.
        let verdict = CheckAssessor.assess(facts)
        let at = moment ?? Timestamp(milliseconds: Int64(day.daysSinceEpoch) * 86_400_000 + Int64.random(in: 6 * 3_600_000...22 * 3_600_000))
        let check = try await store.crossings.recordCheck(
            NewCheck(
                document: document,
                bcp: bcp.code,
                lane: bcp.lanes[0].code,
                direction: direction,
                officerID: officer,
                startedAt: at,
                checkedAt: at.adding(seconds: 20),
                verdict: verdict,
                stay: facts.stay,
                stayBasis: facts.stayBasis,
                documentChecks: checks,
                hits: []
            ),
            purpose: "demo data"
        )
        _ = try await store.crossings.recordDecision(
            NewDecision(
                checkID: check.id,
                stage: .first,
                decision: decision,
                ground: decision == .refuse ? "G" : nil,
                note: decision == .refuse ? "could not show means of subsistence" : (decision == .refer ? "purpose of stay unclear" : nil),
                officerID: officer,
                decidedAt: at.adding(seconds: 45),
                idempotencyKey: nil,
                requestHash: nil
            ),
            policy: policy,
            purpose: "demo data"
        )
    }
}

extension SplitMix64 {
    fileprivate mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    fileprivate mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    fileprivate mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
}
