/// What a post sends headquarters at once: consecutive changes from its outbox, in order.
public struct SyncBatch: Sendable, Hashable, Codable {
    public var node: String
    public var changes: [SyncChange]

    public init(node: String, changes: [SyncChange]) {
        self.node = node
        self.changes = changes
    }

    public var first: Int64? { changes.first?.seq }
    public var last: Int64? { changes.last?.seq }

    /// Why a batch cannot be taken as it is, or nil when its changes are numbered 1 or more,
    /// one after another.
    public var malformation: String? {
        guard let first else { return "the batch holds no changes" }
        guard first >= 1 else { return "changes[0].seq is \(first); sequence numbers start at 1" }
        for (index, change) in changes.enumerated() where change.seq != first + Int64(index) {
            return "changes[\(index)].seq is \(change.seq), expected \(first + Int64(index)): a batch holds consecutive changes"
        }
        return nil
    }
}

/// What headquarters does with a batch, given the highest sequence number it has applied from
/// that post. Nothing is ever applied twice and nothing is skipped: a batch that starts beyond
/// the next expected number is a gap, reported to the post, never filled over.
public enum SyncBatchPlan: Sendable, Hashable {
    /// Everything in it was applied before (a retry, or a copy the network made).
    case alreadyApplied
    /// Apply the changes from this index on; those before it were applied before.
    case apply(from: Int)
    /// The batch starts after a hole: headquarters expects this number next.
    case gap(expected: Int64)

    public init(batch: SyncBatch, applied: Int64) {
        guard let first = batch.first, let last = batch.last else {
            self = .alreadyApplied
            return
        }
        if last <= applied {
            self = .alreadyApplied
        } else if first > applied + 1 {
            self = .gap(expected: applied + 1)
        } else {
            self = .apply(from: Int(applied + 1 - first))
        }
    }
}

/// Headquarters' durable answer to a batch: the highest sequence number from that post that is
/// now committed. The post moves its cursor to this number, never further.
public struct SyncAcknowledgement: Sendable, Hashable, Codable {
    public var node: String
    public var applied: Int64
    /// Changes in this batch that met a different version of their record at headquarters: kept
    /// beside it for a person to look at, never lost (see the design notes on conflicts).
    public var conflicts: Int

    public init(node: String, applied: Int64, conflicts: Int) {
        self.node = node
        self.applied = applied
        self.conflicts = conflicts
    }
}
