import Hummingbird
import LimesCore
import LimesStore

/// Protection flags and the safeguard on refusals. Any officer may raise a flag; only
/// protection officers and supervisors read what it says; only a supervisor lets a refusal of
/// a flagged child, victim of trafficking or asylum seeker go ahead.
struct ProtectionController {
    let store: Store

    struct FlagRequest: Decodable {
        var kind: String
        var stage: String?
        var checkId: String?
        var note: String?
    }

    struct ReviewRequest: Decodable {
        var reasons: String
    }

    struct AssessmentRequest: Decodable {
        var level: String
        var findings: [VulnerabilityFinding]
        var note: String?
    }

    struct AgeRequest: Decodable {
        var claimedAge: Int
        var doubt: String
        var guardian: String?
    }

    struct ConclusionRequest: Decodable {
        var methods: [String]
        var professionals: [AssessmentProfessional]
        var minAge: Int
        var maxAge: Int
        var appeal: String?
    }

    struct ClosureRequest: Decodable {
        var reason: String
    }

    struct InformationRequest: Decodable {
        var leaflet: String
        var language: String
    }

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.post("protection-flags/{id}/closure", use: close)
        group.post("travellers/{id}/information", use: inform)
        group.get("travellers/{id}/information", use: information)
        group.get("statistics/protection", use: statistics)
        group.post("travellers/{id}/age-assessments", use: openAge)
        group.get("travellers/{id}/age-assessments", use: ageAssessments)
        group.post("age-assessments/{id}/conclusion", use: concludeAge)
        group.post("travellers/{id}/protection-flags", use: raise)
        group.get("travellers/{id}/protection-flags", use: list)
        group.post("checks/{id}/safeguard-review", use: review)
        group.get("protection/flags", use: openFlags)
        group.get("protection/indicators", use: indicators)
        group.put("protection/indicators", use: setIndicators)
        group.post("travellers/{id}/vulnerability-assessments", use: assess)
        group.get("travellers/{id}/vulnerability-assessments", use: assessments)
    }

    @Sendable func openFlags(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.readProtectionDetails)
        let flags = try await store.protection.openProtectionFlags(reach: user.reach)
        let why = purpose(request, "protection follow-up")
        try await store.audit.record(
            flags.map { AuditEntry(actor: user.id, action: "read", recordType: "protection_flag", recordID: $0.flag.id, purpose: why) }
        )
        return try .json(API.of(flags))
    }

    @Sendable func indicators(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.require(.readProtectionDetails)
        return try .json(try await store.settings.vulnerabilityIndicators())
    }

    @Sendable func setIndicators(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        var request = request
        let body = try await request.decodeJSON(as: VulnerabilityIndicators.self, context: context)
        try await store.settings.setVulnerabilityIndicators(body, actor: admin.id)
        return try .json(body)
    }

    @Sendable func assess(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.assessVulnerability)
        let id = try context.parameters.require("id")
        // Officers at posts reach only the travellers checked or registered at their BCPs.
        try await store.crossings.requireReach(user.reach, travellerID: id)
        var request = request
        let body = try await request.decodeJSON(as: AssessmentRequest.self, context: context)
        return try .json(
            API.of(
                try await recordAssessment(travellerID: id, level: body.level, findings: body.findings, note: body.note, user: user)
            ),
            status: .created
        )
    }

    func recordAssessment(travellerID: String, level text: String, findings: [VulnerabilityFinding], note: String?, user: User) async throws
        -> VulnerabilityAssessment
    {
        guard let level = InterventionLevel(rawValue: text) else {
            throw APIError.invalid("level", "'\(text)' is not an intervention level; use low, medium or high")
        }
        return try await store.protection.recordVulnerabilityAssessment(
            travellerID: travellerID,
            level: level,
            findings: findings,
            note: note,
            assessor: user.id
        )
    }

    /// One kind of a traveller's protection records, for a user who may read them and reach the
    /// traveller (officers at posts: travellers checked or registered at their BCPs); the read
    /// is audited with its purpose.
    func auditedRead(
        _ request: Request,
        context: LimesRequestContext,
        recordType: String,
        _ read: (String) async throws -> some APIBody
    ) async throws -> Response {
        let user = try context.require(.readProtectionDetails)
        let id = try context.parameters.require("id")
        try await store.crossings.requireReach(user.reach, travellerID: id)
        let records = try await read(id)
        try await store.audit.record([
            AuditEntry(actor: user.id, action: "read", recordType: recordType, recordID: id, purpose: purpose(request, "protection follow-up"))
        ])
        return try .json(records)
    }

    @Sendable func assessments(_ request: Request, context: LimesRequestContext) async throws -> Response {
        try await auditedRead(request, context: context, recordType: "vulnerability_assessments") {
            try await API.of(store.protection.vulnerabilityAssessments(travellerID: $0))
        }
    }

    @Sendable func raise(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.raiseProtectionFlags)
        let id = try context.parameters.require("id")
        // Officers at posts reach only the travellers checked or registered at their BCPs.
        try await store.crossings.requireReach(user.reach, travellerID: id)
        var request = request
        let body = try await request.decodeJSON(as: FlagRequest.self, context: context)
        let flag = try await raiseFlag(
            travellerID: id,
            kind: body.kind,
            stage: body.stage ?? "later",
            checkID: body.checkId,
            note: body.note,
            user: user
        )
        return try .json(API.of(flag), status: .created)
    }

    func raiseFlag(travellerID: String, kind text: String, stage: String, checkID: String?, note: String?, user: User) async throws -> ProtectionFlag
    {
        let kind = try protectionKind(text, field: "kind")
        return try await store.protection.raiseProtectionFlag(
            travellerID: travellerID,
            kind: kind,
            stage: stage,
            checkID: checkID,
            note: note,
            actor: user.id,
            reach: user.reach
        )
    }

    @Sendable func list(_ request: Request, context: LimesRequestContext) async throws -> Response {
        try await auditedRead(request, context: context, recordType: "protection_flags") {
            try await API.of(store.protection.protectionFlags(travellerID: $0))
        }
    }

    @Sendable func review(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.reviewSafeguards)
        let id = try context.parameters.require("id")
        // Officers at posts reach only the travellers checked or registered at their BCPs.
        try await store.crossings.requireReach(user.reach, checkID: id)
        var request = request
        let body = try await request.decodeJSON(as: ReviewRequest.self, context: context)
        return try .json(API.of(try await recordReview(checkID: id, reasons: body.reasons, user: user)), status: .created)
    }

    func recordReview(checkID: String, reasons: String, user: User) async throws -> SafeguardReview {
        guard let check = try await store.crossings.check(id: checkID) else { throw APIError.notFound("no check \(checkID)", field: "id") }
        try user.requireBCP(check.bcp)
        return try await store.protection.recordSafeguardReview(checkID: checkID, reasons: reasons, reviewer: user.id)
    }

    @Sendable func openAge(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.assessVulnerability)
        let id = try context.parameters.require("id")
        // Officers at posts reach only the travellers checked or registered at their BCPs.
        try await store.crossings.requireReach(user.reach, travellerID: id)
        var request = request
        let body = try await request.decodeJSON(as: AgeRequest.self, context: context)
        let opened = try await store.protection.openAgeAssessment(
            travellerID: id,
            claimedAge: body.claimedAge,
            doubt: body.doubt,
            guardian: body.guardian,
            actor: user.id
        )
        return try .json(API.of(opened), status: .created)
    }

    @Sendable func concludeAge(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.assessVulnerability)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: ConclusionRequest.self, context: context)
        var methods: [AgeAssessmentMethod] = []
        for (n, text) in body.methods.enumerated() {
            guard let method = AgeAssessmentMethod(rawValue: text) else {
                throw APIError.invalid(
                    "methods[\(n)]",
                    "'\(text)' is not a method; use, from the least intrusive: \(AgeAssessmentMethod.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            methods.append(method)
        }
        let concluded = try await store.protection.concludeAgeAssessment(
            id: id,
            methods: methods,
            professionals: body.professionals,
            minAge: body.minAge,
            maxAge: body.maxAge,
            appeal: body.appeal,
            actor: user.id
        )
        return try .json(API.of(concluded))
    }

    @Sendable func ageAssessments(_ request: Request, context: LimesRequestContext) async throws -> Response {
        try await auditedRead(request, context: context, recordType: "age_assessments") {
            try await API.of(store.protection.ageAssessments(travellerID: $0))
        }
    }

    @Sendable func close(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.readProtectionDetails)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: ClosureRequest.self, context: context)
        try await store.protection.closeProtectionFlag(id: id, reason: body.reason, actor: user.id, reach: user.reach)
        return Response(status: .noContent)
    }

    @Sendable func inform(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.raiseProtectionFlags)
        let id = try context.parameters.require("id")
        // Officers at posts reach only the travellers checked or registered at their BCPs.
        try await store.crossings.requireReach(user.reach, travellerID: id)
        var request = request
        let body = try await request.decodeJSON(as: InformationRequest.self, context: context)
        return try .json(
            API.of(
                try await store.protection.recordInformationGiven(
                    travellerID: id,
                    leaflet: body.leaflet,
                    language: body.language,
                    actor: user.id,
                    reach: user.reach
                )
            ),
            status: .created
        )
    }

    @Sendable func information(_ request: Request, context: LimesRequestContext) async throws -> Response {
        try await auditedRead(request, context: context, recordType: "information_given") {
            try await API.of(store.protection.informationGiven(travellerID: $0))
        }
    }

    @Sendable func statistics(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.require(.readStatistics)
        let query = request.uri.queryParameters
        let period = try Self.period { query.get($0) }
        return try .json(API.of(try await store.protection.protectionStatistics(from: period.from, to: period.to)))
    }

    /// The period of the figures from `from` and `to` (`YYYY-MM-DD`): by default the 30 days
    /// ending today. Shared with the console's page.
    static func period(_ value: (String) -> String?) throws -> (from: CalendarDate, to: CalendarDate) {
        let to = try day("to", value) ?? .today()
        let from = try day("from", value) ?? to.adding(days: -29)
        guard from <= to else { throw APIError.invalid("from", "the period starts after it ends") }
        return (from, to)
    }

    /// A query parameter that is a day, if given; one that is not names itself.
    static func day(_ name: String, _ value: (String) -> String?) throws -> CalendarDate? {
        guard let text = value(name) else { return nil }
        guard let day = CalendarDate(iso: text) else { throw APIError.invalid(name, "'\(text)' is not a date written YYYY-MM-DD") }
        return day
    }
}
