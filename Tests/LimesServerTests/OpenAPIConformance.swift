import Foundation
import HTTPTypes
import Testing

@testable import LimesServer

/// Proves the hand-written OpenAPI document against the server: every response the API tests
/// receive (through `call`) must be a status the document lists for that operation, with a
/// body its schema accepts. A response the document does not describe fails the test that
/// received it. (The parsed document is read-only after its first use, hence nonisolated.)
enum OpenAPIConformance {
    nonisolated(unsafe) static let document: [String: Any] =
        (try? JSONSerialization.jsonObject(with: OpenAPIDocument.makeJSON()) as? [String: Any]) ?? [:]

    nonisolated(unsafe) static let operations: [(method: String, pattern: NSRegularExpression, path: String, operation: [String: Any])] = {
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        var result: [(String, NSRegularExpression, String, [String: Any])] = []
        for (path, methods) in paths {
            let marked = path.replacingOccurrences(of: #"\{[^}]+\}"#, with: "PARAMETER", options: .regularExpression)
            let pattern = "^" + NSRegularExpression.escapedPattern(for: marked).replacingOccurrences(of: "PARAMETER", with: "[^/]+") + "$"
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            for (method, operation) in methods {
                if let operation = operation as? [String: Any] { result.append((method, regex, path, operation)) }
            }
        }
        // A fixed segment wins over a parameter (/referrals/late before /referrals/{id}).
        return result.sorted { $0.2.filter { $0 == "{" }.count < $1.2.filter { $0 == "{" }.count }
    }()

    /// The problems of one response; empty when the document describes it.
    static func problems(method: HTTPRequest.Method, uri: String, status: Int, body: Data, contentType: String? = nil) -> [String] {
        let path = String(uri.split(separator: "?", maxSplits: 1).first ?? "")
        guard path.hasPrefix("/api/") || path == "/health" else { return [] }
        let name = method.rawValue.lowercased()
        guard
            let (_, _, template, operation) = operations.first(where: {
                $0.method == name && $0.pattern.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
            })
        else {
            // An undocumented route answers 404 or 405 like any unknown address.
            return status == 404 || status == 405 ? [] : ["\(name) \(path) answered \(status) but is not in the document"]
        }
        let responses = operation["responses"] as? [String: Any] ?? [:]
        guard let response = responses[String(status)] as? [String: Any] else {
            return ["\(name) \(template) answered \(status), which the document does not list (\(responses.keys.sorted().joined(separator: ", ")))"]
        }
        let media = contentType.map { String($0.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces) } ?? "application/json"
        if media != "application/json" {
            let listed = (response["content"] as? [String: Any])?.keys.contains(media) ?? false
            return listed ? [] : ["\(name) \(template) \(status): the document does not list \(media)"]
        }
        guard let content = response["content"] as? [String: Any], let media = content["application/json"] as? [String: Any],
            let schema = media["schema"] as? [String: Any]
        else { return [] }
        guard let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            return ["\(name) \(template) \(status): the body is not JSON"]
        }
        return validate(value, schema, at: "\(name) \(template) \(status) body")
    }

    static func validate(_ value: Any, _ schema: [String: Any], at path: String) -> [String] {
        if let ref = schema["$ref"] as? String {
            let name = ref.replacingOccurrences(of: "#/components/schemas/", with: "")
            guard let components = document["components"] as? [String: Any], let schemas = components["schemas"] as? [String: Any],
                let target = schemas[name] as? [String: Any]
            else { return ["\(path): no schema \(name)"] }
            return validate(value, target, at: path)
        }
        var problems: [String] = []
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [(type as? String) ?? ""]
            guard types.contains(where: { matches(value, $0) }) else {
                return ["\(path): \(describe(value)) is not \(types.joined(separator: " or "))"]
            }
        }
        if value is NSNull { return [] }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { "\($0)" == "\(value)" }) {
            problems.append("\(path): '\(value)' is not one of \(allowed.map { "\($0)" }.joined(separator: ", "))")
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): required property \(key) is missing")
            }
            for (key, item) in object {
                if let property = properties[key] as? [String: Any] {
                    problems += validate(item, property, at: "\(path).\(key)")
                } else if let extra = schema["additionalProperties"] {
                    if let flag = extra as? Bool, !flag { problems.append("\(path): property \(key) is not in the schema") }
                    if let itemSchema = extra as? [String: Any] { problems += validate(item, itemSchema, at: "\(path).\(key)") }
                } else if !properties.isEmpty {
                    // Documented objects list every property they send: an undocumented one is drift.
                    problems.append("\(path): property \(key) is not in the schema")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, item) in array.enumerated() { problems += validate(item, items, at: "\(path)[\(index)]") }
        }
        return problems
    }

    static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return (value as? NSNumber).map(isBoolean) ?? false
        case "integer":
            guard let number = value as? NSNumber, !isBoolean(number) else { return false }
            return number.doubleValue.rounded() == number.doubleValue
        case "number": return (value as? NSNumber).map { !isBoolean($0) } ?? false
        default: return true
        }
    }

    /// JSON's true and false come back as NSNumbers of type char.
    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    static func describe(_ value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case is [String: Any]: "an object"
        case is [Any]: "an array"
        case let text as String: "'\(text.prefix(40))'"
        default: "\(value)"
        }
    }
}

@Suite("OpenAPI document against the responses")
struct OpenAPIConformanceTests {
    @Test func aResponseTheDocumentDoesNotDescribeIsNamed() {
        let traveller = #"{"id":"t1","surname":"SOW","givenNames":"MOUSSA","birthDate":"1990-01-01","nationality":"SEN"}"#
        #expect(OpenAPIConformance.problems(method: .get, uri: "/api/v1/travellers/t1/protection-flags", status: 200, body: Data("[]".utf8)).isEmpty)
        // A property the schema does not list, a wrong type, a missing required property.
        let history = #"{"traveller":\#(traveller),"documents":[],"crossings":[],"hits":[],"secret":1}"#
        #expect(
            OpenAPIConformance.problems(method: .get, uri: "/api/v1/travellers/t1", status: 200, body: Data(history.utf8))
                == ["get /api/v1/travellers/{id} 200 body: property secret is not in the schema"]
        )
        let wrong = #"{"traveller":{"id":7,"surname":"SOW","givenNames":"M","birthDate":"x","nationality":"SEN"},"crossings":[]}"#
        #expect(
            OpenAPIConformance.problems(method: .get, uri: "/api/v1/travellers/t1", status: 200, body: Data(wrong.utf8))
                == ["get /api/v1/travellers/{id} 200 body.traveller.id: 7 is not string"]
        )
        #expect(
            OpenAPIConformance.problems(method: .get, uri: "/api/v1/travellers/t1", status: 200, body: Data(#"{"crossings":[]}"#.utf8))
                == ["get /api/v1/travellers/{id} 200 body: required property traveller is missing"]
        )
        // A status the operation does not list.
        #expect(
            OpenAPIConformance.problems(method: .get, uri: "/api/v1/travellers/t1", status: 418, body: Data()).first?.hasPrefix(
                "get /api/v1/travellers/{id} answered 418, which the document does not list"
            ) == true
        )
    }
}
