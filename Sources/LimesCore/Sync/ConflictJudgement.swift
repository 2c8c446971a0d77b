import Foundation

/// How a person at headquarters settled a conflict between a post's change and headquarters'
/// record. Either way both versions stay on file: the judgement says what was done about them.
public enum ConflictOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// Headquarters' record stands as it is; the post's version is kept beside it.
    case headquartersStands = "headquarters_stands"
    /// The record was corrected through its own screen (a hit resolved again, two travellers
    /// joined) to take what the post did.
    case correctedByHand = "corrected_by_hand"
}

/// A conflict's judgement: the outcome, why, who and when.
public struct ConflictJudgement: Sendable, Hashable {
    public var outcome: ConflictOutcome
    public var note: String
    public var by: String
    public var at: Timestamp

    public init(outcome: ConflictOutcome, note: String, by: String, at: Timestamp) {
        self.outcome = outcome
        self.note = note
        self.by = by
        self.at = at
    }

    /// The note as it may be stored: trimmed, said, and of visible text.
    public static func validNote(_ note: String) throws -> String {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else {
            throw RuleViolation("say why: the next person to read the record will want to know", field: "note")
        }
        guard note.count <= 2_000 else { throw RuleViolation("at most 2,000 characters", field: "note") }
        if let problem = FreeText.textProblem(note) { throw RuleViolation("note: \(problem)", field: "note") }
        return note
    }
}
