import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// One-stop border posts: the operations at a post, and this side's check of a partner's exit
/// (the entry, in this country's system, by this country's officer at the same booth).
struct OneStopController {
    let store: Store
    let service: CheckService

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("one-stop/operations", use: list)
        group.post("one-stop/operations/{id}/check", use: check)
    }

    struct CheckBody: Decodable, Sendable {
        var lane: String
    }

    @Sendable func list(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.checkTravellers)
        guard let bcp = request.uri.queryParameters.get("bcp"), !bcp.isEmpty else {
            throw APIError.invalid("bcp", "name the one-stop post's BCP")
        }
        try user.requireBCP(bcp)
        let operations = try await store.exchange.oneStopOperations(bcp: bcp)
        try await store.audit.record(
            operations.map {
                AuditEntry(actor: user.id, action: "read", recordType: "one_stop_operation", recordID: $0.id, purpose: "one-stop booth")
            }
        )
        return try .json(operations.map(API.OneStopOperationBody.init))
    }

    /// Runs this country's check on a partner's exit, from the data the partner passed.
    @Sendable func check(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.checkTravellers)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: CheckBody.self, context: context)
        let (_, answer) = try await Self.checkHere(id, lane: body.lane, user: user, store: store, service: service)
        return try .json(answer, status: .created)
    }

    /// This country's check of a partner's exit at the booth, linked to its operation once: for
    /// the API and the console alike.
    static func checkHere(_ id: String, lane: String, user: User, store: Store, service: CheckService) async throws -> (
        OneStopOperation, CheckResponse
    ) {
        guard let operation = try await store.exchange.oneStopOperation(id), operation.direction == .incoming else {
            throw APIError.notFound("no one-stop crossing \(id) from a partner", field: "id")
        }
        try user.requireBCP(operation.bcp)
        guard operation.state == .toCheck else {
            throw APIError(.conflict, code: "conflict", field: "id", "one-stop crossing \(id) was checked already")
        }
        let answer = try await service.check(
            CheckRequest(
                mrz: nil,
                document: try document(operation),
                visaMrz: nil,
                bcp: operation.bcp,
                lane: lane,
                direction: Direction.entry.rawValue,
                stayBasis: nil,
                startedAt: nil
            ),
            user: user
        )
        try await store.exchange.linkOneStopCheck(id, checkID: answer.checkId)
        return (operation, answer)
    }

    /// The document as the partner passed it; a field the agreement kept back, or that does not
    /// read, is named: the officer then reads the document at the booth instead.
    static func document(_ operation: OneStopOperation) throws -> TypedDocument {
        func text(_ name: String) throws -> String {
            guard let value = operation.person[name]?.text, !value.isEmpty else {
                throw APIError.invalid(
                    name,
                    "the partner did not pass \(name.replacingOccurrences(of: "_", with: " ")): read the document at the booth"
                )
            }
            return value
        }
        func day(_ name: String) throws -> CalendarDate {
            let value = try text(name)
            guard let day = CalendarDate(iso: value) else {
                throw APIError.invalid(name, "'\(value)' is not a whole date: read the document at the booth")
            }
            return day
        }
        guard let names = operation.person["names"]?.list, names.count == 2 else {
            throw APIError.invalid("names", "the partner did not pass the names: read the document at the booth")
        }
        return TypedDocument(
            documentCode: operation.person["document_type"]?.text,
            issuer: try text("document_issuer"),
            number: try text("document_number"),
            surname: names[0],
            givenNames: names[1],
            nationality: try text("nationality"),
            birthDate: try day("birth_date"),
            sex: operation.person["sex"]?.text,
            expiry: try day("document_expiry")
        )
    }
}

extension API {
    struct OneStopOperationBody: APIBody {
        var id: String
        var direction: OneStopOperation.Direction
        var partner: String
        var bcp: String
        var crossingId: String?
        var checkId: String?
        var person: [String: ExchangeValue]
        var state: OneStopOperation.State
        var reason: String?
        var createdAt: Timestamp
        var completedAt: Timestamp?

        init(_ record: OneStopOperation) {
            id = record.id
            direction = record.direction
            partner = record.partner
            bcp = record.bcp
            crossingId = record.crossingID
            checkId = record.checkID
            person = record.person
            state = record.state
            reason = record.reason
            createdAt = record.createdAt
            completedAt = record.completedAt
        }
    }
}

extension ExchangeValue: APIBody {}
