import Foundation
import LimesCore
import SQLKit

/// A professional who took part in an age assessment.
public struct AssessmentProfessional: Sendable, Hashable, Codable {
    /// social_worker, psychologist, doctor, interpreter, guardian...
    public var role: String
    public var name: String

    public init(role: String, name: String) {
        self.role = role
        self.name = name
    }
}

/// An assessment of a claimed age in doubt. While it is open the person is treated as a
/// child; its conclusion is a range, and the age recorded is the lowest of it.
public struct AgeAssessment: Sendable, Hashable, Codable {
    public var id: String
    public var travellerID: String
    public var claimedAge: Int
    public var doubt: String
    public var guardian: String?
    public var status: String
    public var openedBy: String
    public var openedAt: Timestamp
    public var methods: [AgeAssessmentMethod]
    public var professionals: [AssessmentProfessional]
    public var minAge: Int?
    public var maxAge: Int?
    public var recordedAge: Int?
    public var appeal: String?
    public var closedBy: String?
    public var closedAt: Timestamp?
}

extension ProtectionStore {
    public func openAgeAssessment(travellerID: String, claimedAge: Int, doubt: String, guardian: String?, actor: String) async throws
        -> AgeAssessment
    {
        guard (0...120).contains(claimedAge) else { throw StoreError("a claimed age is 0 to 120 years", field: "claimedAge") }
        let doubt = doubt.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !doubt.isEmpty else { throw StoreError("say why the claimed age is in doubt", field: "doubt") }
        let assessment = AgeAssessment(
            id: Store.newID(),
            travellerID: travellerID,
            claimedAge: claimedAge,
            doubt: doubt,
            guardian: guardian?.trimmingCharacters(in: .whitespaces).isEmpty == false ? guardian : nil,
            status: "open",
            openedBy: actor,
            openedAt: Timestamp(),
            methods: [],
            professionals: [],
            minAge: nil,
            maxAge: nil,
            recordedAge: nil,
            appeal: nil,
            closedBy: nil,
            closedAt: nil
        )
        try await transaction { db in
            guard try await db.raw("SELECT id FROM travellers WHERE id = \(bind: travellerID)").first() != nil else {
                throw StoreError("no traveller \(travellerID)", code: .notFound, field: "id")
            }
            try await db.insert(into: "age_assessments")
                .columns("id", "traveller_id", "claimed_age", "doubt", "guardian", "status", "opened_by", "opened_at")
                .values(assessment.id, travellerID, claimedAge, doubt, assessment.guardian, "open", actor, assessment.openedAt.description)
                .run()
            try await self.appendAudit(
                [AuditEntry(actor: actor, action: "create", recordType: "age_assessment", recordID: assessment.id, purpose: "age assessment")],
                at: assessment.openedAt,
                on: db
            )
        }
        return assessment
    }

    /// Closes an assessment with its conclusion. The methods must go from the least intrusive.
    public func concludeAgeAssessment(
        id: String,
        methods: [AgeAssessmentMethod],
        professionals: [AssessmentProfessional],
        minAge: Int,
        maxAge: Int,
        appeal: String?,
        actor: String
    ) async throws -> AgeAssessment {
        guard !methods.isEmpty else { throw StoreError("name the methods applied", field: "methods") }
        if let problem = AgeAssessmentMethod.orderProblem(methods) {
            throw StoreError(problem.message, field: "methods[\(problem.index)]")
        }
        guard !professionals.isEmpty, professionals.allSatisfy({ !$0.role.isEmpty && !$0.name.isEmpty }) else {
            throw StoreError("name the professionals involved, each with a role", field: "professionals")
        }
        if let violation = AgeRules.conclusionViolation(minAge: minAge, maxAge: maxAge) {
            throw StoreError(violation.message, field: violation.field)
        }
        let now = Timestamp()
        try await transaction { db in
            guard let row = try await db.raw("SELECT status FROM age_assessments WHERE id = \(bind: id)").first() else {
                throw StoreError("no age assessment \(id)", code: .notFound, field: "id")
            }
            guard try row.decode(column: "status", as: String.self) == "open" else {
                throw StoreError("age assessment \(id) is already concluded", code: .conflict, field: "id")
            }
            try await db.update("age_assessments")
                .set("status", to: "closed").set("methods", to: try Store.json(methods)).set("professionals", to: try Store.json(professionals))
                .set("min_age", to: minAge).set("max_age", to: maxAge).set("recorded_age", to: minAge)
                .set("appeal", to: appeal?.trimmingCharacters(in: .whitespaces).isEmpty == false ? appeal : nil)
                .set("closed_by", to: actor).set("closed_at", to: now.description)
                .where("id", .equal, id).run()
            try await self.appendAudit(
                [AuditEntry(actor: actor, action: "update", recordType: "age_assessment", recordID: id, purpose: "age assessment")],
                at: now,
                on: db
            )
        }
        guard let concluded = try await ageAssessments(where: "id", id).first else { throw StoreError("no age assessment \(id)", code: .notFound) }
        return concluded
    }

    /// A traveller's age assessments, newest first. The caller audits the read.
    public func ageAssessments(travellerID: String) async throws -> [AgeAssessment] {
        try await ageAssessments(where: "traveller_id", travellerID)
    }

    private func ageAssessments(where column: String, _ value: String) async throws -> [AgeAssessment] {
        let rows = try await read { db in
            try await db.select().columns("*").from("age_assessments").where(SQLIdentifier(column), .equal, value)
                .orderBy("opened_at", .descending).all()
        }
        return try rows.map { row in
            AgeAssessment(
                id: try row.decode(column: "id", as: String.self),
                travellerID: try row.decode(column: "traveller_id", as: String.self),
                claimedAge: try row.decode(column: "claimed_age", as: Int.self),
                doubt: try row.decode(column: "doubt", as: String.self),
                guardian: try row.decode(column: "guardian", as: String?.self),
                status: try row.decode(column: "status", as: String.self),
                openedBy: try row.decode(column: "opened_by", as: String.self),
                openedAt: try row.time("opened_at", of: "age_assessments"),
                methods: try row.decode(column: "methods", as: String?.self).map { try Store.decodeJSON([AgeAssessmentMethod].self, $0) } ?? [],
                professionals: try row.decode(column: "professionals", as: String?.self).map {
                    try Store.decodeJSON([AssessmentProfessional].self, $0)
                }
                    ?? [],
                minAge: try row.decode(column: "min_age", as: Int?.self),
                maxAge: try row.decode(column: "max_age", as: Int?.self),
                recordedAge: try row.decode(column: "recorded_age", as: Int?.self),
                appeal: try row.decode(column: "appeal", as: String?.self),
                closedBy: try row.decode(column: "closed_by", as: String?.self),
                closedAt: try row.optionalTime("closed_at", of: "age_assessments")
            )
        }
    }

    /// The columns that say whether a traveller's age is in doubt, for a SELECT of their own
    /// or beside others (`open_assessments`, `last_age`); `treatedAsChild(ageColumns:)` reads them.
    static func ageInDoubtColumns(travellerID: String) -> SQLQueryString {
        """
        (SELECT count(*) FROM age_assessments WHERE traveller_id = \(bind: travellerID) AND status = 'open') AS open_assessments,
            (SELECT recorded_age FROM age_assessments WHERE traveller_id = \(bind: travellerID) ORDER BY opened_at DESC LIMIT 1) AS last_age
        """
    }

    /// Treated as a child: an age assessment is open, or the last one recorded an age under 18.
    static func treatedAsChild(ageColumns row: any SQLRow) throws -> Bool {
        AgeRules.treatedAsChild(
            openAssessments: try row.decode(column: "open_assessments", as: Int.self),
            lastRecordedAge: try row.decode(column: "last_age", as: Int?.self)
        )
    }

    static func treatedAsChild(travellerID: String, on db: any SQLDatabase) async throws -> Bool {
        guard let row = try await db.raw("SELECT " + ageInDoubtColumns(travellerID: travellerID)).first() else { return false }
        return try treatedAsChild(ageColumns: row)
    }
}
