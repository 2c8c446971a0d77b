import Hummingbird

/// The console's style sheet and script, from memory. Nothing comes from elsewhere: a post
/// may have no internet.
struct StaticFiles {
    let renderer: ConsoleRenderer

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("static/{name}", use: file)
    }

    @Sendable func file(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        guard let file = renderer.staticFiles[name] else { throw HTTPError(.notFound) }
        // Booths on slow links fetch these once an hour, not with every page.
        return Response(
            status: .ok,
            headers: [.contentType: file.contentType, .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: file.body)
        )
    }
}
