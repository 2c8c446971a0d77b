import Metrics

/// What the store reports to swift-metrics (a no-op until the process bootstraps a backend,
/// as `limes serve --metrics-port` does with Prometheus).
enum StoreMetrics {
    /// Transactions committed, by engine.
    static let sqliteTransactions = Counter(label: "limes_db_transactions_total", dimensions: [("engine", "sqlite")])
    static let postgresTransactions = Counter(label: "limes_db_transactions_total", dimensions: [("engine", "postgres")])
    /// Transactions that failed and were rolled back, by engine.
    static let sqliteRollbacks = Counter(label: "limes_db_rollbacks_total", dimensions: [("engine", "sqlite")])
    static let postgresRollbacks = Counter(label: "limes_db_rollbacks_total", dimensions: [("engine", "postgres")])
    /// How many transactions each SQLite commit wrote together.
    static let groupCommitSize = Recorder(label: "limes_db_group_commit_size", aggregate: true)
}
