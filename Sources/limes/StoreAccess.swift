import ArgumentParser
import Foundation
import LimesStore

/// Where a command finds the database: the same options, with the same defaults, for every
/// command that opens one.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Folder of the embedded database and the audit key (default: LIMES_DATA_DIR, else data).")
    var dataDir: String?

    @Option(
        name: .customLong("database-url"),
        help: "sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE (default: LIMES_DATABASE_URL, else SQLite in the data folder)."
    )
    var databaseURL: String?

    /// The environment with the options laid over it.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        if let dataDir { environment["LIMES_DATA_DIR"] = dataDir }
        if let databaseURL { environment["LIMES_DATABASE_URL"] = databaseURL }
        return environment
    }

    func configuration() throws -> StoreConfiguration {
        do {
            return try StoreConfiguration(environment: environment)
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}

/// Opens the database the options name, says which on standard error (standard output stays
/// for the command's answer), runs `body`, and closes it whatever happens. A SQLite file that
/// does not exist yet is refused unless `create` says the command makes a new one: a mistyped
/// folder must not silently become an empty database.
func withStore<T>(_ options: StoreOptions, create: Bool = false, _ body: (Store) async throws -> T) async throws -> T {
    let configuration = try options.configuration()
    if !create, case .sqlite(let path) = configuration.engine, path != ":memory:", !FileManager.default.fileExists(atPath: path) {
        throw CommandFailure(
            "no Limes database at \(path): give --data-dir or --database-url, or create one with limes serve (or limes demo)"
        )
    }
    FileHandle.standardError.write(Data("limes: \(configuration)\n".utf8))
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
