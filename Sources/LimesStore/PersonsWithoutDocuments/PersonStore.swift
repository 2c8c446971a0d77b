import Foundation
import LimesCore
import SQLKit

/// A person met without documents, as registered: a traveller record with no document, so
/// that flags, vulnerability checks, age assessments and referrals work as for anyone else.
public struct RegisteredPerson: Sendable, Hashable, Codable {
    public var travellerID: String
    public var person: PersonWithoutDocuments
    public var bcp: String
    public var registeredBy: String
    public var registeredAt: Timestamp
    /// How many flags are open: what officers other than protection staff are told.
    public var openProtectionFlags: Int
}

/// Persons met without documents, registered at a BCP. Owns `persons_without_documents`.
public struct PersonStore: StoreConcept {
    let store: Store
}

extension Store {
    public var persons: PersonStore { PersonStore(store: self) }
}

extension PersonStore {
    /// Registers a person met without documents, and the flag the officer raised with it, in
    /// one transaction; both creations are audited.
    public func registerPersonWithoutDocuments(
        _ person: PersonWithoutDocuments,
        bcp: String,
        flag: NewProtectionFlag?,
        actor: String,
        at moment: Timestamp = Timestamp()
    ) async throws -> RegisteredPerson {
        let person = person.normalized
        if let problem = person.problems(today: moment.day).first {
            let field = problem.split(separator: ":", maxSplits: 1).first.map(String.init)
            throw StoreError(problem, field: field)
        }
        let registered = RegisteredPerson(
            travellerID: Store.newID(),
            person: person,
            bcp: bcp,
            registeredBy: actor,
            registeredAt: moment,
            openProtectionFlags: flag == nil ? 0 : 1
        )
        try await transaction { db in
            guard try await db.raw("SELECT code FROM bcps WHERE code = \(bind: bcp)").first() != nil else {
                throw StoreError("no BCP \(bcp)", code: .notFound, field: "bcp")
            }
            let traveller = TravellerRecord(
                id: registered.travellerID,
                surname: person.surname ?? "",
                givenNames: person.givenNames ?? "",
                birthDate: person.birthDate?.description ?? "",
                sex: person.sex?.rawValue,
                nationality: person.nationality ?? PersonWithoutDocuments.unknownNationality
            )
            try await CrossingStore.insert(traveller, at: moment, on: db)
            try await db.insert(into: "persons_without_documents")
                .columns(
                    "traveller_id",
                    "bcp_code",
                    "arrival",
                    "group_ref",
                    "estimated_age",
                    "languages",
                    "description",
                    "registered_by",
                    "registered_at"
                )
                .values(
                    registered.travellerID,
                    bcp,
                    person.arrival.rawValue,
                    person.group,
                    person.estimatedAge,
                    person.languages,
                    person.description,
                    actor,
                    moment.description
                )
                .run()
            var audit = [
                AuditEntry(
                    actor: actor,
                    action: "create",
                    recordType: "person_without_documents",
                    recordID: registered.travellerID,
                    purpose: "registration without documents"
                )
            ]
            if let flag {
                let raised = flag.flag(travellerID: registered.travellerID, stage: "first", checkID: nil, by: actor, at: moment)
                audit.append(try await ProtectionStore.insert(raised, on: db))
            }
            try await self.appendAudit(audit, at: moment, on: db)
        }
        return registered
    }

    /// Persons registered without documents at these BCPs (all BCPs when nil), newest first;
    /// with `group`, only those who came together. The caller audits the read.
    public func personsWithoutDocuments(bcps: Set<String>?, group: String? = nil, limit: Int = 200) async throws -> [RegisteredPerson] {
        if let bcps, bcps.isEmpty { return [] }
        let rows = try await read { db in
            var sql: SQLQueryString = "\(unsafeRaw: PersonStore.registeredPersonSelect) WHERE 1 = 1"
            if let bcps { sql += " AND p.bcp_code IN (\(binds: Array(bcps).sorted()))" }
            if let group { sql += " AND p.group_ref = \(bind: group)" }
            sql += " ORDER BY p.registered_at DESC LIMIT \(literal: limit)"
            return try await db.raw(sql).all()
        }
        return try rows.map(PersonStore.registeredPerson(from:))
    }

    /// One registration, or nil when the traveller was not registered without documents.
    public func personWithoutDocuments(travellerID: String) async throws -> RegisteredPerson? {
        let row = try await read { db in
            try await db.raw("\(unsafeRaw: PersonStore.registeredPersonSelect) WHERE p.traveller_id = \(bind: travellerID)").first()
        }
        return try row.map(PersonStore.registeredPerson(from:))
    }

    private static let registeredPersonSelect = """
        SELECT p.*, t.surname, t.given_names, t.birth_date, t.sex, t.nationality,
            (SELECT count(*) FROM protection_flags f WHERE f.traveller_id = p.traveller_id AND f.status = 'open') AS open_flags
        FROM persons_without_documents p JOIN travellers t ON t.id = p.traveller_id
        """

    static func registeredPerson(from row: any SQLRow) throws -> RegisteredPerson {
        func text(_ column: String) throws -> String? {
            let value = try row.decode(column: column, as: String?.self)
            return value?.isEmpty == false ? value : nil
        }
        let nationality = try text("nationality")
        let table = "persons_without_documents"
        return RegisteredPerson(
            travellerID: try row.decode(column: "traveller_id", as: String.self),
            person: PersonWithoutDocuments(
                surname: try text("surname"),
                givenNames: try text("given_names"),
                birthDate: try text("birth_date") == nil ? nil : try row.day("birth_date", of: table),
                estimatedAge: try row.decode(column: "estimated_age", as: Int?.self),
                sex: try text("sex") == nil ? nil : try row.value("sex", as: Sex.self, of: table),
                nationality: nationality == PersonWithoutDocuments.unknownNationality ? nil : nationality,
                languages: try text("languages"),
                arrival: try row.value("arrival", as: ArrivalMode.self, of: table),
                group: try text("group_ref"),
                description: try text("description")
            ),
            bcp: try row.decode(column: "bcp_code", as: String.self),
            registeredBy: try row.decode(column: "registered_by", as: String.self),
            registeredAt: try row.time("registered_at", of: table),
            openProtectionFlags: try row.decode(column: "open_flags", as: Int.self)
        )
    }
}
