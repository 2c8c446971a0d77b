import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LimesCore
import LimesServer
import LimesStore
import Testing

@Suite("Protection API")
struct ProtectionAPITests {
    static let child = APIFixture.passport(surname: "OUEDRAOGO", given: "AWA", number: "BF1234567", nationality: "BFA", birth: "2011-05-02")

    @Test func aFlagHoldsBackARefusalUntilASupervisorReviewsIt() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.application.test(.live) { client in
            let officer = try await client.login("first-line-officer")
            let first = try await client.call(
                .post,
                "/api/v1/checks",
                token: officer,
                json: ["mrz": Self.child, "bcp": "NORTH", "lane": "L1", "direction": "entry"]
            )
            #expect(first.status == .created)
            let travellerID = (first.json["traveller"] as? [String: Any])?["id"] as? String ?? ""
            let checkID = first.json["checkId"] as? String ?? ""

            let unknown = try await client.call(.post, "/api/v1/travellers/\(travellerID)/protection-flags", token: officer, json: ["kind": "orphan"])
            #expect(unknown.status == .unprocessableContent && unknown.error["field"] as? String == "kind")
            let flag = try await client.call(
                .post,
                "/api/v1/travellers/\(travellerID)/protection-flags",
                token: officer,
                json: ["kind": "child", "stage": "first", "checkId": checkID, "note": "alone, says she is 15"]
            )
            #expect(flag.status == .created && flag.json["kind"] as? String == "child")

            // The next check says a flag exists, and not what it is.
            let again = try await client.call(
                .post,
                "/api/v1/checks",
                token: officer,
                json: ["mrz": Self.child, "bcp": "NORTH", "lane": "L1", "direction": "entry"]
            )
            let reasons = again.json["reasons"] as? [[String: Any]] ?? []
            #expect(reasons.contains { $0["code"] as? String == "protection.flag" })
            #expect(!again.raw.contains("says she is 15") && !again.raw.contains("\"child\""))

            let refusal: [String: Any] = ["checkId": checkID, "decision": "refuse", "ground": "C"]
            let blocked = try await client.call(.post, "/api/v1/crossings", token: officer, json: refusal)
            #expect(blocked.status == .conflict && blocked.error["field"] as? String == "decision")
            #expect((blocked.error["message"] as? String ?? "").contains("safeguard review"))

            // Only protection officers and supervisors read the flag; first line may not review.
            #expect(try await client.call(.get, "/api/v1/travellers/\(travellerID)/protection-flags", token: officer).status == .forbidden)
            let protection = try await client.login("protection-officer")
            let flags = try await client.call(.get, "/api/v1/travellers/\(travellerID)/protection-flags", token: protection)
            #expect(flags.list.first?["note"] as? String == "alone, says she is 15")
            #expect(
                try await client.call(.post, "/api/v1/checks/\(checkID)/safeguard-review", token: officer, json: ["reasons": "looks fine to me"])
                    .status == .forbidden
            )

            let supervisor = try await client.login("supervisor")
            let review = try await client.call(
                .post,
                "/api/v1/checks/\(checkID)/safeguard-review",
                token: supervisor,
                json: ["reasons": "birth certificate shows 19; no protection need; refusal on ground C stands"]
            )
            #expect(review.status == .created)
            #expect(try await client.call(.post, "/api/v1/crossings", token: officer, json: refusal).status == .created)

            // Analysts count flags without seeing whose they are.
            let analyst = try await client.login("analyst")
            let figures = try await client.call(.get, "/api/v1/statistics/protection?from=2026-01-01&to=2030-12-31", token: analyst)
            #expect((figures.json["flagsByKind"] as? [String: Int])?["child"] == 1)
            #expect(!figures.raw.contains("OUEDRAOGO") && !figures.raw.contains(travellerID) && !figures.raw.contains("15"))
            let bad = try await client.call(.get, "/api/v1/statistics/protection?from=2027-01-01&to=2026-01-01", token: analyst)
            #expect(bad.status == .unprocessableContent && bad.error["field"] as? String == "from")
        }
        let audited = try await fixture.store.audit.events().filter {
            $0.recordType == "protection_flags" || $0.recordType == "protection_flag" || $0.recordType == "safeguard_review"
        }
        #expect(
            Set(audited.map(\.recordType)) == ["protection_flag", "protection_flags", "safeguard_review"],
            "creation, read and review are audited"
        )
        try await fixture.store.close()
    }

    @Test func aPersonWithoutDocumentsIsRegisteredFlaggedAndFollowedUp() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.application.test(.live) { client in
            let officer = try await client.login("first-line-officer")
            let path = "/api/v1/persons-without-documents"
            let boy: [String: Any] = [
                "bcp": "NORTH", "arrival": "sea", "givenNames": "Amadou", "estimatedAge": 14, "nationality": "GIN", "group": "RESCUE-117",
                "protectionFlag": ["kind": "child", "note": "no adult with him"],
            ]
            for (field, change) in [
                ("arrival", ["arrival": "swim"]), ("nationality", ["nationality": "GUINEA"]), ("birthDate", ["birthDate": "14/02/2012"]),
                ("estimatedAge", ["estimatedAge": -1]), ("protectionFlag.kind", ["protectionFlag": ["kind": "minor"]]),
                ("sex", ["sex": "boy"]),
            ] as [(String, [String: Any])] {
                let refused = try await client.call(.post, path, token: officer, json: boy.merging(change) { $1 })
                #expect(refused.status == .unprocessableContent && refused.error["field"] as? String == field, "\(field): \(refused.raw)")
            }
            let elsewhere = try await client.call(.post, path, token: officer, json: boy.merging(["bcp": "SOUTH"]) { $1 })
            #expect(elsewhere.status == .forbidden && elsewhere.error["field"] as? String == "bcp")
            let protection = try await client.login("protection-officer")
            #expect(try await client.call(.get, path, token: protection).list.isEmpty, "nothing was stored by the refused requests")

            let registered = try await client.call(.post, path, token: officer, json: boy)
            #expect(registered.status == .created && registered.json["openProtectionFlags"] as? Int == 1)
            let travellerID = registered.json["travellerId"] as? String ?? ""
            let other = try await client.call(.post, path, token: officer, json: ["bcp": "NORTH", "arrival": "sea", "group": "RESCUE-117"])
            #expect(other.status == .created)

            // The protection officer, bound to no post, finds the group and the child's flag.
            let group = try await client.call(.get, path + "?group=RESCUE-117", token: protection)
            #expect(group.list.count == 2 && group.list.last?["travellerId"] as? String == travellerID)
            let flags = try await client.call(.get, "/api/v1/travellers/\(travellerID)/protection-flags", token: protection)
            #expect(flags.list.first?["note"] as? String == "no adult with him")
            let age = try await client.call(
                .post,
                "/api/v1/travellers/\(travellerID)/age-assessments",
                token: protection,
                json: ["claimedAge": 14, "doubt": "no document; looks older to the officer"]
            )
            #expect(age.status == .created, "an age assessment works for a person without documents: \(age.raw)")
            // Analysts do not list persons.
            #expect(try await client.call(.get, path, token: try await client.login("analyst")).status == .forbidden)
        }
        let reads = try await fixture.store.audit.events().filter { $0.recordType == "person_without_documents" && $0.action == "read" }
        #expect(reads.count >= 2, "each person listed is an audited read")
        try await fixture.store.close()
    }

    @Test func aReferralAtFirstLineCarriesItsFlagInOneRequest() async throws {
        try await APIFixture.withAPI { _, client in
            let officer = try await client.login("first-line-officer")
            let check = try await client.call(
                .post,
                "/api/v1/checks",
                token: officer,
                json: ["mrz": Self.child, "bcp": "NORTH", "lane": "L1", "direction": "entry"]
            )
            let checkID = check.json["checkId"] as? String ?? ""
            let travellerID = (check.json["traveller"] as? [String: Any])?["id"] as? String ?? ""
            let wrong = try await client.call(
                .post,
                "/api/v1/crossings",
                token: officer,
                json: ["checkId": checkID, "decision": "refer", "protectionFlag": ["kind": "kid"]]
            )
            #expect(wrong.status == .unprocessableContent && wrong.error["field"] as? String == "protectionFlag.kind")
            let body: [String: Any] = ["checkId": checkID, "decision": "refer", "protectionFlag": ["kind": "child", "note": "alone"]]
            let referred = try await client.call(
                .post,
                "/api/v1/crossings",
                token: officer,
                json: body,
                headers: [HTTPField.Name("Idempotency-Key")!: "booth-7-1"]
            )
            #expect(referred.status == .created)
            let retried = try await client.call(
                .post,
                "/api/v1/crossings",
                token: officer,
                json: body,
                headers: [HTTPField.Name("Idempotency-Key")!: "booth-7-1"]
            )
            #expect(retried.status == .created && retried.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let flags = try await client.call(
                .get,
                "/api/v1/travellers/\(travellerID)/protection-flags",
                token: try await client.login("protection-officer")
            )
            #expect(flags.list.count == 1 && flags.list.first?["checkId"] as? String == checkID)
        }
    }

    @Test func aReferralToAPartnerWhoSeesOnlyWhatIsShared() async throws {
        try await APIFixture.withAPI { _, client in
            let admin = try await client.login("administrator")
            let saved = try await client.call(
                .put,
                "/api/v1/services/cps",
                token: admin,
                json: ["name": "Child Protection Service", "kinds": ["child"], "agencyId": "police", "acceptanceHours": 24]
            )
            #expect(saved.status == .ok)
            let unknownKind = try await client.call(.put, "/api/v1/services/x", token: admin, json: ["name": "X", "kinds": ["orphans"]])
            #expect(unknownKind.status == .unprocessableContent && unknownKind.error["field"] as? String == "kinds[0]")

            let officer = try await client.login("first-line-officer")
            let travellerID = try await client.checkedTraveller(Self.child, token: officer)
            _ = try await client.call(
                .post,
                "/api/v1/travellers/\(travellerID)/protection-flags",
                token: officer,
                json: ["kind": "child", "note": "alone"]
            )

            let protection = try await client.login("protection-officer")
            let proposals = try await client.call(.get, "/api/v1/travellers/\(travellerID)/referral-proposals", token: protection)
            #expect(proposals.list.first?["kind"] as? String == "child")
            let referral = try await client.call(
                .post,
                "/api/v1/travellers/\(travellerID)/referrals",
                token: protection,
                json: ["serviceId": "cps", "kind": "child", "shares": ["identity"], "consent": ["identity": true]]
            )
            #expect(referral.status == .created && referral.json["status"] as? String == "sent")
            let id = referral.json["id"] as? String ?? ""

            let partner = try await client.login("partner")
            let inbox = try await client.call(.get, "/api/v1/referrals/inbox", token: partner)
            let item = inbox.list.first ?? [:]
            #expect((item["traveller"] as? [String: Any])?["surname"] as? String == "OUEDRAOGO")
            #expect(item["protectionNotes"] == nil && !inbox.raw.contains("alone"), "the notes were not shared")
            #expect(
                try await client.call(.post, "/api/v1/referrals/\(id)/response", token: partner, json: ["accept": true]).json["status"] as? String
                    == "accepted"
            )
            let done = try await client.call(.post, "/api/v1/referrals/\(id)/outcome", token: partner, json: ["provided": true])
            #expect(done.json["status"] as? String == "done" && done.json["outcome"] as? String == "provided")
            #expect(try await client.call(.post, "/api/v1/referrals/\(id)/revocation", token: protection).status == .conflict)
        }
    }
    /// The partner sees a live referral as it was when it was sent, and nothing of the person once
    /// it is revoked: not read again from the live flags and assessments.
    @Test func aRevokedReferralShowsThePartnerNothingOfThePerson() async throws {
        try await APIFixture.withConsole { _, client in
            let admin = try await client.login("administrator")
            _ = try await client.call(
                .put,
                "/api/v1/services/cps",
                token: admin,
                json: ["name": "Child Protection Service", "kinds": ["child"], "agencyId": "police", "acceptanceHours": 24]
            )
            let officer = try await client.login("first-line-officer")
            let travellerID = try await client.checkedTraveller(Self.child, token: officer)
            _ = try await client.call(
                .post,
                "/api/v1/travellers/\(travellerID)/protection-flags",
                token: officer,
                json: ["kind": "child", "note": "travelling alone"]
            )
            let protection = try await client.login("protection-officer")
            let assessed = try await client.call(
                .post,
                "/api/v1/travellers/\(travellerID)/vulnerability-assessments",
                token: protection,
                json: ["level": "high", "findings": [["code": "child_unaccompanied", "evidence": "no adult with her"]]]
            )
            #expect(assessed.status == .created, "\(assessed.raw)")
            let referral = try await client.call(
                .post,
                "/api/v1/travellers/\(travellerID)/referrals",
                token: protection,
                json: [
                    "serviceId": "cps", "kind": "child", "shares": ["identity", "protection_details", "assessment"],
                    "consent": ["identity": true, "protection_details": true, "assessment": true],
                ]
            )
            #expect(referral.json["status"] as? String == "sent", "\(referral.raw)")
            let id = referral.json["id"] as? String ?? ""

            // A flag raised after the referral was sent, then closed: it is not the partner's.
            let later = try await client.call(
                .post,
                "/api/v1/travellers/\(travellerID)/protection-flags",
                token: officer,
                json: ["kind": "child", "note": "raised after the referral"]
            )
            let laterID = later.json["id"] as? String ?? ""
            #expect(
                try await client.call(.post, "/api/v1/protection-flags/\(laterID)/closure", token: protection, json: ["reason": "seen by a doctor"])
                    .status == .noContent
            )

            let partner = try await client.login("partner")
            let live = try await client.call(.get, "/api/v1/referrals/inbox", token: partner)
            let item = try #require(live.list.first { ($0["referral"] as? [String: Any])?["id"] as? String == id }, "\(live.raw)")
            #expect((item["traveller"] as? [String: Any])?["surname"] as? String == "OUEDRAOGO")
            #expect(item["protectionNotes"] as? [String] == ["child: travelling alone"], "as shared when sent")
            #expect(live.raw.contains("no adult with her"))
            #expect(!live.raw.contains("raised after the referral"), "a later flag never reaches an old referral")

            #expect(try await client.call(.post, "/api/v1/referrals/\(id)/revocation", token: protection).status == .ok)
            let revoked = try await client.call(.get, "/api/v1/referrals/inbox", token: partner)
            let gone = try #require(revoked.list.first { ($0["referral"] as? [String: Any])?["id"] as? String == id }, "\(revoked.raw)")
            #expect((gone["referral"] as? [String: Any])?["status"] as? String == "revoked", "that it existed, and how it ended")
            for personal in ["OUEDRAOGO", "AWA", "2011-05-02", "travelling alone", "no adult with her", travellerID] {
                #expect(!revoked.raw.contains(personal), "\(personal) still shown after revocation")
            }
            let jar = CookieJar()
            _ = try await client.consoleLogin("partner", jar: jar)
            let page = try await client.page(.get, "/console/referrals", jar: jar)
            #expect(page.status == .ok && page.html.contains("class=\"referral-ended\""), "\(page.status)")
            for personal in ["OUEDRAOGO", "2011-05-02", "travelling alone", "no adult with her"] {
                #expect(!page.html.contains(personal), "\(personal) still on the console after revocation")
            }
        }
    }
}
