import Foundation
import Hummingbird
import LimesCore

extension Request {
    /// Decodes a JSON body, refusing another content type and naming the field at fault.
    mutating func decodeJSON<T: Decodable>(as type: T.Type, context: LimesRequestContext) async throws -> T {
        let contentType = headers[.contentType]?.lowercased() ?? ""
        // The media type exactly, parameters (charset) aside: application/jsonx is not JSON.
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard mediaType == "application/json" else {
            throw APIError(
                .unsupportedMediaType,
                code: "unsupported_media_type",
                field: "Content-Type",
                "send the body as application/json (got \(contentType.isEmpty ? "no Content-Type" : contentType))"
            )
        }
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, code: "too_large", "the body is over \(context.maxUploadSize / 1024) KiB")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw APIError(error)
        }
    }
}

/// The API's own types: requests and the bodies it answers with.
enum API {}

/// A body the API may answer with. Only the API's own types conform (and the core's values
/// that are the API's format, like the entry policy), so that a store record cannot become a
/// response by accident: `Response.json` takes nothing else.
protocol APIBody: Encodable, Sendable {}

extension Array: APIBody where Element: APIBody {}
extension Optional: APIBody where Wrapped: APIBody {}
extension EntryPolicy: APIBody {}
extension VulnerabilityIndicators: APIBody {}

extension Response {
    static func json(_ value: some APIBody, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try JSONStreamEncoder().encode(value))))
    }
}
