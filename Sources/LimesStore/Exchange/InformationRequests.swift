import Foundation
import LimesCore
import SQLKit

/// A request for information about a hit on a partner's alert: asked here of the partner
/// whose alert it is (outgoing), or asked of this service by a partner (incoming), with the
/// deadline the agreement sets, and the answer when it comes.
public struct InformationRequest: Sendable, Hashable, Codable {
    public enum Direction: String, Sendable, Hashable, Codable {
        case outgoing
        case incoming
    }

    public var id: String
    public var partner: String
    public var direction: Direction
    /// The alert as this service knows it (`NER:EB-1` when asked of Niger; `EB-1` when Niger asks).
    public var alertID: String
    public var hitID: String?
    public var question: String
    /// What was sent or received of the person met, as the agreement let it pass.
    public var person: [String: String]
    public var agreement: String
    public var agreementVersion: Int
    public var askedAt: Timestamp
    public var askedBy: String
    public var dueAt: Timestamp
    public var answer: String?
    public var answeredAt: Timestamp?
    public var answeredBy: String?

    /// Answered after the deadline, or not answered and the deadline passed.
    public func isLate(at now: Timestamp) -> Bool { (answeredAt ?? now) > dueAt }
}

extension ExchangeStore {
    /// Asks the partner whose alert a hit is on what it knows, under the agreement in force
    /// that carries requests, with what the agreement lets pass of the person met.
    /// `allowedBCPs`: the BCPs the asking officer works at (nil: not bound to posts).
    public func askAboutHit(_ hitID: String, question: String, by actor: String, allowedBCPs: Set<String>?, now: Timestamp = Timestamp()) async throws
        -> InformationRequest
    {
        let question = question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { throw StoreError("question: empty", field: "question") }
        if let problem = FreeText.textProblem(question) { throw StoreError("question: \(problem)", field: "question") }
        return try await transaction { db in
            try await self.refuseOnPost("information_requests", on: db)
            guard
                let row = try await db.raw(
                    """
                    SELECT h.id, h.alert_id, k.bcp_code, t.surname, t.given_names, t.birth_date, t.nationality, d.number
                    FROM hits h JOIN checks k ON k.id = h.check_id JOIN travellers t ON t.id = k.traveller_id
                    JOIN documents d ON d.id = k.document_id WHERE h.id = \(bind: hitID)
                    """
                ).first()
            else { throw StoreError("no hit \(hitID)", code: .notFound, field: "id") }
            let bcp = try row.decode(column: "bcp_code", as: String.self)
            if let allowedBCPs, !allowedBCPs.contains(bcp) {
                throw StoreError("hit \(hitID) was raised at \(bcp), which is not one of your BCPs", code: .forbidden, field: "id")
            }
            let alertID = try row.decode(column: "alert_id", as: String.self)
            guard
                let source = try await db.select().column("source").from("alerts").where("id", .equal, alertID).first()?
                    .decode(column: "source", as: String?.self)
            else {
                throw StoreError("hit \(hitID) is on alert \(alertID), which is not a partner's: ask its own authority", code: .conflict, field: "id")
            }
            let own = try await Self.ownCountry(on: db)
            guard
                let agreement = try await Self.currentAgreements(on: db).inForce(with: source, carrying: .informationRequest, on: now.day),
                let hours = agreement.terms[.informationRequest]?.answerHours
            else { throw StoreError("no agreement in force with \(source) lets requests for information pass", code: .conflict, field: "id") }
            let name = [try row.decode(column: "surname", as: String.self), try row.decode(column: "given_names", as: String.self)]
                .filter { !$0.isEmpty }.joined(separator: " ")
            let all: [String: String] = [
                "alert": String(alertID.dropFirst(source.count + 1)), "question": question, "names": name,
                "birth_date": try row.decode(column: "birth_date", as: String.self),
                "nationality": try row.decode(column: "nationality", as: String.self),
                "document_number": try row.decode(column: "number", as: String.self),
            ]
            let passing = all.filter { !$0.value.isEmpty && agreement.allows($0.key, of: .informationRequest) }
            guard passing["alert"] != nil, passing["question"] != nil else {
                throw StoreError("agreement \(agreement.id) does not let a request name the alert and the question", code: .conflict, field: "id")
            }
            let id = Store.newID(now: now)
            let request = InformationRequest(
                id: id,
                partner: source,
                direction: .outgoing,
                alertID: alertID,
                hitID: hitID,
                question: question,
                person: passing.filter { $0.key != "alert" && $0.key != "question" },
                agreement: agreement.id,
                agreementVersion: agreement.version,
                askedAt: now,
                askedBy: actor,
                dueAt: now.adding(seconds: Int64(hours) * 3_600),
                answer: nil,
                answeredAt: nil,
                answeredBy: nil
            )
            try await Self.insert(request, on: db)
            try await Self.enqueue(
                [
                    QueuedMessage(
                        kind: .informationRequest,
                        action: .publish,
                        record: id,
                        agreement: agreement,
                        fields: passing.mapValues { .text($0) }
                    )
                ],
                to: source,
                from: own,
                by: actor,
                at: now,
                on: db
            )
            try await self.appendAudit(
                [
                    AuditEntry(
                        actor: actor,
                        action: "request",
                        recordType: "information_request",
                        recordID: id,
                        purpose: "hit \(hitID) on \(alertID), asked of \(source) under \(agreement.id) v\(agreement.version)"
                    )
                ],
                at: now,
                on: db
            )
            return request
        }
    }

    /// Answers a partner's request: the answer goes back under the agreement in force.
    public func answerRequest(_ id: String, answer: String, by actor: String, now: Timestamp = Timestamp()) async throws -> InformationRequest {
        let answer = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !answer.isEmpty else { throw StoreError("answer: empty", field: "answer") }
        if let problem = FreeText.textProblem(answer) { throw StoreError("answer: \(problem)", field: "answer") }
        return try await transaction { db in
            guard var request = try await Self.request(id, on: db), request.direction == .incoming else {
                throw StoreError("no request \(id) from a partner", code: .notFound, field: "id")
            }
            guard request.answeredAt == nil else { throw StoreError("request \(id) was answered already", code: .conflict, field: "id") }
            guard
                let agreement = try await Self.currentAgreements(on: db).inForce(with: request.partner, carrying: .informationAnswer, on: now.day)
            else { throw StoreError("no agreement in force with \(request.partner) lets an answer pass", code: .conflict, field: "id") }
            let own = try await Self.ownCountry(on: db)
            // The partner knows the request by its own id, after the country.
            let theirs = String(id.dropFirst(request.partner.count + 1))
            try await Self.enqueue(
                [QueuedMessage(kind: .informationAnswer, action: .publish, record: theirs, agreement: agreement, fields: ["answer": .text(answer)])],
                to: request.partner,
                from: own,
                by: actor,
                at: now,
                on: db
            )
            try await db.update("information_requests").set("answer", to: answer).set("answered_at", to: now.description)
                .set("answered_by", to: actor).where("id", .equal, id).run()
            try await self.appendAudit(
                [
                    AuditEntry(
                        actor: actor,
                        action: "answer",
                        recordType: "information_request",
                        recordID: id,
                        purpose: "to \(request.partner) under \(agreement.id) v\(agreement.version)" + (request.isLate(at: now) ? ", late" : "")
                    )
                ],
                at: now,
                on: db
            )
            request.answer = answer
            request.answeredAt = now
            request.answeredBy = actor
            return request
        }
    }

    /// Requests both ways, newest first; `lateOnly` keeps those answered late or overdue.
    public func informationRequests(direction: InformationRequest.Direction? = nil, lateOnly: Bool = false, now: Timestamp = Timestamp())
        async throws -> [InformationRequest]
    {
        let all = try await read { db in
            var query = db.select().columns("*").from("information_requests")
            if let direction { query = query.where("direction", .equal, direction.rawValue) }
            return try await query.orderBy("asked_at", .descending).limit(1_000).all().map(Self.request(from:))
        }
        return lateOnly ? all.filter { $0.isLate(at: now) } : all
    }

    /// A partner's request taken from its message: incoming, due by the deadline of this
    /// service's own agreement.
    static func receiveRequest(_ message: ExchangeMessage, under agreement: SharingAgreement, at now: Timestamp, on db: any SQLDatabase) async throws
    {
        guard let alert = message.fields["alert"]?.text, let question = message.fields["question"]?.text else {
            throw ExchangeRefusal(field: "alert", "a request names the alert and the question")
        }
        guard let hours = agreement.terms[.informationRequest]?.answerHours else {
            throw ExchangeRefusal("agreement \(agreement.id) sets no deadline for requests")
        }
        var person: [String: String] = [:]
        for (name, value) in message.fields where name != "alert" && name != "question" {
            guard let text = value.text else { throw ExchangeRefusal(field: name, "must be a text") }
            person[name] = text
        }
        let id = "\(message.sender):\(message.record)"
        guard try await request(id, on: db) == nil else { throw ExchangeRefusal(field: "record", "request \(message.record) was received before") }
        try await insert(
            InformationRequest(
                id: id,
                partner: message.sender,
                direction: .incoming,
                alertID: alert,
                hitID: nil,
                question: question,
                person: person,
                agreement: agreement.id,
                agreementVersion: agreement.version,
                askedAt: now,
                askedBy: "partner:\(message.sender)",
                dueAt: now.adding(seconds: Int64(hours) * 3_600),
                answer: nil,
                answeredAt: nil,
                answeredBy: nil
            ),
            on: db
        )
    }

    /// A partner's answer to a request asked here.
    static func receiveAnswer(_ message: ExchangeMessage, at now: Timestamp, on db: any SQLDatabase) async throws {
        guard let answer = message.fields["answer"]?.text else { throw ExchangeRefusal(field: "answer", "an answer carries its text") }
        guard let request = try await request(message.record, on: db), request.direction == .outgoing, request.partner == message.sender else {
            throw ExchangeRefusal(field: "record", "no request \(message.record) was asked of \(message.sender)")
        }
        guard request.answeredAt == nil else { throw ExchangeRefusal(field: "record", "request \(message.record) was answered before") }
        try await db.update("information_requests").set("answer", to: answer).set("answered_at", to: now.description)
            .set("answered_by", to: "partner:\(message.sender)").where("id", .equal, request.id).run()
    }

    static func insert(_ request: InformationRequest, on db: any SQLDatabase) async throws {
        try await db.insert(into: "information_requests").columns(
            "id",
            "partner",
            "direction",
            "alert_id",
            "hit_id",
            "question",
            "person",
            "agreement_id",
            "agreement_version",
            "asked_at",
            "asked_by",
            "due_at"
        ).values(
            request.id,
            request.partner,
            request.direction.rawValue,
            request.alertID,
            request.hitID,
            request.question,
            try Store.json(request.person),
            request.agreement,
            request.agreementVersion,
            request.askedAt.description,
            request.askedBy,
            request.dueAt.description
        ).run()
    }

    static func request(_ id: String, on db: any SQLDatabase) async throws -> InformationRequest? {
        try await db.select().columns("*").from("information_requests").where("id", .equal, id).first().map(request(from:))
    }

    static func request(from row: any SQLRow) throws -> InformationRequest {
        let table = "information_requests"
        return InformationRequest(
            id: try row.decode(column: "id", as: String.self),
            partner: try row.decode(column: "partner", as: String.self),
            direction: try row.value("direction", as: InformationRequest.Direction.self, of: table),
            alertID: try row.decode(column: "alert_id", as: String.self),
            hitID: try row.decode(column: "hit_id", as: String?.self),
            question: try row.decode(column: "question", as: String.self),
            person: try row.json("person", as: [String: String].self, of: table),
            agreement: try row.decode(column: "agreement_id", as: String.self),
            agreementVersion: try row.decode(column: "agreement_version", as: Int.self),
            askedAt: try row.time("asked_at", of: table),
            askedBy: try row.decode(column: "asked_by", as: String.self),
            dueAt: try row.time("due_at", of: table),
            answer: try row.decode(column: "answer", as: String?.self),
            answeredAt: try row.optionalTime("answered_at", of: table),
            answeredBy: try row.decode(column: "answered_by", as: String?.self)
        )
    }
}
