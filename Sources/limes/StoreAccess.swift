import Foundation
import LimesStore

/// Opens the store the environment names, runs `body`, and closes it whatever happens.
func withStore<T>(_ body: (Store) async throws -> T) async throws -> T {
    let configuration: StoreConfiguration
    do {
        configuration = try StoreConfiguration(environment: ProcessInfo.processInfo.environment)
    } catch {
        throw CommandFailure("\(error)")
    }
    let store = try await Store.open(configuration)
    do {
        let result = try await body(store)
        try await store.close()
        return result
    } catch {
        try? await store.close()
        throw error
    }
}

/// The actor recorded in audit events for work done from the command line.
let commandLineActor = "command-line:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown")
