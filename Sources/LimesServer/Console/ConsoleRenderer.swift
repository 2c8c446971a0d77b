import Foundation
import Hummingbird
import LimesCore
import LimesStore
import Logging
import Mustache

/// Turns a page's data into HTML: the templates, the translations, and the frame every page
/// shares (language, direction, navigation, the form token).
public final class ConsoleRenderer: Sendable {
    let library: MustacheLibrary
    public let catalogue: TranslationCatalogue
    let staticFiles: [String: (contentType: String, body: ByteBuffer)]

    /// The resources built into the program.
    public static var builtInResources: String {
        // The bundle, not its resourceURL: on Linux that already points into a folder named
        // Resources when the bundle has one.
        Bundle.module.bundleURL.appendingPathComponent("Resources").path
    }

    /// How Arabic writes dates and numbers here: usages differ (غشت in Morocco, أغسطس in Egypt,
    /// آب in the Levant), so it is a deployment setting (`LIMES_ARABIC_LOCALE`).
    public let arabicLocale: Locale

    /// - Parameter arabicLocale: an Arabic locale identifier (`ar`, `ar_MA`, `ar_TN`, `ar_EG`...);
    ///   by default `ar`, Modern Standard Arabic as most readers expect it.
    public init(resources: String, arabicLocale: String = "ar") async throws {
        guard arabicLocale == "ar" || arabicLocale.hasPrefix("ar_") else {
            throw ConsoleSettingError(message: "the Arabic locale '\(arabicLocale)' is not an Arabic one (ar, ar_MA, ar_TN, ar_DZ, ar_EG, ar_LB...)")
        }
        // Western digits, as officers read them on documents and screens alike.
        self.arabicLocale = Locale(identifier: arabicLocale + "@numbers=latn")
        library = try await MustacheLibrary(directory: resources + "/templates")
        catalogue = try TranslationCatalogue(directory: resources + "/translations")
        var files: [String: (String, ByteBuffer)] = [:]
        let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml"]
        let folder = resources + "/static"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            guard let type = types[(name as NSString).pathExtension], let data = FileManager.default.contents(atPath: folder + "/" + name) else {
                continue
            }
            files[name] = (type, ByteBuffer(bytes: data))
        }
        staticFiles = files
    }

    /// Renders a page: the view model's values, with what every page has (the language, the
    /// menu, the user, the form token).
    private func render(
        _ template: String,
        title: String,
        _ data: [String: Any],
        context: LimesRequestContext,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:],
        language chosen: Language? = nil
    ) -> Response {
        let language = chosen ?? Language(code: context.session?.user.language)
        var values = data
        values["t"] = catalogue.tree(for: language)
        values["lang"] = language.rawValue
        values["dir"] = language.isRightToLeft ? "rtl" : "ltr"
        values["title"] = catalogue.text(title, language)
        values["languages"] = Language.allCases.map { ["code": $0.rawValue, "name": $0.nativeName, "selected": $0 == language] }
        if let session = context.session, let token = context.token {
            let user = session.user
            values["user"] = ["name": user.displayName, "username": user.username]
            values["csrf"] = ConsoleCSRF.token(for: token)
            // Switching language shows the same page again (a check's answer stays on screen).
            values["back"] = context.consolePath ?? "/console"
            values["nav"] = ConsoleNavigation.items(for: user, onPost: context.postLink != nil).map { item in
                ["href": item.path, "label": catalogue.text(item.label, language), "current": item.template == template]
            }
            if let (link, offline) = context.postLink { values["post_link"] = postLinkBanner(link, offline: offline, language: language) }
        }
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        guard let html = library.render(Self.pruned(values), withTemplate: template) else {
            // A fault of the installation, not of the request: logged, and a 500 the user can report.
            Self.logger.error("console template missing", metadata: ["template": "\(template)"])
            let apology =
                "<!doctype html><meta charset=utf-8><title>Limes</title><p>This page cannot be shown: the console's files are incomplete. Tell your administrator.</p>"
            return Response(status: .internalServerError, headers: headers, body: .init(byteBuffer: ByteBuffer(string: apology)))
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static let logger = Logger(label: "limes.console")

    /// The line at the top of a post's every page: whether headquarters answers, and how old
    /// the post's copies of the watchlists and of the service's crossings are.
    func postLinkBanner(_ link: PostLink, offline: Bool, language: Language) -> [String: Any] {
        let format = format(language)
        func when(_ key: String, _ time: Timestamp?) -> String {
            time.map { catalogue.text("post_link." + key, language, ["time": format.dateTime($0)]) }
                ?? catalogue.text("post_link." + key + "_never", language)
        }
        var parts = [when("watchlist", link.watchlistTakenAt), when("crossings", link.crossingsTakenAt)]
        if link.waiting > 0 { parts.append(catalogue.text("post_link.waiting", language, ["count": format.number(Int(link.waiting))])) }
        return [
            "offline": offline,
            "state": offline ? when("offline", link.lastContact) : catalogue.text("post_link.online", language),
            "details": parts.joined(separator: " · "),
        ]
    }

    /// A page from a typed view model: a misspelt field fails to compile instead of rendering
    /// blank. The model goes to the templates as the JSON it encodes to.
    func page(
        _ template: String,
        title: String,
        model: some Encodable,
        context: LimesRequestContext,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:],
        language: Language? = nil
    ) throws -> Response {
        let data = try JSONEncoder().encode(model)
        guard let values = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ConsoleSettingError(message: "the view model of \(template) is not an object")
        }
        return render(template, title: title, values, context: context, status: status, headers: headers, language: language)
    }

    /// A page that shows nothing of its own.
    struct NoModel: Encodable {}

    /// Without its empty strings: Mustache takes "" as true, and `{{#note}}…{{/note}}` must
    /// show nothing for a note that is empty.
    static func pruned(_ value: Any) -> Any {
        if let dictionary = value as? [String: Any] {
            var kept: [String: Any] = [:]
            for (key, inner) in dictionary where !((inner as? String)?.isEmpty ?? false) { kept[key] = pruned(inner) }
            return kept
        }
        if let list = value as? [[String: Any]] { return list.map { pruned($0) } }
        return value
    }

    func text(_ key: String, _ context: LimesRequestContext, _ values: [String: String] = [:]) -> String {
        catalogue.text(key, Language(code: context.session?.user.language), values)
    }

    func format(_ context: LimesRequestContext) -> ConsoleFormat {
        format(Language(code: context.session?.user.language))
    }

    func format(_ language: Language) -> ConsoleFormat {
        ConsoleFormat(language: language, locale: language == .arabic ? arabicLocale : language.locale)
    }
}

/// A console setting that cannot be used, named.
public struct ConsoleSettingError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The pages a user's permissions open, in the order of the menu; the first is their home.
enum ConsoleNavigation {
    struct Item {
        var path: String
        var label: String
        var template: String
        var permission: Permission
        /// Pages about the whole service, not shown on a post's console.
        var headquartersOnly = false
    }

    static let all = [
        Item(path: "/console/first-line", label: "nav.first_line", template: "first_line", permission: .checkTravellers),
        Item(path: "/console/second-line", label: "nav.second_line", template: "second_line", permission: .workSecondLine),
        Item(path: "/console/protection", label: "nav.protection", template: "protection", permission: .readProtectionDetails),
        Item(path: "/console/referrals", label: "nav.referrals", template: "referrals", permission: .workReferrals),
        Item(path: "/console/persons", label: "nav.persons", template: "persons", permission: .registerPersons),
        Item(path: "/console/bcp-today", label: "nav.bcp_today", template: "bcp_today", permission: .readStatistics),
        Item(path: "/console/statistics", label: "nav.statistics", template: "statistics", permission: .readStatistics),
        Item(path: "/console/figures", label: "nav.figures", template: "figures", permission: .readStatistics),
        Item(path: "/console/releases", label: "nav.releases", template: "releases", permission: .readStatistics),
        Item(path: "/console/admin", label: "nav.admin", template: "admin", permission: .administer),
        Item(path: "/console/agencies", label: "nav.agencies", template: "agencies", permission: .administer),
        Item(path: "/console/nodes", label: "nav.nodes", template: "nodes", permission: .administer, headquartersOnly: true),
        Item(path: "/console/one-stop", label: "nav.one_stop", template: "one_stop", permission: .checkTravellers, headquartersOnly: true),
        Item(path: "/console/exchange", label: "nav.exchange", template: "exchange", permission: .auditSystem, headquartersOnly: true),
        Item(
            path: "/console/information-requests",
            label: "nav.requests",
            template: "information_requests",
            permission: .workSecondLine,
            headquartersOnly: true
        ),
    ]

    static func items(for user: User, onPost: Bool = false) -> [Item] {
        all.filter { user.may($0.permission) && !(onPost && $0.headquartersOnly) }
    }
}

/// A form token bound to the session: a page from Limes carries it, a forged form on another
/// site cannot know it. Derived from the session token, so nothing more is stored.
enum ConsoleCSRF {
    static let field = "_csrf"

    static func token(for sessionToken: String) -> String {
        Digest.sha256("limes-console-form\u{1F}" + sessionToken)
    }

    static func isValid(_ given: String?, sessionToken: String) -> Bool {
        guard let given else { return false }
        let expected = Array(token(for: sessionToken).utf8)
        let actual = Array(given.utf8)
        guard expected.count == actual.count else { return false }
        // Constant time: the comparison must not tell how much of a guess was right.
        var difference: UInt8 = 0
        for i in expected.indices { difference |= expected[i] ^ actual[i] }
        return difference == 0
    }
}
