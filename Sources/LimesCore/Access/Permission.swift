/// One thing a user may do. Routes ask for permissions, never for roles, so that a role can
/// change without touching a route.
public enum Permission: String, Sendable, Hashable, Codable, CaseIterable {
    /// Run a first-line check and see its verdict.
    case checkTravellers = "check_travellers"
    /// Record an admit, refer or refuse decision at first line.
    case recordCrossings = "record_crossings"
    /// Work the second-line queue: decide cases and resolve hits.
    case workSecondLine = "work_second_line"
    /// Read a traveller's history of crossings, checks and hits.
    case readTravellers = "read_travellers"
    /// List travellers whose authorised stay is over.
    case readOverstayers = "read_overstayers"
    /// Note that a person may need protection (any officer who meets them).
    case raiseProtectionFlags = "raise_protection_flags"
    /// Register a person met without documents (an arrival by sea, a group at the green border).
    case registerPersons = "register_persons"
    /// Read what a protection flag says, beyond that one exists.
    case readProtectionDetails = "read_protection_details"
    /// Record a preliminary vulnerability check.
    case assessVulnerability = "assess_vulnerability"
    /// Answer the referrals addressed to one's own organisation (partners).
    case workReferrals = "work_referrals"
    /// Let a refusal of a flagged person go ahead, with reasons.
    case reviewSafeguards = "review_safeguards"
    /// Counts and times of a BCP's work, without names.
    case readStatistics = "read_statistics"
    /// Compose, publish and withdraw statistical releases, which leave the service protected.
    case publishStatistics = "publish_statistics"
    /// Agencies, BCPs, lanes, users and roles.
    case administer
    /// Entry policy: visa list, stay rules, refusal grounds.
    case managePolicy = "manage_policy"
    /// Verify the audit chain.
    case auditSystem = "audit_system"
}
