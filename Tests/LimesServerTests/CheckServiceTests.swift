import LimesCore
import LimesStore
import Testing

@testable import LimesServer

/// The check pipeline without HTTP, as a command-line tool or a sync job would run it: its
/// refusals are domain errors naming the field, which only the API turns into statuses.
@Suite("Check service without HTTP")
struct CheckServiceTests {
    static let mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"

    @Test func refusalsAreDomainErrorsThatNameTheField() async throws {
        let fixture = try await APIFixture.make()
        let service = CheckService(store: fixture.store, screening: fixture.screening, today: APIFixture.today)
        let officer = try #require(try await fixture.store.users.user(username: "first-line-officer"))
        func request(mrz: String? = CheckServiceTests.mrz, bcp: String = "NORTH", direction: String = "entry") -> CheckRequest {
            CheckRequest(mrz: mrz, document: nil, visaMrz: nil, bcp: bcp, lane: "L1", direction: direction, stayBasis: nil, startedAt: nil)
        }
        await #expect {
            _ = try await service.check(request(direction: "sideways"), user: officer)
        } throws: { error in
            (error as? RuleViolation) == RuleViolation("'sideways' is not a direction; use entry or exit", field: "direction")
        }
        await #expect {
            _ = try await service.check(request(mrz: nil), user: officer)
        } throws: { error in
            (error as? RuleViolation)?.kind == .missing && (error as? RuleViolation)?.field == "mrz"
        }
        await #expect {
            _ = try await service.check(request(bcp: "NOWHERE"), user: officer)
        } throws: { error in
            (error as? RuleViolation)?.field == "bcp"
        }
        let answer = try await service.check(request(), user: officer)
        #expect(answer.document.surname == "ERIKSSON")
        try await fixture.store.close()
    }
}
