import Foundation
import Hummingbird

/// The fields of a submitted console form, once its token has been checked.
struct ConsoleForm: Sendable {
    var fields: [String: String]

    subscript(_ name: String) -> String? { fields[name] }

    /// A field with surrounding spaces removed; nil when absent or empty.
    func value(_ name: String) -> String? {
        guard let text = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    /// Reads an URL-encoded form and refuses it unless it carries this session's token.
    static func read(_ request: Request, context: LimesRequestContext, checkToken: Bool = true) async throws -> ConsoleForm {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard mediaType == "application/x-www-form-urlencoded" else {
            throw APIError(.unsupportedMediaType, code: "wrong_content_type", "a console form is sent as application/x-www-form-urlencoded")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, code: "too_large", "the form is over \(context.maxUploadSize / 1024) KiB")
        }
        let form = ConsoleForm(fields: parse(String(buffer: buffer)))
        if checkToken { try form.requireToken(context) }
        return form
    }

    func requireToken(_ context: LimesRequestContext) throws {
        guard let token = context.token, context.session != nil else { throw APIError.unauthenticated }
        guard ConsoleCSRF.isValid(fields[ConsoleCSRF.field], sessionToken: token) else { throw ConsoleForm.badToken }
    }

    static let badToken = APIError(
        .forbidden,
        code: "csrf",
        field: ConsoleCSRF.field,
        "this form is not from your session (its token is missing or wrong): reload the page and send it again"
    )

    /// `application/x-www-form-urlencoded`: `+` is a space, the rest percent-encoded. A
    /// repeated name keeps its values joined by newlines (checkbox groups).
    static func parse(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            if let earlier = fields[name] { fields[name] = earlier + "\n" + value } else { fields[name] = value }
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
