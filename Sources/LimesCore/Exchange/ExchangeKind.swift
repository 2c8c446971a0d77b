/// The kinds of message two countries' services exchange, and the fields each may carry.
public enum ExchangeKind: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
    /// An alert on a person published, changed or withdrawn.
    case alert
    /// A lost or stolen travel document.
    case lostDocument = "lost_document"
    /// A request for information about a hit on one of the partner's alerts, to be answered
    /// within the agreement's deadline.
    case informationRequest = "information_request"
    /// The answer to a request for information.
    case informationAnswer = "information_answer"
    /// An exit admitted at a one-stop border post: the entry side's officer checks the
    /// traveller in their own system at the same booth.
    case oneStopCrossing = "one_stop_crossing"
    /// The entry side's decision on a one-stop crossing.
    case oneStopResult = "one_stop_result"

    /// Every field a message of this kind can carry (its id and action always travel).
    public var fields: [String] {
        switch self {
        case .alert: return ["list", "names", "birth_date", "sex", "nationalities", "documents", "action", "authority", "valid_until"]
        case .lostDocument: return ["documents", "names", "authority", "valid_until"]
        case .informationRequest: return ["alert", "question", "names", "birth_date", "nationality", "document_number"]
        case .informationAnswer: return ["answer"]
        case .oneStopCrossing:
            return [
                "bcp", "names", "birth_date", "sex", "nationality", "document_type", "document_number", "document_issuer", "document_expiry",
                "decision", "decided_at", "lane", "verdict",
            ]
        case .oneStopResult: return ["decision", "ground", "decided_at"]
        }
    }

    /// Whether a term of this kind must set the deadline for answers.
    public var hasDeadline: Bool { self == .informationRequest }

    /// The fields that identify the person or document and say what to do: the most a term at
    /// the level "identity and decision" may let pass.
    public var identityAndDecisionFields: [String] {
        switch self {
        case .alert: return ["list", "names", "birth_date", "sex", "nationalities", "documents", "action"]
        case .lostDocument: return ["documents"]
        // A request names the alert and the person met; without the question it says nothing.
        case .informationRequest: return ["alert", "question", "names", "birth_date", "nationality", "document_number"]
        case .informationAnswer: return ["answer"]
        // Who crossed on which document, where, and what the exit side decided; not its verdict.
        case .oneStopCrossing:
            return [
                "bcp", "names", "birth_date", "sex", "nationality", "document_type", "document_number", "document_issuer", "document_expiry",
                "decision",
            ]
        case .oneStopResult: return ["decision", "ground"]
        }
    }
}

/// How much of a kind of message an agreement lets pass.
public enum SharingLevel: String, Sendable, Hashable, Codable, CaseIterable {
    case full
    case identityAndDecision = "identity_and_decision"
    /// Figures only: no message about a person or a document passes.
    case countsOnly = "counts_only"

    public func allows(_ field: String, of kind: ExchangeKind) -> Bool {
        switch self {
        case .full: return kind.fields.contains(field)
        case .identityAndDecision: return kind.identityAndDecisionFields.contains(field)
        case .countsOnly: return false
        }
    }
}
