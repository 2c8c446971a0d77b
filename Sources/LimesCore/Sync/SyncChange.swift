/// One record a post created or changed, as its outbox holds it: numbered by the post without
/// gaps, with the row after the change and, for a change, the row before it (so that
/// headquarters can tell whether someone else changed the record in between).
public struct SyncChange: Sendable, Hashable, Codable {
    public enum Operation: String, Sendable, Hashable, Codable {
        case insert
        case update
    }

    /// The post's outbox sequence number: 1, 2, 3... without gaps.
    public var seq: Int64
    public var table: String
    public var operation: Operation
    public var row: [String: SyncValue]
    /// The row before an update; nil for an insert.
    public var before: [String: SyncValue]?

    public init(seq: Int64, table: String, operation: Operation, row: [String: SyncValue], before: [String: SyncValue]? = nil) {
        self.seq = seq
        self.table = table
        self.operation = operation
        self.row = row
        self.before = before
    }
}
