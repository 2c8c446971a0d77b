import Hummingbird

/// `/openapi.json`, for clients, schemathesis and anyone wiring a device to Limes.
struct OpenAPIController {
    static let document = OpenAPIDocument.makeJSON()

    func addRoutes(to router: Router<LimesRequestContext>) {
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: Self.document))
            )
        }
    }
}
