// The system's SQLite (Debian: libsqlite3-dev), which LimesStore calls directly; see
// docs/design.md, "SQLite".
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import: SQLite copies the bound value.
static inline sqlite3_destructor_type limes_sqlite3_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_config is variadic, which Swift cannot call. Memory statistics cost a mutex on every
// allocation; Limes does not read them. Call before the first connection opens.
static inline int limes_sqlite3_disable_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
