import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// Registering persons met without documents. A landing brings a group: after each person the
/// form comes back with the BCP, arrival and group kept, ready for the next.
struct PersonsConsole {
    let store: Store
    let renderer: ConsoleRenderer
    var persons: PersonController { PersonController(store: store) }

    static let fields = [
        "bcp", "arrival", "group", "surname", "givenNames", "birthDate", "estimatedAge", "sex", "nationality", "languages", "description",
        "protectionKind", "protectionNote",
    ]

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("persons", use: page)
        group.post("persons", use: register)
    }

    @Sendable func page(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.registerPersons)
        let query = request.uri.queryParameters
        var kept: [String: String] = [:]
        for field in ["bcp", "arrival", "group"] { kept[field] = query.get(field) ?? "" }
        var model = try await pageData(user: user, typed: kept, context: context)
        model.registered = query.get("registered") != nil
        return try renderer.page("persons", title: "persons.title", model: model, context: context)
    }

    @Sendable func register(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.registerPersons)
        let form = try await ConsoleForm.read(request, context: context)
        var typed: [String: String] = [:]
        for field in Self.fields { typed[field] = form[field] ?? "" }
        do {
            var estimatedAge: Int?
            if let text = form.value("estimatedAge") {
                guard let age = Int(text) else { throw APIError.invalid("estimatedAge", "'\(text)' is not a number of years") }
                estimatedAge = age
            }
            let flag = try form.value("protectionKind").map {
                try newProtectionFlag(kind: $0, note: form.value("protectionNote"), field: "protectionKind")
            }
            let body = PersonController.RegistrationRequest(
                bcp: form.value("bcp") ?? "",
                arrival: form.value("arrival") ?? "",
                surname: form.value("surname"),
                givenNames: form.value("givenNames"),
                birthDate: form.value("birthDate"),
                estimatedAge: estimatedAge,
                sex: form.value("sex"),
                nationality: form.value("nationality"),
                languages: form.value("languages"),
                group: form.value("group"),
                description: form.value("description")
            )
            _ = try await persons.register(body, flag: flag, user: user)
        } catch let thrown where APIError.refusal(thrown, .unprocessableContent, .notFound) != nil {
            let error = APIError.refusal(thrown, .unprocessableContent, .notFound)!
            // Shown again with everything typed, and the field at fault named.
            var model = try await pageData(user: user, typed: typed, context: context)
            let language = Language(code: user.language)
            model.error = .init(
                field: renderer.catalogue.optionalText("persons.field." + (error.field ?? ""), language) ?? error.field ?? "",
                message: error.message
            )
            return try renderer.page("persons", title: "persons.title", model: model, context: context, status: error.status)
        }
        var query = URLComponents()
        query.queryItems =
            ["bcp", "arrival", "group"].map { URLQueryItem(name: $0, value: typed[$0] ?? "") } + [
                URLQueryItem(name: "registered", value: "1")
            ]
        return ConsoleMiddleware.redirect("/console/persons?" + (query.percentEncodedQuery ?? ""))
    }

    /// The form (with `typed` filled in) and the latest persons registered where the user
    /// works: of the group being registered when there is one.
    func pageData(user: User, typed: [String: String], context: LimesRequestContext) async throws -> PersonsPage {
        let views = ConsoleViews(renderer: renderer, context: context)
        let boundToPosts = user.isBoundToPosts
        let bcps = try await store.organisation.bcps().filter { !boundToPosts || user.worksAt($0.code) }
        let group = typed["group"].flatMap { $0.isEmpty ? nil : $0 }
        let registered = try await persons.registered(bcp: nil, group: group, user: user, purpose: "registration without documents")
        typealias Choice = ChoiceView
        return PersonsPage(
            bcps: bcps.map { Choice(value: $0.code, label: $0.name, selected: $0.code == typed["bcp"]) },
            hasBCPs: !bcps.isEmpty,
            arrivals: ArrivalMode.allCases.map {
                Choice(value: $0.rawValue, label: views.text("arrival." + $0.rawValue), selected: $0.rawValue == typed["arrival"])
            },
            sexes: [Sex.female, .male, .nonSpecified].map {
                Choice(value: $0.rawValue, label: views.text("persons.sex_" + $0.rawValue.lowercased()), selected: $0.rawValue == typed["sex"])
            },
            protectionKinds: ProtectionKind.allCases.map {
                Choice(value: $0.rawValue, label: views.text("protection_kind." + $0.rawValue), selected: $0.rawValue == typed["protectionKind"])
            },
            group: group ?? "",
            persons: registered.map { row(views, $0, user: user) },
            empty: registered.isEmpty,
            form_group: typed["group"],
            form_surname: typed["surname"],
            form_givenNames: typed["givenNames"],
            form_birthDate: typed["birthDate"],
            form_estimatedAge: typed["estimatedAge"],
            form_nationality: typed["nationality"],
            form_languages: typed["languages"],
            form_description: typed["description"],
            form_protectionNote: typed["protectionNote"]
        )
    }

    /// `persons.mustache`: the registration form and the latest persons registered.
    struct PersonsPage: Encodable {

        struct Row: Encodable {
            var id: String
            var at: String
            var name: String
            var age: String
            var nationality: String
            var arrival: String
            var group: String
            var bcp: String
            var flags: String
            var mayAssess: Bool
        }

        var bcps: [ChoiceView]
        var hasBCPs: Bool
        var arrivals: [ChoiceView]
        var sexes: [ChoiceView]
        var protectionKinds: [ChoiceView]
        var group: String
        var persons: [Row]
        var empty: Bool
        /// What was typed, shown again with a refusal.
        var form_group: String?
        var form_surname: String?
        var form_givenNames: String?
        var form_birthDate: String?
        var form_estimatedAge: String?
        var form_nationality: String?
        var form_languages: String?
        var form_description: String?
        var form_protectionNote: String?
        var registered = false
        var error: RefusalView?
    }

    func row(_ views: ConsoleViews, _ registered: RegisteredPerson, user: User) -> PersonsPage.Row {
        let person = registered.person
        let name = [person.surname, person.givenNames].compactMap { $0 }.joined(separator: ", ")
        let age: String
        if let birthDate = person.birthDate {
            age = views.format.date(birthDate)
        } else if let estimate = person.estimatedAge {
            age = views.text("persons.about", ["years": views.format.number(estimate)])
        } else {
            age = ""
        }
        return PersonsPage.Row(
            id: registered.travellerID,
            at: views.format.dateTime(registered.registeredAt),
            name: name.isEmpty ? views.text("persons.no_name") : name,
            age: age,
            nationality: person.nationality ?? views.text("persons.unknown"),
            arrival: views.text("arrival." + person.arrival.rawValue),
            group: person.group ?? "",
            bcp: registered.bcp,
            flags: registered.openProtectionFlags > 0 ? views.format.number(registered.openProtectionFlags) : "",
            mayAssess: registered.openProtectionFlags > 0 && user.may(.assessVulnerability)
        )
    }
}
