import Testing

@testable import LimesCore

@Suite("A post's link to headquarters")
struct PostLinkTests {
    let now = Timestamp(iso: "2026-12-01T14:30:00.000Z")!

    func link(contact: Int64?, crossings: Int64?) -> PostLink {
        PostLink(
            lastContact: contact.map { now.adding(seconds: -$0) },
            watchlistTakenAt: nil,
            crossingsTakenAt: crossings.map { now.adding(seconds: -$0) },
            waiting: 0
        )
    }

    /// Offline after three missed rounds, never before a minute, and always before a first answer.
    @Test func offlineAfterThreeMissedRoundsAndAtLeastAMinute() {
        #expect(!link(contact: 59, crossings: nil).isOffline(at: now, roundSeconds: 5))
        #expect(link(contact: 61, crossings: nil).isOffline(at: now, roundSeconds: 5))
        #expect(!link(contact: 170, crossings: nil).isOffline(at: now, roundSeconds: 60))
        #expect(link(contact: 181, crossings: nil).isOffline(at: now, roundSeconds: 60))
        #expect(link(contact: nil, crossings: nil).isOffline(at: now, roundSeconds: 5))
    }

    /// A copy within the limit says nothing; an older one names the moment after which crossings
    /// elsewhere are not known; none at all says so. Never more than a note: the officer decides.
    @Test func aVerdictSaysWhenTheCopyOfCrossingsIsOld() throws {
        #expect(link(contact: 0, crossings: 3_600).staleCrossingsReason(at: now, limitSeconds: 3_600) == nil)
        let stale = try #require(link(contact: 0, crossings: 3_601).staleCrossingsReason(at: now, limitSeconds: 3_600))
        #expect(stale.code == "service.crossings_stale" && stale.level == .clear)
        #expect(stale.details == ["after": "2026-12-01T13:29:59.000Z"])
        #expect(stale.message.hasPrefix("crossings recorded elsewhere after 2026-12-01 13:29 UTC are not known here"))
        let never = try #require(link(contact: nil, crossings: nil).staleCrossingsReason(at: now, limitSeconds: 3_600))
        #expect(never.code == "service.crossings_unknown" && never.level == .clear)
    }
}
