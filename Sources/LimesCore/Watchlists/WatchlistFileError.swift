/// What is wrong with a watchlist file, where: the line (1-based, counting the header) and the field.
public struct WatchlistFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var field: String
    public var message: String

    public init(line: Int, field: String, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String { "line \(line), \(field): \(message)" }
}

/// Every error found in a file (up to a limit), so one correction round fixes them all.
public struct WatchlistFileErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [WatchlistFileError]
    /// More errors were found than listed.
    public var truncated: Bool

    public var description: String {
        let lines = errors.map(\.description)
        return "the file was not imported: \(errors.count)\(truncated ? "+" : "") error\(errors.count == 1 && !truncated ? "" : "s")\n"
            + lines.map { "  " + $0 }.joined(separator: "\n")
    }
}
