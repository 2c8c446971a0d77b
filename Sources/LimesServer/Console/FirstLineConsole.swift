import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// The booth: scan, read the answer, decide with one key, scan the next.
struct FirstLineConsole {
    let store: Store
    let service: CheckService
    let renderer: ConsoleRenderer

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("first-line", use: scanPage)
        group.post("first-line", use: check)
        group.get("first-line/checks/{id}", use: answer)
        group.post("first-line/decision", use: decide)
    }

    /// Where the officer works: BCP, lane and direction, kept from one traveller to the next.
    struct Post {
        var bcp: String
        var lane: String
        var direction: String
    }

    @Sendable func scanPage(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.checkTravellers)
        let query = request.uri.queryParameters
        let post = Post(bcp: query.get("bcp") ?? "", lane: query.get("lane") ?? "", direction: query.get("direction") ?? "entry")
        var model = try await scanForm(user: user, post: post, context: context)
        if let done = query.get("done"), let decision = Decision(rawValue: done) {
            model.done = ConsoleViews(renderer: renderer, context: context).text("first_line.done." + decision.rawValue)
        }
        return try renderer.page("first_line", title: "first_line.title", model: model, context: context)
    }

    /// `first_line.mustache`: the scan form.
    struct ScanPage: Encodable {

        var lanes: [ChoiceView]
        var directions: [ChoiceView]
        var hasLanes: Bool
        /// What was typed, shown again with a refusal.
        var form_mrz: String?
        var form_visaMrz: String?
        var form_issuer: String?
        var form_number: String?
        var form_surname: String?
        var form_givenNames: String?
        var form_nationality: String?
        var form_birthDate: String?
        var form_sex: String?
        var form_expiry: String?
        /// The last traveller's decision, said once.
        var done: String?
        var error: RefusalView?
    }

    /// The scan form: the lanes of the user's BCPs, and what was typed if it is shown again.
    func scanForm(user: User, post: Post, context: LimesRequestContext, typed: ConsoleForm? = nil) async throws -> ScanPage {
        let views = ConsoleViews(renderer: renderer, context: context)
        var lanes: [ChoiceView] = []
        for bcp in try await store.organisation.bcps().filter({ user.worksAt($0.code) }) {
            for lane in bcp.lanes {
                let value = bcp.code + "/" + lane.code
                lanes.append(.init(value: value, label: "\(bcp.name) – \(lane.name)", selected: value == post.bcp + "/" + post.lane))
            }
        }
        let directions = Direction.allCases.map {
            ChoiceView(value: $0.rawValue, label: views.text("direction." + $0.rawValue), selected: $0.rawValue == post.direction)
        }
        var model = ScanPage(lanes: lanes, directions: directions, hasLanes: !lanes.isEmpty)
        if let typed {
            model.form_mrz = typed["mrz"]
            model.form_visaMrz = typed["visaMrz"]
            model.form_issuer = typed["issuer"]
            model.form_number = typed["number"]
            model.form_surname = typed["surname"]
            model.form_givenNames = typed["givenNames"]
            model.form_nationality = typed["nationality"]
            model.form_birthDate = typed["birthDate"]
            model.form_sex = typed["sex"]
            model.form_expiry = typed["expiry"]
        }
        return model
    }

    @Sendable func check(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.checkTravellers)
        let form = try await ConsoleForm.read(request, context: context)
        let place = (form["post"] ?? "").split(separator: "/", maxSplits: 1).map(String.init)
        let post = Post(bcp: place.first ?? "", lane: place.count > 1 ? place[1] : "", direction: form["direction"] ?? "entry")
        do {
            if form.value("mrz") == nil && form.value("surname") == nil && form.value("number") == nil {
                throw APIError.invalid("mrz", ConsoleViews(renderer: renderer, context: context).text("first_line.empty_scan"))
            }
            let answer = try await service.check(try checkRequest(form, post: post), user: user)
            // Post, redirect, get: the answer is a page of the recorded check, so Back and reload
            // show it again and never check or record the traveller a second time.
            return ConsoleMiddleware.redirect("/console/first-line/checks/\(answer.checkId)?" + Self.query(post))
        } catch let thrown where APIError.refusal(thrown, .unprocessableContent, .badRequest) != nil {
            let error = APIError.refusal(thrown, .unprocessableContent, .badRequest)!
            // The officer sees the form again, with what was scanned and the field at fault.
            var model = try await scanForm(user: user, post: post, context: context, typed: form)
            model.error = .init(
                field: renderer.catalogue.optionalText("field." + (error.field ?? ""), Language(code: user.language)) ?? error.field ?? "",
                message: error.message
            )
            return try renderer.page("first_line", title: "first_line.title", model: model, context: context, status: error.status)
        }
    }

    func checkRequest(_ form: ConsoleForm, post: Post) throws -> CheckRequest {
        var typed: TypedDocument?
        if form.value("mrz") == nil, let surname = form.value("surname") {
            guard let birth = CalendarDate(iso: form.value("birthDate") ?? "") else {
                throw APIError.invalid("document.birthDate", "the date of birth must be written YYYY-MM-DD")
            }
            guard let expiry = CalendarDate(iso: form.value("expiry") ?? "") else {
                throw APIError.invalid("document.expiry", "the expiry date must be written YYYY-MM-DD")
            }
            typed = TypedDocument(
                documentCode: "P",
                issuer: form.value("issuer") ?? "",
                number: form.value("number") ?? "",
                surname: surname,
                givenNames: form.value("givenNames") ?? "",
                nationality: form.value("nationality") ?? "",
                birthDate: birth,
                sex: form.value("sex"),
                expiry: expiry
            )
        }
        return CheckRequest(
            mrz: form.value("mrz"),
            document: typed,
            visaMrz: form.value("visaMrz"),
            bcp: post.bcp,
            lane: post.lane,
            direction: post.direction,
            stayBasis: form.value("stayBasis"),
            startedAt: form.value("startedAt").flatMap { Int64($0) }.map { Timestamp(milliseconds: $0) }
        )
    }

    /// The post as a query, so the next page keeps it; `done` says what was just decided.
    static func query(_ post: Post, done: Decision? = nil) -> String {
        var query = URLComponents()
        query.queryItems =
            [
                URLQueryItem(name: "bcp", value: post.bcp), URLQueryItem(name: "lane", value: post.lane),
                URLQueryItem(name: "direction", value: post.direction),
            ] + (done.map { [URLQueryItem(name: "done", value: $0.rawValue)] } ?? [])
        return query.percentEncodedQuery ?? ""
    }

    /// The answer to a check, read from its record: what the officer saw when it was made, and,
    /// once decided, the decision instead of the buttons.
    @Sendable func answer(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.checkTravellers)
        let id = try context.parameters.require("id")
        guard let check = try await store.crossings.check(id: id) else { throw APIError.notFound("no check \(id)", field: "id") }
        try user.requireBCP(check.bcp)
        try await store.audit.record([AuditEntry(actor: user.id, action: "read", recordType: "check", recordID: id, purpose: "first-line check")])
        let query = request.uri.queryParameters
        let post = Post(
            bcp: query.get("bcp") ?? check.bcp,
            lane: query.get("lane") ?? check.lane,
            direction: query.get("direction") ?? check.direction.rawValue
        )
        let decided = try await store.crossings.decisions(checkID: id).first { $0.stage == .first }
        let last = try await store.crossings.recentCrossings(travellerID: check.traveller.id, besides: id)
        let views = ConsoleViews(renderer: renderer, context: context)
        let policy = try await service.policy()
        let proposedGround = check.verdict.reasons.first(where: { $0.ground != nil })?.ground
        // At a one-stop post: the partner's exit beside this country's check.
        let partnerExit = try await store.exchange.oneStopOperation(checkID: id).map { operation in
            AnswerPage.PartnerExit(
                title: views.text("onestop.partner_exit", ["partner": operation.partner]),
                fields: operation.person.sorted { $0.key < $1.key }.map { name, value in
                    AnswerPage.PartnerExit.Field(
                        name: views.text("onestop.field." + name),
                        value: value.text ?? (value.list ?? []).joined(separator: ", ")
                    )
                }
            )
        }
        let model = AnswerPage(
            checkId: check.id,
            verdict: views.verdict(check.verdict.level),
            reasons: views.reasons(check.verdict.reasons),
            traveller: views.traveller(check.traveller),
            document: .init(
                code: check.document.code,
                issuer: check.document.issuer,
                number: check.document.number,
                expiry: views.format.date(iso: check.document.expiry)
            ),
            hits: views.hits(check.hits),
            hasHits: !check.hits.isEmpty,
            stay: views.stay(check.stay),
            lastCrossings: views.crossings(last),
            hasLastCrossings: !last.isEmpty,
            grounds: views.grounds(policy, proposed: proposedGround),
            protectionKinds: views.protectionKinds(),
            direction: views.text("direction." + check.direction.rawValue),
            post: .init(bcp: post.bcp, lane: post.lane, direction: post.direction),
            // One key per decision and page: a second press of the same form is the same request.
            decisionKey: UUID().uuidString,
            // A stop goes to second line or is refused; admitting it is not offered at the booth.
            mayAdmit: check.verdict.level != .stop,
            mayDecide: decided == nil,
            decided: decided.map {
                views.text(
                    "first_line.decided",
                    ["decision": views.text("decision." + $0.decision.rawValue), "at": views.format.dateTime($0.decidedAt)]
                )
            },
            partnerExit: partnerExit
        )
        return try renderer.page("first_line_answer", title: "first_line.answer_title", model: model, context: context)
    }

    /// `first_line_answer.mustache`: the verdict of a recorded check, and the decision.
    struct AnswerPage: Encodable {

        struct Place: Encodable {
            var bcp: String
            var lane: String
            var direction: String
        }

        var checkId: String
        var verdict: VerdictView
        var reasons: [ReasonView]
        var traveller: TravellerView
        var document: DocumentView
        var hits: [HitView]
        var hasHits: Bool
        var stay: StayView
        var lastCrossings: [CrossingView]
        var hasLastCrossings: Bool
        var grounds: [GroundView]
        var protectionKinds: [OptionView]
        var direction: String
        var post: Place
        var decisionKey: String
        var mayAdmit: Bool
        var mayDecide: Bool
        /// Who decided what, once decided.
        var decided: String?
        /// The partner's exit this check was made from, at a one-stop post.
        var partnerExit: PartnerExit?

        struct PartnerExit: Encodable {
            struct Field: Encodable {
                var name: String
                var value: String
            }
            var title: String
            var fields: [Field]
        }
    }

    @Sendable func decide(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.recordCrossings)
        let form = try await ConsoleForm.read(request, context: context)
        guard let checkID = form.value("checkId") else { throw APIError.invalid("checkId", "the form names no check") }
        guard let text = form.value("decision"), let decision = Decision(rawValue: text) else {
            throw APIError.invalid("decision", "'\(form["decision"] ?? "")' is not a decision; use admit, refer or refuse")
        }
        let ground = decision == .refuse ? form.value("ground") : nil
        let key = form.value("key").map { "console-" + $0 }
        // Referred with a protection flag: both in one transaction, so that second line sees
        // the flag and a refused decision leaves none behind.
        let flag = try form.value("protectionKind").flatMap {
            decision == .refer ? try newProtectionFlag(kind: $0, note: form.value("protectionNote"), field: "protectionKind") : nil
        }
        _ = try await service.decide(
            NewDecision(
                checkID: checkID,
                stage: .first,
                decision: decision,
                ground: ground,
                note: form.value("note"),
                officerID: user.id,
                decidedAt: service.now(),
                idempotencyKey: key,
                requestHash: digest([checkID, decision.rawValue, ground ?? "", form.value("note") ?? "", flag?.kind.rawValue ?? "", flag?.note ?? ""]
                ),
                protectionFlag: flag
            ),
            user: user
        )
        let post = Post(bcp: form["bcp"] ?? "", lane: form["lane"] ?? "", direction: form["direction"] ?? "")
        return ConsoleMiddleware.redirect("/console/first-line?" + Self.query(post, done: decision))
    }
}
