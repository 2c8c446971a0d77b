import Foundation

/// A set of protected tables as published: immutable once stored, with who published it, when,
/// under which rules, and the hash of its content. It can only be withdrawn, with a reason.
public struct StatRelease: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var rules: DisclosureRules
    public var tables: [StatTable]
    public var publishedAt: Timestamp
    public var publishedBy: String
    /// SHA-256 of `content`, hex; set by the store.
    public var contentHash: String
    public var withdrawn: Withdrawal?

    public struct Withdrawal: Sendable, Hashable, Codable {
        public var at: Timestamp
        public var by: String
        public var reason: String

        public init(at: Timestamp, by: String, reason: String) {
            self.at = at
            self.by = by
            self.reason = reason
        }
    }

    public init(
        id: String,
        title: String,
        rules: DisclosureRules,
        tables: [StatTable],
        publishedAt: Timestamp,
        publishedBy: String,
        contentHash: String = "",
        withdrawn: Withdrawal? = nil
    ) {
        self.id = id
        self.title = title
        self.rules = rules
        self.tables = tables
        self.publishedAt = publishedAt
        self.publishedBy = publishedBy
        self.contentHash = contentHash
        self.withdrawn = withdrawn
    }

    /// A release asked for, before protection.
    public struct Draft: Sendable, Hashable, Codable {
        public var title: String
        public var rules: DisclosureRules
        public var tables: [StatQuery]
        /// Per table, the indicators it serves.
        public var indicators: [[String]]

        public init(title: String, rules: DisclosureRules = .standard, tables: [StatQuery], indicators: [[String]]? = nil) {
            self.title = title
            self.rules = rules
            self.tables = tables
            self.indicators = indicators ?? tables.map { _ in [] }
        }

        public var problems: [(field: String, message: String)] {
            var found: [(String, String)] = []
            if title.trimmingCharacters(in: .whitespaces).isEmpty || title.count > 200 {
                found.append(("title", "give a title of 1 to 200 characters"))
            }
            if tables.isEmpty { found.append(("tables", "a release needs at least one table")) }
            if tables.count > 12 { found.append(("tables", "at most 12 tables in one release")) }
            found += rules.problems.map { ("rules.\($0.field)", $0.message) }
            let known = Set(Indicator.register.map(\.id))
            for (index, ids) in indicators.enumerated() {
                if let wrong = ids.first(where: { !known.contains($0) }) {
                    found.append(("tables[\(index)].indicators", "'\(wrong)' is not in the register; use \(known.sorted().joined(separator: ", "))"))
                }
            }
            return found
        }
    }
}
