/// The workload of the PostgreSQL peer that `limes-bench crossings` measures Limes against:
/// pgbench running the simplest durable write, a one-row INSERT, on the same server. Kept here
/// because all SQL lives in the store.
public enum PgBenchPeer {
    public static let createTable = "CREATE TABLE IF NOT EXISTS limes_pgbench (id bigserial PRIMARY KEY, payload text NOT NULL)"
    public static let dropTable = "DROP TABLE IF EXISTS limes_pgbench"
    /// The pgbench script: one transaction, one row.
    public static let script = "INSERT INTO limes_pgbench (payload) VALUES ('one crossing');\n"
}
