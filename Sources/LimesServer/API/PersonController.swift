import Hummingbird
import LimesCore
import LimesStore

/// Persons met without documents: registered by the officer who meets them, with a flag when
/// they may need protection, so that everything done for travellers can be done for them.
struct PersonController {
    let store: Store

    struct RegistrationRequest: Decodable {
        var bcp: String
        var arrival: String
        var surname: String?
        var givenNames: String?
        var birthDate: String?
        var estimatedAge: Int?
        var sex: String?
        var nationality: String?
        var languages: String?
        var group: String?
        var description: String?
        var protectionFlag: CrossingRequest.FlagPayload?
    }

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.post("persons-without-documents", use: register)
        group.get("persons-without-documents", use: list)
    }

    @Sendable func register(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.registerPersons)
        var request = request
        let body = try await request.decodeJSON(as: RegistrationRequest.self, context: context)
        let flag = try body.protectionFlag.map { try newProtectionFlag(kind: $0.kind, note: $0.note, field: "protectionFlag.kind") }
        return try .json(API.of(try await register(body, flag: flag, user: user)), status: .created)
    }

    /// Shared with the console, which reads the same fields from a form.
    func register(_ body: RegistrationRequest, flag: NewProtectionFlag?, user: User) async throws -> RegisteredPerson {
        if flag != nil, !user.may(.raiseProtectionFlags) {
            throw APIError(.forbidden, code: "forbidden", field: "protectionFlag", "you may not raise protection flags")
        }
        if user.isBoundToPosts { try user.requireBCP(body.bcp) }
        guard let arrival = ArrivalMode(rawValue: body.arrival) else {
            throw APIError.invalid(
                "arrival",
                "'\(body.arrival)' is not a way of arrival; use \(ArrivalMode.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        var birthDate: CalendarDate?
        if let text = body.birthDate, !text.isEmpty {
            guard let date = CalendarDate(iso: text) else { throw APIError.invalid("birthDate", "'\(text)' is not a date written YYYY-MM-DD") }
            birthDate = date
        }
        var sex: Sex?
        if let text = body.sex, !text.isEmpty {
            guard let given = Sex(rawValue: text.uppercased()), given != .unspecified else {
                throw APIError.invalid("sex", "'\(text)' is not M, F or X")
            }
            sex = given
        }
        let person = PersonWithoutDocuments(
            surname: body.surname,
            givenNames: body.givenNames,
            birthDate: birthDate,
            estimatedAge: body.estimatedAge,
            sex: sex,
            nationality: body.nationality,
            languages: body.languages,
            arrival: arrival,
            group: body.group,
            description: body.description
        )
        return try await store.persons.registerPersonWithoutDocuments(person, bcp: body.bcp, flag: flag, actor: user.id)
    }

    @Sendable func list(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.registerPersons)
        let query = request.uri.queryParameters
        let persons = try await registered(
            bcp: query.get("bcp").flatMap { $0.isEmpty ? nil : $0 },
            group: query.get("group").flatMap { $0.isEmpty ? nil : $0 },
            user: user,
            purpose: purpose(request, "registration without documents")
        )
        return try .json(API.of(persons))
    }

    /// Officers at posts see their BCPs; protection officers, who follow people wherever they
    /// were met, see all. Each person listed is an audited read.
    func registered(bcp: String?, group: String?, user: User, purpose: String) async throws -> [RegisteredPerson] {
        var bcps: Set<String>? = user.isBoundToPosts ? user.bcps : nil
        if let bcp {
            if bcps != nil { try user.requireBCP(bcp) }
            bcps = [bcp]
        }
        let persons = try await store.persons.personsWithoutDocuments(bcps: bcps, group: group)
        try await store.audit.record(
            persons.map {
                AuditEntry(actor: user.id, action: "read", recordType: "person_without_documents", recordID: $0.travellerID, purpose: purpose)
            }
        )
        return persons
    }
}
