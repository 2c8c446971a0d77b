import Foundation

/// A failure the user can fix: printed as it is, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func readFile(_ path: String, what: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CommandFailure("\(what) \(path): cannot read the file (missing, or no permission)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw CommandFailure("\(what) \(path): not UTF-8 text")
    }
    return text
}
