import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LimesCore
import LimesStore
import Testing

@testable import LimesServer

@Suite("Console")
struct ConsoleTests {
    static let listed = APIFixture.passport(surname: "KARIMOV", given: "RUSTAM", number: "FA0412799", nationality: "UZB", birth: "1979-04-12")

    @Test func everyLanguageHasEveryKeyAndEveryTemplateKeyExists() async throws {
        let resources = ConsoleRenderer.builtInResources
        let catalogue = try TranslationCatalogue(directory: resources + "/translations")
        let english = Set(catalogue.strings[.english]?.keys ?? [:].keys)
        #expect(english.count > 100)
        for language in Language.allCases {
            let keys = Set(catalogue.strings[language]?.keys ?? [:].keys)
            #expect(english.subtracting(keys).isEmpty, "\(language.rawValue) lacks \(english.subtracting(keys).sorted())")
            #expect(keys.subtracting(english).isEmpty, "\(language.rawValue) has keys English lacks: \(keys.subtracting(english).sorted())")
            let empty = catalogue.strings[language]?.filter { $0.value.trimmingCharacters(in: .whitespaces).isEmpty }.keys.sorted() ?? []
            #expect(empty.isEmpty, "\(language.rawValue) has empty texts: \(empty)")
        }
        // Every {{t.…}} a template uses is in the catalogue.
        let folder = resources + "/templates"
        let pattern = try Regex("\\{\\{t\\.([a-z_.]+)\\}\\}")
        var used: Set<String> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            for match in text.matches(of: pattern) { used.insert(String(text[match.range].dropFirst(4).dropLast(2))) }
        }
        #expect(used.count > 50)
        #expect(used.subtracting(english).isEmpty, "templates use keys no catalogue has: \(used.subtracting(english).sorted())")
        // Codes the code looks up at run time.
        for role in Role.allCases { #expect(english.contains("role." + role.rawValue)) }
        for list in Alert.List.allCases { #expect(english.contains("list." + list.rawValue)) }
        for action in Alert.Action.allCases { #expect(english.contains("action." + action.rawValue)) }
        for level in [Verdict.Level.clear, .refer, .stop] { #expect(english.contains("verdict." + level.rawValue)) }
        // Every reason the core gives has a title and a sentence built from its values; written
        // out by hand, so that a new reason code must come with its words.
        let reasons =
            [
                "watchlist.strong", "watchlist.possible", "watchlist.cleared", "stay.basis", "stay.exhausted", "stay.remaining", "stay.overstay",
                "stay.within", "visa.missing", "visa.expired", "visa.valid", "visa.other_holder", "visa.not_a_visa", "visa.check_digits",
                "history.refused", "history.exit_missing", "history.entry_missing", "history.entry_without_exit", "protection.flag",
                "identity.document_of_another", "identity.new_document",
            ] + DocumentCheck.Code.allCases.map { "document." + $0.rawValue }
        for code in reasons {
            #expect(english.contains("reason." + code), "no title for \(code)")
            #expect(english.contains("reason_text." + code), "no sentence for \(code)")
        }
        for field in MRZField.allCases { #expect(english.contains("mrz_field." + field.rawValue)) }
        for difference in IdentityDifference.allCases { #expect(english.contains("identity_difference." + difference.rawValue)) }
        for ground in RefusalGround.schengenExample { #expect(english.contains("ground." + ground.code)) }
        for code in HitEvidence.Code.allCases { #expect(english.contains("evidence." + code.rawValue), "no words for evidence \(code)") }
        for role in ["surname", "given_name", "name_part"] { #expect(english.contains("name_role." + role)) }
    }

    /// Arabic month names differ between the Maghreb, Egypt and the Levant: the deployment says
    /// which, Modern Standard Arabic by default, always with Western digits.
    @Test func theArabicLocaleIsADeploymentSetting() async throws {
        let august = CalendarDate(iso: "2026-08-15")!
        let standard = try await ConsoleRenderer(resources: ConsoleRenderer.builtInResources)
        let moroccan = try await ConsoleRenderer(resources: ConsoleRenderer.builtInResources, arabicLocale: "ar_MA")
        #expect(standard.format(.arabic).date(august).contains("أغسطس"), "\(standard.format(.arabic).date(august))")
        #expect(moroccan.format(.arabic).date(august).contains("غشت"), "\(moroccan.format(.arabic).date(august))")
        #expect(moroccan.format(.arabic).date(august).contains("2026"), "Western digits")
        await #expect(throws: ConsoleSettingError.self) {
            try await ConsoleRenderer(resources: ConsoleRenderer.builtInResources, arabicLocale: "fr_FR")
        }
        var configuration = ServerConfiguration(store: StoreConfiguration(engine: .sqlite(path: ":memory:")))
        try configuration.apply(environment: ["LIMES_ARABIC_LOCALE": "ar_TN"])
        #expect(configuration.arabicLocale == "ar_TN")
        #expect(throws: StoreConfiguration.Error.self) { try configuration.apply(environment: ["LIMES_ARABIC_LOCALE": "en"]) }
    }

    @Test func theStyleSheetsColoursPassWCAGAA() throws {
        let css = try String(contentsOfFile: ConsoleRenderer.builtInResources + "/static/console.css", encoding: .utf8)
        var colours: [String: String] = [:]
        for match in css.matches(of: try Regex("--([a-z]+): (#[0-9a-f]{6});")) {
            let text = String(css[match.range])
            let parts = text.dropFirst(2).dropLast().split(separator: ":")
            colours[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        func luminance(_ hex: String) -> Double {
            let value = Int(hex.dropFirst(), radix: 16)!
            let channels = [(value >> 16) & 255, (value >> 8) & 255, value & 255].map { Double($0) / 255 }
            let linear = channels.map { $0 <= 0.03928 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
            return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        }
        func contrast(_ a: String, _ b: String) -> Double {
            let (x, y) = (luminance(a), luminance(b))
            return (max(x, y) + 0.05) / (min(x, y) + 0.05)
        }
        // Text on its background as the style sheet pairs them: white on the verdicts and buttons,
        // ink, muted text and links on paper.
        let pairs = [
            ("paper", "clear"), ("paper", "refer"), ("paper", "stop"), ("paper", "accent"), ("ink", "paper"), ("muted", "paper"), ("accent", "paper"),
            ("stop", "paper"), ("refer", "paper"),
        ]
        for (text, background) in pairs {
            guard let a = colours[text], let b = colours[background] else {
                Issue.record("no colour --\(text) or --\(background)")
                continue
            }
            #expect(contrast(a, b) >= 4.5, "\(text) on \(background): \(contrast(a, b))")
        }
    }

    @Test func loginSetsAProtectedCookieAndPagesCarryTheSecurityHeaders() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.consoleApplication(secureCookies: true).test(.live) { client in
            let jar = CookieJar()
            let login = try await client.consoleLogin("first-line-officer", jar: jar)
            #expect(login.status == .seeOther)
            let cookie = login.headers[values: .setCookie].first { $0.hasPrefix("limes_session=") } ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Secure"))
            let page = try await client.page(.get, "/console/first-line", jar: jar)
            #expect(page.status == .ok)
            let policy = page.headers[.contentSecurityPolicy] ?? ""
            #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe-inline"))
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(!page.html.contains("<script>") && !page.html.contains(" style="), "no inline script or style")
            #expect(page.headers[HTTPField.Name("Server-Timing")!]?.hasPrefix("app;dur=") == true)
            // Logged out, a page sends to the login form.
            let anonymous = try await client.page(.get, "/console/first-line", jar: CookieJar())
            #expect(anonymous.status == .seeOther && anonymous.location == "/console/login")
        }
        try await fixture.store.close()
    }

    @Test func aFormWithoutItsTokenIsRefusedAndNothingIsStored() async throws {
        let fixture = try await APIFixture.make()
        let application = try await fixture.consoleApplication()
        try await application.test(.live) { client in
            let jar = CookieJar()
            _ = try await client.consoleLogin("first-line-officer", jar: jar)
            let form = [("post", "NORTH/L1"), ("direction", "entry"), ("mrz", Self.listed)]
            let missing = try await client.page(.post, "/console/first-line", jar: jar, form: form)
            #expect(missing.status == .forbidden)
            #expect(missing.html.contains("_csrf"))
            let wrong = try await client.page(.post, "/console/first-line", jar: jar, form: form + [("_csrf", String(repeating: "0", count: 64))])
            #expect(wrong.status == .forbidden)
            // A token of another session is no better.
            let other = CookieJar()
            _ = try await client.consoleLogin("supervisor", jar: other)
            let foreign = try await client.page(.get, "/console/first-line", jar: other).field("_csrf") ?? ""
            #expect(try await client.page(.post, "/console/first-line", jar: jar, form: form + [("_csrf", foreign)]).status == .forbidden)
            // The login form needs its own token too.
            let bare = try await client.page(
                .post,
                "/console/login",
                jar: CookieJar(),
                form: [("username", "first-line-officer"), ("password", APIFixture.password)]
            )
            #expect(bare.status == .forbidden && bare.headers[values: .setCookie].allSatisfy { !$0.hasPrefix("limes_session=") })
        }
        let checks = try await fixture.store.crossings.counts().checks
        #expect(checks == 0)
        try await fixture.store.close()
    }

    @Test func everyConsoleFormRouteChecksTheToken() async throws {
        let fixture = try await APIFixture.make()
        let console = try await ConsoleRenderer(resources: ConsoleRenderer.builtInResources)
        let router = buildRouter(fixture.configuration, store: fixture.store, screening: fixture.screening, console: console)
        let posts = router.routes.filter { $0.method == .post }.map { "\($0.path)" }.filter { $0.hasPrefix("/console") && $0 != "/console/login" }
        #expect(posts.count >= 8)
        try await fixture.consoleApplication().test(.live) { client in
            // The administrator and supervisor together may reach every form.
            for user in ["administrator", "supervisor"] {
                let session = CookieJar()
                _ = try await client.consoleLogin(user, jar: session)
                for path in posts {
                    let filled = path.replacingOccurrences(of: "{id}", with: "00000000")
                    let page = try await client.page(.post, filled, jar: session, form: [("decision", "admit")])
                    #expect(
                        [.forbidden, .unsupportedMediaType].contains(page.status),
                        "\(filled) as \(user) without a token: \(page.status.code)"
                    )
                }
            }
        }
        try await fixture.store.close()
    }

    @Test func failedLoginsAreLimitedPerAccount() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.consoleApplication(limits: .init(perAccount: 3, perAddress: 100, windowSeconds: 600)).test(.live) { client in
            for _ in 0..<3 {
                #expect(try await client.consoleLogin("supervisor", jar: CookieJar(), password: "wrong password").status == .unauthorized)
            }
            // Now even the right password waits.
            let blocked = try await client.consoleLogin("supervisor", jar: CookieJar())
            #expect(blocked.status == .tooManyRequests)
            #expect(Int(blocked.headers[.retryAfter] ?? "") ?? 0 > 0)
            // Through the API as well.
            let api = try await client.call(.post, "/api/v1/login", json: ["username": "supervisor", "password": APIFixture.password])
            #expect(api.status == .tooManyRequests && api.error["code"] as? String == "too_many_attempts")
            // Another account is not punished for it.
            #expect(try await client.consoleLogin("administrator", jar: CookieJar()).status == .seeOther)
        }
        try await fixture.store.close()
    }

    @Test func firstLineReferSecondLineDismissAndAdmitEndsInTheHistory() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.consoleApplication().test(.live) { client in
            let officer = CookieJar()
            _ = try await client.consoleLogin("first-line-officer", jar: officer)
            let scan = try await client.page(.get, "/console/first-line", jar: officer)
            let token = scan.field("_csrf") ?? ""
            let answer = try await client.pageFollowing(
                .post,
                "/console/first-line",
                jar: officer,
                form: [("_csrf", token), ("post", "NORTH/L1"), ("direction", "entry"), ("mrz", Self.listed)]
            )
            #expect(answer.status == .ok)
            #expect(answer.html.contains("verdict-stop") && answer.html.contains("Stop"))
            #expect(answer.html.contains("Strong watchlist hit") && answer.html.contains("KARIMOV"))
            #expect(!answer.html.contains("id=\"admit\""), "a stop is not admitted at first line")
            #expect(!answer.html.contains("A admit") && answer.html.contains("R refer"), "the keys offered, and only those")
            #expect(scan.html.contains("North – Lane 1"), "the picker names the BCP and the lane in full")
            let empty = try await client.page(
                .post,
                "/console/first-line",
                jar: officer,
                form: [("_csrf", token), ("post", "NORTH/L1"), ("direction", "entry"), ("mrz", "")]
            )
            #expect(empty.status == .unprocessableContent && empty.html.contains("Nothing was scanned: scan the document in the reader"))
            let refused = try await client.page(.get, "/console/second-line", jar: officer)
            #expect(refused.status == .forbidden && refused.html.contains("This page or action is not part of your role"))
            #expect(!refused.html.contains("work_second_line") && !refused.html.contains("your roles"))
            let checkID = answer.field("checkId") ?? ""
            let referKey = answer.html.components(separatedBy: "-refer\"").first?.components(separatedBy: "value=\"").last ?? ""
            let refer = [
                ("_csrf", token), ("checkId", checkID), ("decision", "refer"), ("key", referKey + "-refer"), ("bcp", "NORTH"), ("lane", "L1"),
                ("direction", "entry"),
            ]
            let referred = try await client.page(.post, "/console/first-line/decision", jar: officer, form: refer)
            #expect(referred.status == .seeOther && referred.location?.contains("done=refer") == true)
            // Pressed twice: still one decision.
            #expect(try await client.page(.post, "/console/first-line/decision", jar: officer, form: refer).status == .seeOther)
            // Back to the answer, or reloaded: the decision is shown, no button decides again.
            let again = try await client.page(.get, "/console/first-line/checks/\(checkID)?bcp=NORTH&lane=L1&direction=entry", jar: officer)
            #expect(again.status == .ok && again.html.contains("id=\"decided\"") && !again.html.contains("id=\"refer\""), "\(again.html)")
            #expect(try await fixture.store.crossings.decisions(checkID: checkID).count == 1)
            let next = try await client.page(.get, referred.location ?? "", jar: officer)
            #expect(next.html.contains("Referred to second line") && next.html.contains("id=\"mrz\""))

            let second = CookieJar()
            _ = try await client.consoleLogin("second-line-officer", jar: second)
            let queue = try await client.page(.get, "/console/second-line", jar: second)
            #expect(queue.html.contains("KARIMOV"))
            guard let caseRange = queue.html.range(of: "/console/cases/") else {
                Issue.record("no case in the queue")
                return
            }
            let caseID = String(queue.html[caseRange.upperBound...].prefix { $0 != "\"" })
            let casePage = try await client.page(.get, "/console/cases/\(caseID)", jar: second)
            #expect(casePage.html.contains("Resolve every open hit before admitting."))
            #expect(casePage.html.contains(">Confirm or dismiss</button>"), "the hit form's button says what it does")
            let secondToken = casePage.field("_csrf") ?? ""
            guard let hitRange = casePage.html.range(of: "/console/hits/") else {
                Issue.record("no hit to resolve")
                return
            }
            let hitID = String(casePage.html[hitRange.upperBound...].prefix { $0 != "/" })
            let dismissed = try await client.page(
                .post,
                "/console/hits/\(hitID)/resolution",
                jar: second,
                form: [("_csrf", secondToken), ("case", caseID), ("resolution", "dismiss"), ("reason", "namesake: different father's name")]
            )
            #expect(dismissed.status == .seeOther)
            let cleared = try await client.page(.get, "/console/cases/\(caseID)", jar: second)
            #expect(!cleared.html.contains("Resolve every open hit before admitting.") && cleared.html.contains("id=\"admit\""))
            let admitKey = cleared.html.components(separatedBy: "-admit\"").first?.components(separatedBy: "value=\"").last ?? ""
            let admitted = try await client.page(
                .post,
                "/console/cases/\(caseID)/decision",
                jar: second,
                form: [("_csrf", secondToken), ("decision", "admit"), ("key", admitKey + "-admit"), ("note", "documents in order")]
            )
            #expect(admitted.status == .seeOther)
            let history = try await client.page(.get, admitted.location ?? "", jar: second)
            #expect(history.html.contains("Admitted") && history.html.contains("Referred"))
            #expect(
                history.html.contains("namesake: different father&#39;s name") || history.html.contains("namesake: different father&#x27;s name")
                    || history.html.contains("namesake: different father")
            )
            #expect(history.html.contains("dismissed"))
            #expect(
                history.html.contains("<bdi class=\"alert-id\">EB-1</bdi>") && history.html.contains("class=\"seen\">"),
                "each hit with its alert and date"
            )
        }
        let crossings = try await fixture.store.crossings.counts().crossings
        #expect(crossings == 2, "one refer at first line, one admit at second")
        try await fixture.store.close()
    }

    @Test func aMissingTemplateIsAServerErrorNotAPageSayingSo() async throws {
        // An installation whose console folder lost a template.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limes-console-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: ConsoleRenderer.builtInResources, toPath: folder)
        try FileManager.default.removeItem(atPath: folder + "/templates/bcp_today.mustache")
        let fixture = try await APIFixture.make()
        try await fixture.consoleApplication(resources: folder).test(.live) { client in
            let jar = CookieJar()
            _ = try await client.consoleLogin("supervisor", jar: jar)
            let page = try await client.page(.get, "/console/bcp-today", jar: jar)
            #expect(page.status == .internalServerError)
            #expect(!page.html.contains("is missing") && page.html.contains("Tell your administrator"))
            // The other pages still work.
            #expect(try await client.page(.get, "/console/statistics", jar: jar).status == .ok)
        }
        try await fixture.store.close()
    }

    @Test func arabicIsRightToLeftAndTranslated() async throws {
        try await APIFixture.withConsole { fixture, client in
            let jar = CookieJar()
            _ = try await client.consoleLogin("first-line-officer", jar: jar)
            let english = try await client.page(.get, "/console/first-line", jar: jar)
            #expect(english.html.contains("dir=\"ltr\"") && english.html.contains("lang=\"en\""))
            let switched = try await client.page(
                .post,
                "/console/language",
                jar: jar,
                form: [("_csrf", english.field("_csrf") ?? ""), ("language", "ar")]
            )
            #expect(switched.status == .seeOther)
            let arabic = try await client.page(.get, "/console/first-line", jar: jar)
            #expect(arabic.html.contains("<html lang=\"ar\" dir=\"rtl\">"))
            #expect(arabic.html.contains("الخط الأول") && arabic.html.contains("تسجيل الخروج"))
            #expect(!arabic.html.contains(">First line<"))
            // Kept for the next login.
            #expect(try await fixture.store.users.user(username: "first-line-officer")?.language == "ar")
            // The reasons too are in the user's language, with dates and numbers written its way.
            let french = CookieJar()
            _ = try await client.consoleLogin("second-line-officer", jar: french)
            let form = try await client.page(.get, "/console/first-line", jar: french)
            _ = try await client.page(.post, "/console/language", jar: french, form: [("_csrf", form.field("_csrf") ?? ""), ("language", "fr")])
            let answer = try await client.pageFollowing(
                .post,
                "/console/first-line",
                jar: french,
                form: [("_csrf", form.field("_csrf") ?? ""), ("post", "NORTH/L1"), ("direction", "entry"), ("mrz", Self.listed)]
            )
            #expect(
                answer.html.contains("concordance forte avec Interdiction d&#39;entrée")
                    || answer.html.contains("concordance forte avec Interdiction d&#x27;entrée")
                    || answer.html.contains("concordance forte avec Interdiction d")
            )
            #expect(answer.html.contains("jours de séjour restants : 90"))
            #expect(answer.html.contains("déc. 2026") || answer.html.contains("févr. 2027"), "a French date")
            #expect(!answer.html.contains("strong match with") && !answer.html.contains("days of stay remaining"))
            // The refusal grounds (the example policy's) and a document's check in French too.
            #expect(answer.html.contains("H: signalé aux fins de non-admission") && !answer.html.contains("an alert has been issued"))
            #expect(
                answer.html.contains("Nom KARIMOV identique") && answer.html.contains("Date de naissance 1979-04-12 identique"),
                "a hit's evidence in French"
            )
            #expect(!answer.html.contains("surname KARIMOV equal"))
            let specimen = try await client.pageFollowing(
                .post,
                "/console/first-line",
                jar: french,
                form: [
                    ("_csrf", form.field("_csrf") ?? ""), ("post", "NORTH/L1"), ("direction", "entry"),
                    ("mrz", APIFixture.passport(surname: "ERIKSSON", given: "ANNA", number: "L898902C3", nationality: "UTO", birth: "1974-08-12")),
                ]
            )
            #expect(
                specimen.html.contains("l\u{2019}État spécimen de l\u{2019}OACI") && !specimen.html.contains("ICAO specimen state"),
                "\(specimen.html)"
            )
            let frenchLogin = try await client.page(.get, "/console/login?lang=fr", jar: CookieJar())
            #expect(frenchLogin.html.contains("lang=\"fr\"") && frenchLogin.html.contains("Mot de passe"))
        }
    }

    @Test func aBadScanShowsTheFormAgainWithTheFieldNamed() async throws {
        try await APIFixture.withConsole { _, client in
            let jar = CookieJar()
            _ = try await client.consoleLogin("first-line-officer", jar: jar)
            let token = try await client.page(.get, "/console/first-line", jar: jar).field("_csrf") ?? ""
            let truncated = String(Self.listed.prefix(60))
            let page = try await client.pageFollowing(
                .post,
                "/console/first-line",
                jar: jar,
                form: [("_csrf", token), ("post", "NORTH/L1"), ("direction", "entry"), ("mrz", truncated)]
            )
            #expect(page.status == .unprocessableContent)
            #expect(page.html.contains("id=\"check-error\"") && page.html.contains("Machine-readable zone"))
            let firstLine = truncated.components(separatedBy: "\n")[0].replacingOccurrences(of: "<", with: "&lt;")
            #expect(page.html.contains(firstLine), "what was scanned is kept, escaped")
            // A pasted file instead of a scan: refused as too large, shown as a page.
            let huge = try await client.pageFollowing(
                .post,
                "/console/first-line",
                jar: jar,
                form: [("_csrf", token), ("post", "NORTH/L1"), ("direction", "entry"), ("mrz", String(repeating: "P<UTO", count: 400_000))]
            )
            #expect(huge.status == .contentTooLarge && huge.html.contains("id=\"error\""))
        }
    }

    @Test func bcpTodayCountsTheDayForSupervisorsOnly() async throws {
        try await APIFixture.withConsole { _, client in
            let token = try await client.login("first-line-officer")
            let clean = APIFixture.passport(surname: "NDIAYE", given: "AWA", number: "A01234567", nationality: "SEN", birth: "1992-11-03")
            let check = try await client.call(
                .post,
                "/api/v1/checks",
                token: token,
                json: ["mrz": clean, "bcp": "NORTH", "lane": "L1", "direction": "entry"]
            )
            #expect(check.status == .created)
            let crossing = try await client.call(
                .post,
                "/api/v1/crossings",
                token: token,
                json: ["checkId": check.json["checkId"] as? String ?? "", "decision": "admit"]
            )
            #expect(crossing.status == .created)

            let supervisor = CookieJar()
            _ = try await client.consoleLogin("supervisor", jar: supervisor)
            let page = try await client.page(.get, "/console/bcp-today?bcp=NORTH&day=2026-11-22", jar: supervisor)
            #expect(page.status == .ok)
            #expect(page.html.contains("<dd id=\"entries\">1</dd>") && page.html.contains("<dd id=\"exits\">0</dd>"))
            #expect(!page.html.contains("NDIAYE"), "statistics carry no names")
            let api = try await client.call(.get, "/api/v1/bcps/NORTH/today?day=2026-11-22", token: try await client.login("supervisor"))
            #expect(api.json["entries"] as? Int == 1 && (api.json["hours"] as? [Any])?.count == 24)

            let officer = CookieJar()
            _ = try await client.consoleLogin("first-line-officer", jar: officer)
            #expect(try await client.page(.get, "/console/bcp-today", jar: officer).status == .forbidden)
        }
    }

    @Test func aChildReferredWithAFlagIsRefusedOnlyAfterASupervisorsReview() async throws {
        let fixture = try await APIFixture.make()
        let child = APIFixture.passport(surname: "OUEDRAOGO", given: "AWA", number: "BF1234567", nationality: "BFA", birth: "2011-05-02")
        try await fixture.consoleApplication().test(.live) { client in
            let officer = CookieJar()
            _ = try await client.consoleLogin("first-line-officer", jar: officer)
            let token = try await client.page(.get, "/console/first-line", jar: officer).field("_csrf") ?? ""
            let answer = try await client.pageFollowing(
                .post,
                "/console/first-line",
                jar: officer,
                form: [("_csrf", token), ("post", "NORTH/L1"), ("direction", "entry"), ("mrz", child)]
            )
            #expect(answer.html.contains("id=\"protectionKind\""))
            let referred = try await client.page(
                .post,
                "/console/first-line/decision",
                jar: officer,
                form: [
                    ("_csrf", token), ("checkId", answer.field("checkId") ?? ""), ("decision", "refer"), ("key", "k1"),
                    ("protectionKind", "child"), ("protectionNote", "alone, says she is 15, no adult with her"),
                ]
            )
            #expect(referred.status == .seeOther)

            let second = CookieJar()
            _ = try await client.consoleLogin("second-line-officer", jar: second)
            let queue = try await client.page(.get, "/console/second-line", jar: second)
            guard let range = queue.html.range(of: "/console/cases/") else {
                Issue.record("no case")
                return
            }
            let caseID = String(queue.html[range.upperBound...].prefix { $0 != "\"" })
            let page = try await client.page(.get, "/console/cases/\(caseID)", jar: second)
            #expect(page.html.contains("id=\"protection-flag\""))
            #expect(!page.html.contains("says she is 15"), "second line sees that a flag exists, not what it says")
            let secondToken = page.field("_csrf") ?? ""
            let refusal = [("_csrf", secondToken), ("decision", "refuse"), ("ground", "C"), ("key", "k2")]
            let blocked = try await client.page(.post, "/console/cases/\(caseID)/decision", jar: second, form: refusal)
            #expect(blocked.status == .conflict && blocked.html.contains("safeguard review"))

            let supervisor = CookieJar()
            _ = try await client.consoleLogin("supervisor", jar: supervisor)
            let supervised = try await client.page(.get, "/console/cases/\(caseID)", jar: supervisor)
            #expect(supervised.html.contains("says she is 15") && supervised.html.contains("id=\"record-review\""))
            let checkID = supervised.html.components(separatedBy: "/console/checks/").dropFirst().first?.prefix { $0 != "/" } ?? ""
            let reviewed = try await client.page(
                .post,
                "/console/checks/\(checkID)/safeguard-review",
                jar: supervisor,
                form: [
                    ("_csrf", supervised.field("_csrf") ?? ""), ("case", caseID), ("reasons", "birth certificate shows 19; no protection need found"),
                ]
            )
            #expect(reviewed.status == .seeOther)
            #expect(try await client.page(.get, "/console/cases/\(caseID)", jar: supervisor).html.contains("id=\"safeguard-review\""))
            let refused = try await client.page(.post, "/console/cases/\(caseID)/decision", jar: second, form: refusal)
            #expect(refused.status == .seeOther)
        }
        try await fixture.store.close()
    }

    @Test func aLandingIsRegisteredPersonByPersonAndProtectionStaffFollowItUp() async throws {
        try await APIFixture.withConsole { fixture, client in
            let officer = CookieJar()
            _ = try await client.consoleLogin("first-line-officer", jar: officer)
            let form = try await client.page(.get, "/console/persons", jar: officer)
            #expect(form.status == .ok && form.html.contains("id=\"person-form\"") && form.html.contains("href=\"/console/persons\""))
            let token = form.field("_csrf") ?? ""
            let landing = [("_csrf", token), ("bcp", "NORTH"), ("arrival", "sea"), ("group", "RESCUE-9")]

            // A nationality that is no code: the form comes back with what was typed and the field named.
            let wrong = try await client.page(
                .post,
                "/console/persons",
                jar: officer,
                form: landing + [("givenNames", "Fatou"), ("nationality", "GUINEA")]
            )
            #expect(wrong.status == .unprocessableContent && wrong.html.contains("id=\"persons-error\""))
            #expect(wrong.html.contains("<strong>Nationality</strong>") && wrong.html.contains("value=\"Fatou\""))

            let saved = try await client.page(
                .post,
                "/console/persons",
                jar: officer,
                form: landing + [
                    ("givenNames", "Amadou"), ("estimatedAge", "14"), ("sex", "M"), ("nationality", "GIN"), ("protectionKind", "child"),
                    ("protectionNote", "no adult claims him"),
                ]
            )
            #expect(saved.status == .seeOther)
            let next = try await client.page(.get, saved.location ?? "", jar: officer)
            #expect(next.html.contains("id=\"registered\"") && next.html.contains("value=\"RESCUE-9\""))
            #expect(next.html.contains("AMADOU") && next.html.contains("⚑ 1") && next.html.contains("about 14"))
            #expect(!next.html.contains("no adult claims him"), "first line sees that a flag exists, not what it says")

            // The protection officer finds the child, then a referral nobody has answered in time.
            let protection = CookieJar()
            _ = try await client.consoleLogin("protection-officer", jar: protection)
            let group = try await client.page(.get, "/console/persons?group=RESCUE-9", jar: protection)
            guard let range = group.html.range(of: "<tr id=\"person-") else {
                Issue.record("no person listed")
                return
            }
            let travellerID = String(group.html[range.upperBound...].prefix { $0 != "\"" })
            #expect(group.html.contains("/console/travellers/\(travellerID)/vulnerability"))
            let flags = try await client.page(.get, "/console/protection", jar: protection)
            #expect(flags.html.contains("no adult claims him") && !flags.html.contains("id=\"late\""))
            try await fixture.store.protection.saveService(
                ProtectionService(
                    id: "cps",
                    name: "Child Protection Service",
                    kinds: [.child],
                    area: nil,
                    contact: "+000 555 0100",
                    agencyID: "police",
                    acceptanceHours: 24
                ),
                actor: "system"
            )
            let late = try await fixture.store.protection.sendReferral(
                travellerID: travellerID,
                serviceID: "cps",
                kind: .child,
                shares: [.identity],
                consent: [.identity: true],
                actor: try #require(try await fixture.store.users.user(username: "protection-officer")).id,
                at: Timestamp().adding(seconds: -30 * 3600)
            )
            let overdue = try await client.page(.get, "/console/protection", jar: protection)
            #expect(overdue.html.contains("id=\"late-\(late.id)\"") && overdue.html.contains("+000 555 0100"))

            // Analysts see the figures, and no name.
            let analyst = CookieJar()
            _ = try await client.consoleLogin("analyst", jar: analyst)
            let figures = try await client.page(.get, "/console/statistics?from=2000-01-01&to=2100-12-31", jar: analyst)
            #expect(figures.status == .ok && figures.html.contains("href=\"/console/statistics\""))
            #expect(figures.html.contains("<tr id=\"flags-child\"><th scope=\"row\">Child (unaccompanied or separated)</th>"))
            let childRow = figures.html.components(separatedBy: "<tr id=\"flags-child\">").dropFirst().first ?? ""
            #expect(childRow.contains("<span class=\"count\">1</span>") && childRow.contains("<td class=\"open\">1</td>"))
            let sentRow = figures.html.components(separatedBy: "<tr id=\"referral-status-sent\">").dropFirst().first ?? ""
            #expect(sentRow.contains("<span class=\"count\">1</span>"))
            #expect(!figures.html.contains("AMADOU"))
            let backwards = try await client.page(.get, "/console/statistics?from=2027-01-01&to=2026-01-01", jar: analyst)
            #expect(backwards.status == .unprocessableContent)
            #expect(try await client.page(.get, "/console/statistics", jar: officer).status == .forbidden)
            #expect(try await client.page(.get, "/console/persons", jar: analyst).status == .forbidden)
        }
    }

    @Test func aProtectionOfficerCompletesAVulnerabilityCheckOnAFlaggedPerson() async throws {
        let fixture = try await APIFixture.make()
        let child = APIFixture.passport(surname: "OUEDRAOGO", given: "AWA", number: "BF1234567", nationality: "BFA", birth: "2011-05-02")
        try await fixture.consoleApplication().test(.live) { client in
            let officer = try await client.login("first-line-officer")
            let check = try await client.call(
                .post,
                "/api/v1/checks",
                token: officer,
                json: ["mrz": child, "bcp": "NORTH", "lane": "L1", "direction": "entry"]
            )
            let travellerID = (check.json["traveller"] as? [String: Any])?["id"] as? String ?? ""
            _ = try await client.call(
                .post,
                "/api/v1/travellers/\(travellerID)/protection-flags",
                token: officer,
                json: ["kind": "child", "note": "alone"]
            )

            let firstLine = CookieJar()
            _ = try await client.consoleLogin("first-line-officer", jar: firstLine)
            #expect(try await client.page(.get, "/console/protection", jar: firstLine).status == .forbidden)

            let protection = CookieJar()
            let login = try await client.consoleLogin("protection-officer", jar: protection)
            #expect(try await client.page(.get, login.location ?? "", jar: protection).location == "/console/protection")
            let list = try await client.page(.get, "/console/protection", jar: protection)
            #expect(list.html.contains("OUEDRAOGO") && list.html.contains("Child (unaccompanied or separated)"))
            let form = try await client.page(.get, "/console/travellers/\(travellerID)/vulnerability", jar: protection)
            #expect(form.html.contains("id=\"preliminary\"") && form.html.contains("found-child_unaccompanied"))
            #expect(form.html.contains("<p class=\"person\" id=\"about\"><bdi>OUEDRAOGO, AWA"), "the page names the person it is about")
            let closeAt = form.html.range(of: "class=\"close-flag\"")?.lowerBound,
                checkAt = form.html.range(of: "id=\"vulnerability-form\"")?.lowerBound
            #expect(closeAt != nil && checkAt != nil && closeAt! < checkAt!, "closing the flag sits above the check")
            let saved = try await client.page(
                .post,
                "/console/travellers/\(travellerID)/vulnerability",
                jar: protection,
                form: [
                    ("_csrf", form.field("_csrf") ?? ""), ("found", "child_unaccompanied"), ("evidence_child_unaccompanied", "no adult with her"),
                    ("found", "asylum_fear_of_return"), ("evidence_asylum_fear_of_return", "afraid of her uncle at home"), ("level", "high"),
                ]
            )
            #expect(saved.status == .seeOther)
            let again = try await client.page(.get, "/console/travellers/\(travellerID)/vulnerability", jar: protection)
            #expect(again.html.contains("afraid of her uncle at home") && again.html.contains("High"))
            // Without evidence, the check is refused and names the finding.
            let refused = try await client.page(
                .post,
                "/console/travellers/\(travellerID)/vulnerability",
                jar: protection,
                form: [("_csrf", form.field("_csrf") ?? ""), ("found", "pregnancy"), ("level", "low")]
            )
            #expect(refused.status == .unprocessableContent && refused.html.contains("findings[0].evidence"))
            let api = try await client.call(
                .get,
                "/api/v1/travellers/\(travellerID)/vulnerability-assessments",
                token: try await client.login("protection-officer")
            )
            #expect(api.list.count == 1)

            // Her age is in doubt: an assessment, open (a child meanwhile), then concluded.
            let token = form.field("_csrf") ?? ""
            _ = try await client.page(
                .post,
                "/console/travellers/\(travellerID)/age-assessment",
                jar: protection,
                form: [("_csrf", token), ("claimedAge", "15"), ("doubt", "no birth certificate; document says 1998")]
            )
            let open = try await client.page(.get, "/console/travellers/\(travellerID)/vulnerability", jar: protection)
            #expect(open.html.contains("Open: treated as a child."))
            guard let range = open.html.range(of: "/console/age-assessments/") else {
                Issue.record("no conclusion form")
                return
            }
            let ageID = String(open.html[range.upperBound...].prefix { $0 != "/" })
            let wrongOrder = try await client.page(
                .post,
                "/console/age-assessments/\(ageID)/conclusion",
                jar: protection,
                form: [
                    ("_csrf", token), ("methods", "radiological"), ("methods", "interview"), ("professionals", "doctor Dr A"), ("minAge", "15"),
                    ("maxAge", "17"),
                ]
            )
            #expect(wrongOrder.status == .unprocessableContent && wrongOrder.html.contains("methods[1]"))
            let concluded = try await client.page(
                .post,
                "/console/age-assessments/\(ageID)/conclusion",
                jar: protection,
                form: [
                    ("_csrf", token), ("methods", "documents"), ("methods", "interview"), ("professionals", "social_worker F. Sow"),
                    ("minAge", "15"), ("maxAge", "17"),
                ]
            )
            #expect(concluded.status == .seeOther)
            let closed = try await client.page(.get, "/console/travellers/\(travellerID)/vulnerability", jar: protection)
            #expect(closed.html.contains("<strong class=\"recorded-age\">15</strong>") && !closed.html.contains("Open: treated as a child."))

            // A referral to the child protection service, sharing her identity with her consent.
            try await fixture.store.protection.saveService(
                ProtectionService(
                    id: "cps",
                    name: "Child Protection Service",
                    kinds: [.child],
                    area: nil,
                    contact: nil,
                    agencyID: "police",
                    acceptanceHours: 24
                ),
                actor: "system"
            )
            let withProposal = try await client.page(.get, "/console/travellers/\(travellerID)/vulnerability", jar: protection)
            #expect(withProposal.html.contains("class=\"referral-form\"") && withProposal.html.contains("Child Protection Service"))
            let sent = try await client.page(
                .post,
                "/console/travellers/\(travellerID)/referrals",
                jar: protection,
                form: [("_csrf", token), ("service", "cps"), ("kind", "child"), ("share_identity", "on"), ("consent_identity", "on")]
            )
            #expect(sent.status == .seeOther)
            let partner = CookieJar()
            _ = try await client.consoleLogin("partner", jar: partner)
            let inbox = try await client.page(.get, "/console/referrals", jar: partner)
            #expect(inbox.html.contains("OUEDRAOGO") && !inbox.html.contains("afraid of her uncle"), "identity shared, the check not")

            // The leaflet she was given, then the flag closed once the child protection service has her.
            _ = try await client.page(
                .post,
                "/console/travellers/\(travellerID)/information",
                jar: protection,
                form: [("_csrf", token), ("leaflet", "Rights of children at the border"), ("language", "fr")]
            )
            guard let flagRange = withProposal.html.range(of: "/console/protection-flags/") else {
                Issue.record("no closure form")
                return
            }
            let flagID = String(withProposal.html[flagRange.upperBound...].prefix { $0 != "/" })
            let closure = try await client.page(
                .post,
                "/console/protection-flags/\(flagID)/closure",
                jar: protection,
                form: [("_csrf", token), ("traveller", travellerID), ("reason", "in the care of the child protection service")]
            )
            #expect(closure.status == .seeOther)
            let final = try await client.page(.get, "/console/travellers/\(travellerID)/vulnerability", jar: protection)
            #expect(final.html.contains("Rights of children at the border") && !final.html.contains("class=\"close-flag\""))
            #expect(final.html.contains("<span class=\"referral-status\">sent</span>"))
        }
        try await fixture.store.close()
    }
    /// Switching language shows the same page again; an unknown address is the console's own page;
    /// HEAD answers as GET does.
    @Test func languageSwitchKeepsThePageUnknownPagesAreStyledAndHeadAnswers() async throws {
        try await APIFixture.withConsole { _, client in
            let officer = CookieJar()
            _ = try await client.consoleLogin("first-line-officer", jar: officer)
            let token = try await client.page(.get, "/console/first-line", jar: officer).field("_csrf") ?? ""
            let answer = try await client.pageFollowing(
                .post,
                "/console/first-line",
                jar: officer,
                form: [("_csrf", token), ("post", "NORTH/L1"), ("direction", "entry"), ("mrz", Self.listed)]
            )
            let back = try #require(answer.field("back"))
            #expect(back.hasPrefix("/console/first-line/checks/"), "\(back)")
            let switched = try await client.page(
                .post,
                "/console/language",
                jar: officer,
                form: [("_csrf", token), ("language", "fr"), ("back", back)]
            )
            #expect(switched.status == .seeOther && switched.location == back, "\(switched.location ?? "")")
            let again = try await client.page(.get, back, jar: officer)
            #expect(again.html.contains("lang=\"fr\"") && again.html.contains("id=\"verdict\""), "the answer stays, now in French")
            for outside in ["https://example.org/console", "//example.org/console", "/elsewhere"] {
                let refused = try await client.page(
                    .post,
                    "/console/language",
                    jar: officer,
                    form: [("_csrf", token), ("language", "en"), ("back", outside)]
                )
                #expect(refused.location == "/console", "\(outside) → \(refused.location ?? "")")
            }

            let missing = try await client.page(.get, "/console/no-such-page", jar: officer)
            #expect(missing.status == .notFound && missing.html.contains("<main") && missing.html.contains("class=\"bar\""), "\(missing.html)")

            let get = try await client.execute(uri: "/health", method: .get) { $0 }
            let head = try await client.execute(uri: "/health", method: .head) { $0 }
            #expect(head.status == .ok && head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == String(get.body.readableBytes))
            let page = try await client.execute(uri: "/console/login", method: .head) { $0 }
            #expect(page.status == .ok && page.headers[.contentType]?.hasPrefix("text/html") == true)
        }
    }
}
