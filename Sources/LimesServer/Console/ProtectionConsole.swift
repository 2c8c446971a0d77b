import Hummingbird
import LimesCore
import LimesStore

/// Raising a protection flag at second line, and the supervisor's safeguard review, from the
/// case page. (At first line a flag goes with the referral: `FirstLineConsole`.)
struct ProtectionConsole {
    let store: Store
    let renderer: ConsoleRenderer
    var protection: ProtectionController { ProtectionController(store: store) }

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.post("travellers/{id}/protection-flags", use: raise)
        group.post("checks/{id}/safeguard-review", use: review)
    }

    /// Back to the case the form was sent from.
    func back(_ form: ConsoleForm) -> Response {
        ConsoleMiddleware.redirect(form.value("case").map { "/console/cases/" + $0 } ?? "/console")
    }

    @Sendable func raise(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.raiseProtectionFlags)
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        // Officers at posts reach only the travellers checked or registered at their BCPs.
        try await store.crossings.requireReach(user.reach, travellerID: id)
        _ = try await protection.raiseFlag(
            travellerID: id,
            kind: form.value("kind") ?? "",
            stage: form.value("stage") ?? "second",
            checkID: form.value("checkId"),
            note: form.value("note"),
            user: user
        )
        return back(form)
    }

    @Sendable func review(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.reviewSafeguards)
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        // Officers at posts reach only the travellers checked or registered at their BCPs.
        try await store.crossings.requireReach(user.reach, checkID: id)
        _ = try await protection.recordReview(checkID: id, reasons: form.value("reasons") ?? "", user: user)
        return back(form)
    }
}
