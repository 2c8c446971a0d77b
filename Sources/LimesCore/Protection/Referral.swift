/// What a referral may share with the service it goes to. Each kind needs the person's consent,
/// or a supervisor's override with reasons.
public enum SharedData: String, Sendable, Hashable, Codable, CaseIterable {
    /// Name, birth date, sex, nationality.
    case identity
    /// The protection flags' kinds and the officers' notes.
    case protectionDetails = "protection_details"
    /// The findings of the preliminary vulnerability check.
    case assessment
}

/// Where a referral is in its life.
public enum ReferralStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Sent without every consent: waits for a supervisor's override.
    case awaitingOverride = "awaiting_override"
    case sent
    case accepted
    case rejected
    case done
    case revoked
}
