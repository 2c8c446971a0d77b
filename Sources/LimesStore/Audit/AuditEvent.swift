import LimesCore

/// Who did what to which record, when, and for what purpose. Written in the same transaction
/// as what it records, so that no record exists without its event.
public struct AuditEvent: Sendable, Hashable, Codable {
    public var seq: Int64
    public var at: Timestamp
    /// A user id, or `system` for the program itself.
    public var actor: String
    /// `create`, `read`, `update`, `login`...
    public var action: String
    public var recordType: String
    public var recordID: String
    public var purpose: String
    /// SHA-256 of the record's row after this event, for the records `AuditedRecords` lists.
    public var digest: String?
    public var previousHash: String
    public var hash: String
}

/// What a caller asks to be audited; the store numbers and chains it.
public struct AuditEntry: Sendable, Hashable {
    public var actor: String
    public var action: String
    public var recordType: String
    public var recordID: String
    public var purpose: String
    /// Filled in by the store for the records whose content the chain vouches for.
    var digest: String? = nil

    public init(actor: String, action: String, recordType: String, recordID: String, purpose: String) {
        self.actor = actor
        self.action = action
        self.recordType = recordType
        self.recordID = recordID
        self.purpose = purpose
    }
}
