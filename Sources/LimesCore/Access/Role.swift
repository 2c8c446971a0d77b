/// What a user is there to do. A user may hold several roles; permissions add up.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case firstLineOfficer = "first_line_officer"
    case secondLineOfficer = "second_line_officer"
    case supervisor
    case protectionOfficer = "protection_officer"
    case analyst
    case administrator
    case partner
    /// Checks what the system did: the audit chain, agreements and what was disclosed to whom.
    case auditor

    /// Least privilege: each role gets what its job needs. Protection officers and partners
    /// work on protection cases (their own routes), not on the crossing record; analysts see
    /// statistics without names; administrators run the system but read no traveller.
    public var permissions: Set<Permission> {
        switch self {
        case .firstLineOfficer: return [.checkTravellers, .recordCrossings, .raiseProtectionFlags, .registerPersons]
        case .secondLineOfficer:
            return [.checkTravellers, .recordCrossings, .workSecondLine, .readTravellers, .raiseProtectionFlags, .registerPersons]
        case .supervisor:
            return [
                .checkTravellers, .recordCrossings, .workSecondLine, .readTravellers, .readOverstayers, .readStatistics,
                .raiseProtectionFlags, .registerPersons, .readProtectionDetails, .reviewSafeguards,
            ]
        case .protectionOfficer: return [.raiseProtectionFlags, .registerPersons, .readProtectionDetails, .assessVulnerability]
        case .analyst: return [.readStatistics, .publishStatistics]
        case .administrator: return [.administer, .managePolicy, .auditSystem]
        case .partner: return [.workReferrals]
        case .auditor: return [.auditSystem]
        }
    }

    /// Roles that work at BCPs, and so only at the BCPs they are assigned to.
    public var isBoundToPosts: Bool {
        switch self {
        case .firstLineOfficer, .secondLineOfficer, .supervisor: return true
        default: return false
        }
    }
}
