import LimesCore
import Testing

@Suite("Rules of decisions, ages and percentiles")
struct DecisionRulesTests {
    let policy = EntryPolicy.example(country: "UTO")

    @Test func aRefusalNeedsAGroundOfThePolicyAndNothingElseHasOne() throws {
        let ground = try #require(policy.refusalGrounds.first?.code)
        #expect(DecisionRules.violation(of: .refuse, ground: ground, at: .first, policy: policy) == nil)
        #expect(DecisionRules.violation(of: .refuse, ground: nil, at: .first, policy: policy)?.field == "ground")
        #expect(DecisionRules.violation(of: .refuse, ground: "", at: .second, policy: policy)?.message == "a refusal needs its legal ground")
        let unknown = DecisionRules.violation(of: .refuse, ground: "Z", at: .first, policy: policy)
        #expect(unknown?.message.hasPrefix("'Z' is not a refusal ground; use one of \(ground)") == true)
        #expect(DecisionRules.violation(of: .admit, ground: ground, at: .first, policy: policy)?.message == "a ground goes with a refusal only")
        #expect(DecisionRules.violation(of: .refer, ground: ground, at: .first, policy: policy)?.field == "ground")
    }

    @Test func theSecondLineAdmitsOrRefusesButDoesNotReferAgain() {
        #expect(DecisionRules.violation(of: .refer, ground: nil, at: .first, policy: policy) == nil)
        #expect(DecisionRules.violation(of: .admit, ground: nil, at: .second, policy: policy) == nil)
        #expect(DecisionRules.violation(of: .refer, ground: nil, at: .second, policy: policy)?.field == "decision")
    }

    @Test func aPersonIsTreatedAsAChildWhileInDoubtAndWhenFoundUnder18() {
        #expect(AgeRules.treatedAsChild(openAssessments: 0, lastRecordedAge: nil) == false)
        #expect(AgeRules.treatedAsChild(openAssessments: 1, lastRecordedAge: nil))
        #expect(AgeRules.treatedAsChild(openAssessments: 1, lastRecordedAge: 30), "a new assessment reopens the doubt")
        #expect(AgeRules.treatedAsChild(openAssessments: 0, lastRecordedAge: 17))
        #expect(AgeRules.treatedAsChild(openAssessments: 0, lastRecordedAge: 18) == false)
    }

    @Test func anAgeConclusionIsARangeLowestFirst() {
        #expect(AgeRules.conclusionViolation(minAge: 15, maxAge: 17) == nil)
        #expect(AgeRules.conclusionViolation(minAge: 16, maxAge: 16) == nil)
        #expect(AgeRules.conclusionViolation(minAge: 17, maxAge: 15)?.field == "minAge")
        #expect(AgeRules.conclusionViolation(minAge: -1, maxAge: 15) != nil)
        #expect(AgeRules.conclusionViolation(minAge: 15, maxAge: 121) != nil)
    }

    @Test func percentilesAreByNearestRank() {
        let values = (1...10).map(Double.init)
        #expect(Percentile.nearestRank([], 0.5) == nil)
        #expect(Percentile.nearestRank(values, 0.5) == 5)
        #expect(Percentile.nearestRank(values, 0.9) == 9)
        #expect(Percentile.nearestRank(values, 0.91) == 10)
        #expect(Percentile.nearestRank(values, 0) == 1)
        #expect(Percentile.nearestRank(values, 1) == 10)
        #expect(Percentile.nearestRank([4], 0.9) == 4)
    }
}
