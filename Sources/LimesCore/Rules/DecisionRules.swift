/// Where a decision is taken: at the booth, or at the second line after a referral.
public enum CheckStage: String, Sendable, Hashable, Codable, CaseIterable {
    case first
    case second
}

/// A rule a request breaks, with the field to correct: what the check pipeline and the other
/// services throw, whether an officer's console, the API or a command-line tool asked.
public struct RuleViolation: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The field holds something the rule refuses.
        case invalid
        /// The field is not there at all.
        case missing
    }

    public var message: String
    public var field: String
    public var kind: Kind

    public init(_ message: String, field: String, kind: Kind = .invalid) {
        self.message = message
        self.field = field
        self.kind = kind
    }

    public var description: String { message }
}

/// Which decisions a stage allows, and with which ground.
public enum DecisionRules {
    /// The first rule the decision breaks, or nil when it may be recorded.
    ///
    /// - A refusal names a ground of the entry policy; no other decision has one.
    /// - The second line admits or refuses: the traveller is already referred.
    public static func violation(of decision: Decision, ground: String?, at stage: CheckStage, policy: EntryPolicy) -> RuleViolation? {
        if decision == .refuse {
            guard let ground, !ground.isEmpty else { return RuleViolation("a refusal needs its legal ground", field: "ground") }
            guard policy.ground(ground) != nil else {
                return RuleViolation(
                    "'\(ground)' is not a refusal ground; use one of \(policy.refusalGrounds.map(\.code).joined(separator: ", "))",
                    field: "ground"
                )
            }
        } else if ground != nil {
            return RuleViolation("a ground goes with a refusal only", field: "ground")
        }
        if stage == .second, decision == .refer {
            return RuleViolation("second line decides admit or refuse; the traveller is already referred", field: "decision")
        }
        return nil
    }
}
