import Logging
import PostgresKit
import ServiceLifecycle

/// PostgreSQL's connection pool as a service of the server's service group: it runs before the
/// store is opened on it and stops after the server, when the group shuts down.
public struct DatabasePool: Service {
    let client: PostgresClient

    /// The pool of a configuration; nil for SQLite, which has none.
    public static func make(for configuration: StoreConfiguration, logger: Logger = Logger(label: "limes.store")) -> DatabasePool? {
        guard case .postgres(let settings) = configuration.engine else { return nil }
        return DatabasePool(client: Store.client(settings, logger: logger))
    }

    public func run() async {
        await client.run()
    }

    /// Runs a pool in a task of its own, for a store that is not part of a service group, and
    /// returns once that task runs, so that no connection is asked for before the pool runs.
    static func start(_ client: PostgresClient) async -> Task<Void, Never> {
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        let task = Task {
            signal.finish()
            await client.run()
        }
        for await _ in started {}
        // The task is running; let it reach the pool's own start before the caller leases.
        await Task.yield()
        return task
    }
}
