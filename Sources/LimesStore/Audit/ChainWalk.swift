import Foundation
import LimesCore
import SQLKit

/// One pass over one audit chain, oldest event first: every event's link to the one before,
/// its hash recomputed from its fields, its signature, and the chain's signed head.
///
/// Events are signed by the node that wrote them (`eventKey`); the head by the node that keeps
/// the chain (`headKey`): for a post's chain kept at headquarters, the post signs its events and
/// headquarters the head it reached. A chain whose node is unknown (`eventKey` nil) has its
/// hashes and links checked, and its signatures reported as unverifiable.
struct ChainWalk {
    let chain: String
    let eventKey: AuditPublicKey?
    let headKey: AuditPublicKey
    var problems: [String] = []
    /// The hashes of the events that checkpoints name, filled in as the walk meets them.
    var hashesAt: [Int64: String]
    /// The latest event that changed each audited record: (seq, action, digest).
    var latest: [String: [String: (seq: Int64, action: String, digest: String?)]] = [:]
    private(set) var count = 0

    init(chain: String, eventKey: AuditPublicKey?, headKey: AuditPublicKey, checkpoints: Set<Int64>) {
        self.chain = chain
        self.eventKey = eventKey
        self.headKey = headKey
        hashesAt = Dictionary(uniqueKeysWithValues: checkpoints.map { ($0, "") })
        hashesAt[0] = AuditChain.genesis
    }

    mutating func run(on audit: AuditStore, page: Int = 5_000) async throws {
        var previous = AuditChain.genesis
        var expectedSeq: Int64 = 1
        var lastSeq: Int64 = 0
        // The last event whose signature held, and the first whose signature did not.
        var lastSigned: Int64 = 0
        var badSignature: (seq: Int64, later: Int)? = nil
        var unverifiable = 0
        let chain = self.chain
        // The head is read before the walk and again after it: other processes write while the
        // walk pages through the events (headquarters scaled out), and an event is committed
        // with the head that counts it. Every event up to the first head must be there, and none
        // beyond the second.
        func readHead() async throws -> (any SQLRow)? {
            try await audit.read { db in
                try await db.raw("SELECT seq, hash, signature, key_id FROM audit_heads WHERE chain = \(bind: chain)").first()
            }
        }
        guard let head = try await readHead() else {
            problems.append("the chain's head row is gone")
            return
        }
        let headSeq = try head.decode(column: "seq", as: Int64.self)
        let headHash = try head.decode(column: "hash", as: String.self)
        if hashesAt[headSeq] == nil { hashesAt[headSeq] = "" }
        while true {
            let from = expectedSeq
            let rows = try await audit.read { db in
                try await db.raw(
                    """
                    SELECT seq, at, actor, action, record_type, record_id, purpose, digest, prev_hash, hash, signature
                    FROM audit_events WHERE chain = \(bind: chain) AND seq >= \(bind: from) ORDER BY seq LIMIT \(bind: page)
                    """
                ).all()
            }
            for row in rows {
                let seq = try row.decode(column: "seq", as: Int64.self)
                if seq != expectedSeq {
                    problems.append("events \(expectedSeq) to \(seq - 1) are missing: deleted")
                }
                let atText = try row.decode(column: "at", as: String.self)
                var entry = AuditEntry(
                    actor: try row.decode(column: "actor", as: String.self),
                    action: try row.decode(column: "action", as: String.self),
                    recordType: try row.decode(column: "record_type", as: String.self),
                    recordID: try row.decode(column: "record_id", as: String.self),
                    purpose: try row.decode(column: "purpose", as: String.self)
                )
                entry.digest = try row.decode(column: "digest", as: String?.self)
                let stored = try row.decode(column: "hash", as: String.self)
                if try row.decode(column: "prev_hash", as: String.self) != previous {
                    problems.append("event \(seq) does not follow event \(seq - 1): an event before it was edited or replaced")
                } else if let at = Timestamp(iso: atText), AuditChain.hash(seq: seq, at: at, entry: entry, previous: previous) == stored {
                    // whole
                } else {
                    problems.append("event \(seq) (\(entry.action) \(entry.recordType) \(entry.recordID)) was edited after it was written")
                }
                if let signature = try row.decode(column: "signature", as: String?.self) {
                    if let eventKey {
                        if eventKey.isValid(signature: signature, for: AuditChain.eventMessage(seq: seq, hash: stored)) {
                            if badSignature == nil { lastSigned = seq }
                        } else if badSignature == nil {
                            badSignature = (seq, 0)
                        } else {
                            badSignature?.later += 1
                        }
                    } else {
                        unverifiable += 1
                    }
                }
                if hashesAt[seq] != nil { hashesAt[seq] = stored }
                if AuditedRecords.byRecordType[entry.recordType] != nil, AuditedRecords.changes(entry.action) {
                    latest[entry.recordType, default: [:]][entry.recordID] = (seq, entry.action, entry.digest)
                }
                previous = stored
                lastSeq = seq
                expectedSeq = seq + 1
                count += 1
            }
            if rows.count < page { break }
        }

        if let bad = badSignature, let eventKey {
            problems.append(
                "the signature on event \(bad.seq) does not match it"
                    + (bad.later > 0 ? " (nor on the \(bad.later) signed events after it)" : "")
                    + ": events \(lastSigned + 1) to \(bad.seq) were rewritten and the hashes after them recomputed, or signed with another key than \(eventKey.id)"
            )
        }
        if unverifiable > 0 {
            problems.append("\(unverifiable) event signatures cannot be checked: no key is known for this chain")
        }

        // The head: where the chain said it ended, signed by the key that keeps it.
        let endSeq = try await readHead()?.decode(column: "seq", as: Int64.self) ?? headSeq
        if lastSeq < headSeq {
            problems.append("the chain ends at event \(lastSeq) but \(headSeq) were written: the newest events were deleted")
        } else if lastSeq > endSeq {
            problems.append(
                "the chain's head says event \(endSeq) but the events go on to \(lastSeq): the head was moved back or events were added outside Limes"
            )
        } else if headSeq > 0 && hashesAt[headSeq] != headHash {
            problems.append("the chain's head says event \(headSeq) has hash \(headHash), but the event there has another: the head was rewritten")
        } else if headSeq == 0 && headHash != AuditChain.genesis {
            problems.append("the chain's head says event 0 has hash \(headHash), but an empty chain starts from the genesis hash")
        }
        guard let signature = try head.decode(column: "signature", as: String?.self) else {
            problems.append("the chain's head is not signed: it was rewritten outside Limes")
            return
        }
        let keyID = try head.decode(column: "key_id", as: String?.self) ?? "?"
        if !headKey.isValid(signature: signature, for: AuditChain.headMessage(chain: chain, seq: headSeq, hash: headHash)) {
            problems.append(
                keyID == headKey.id
                    ? "the chain's head (event \(headSeq)) does not carry a valid signature: it was rewritten outside Limes"
                    : "the chain's head (event \(headSeq)) is signed with key \(keyID), not the trusted key \(headKey.id)"
            )
        }
    }
}
