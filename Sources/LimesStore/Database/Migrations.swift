import LimesCore
import SQLKit

/// The schema, as numbered steps. A database is brought forward step by step at start, and a
/// database made by a newer Limes is refused rather than misread.
enum Migrations {
    static let steps: [(version: Int, statements: [String])] = [
        (
            1,
            [
                """
                CREATE TABLE alerts (
                    id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
                    list TEXT NOT NULL,
                    names TEXT NOT NULL,
                    birth_date TEXT,
                    sex TEXT,
                    nationalities TEXT NOT NULL,
                    documents TEXT NOT NULL,
                    action TEXT NOT NULL,
                    authority TEXT,
                    valid_from TEXT,
                    valid_until TEXT
                )
                """,
                "CREATE INDEX alerts_list ON alerts (list)",
            ]
        ),
        (
            2,
            [
                // Bumped by every import, so a running server knows to rebuild its index.
                "CREATE TABLE watchlist_version (version INTEGER NOT NULL)",
                "INSERT INTO watchlist_version (version) VALUES (1)",
            ]
        ),
        (
            3,
            [
                // An officer's decision that a document's holder is not an alert's person.
                """
                CREATE TABLE clearances (
                    alert_id TEXT NOT NULL,
                    document_key TEXT NOT NULL,
                    officer TEXT NOT NULL,
                    day TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    PRIMARY KEY (alert_id, document_key)
                )
                """
            ]
        ),
        (
            4,
            [
                // Settings held as JSON documents that an administrator replaces whole (entry policy).
                "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)",
                "CREATE TABLE agencies (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL)",
                """
                CREATE TABLE bcps (
                    code TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('air', 'land', 'sea')),
                    country TEXT NOT NULL,
                    agency_id TEXT REFERENCES agencies (id)
                )
                """,
                """
                CREATE TABLE lanes (
                    bcp_code TEXT NOT NULL REFERENCES bcps (code),
                    code TEXT NOT NULL,
                    name TEXT NOT NULL,
                    PRIMARY KEY (bcp_code, code)
                )
                """,
                """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    username TEXT NOT NULL UNIQUE,
                    display_name TEXT NOT NULL,
                    agency_id TEXT REFERENCES agencies (id),
                    home_bcp TEXT REFERENCES bcps (code),
                    roles TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    language TEXT NOT NULL,
                    active INTEGER NOT NULL,
                    created_at TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE user_bcps (
                    user_id TEXT NOT NULL REFERENCES users (id),
                    bcp_code TEXT NOT NULL REFERENCES bcps (code),
                    PRIMARY KEY (user_id, bcp_code)
                )
                """,
                // Only a hash of each token is kept: a stolen database opens no session.
                """
                CREATE TABLE sessions (
                    token_hash TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users (id),
                    kind TEXT NOT NULL,
                    label TEXT,
                    created_at TEXT NOT NULL,
                    last_used_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE travellers (
                    id TEXT PRIMARY KEY,
                    surname TEXT NOT NULL,
                    given_names TEXT NOT NULL,
                    birth_date TEXT NOT NULL,
                    sex TEXT,
                    nationality TEXT NOT NULL,
                    created_at TEXT NOT NULL
                )
                """,
                "CREATE INDEX travellers_identity ON travellers (surname, birth_date, nationality)",
                """
                CREATE TABLE documents (
                    id TEXT PRIMARY KEY,
                    traveller_id TEXT NOT NULL REFERENCES travellers (id),
                    kind TEXT NOT NULL,
                    code TEXT NOT NULL,
                    issuer TEXT NOT NULL,
                    number TEXT NOT NULL,
                    expiry TEXT,
                    UNIQUE (issuer, number)
                )
                """,
                "CREATE INDEX documents_traveller ON documents (traveller_id)",
                """
                CREATE TABLE checks (
                    id TEXT PRIMARY KEY,
                    traveller_id TEXT NOT NULL REFERENCES travellers (id),
                    document_id TEXT NOT NULL REFERENCES documents (id),
                    bcp_code TEXT NOT NULL REFERENCES bcps (code),
                    lane_code TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    officer_id TEXT NOT NULL REFERENCES users (id),
                    started_at TEXT NOT NULL,
                    checked_at TEXT NOT NULL,
                    verdict TEXT NOT NULL,
                    stay_basis TEXT NOT NULL,
                    result TEXT NOT NULL
                )
                """,
                "CREATE INDEX checks_traveller ON checks (traveller_id)",
                """
                CREATE TABLE hits (
                    id TEXT PRIMARY KEY,
                    check_id TEXT NOT NULL REFERENCES checks (id),
                    traveller_id TEXT NOT NULL REFERENCES travellers (id),
                    alert_id TEXT NOT NULL,
                    list TEXT NOT NULL,
                    action TEXT NOT NULL,
                    band TEXT NOT NULL,
                    score DOUBLE PRECISION NOT NULL,
                    reasons TEXT NOT NULL,
                    status TEXT NOT NULL,
                    resolved_by TEXT REFERENCES users (id),
                    resolved_at TEXT,
                    resolution_reason TEXT
                )
                """,
                "CREATE INDEX hits_check ON hits (check_id)",
                "CREATE INDEX hits_traveller ON hits (traveller_id)",
                // One row per decision: first line, then second line for a referred check. The
                // unique pair makes a check decided once per stage whatever the client retries.
                """
                CREATE TABLE crossings (
                    id TEXT PRIMARY KEY,
                    check_id TEXT NOT NULL REFERENCES checks (id),
                    stage TEXT NOT NULL,
                    traveller_id TEXT NOT NULL REFERENCES travellers (id),
                    document_id TEXT NOT NULL REFERENCES documents (id),
                    bcp_code TEXT NOT NULL REFERENCES bcps (code),
                    lane_code TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    officer_id TEXT NOT NULL REFERENCES users (id),
                    decision TEXT NOT NULL,
                    ground TEXT,
                    note TEXT,
                    stay_basis TEXT NOT NULL,
                    day TEXT NOT NULL,
                    check_started_at TEXT NOT NULL,
                    decided_at TEXT NOT NULL,
                    authorised_until TEXT,
                    idempotency_key TEXT,
                    request_hash TEXT,
                    UNIQUE (check_id, stage),
                    UNIQUE (officer_id, idempotency_key)
                )
                """,
                "CREATE INDEX crossings_traveller ON crossings (traveller_id, day)",
                "CREATE INDEX crossings_bcp_day ON crossings (bcp_code, day)",
                """
                CREATE TABLE cases (
                    id TEXT PRIMARY KEY,
                    check_id TEXT NOT NULL UNIQUE REFERENCES checks (id),
                    traveller_id TEXT NOT NULL REFERENCES travellers (id),
                    bcp_code TEXT NOT NULL REFERENCES bcps (code),
                    opened_at TEXT NOT NULL,
                    opened_by TEXT NOT NULL REFERENCES users (id),
                    note TEXT,
                    status TEXT NOT NULL,
                    closed_at TEXT,
                    closed_by TEXT REFERENCES users (id),
                    decision TEXT
                )
                """,
                "CREATE INDEX cases_queue ON cases (bcp_code, status, opened_at)",
                """
                CREATE TABLE audit_events (
                    seq BIGINT PRIMARY KEY,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    purpose TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                )
                """,
                // The chain's end, so that deleting the newest events is seen too.
                "CREATE TABLE audit_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)",
                "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '\(AuditChain.genesis)')",
            ]
        ),
        (
            5,
            [
                """
                CREATE TABLE protection_flags (
                    id TEXT PRIMARY KEY,
                    traveller_id TEXT NOT NULL REFERENCES travellers (id),
                    kind TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    check_id TEXT REFERENCES checks (id),
                    note TEXT,
                    raised_by TEXT NOT NULL REFERENCES users (id),
                    raised_at TEXT NOT NULL,
                    status TEXT NOT NULL
                )
                """,
                "CREATE INDEX protection_flags_traveller ON protection_flags (traveller_id, status)",
                """
                CREATE TABLE safeguard_reviews (
                    id TEXT PRIMARY KEY,
                    check_id TEXT NOT NULL UNIQUE REFERENCES checks (id),
                    reviewer_id TEXT NOT NULL REFERENCES users (id),
                    reviewed_at TEXT NOT NULL,
                    reasons TEXT NOT NULL
                )
                """,
            ]
        ),
        (
            6,
            [
                """
                CREATE TABLE vulnerability_assessments (
                    id TEXT PRIMARY KEY,
                    traveller_id TEXT NOT NULL REFERENCES travellers (id),
                    assessor_id TEXT NOT NULL REFERENCES users (id),
                    assessed_at TEXT NOT NULL,
                    level TEXT NOT NULL,
                    findings TEXT NOT NULL,
                    note TEXT
                )
                """,
                "CREATE INDEX vulnerability_assessments_traveller ON vulnerability_assessments (traveller_id, assessed_at)",
                """
                CREATE TABLE age_assessments (
                    id TEXT PRIMARY KEY,
                    traveller_id TEXT NOT NULL REFERENCES travellers (id),
                    claimed_age INTEGER NOT NULL,
                    doubt TEXT NOT NULL,
                    guardian TEXT,
                    status TEXT NOT NULL,
                    opened_by TEXT NOT NULL REFERENCES users (id),
                    opened_at TEXT NOT NULL,
                    methods TEXT,
                    professionals TEXT,
                    min_age INTEGER,
                    max_age INTEGER,
                    recorded_age INTEGER,
                    appeal TEXT,
                    closed_by TEXT REFERENCES users (id),
                    closed_at TEXT
                )
                """,
                "CREATE INDEX age_assessments_traveller ON age_assessments (traveller_id, status)",
                "ALTER TABLE protection_flags ADD COLUMN closed_by TEXT REFERENCES users (id)",
                "ALTER TABLE protection_flags ADD COLUMN closed_at TEXT",
                "ALTER TABLE protection_flags ADD COLUMN closing_reason TEXT",
                """
                CREATE TABLE information_given (
                    id TEXT PRIMARY KEY,
                    traveller_id TEXT NOT NULL REFERENCES travellers (id),
                    leaflet TEXT NOT NULL,
                    language TEXT NOT NULL,
                    given_at TEXT NOT NULL,
                    given_by TEXT NOT NULL REFERENCES users (id)
                )
                """,
            ]
        ),
        (
            7,
            [
                """
                CREATE TABLE services (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    kinds TEXT NOT NULL,
                    area TEXT,
                    contact TEXT,
                    agency_id TEXT REFERENCES agencies (id),
                    acceptance_hours INTEGER NOT NULL
                )
                """,
                """
                CREATE TABLE referrals (
                    id TEXT PRIMARY KEY,
                    traveller_id TEXT NOT NULL REFERENCES travellers (id),
                    service_id TEXT NOT NULL REFERENCES services (id),
                    kind TEXT NOT NULL,
                    status TEXT NOT NULL,
                    shares TEXT NOT NULL,
                    consent TEXT NOT NULL,
                    override_reason TEXT,
                    override_by TEXT REFERENCES users (id),
                    sent_by TEXT NOT NULL REFERENCES users (id),
                    sent_at TEXT NOT NULL,
                    deadline TEXT,
                    responded_by TEXT REFERENCES users (id),
                    responded_at TEXT,
                    response_reason TEXT,
                    outcome TEXT,
                    outcome_reason TEXT,
                    closed_at TEXT
                )
                """,
                "CREATE INDEX referrals_service ON referrals (service_id, status)",
                "CREATE INDEX referrals_traveller ON referrals (traveller_id)",
            ]
        ),
        (
            8,
            [
                // A person met without a travel document is a traveller with no document row;
                // this table holds how they were met. Unknown names are stored empty.
                """
                CREATE TABLE persons_without_documents (
                    traveller_id TEXT PRIMARY KEY REFERENCES travellers (id),
                    bcp_code TEXT NOT NULL REFERENCES bcps (code),
                    arrival TEXT NOT NULL,
                    group_ref TEXT,
                    estimated_age INTEGER,
                    languages TEXT,
                    description TEXT,
                    registered_by TEXT NOT NULL REFERENCES users (id),
                    registered_at TEXT NOT NULL
                )
                """,
                "CREATE INDEX persons_without_documents_bcp ON persons_without_documents (bcp_code, registered_at)",
            ]
        ),
        (
            9,
            [
                // The latest exit date a check found, so that recording the decision need not
                // decode the whole stored result: '' when there is none, NULL for older checks.
                "ALTER TABLE checks ADD COLUMN latest_exit TEXT"
            ]
        ),
        (
            10,
            [
                // The digest of the record an event describes (AuditedRecords), the head's
                // signature with the audit key, and signed checkpoints (AuditChain).
                "ALTER TABLE audit_events ADD COLUMN digest TEXT",
                // The last event of each transaction is signed, so a rewrite is named where it began.
                "ALTER TABLE audit_events ADD COLUMN signature TEXT",
                "ALTER TABLE audit_head ADD COLUMN signature TEXT",
                "ALTER TABLE audit_head ADD COLUMN key_id TEXT",
                """
                CREATE TABLE audit_checkpoints (
                    seq BIGINT NOT NULL,
                    hash TEXT NOT NULL,
                    at TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    public_key TEXT NOT NULL,
                    signature TEXT NOT NULL
                )
                """,
                // A hit's reasons as codes with their values (HitEvidence), for the console's languages.
                "ALTER TABLE hits ADD COLUMN evidence TEXT",
                // What a referral showed its partner, frozen when it was sent (JSON).
                "ALTER TABLE referrals ADD COLUMN shared TEXT",
                // Login attempts within the throttle's window (LoginAttempts): kept in the store so
                // that a restart does not forget them and concurrent guesses are counted exactly.
                """
                CREATE TABLE login_attempts (
                    id TEXT PRIMARY KEY,
                    account TEXT NOT NULL,
                    address TEXT NOT NULL,
                    at TEXT NOT NULL,
                    kind TEXT NOT NULL
                )
                """,
                "CREATE INDEX login_attempts_account ON login_attempts (account, at)",
                "CREATE INDEX login_attempts_address ON login_attempts (address, at)",
                "CREATE INDEX login_attempts_at ON login_attempts (at)",
                // Travellers linked by a document (IdentityRules): a presenter whose identity is not the
                // recorded holder's gets a record of their own, linked as sharing the document; a known
                // person's new document is linked as a likely renewal.
                """
                CREATE TABLE traveller_links (
                    traveller_id TEXT NOT NULL REFERENCES travellers (id),
                    other_id TEXT NOT NULL REFERENCES travellers (id),
                    kind TEXT NOT NULL CHECK (kind IN ('shares_document', 'likely_renewal')),
                    document_id TEXT NOT NULL REFERENCES documents (id),
                    check_id TEXT NOT NULL REFERENCES checks (id),
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (traveller_id, kind, document_id)
                )
                """,
                "CREATE INDEX traveller_links_document ON traveller_links (document_id, kind)",
            ]
        ),
        (
            11,
            [
                // Headquarters: the posts it has enrolled, each with its pinned key and the highest
                // outbox number applied from it (SyncStore).
                """
                CREATE TABLE nodes (
                    id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
                    bcps TEXT NOT NULL,
                    public_key TEXT NOT NULL,
                    enrolled_at TEXT NOT NULL,
                    enrolled_by TEXT NOT NULL,
                    applied_seq BIGINT NOT NULL,
                    last_contact TEXT,
                    reference_version TEXT,
                    watchlist_version BIGINT,
                    revoked_at TEXT
                )
                """,
                // A post: what this database is (absent at headquarters), and its outbox. Every
                // record the post creates or changes is copied here by a trigger, in the same
                // transaction, numbered without gaps by outbox_state.
                """
                CREATE TABLE node_identity (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    node_id TEXT NOT NULL,
                    headquarters TEXT NOT NULL,
                    reference_version TEXT,
                    watchlist_version BIGINT,
                    reference_pulled_at TEXT,
                    last_sent_at TEXT,
                    last_contact TEXT,
                    last_error TEXT
                )
                """,
                "CREATE TABLE outbox (seq BIGINT PRIMARY KEY, tbl TEXT NOT NULL, op TEXT NOT NULL, row_data TEXT NOT NULL, prior TEXT)",
                "CREATE TABLE outbox_state (id INTEGER PRIMARY KEY CHECK (id = 1), last_seq BIGINT NOT NULL, acknowledged_seq BIGINT NOT NULL)",
                "INSERT INTO outbox_state (id, last_seq, acknowledged_seq) VALUES (1, 0, 0)",
                // Headquarters: a post's change that met another version of its record. Neither is
                // lost: headquarters' record stays, the post's is kept here for a person to see.
                """
                CREATE TABLE sync_conflicts (
                    id TEXT PRIMARY KEY,
                    node_id TEXT NOT NULL REFERENCES nodes (id),
                    seq BIGINT NOT NULL,
                    tbl TEXT NOT NULL,
                    record_key TEXT NOT NULL,
                    op TEXT NOT NULL,
                    row_data TEXT NOT NULL,
                    prior TEXT,
                    reason TEXT NOT NULL,
                    at TEXT NOT NULL
                )
                """,
                "CREATE INDEX sync_conflicts_record ON sync_conflicts (tbl, record_key)",
            ]
        ),
        (
            12,
            [
                // One audit chain per node (AuditChain): this node's own, named 'local', and at
                // headquarters each post's as it arrives, named 'node:' and the post's id. Events
                // are numbered within their chain; each chain has its own signed head.
                """
                CREATE TABLE audit_chain_events (
                    chain TEXT NOT NULL,
                    seq BIGINT NOT NULL,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    purpose TEXT NOT NULL,
                    digest TEXT,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    signature TEXT,
                    PRIMARY KEY (chain, seq)
                )
                """,
                """
                INSERT INTO audit_chain_events (chain, seq, at, actor, action, record_type, record_id, purpose, digest, prev_hash, hash, signature)
                SELECT 'local', seq, at, actor, action, record_type, record_id, purpose, digest, prev_hash, hash, signature FROM audit_events
                """,
                "DROP TABLE audit_events",
                "ALTER TABLE audit_chain_events RENAME TO audit_events",
                "CREATE INDEX audit_events_record ON audit_events (record_id)",
                "CREATE TABLE audit_heads (chain TEXT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL, signature TEXT, key_id TEXT)",
                "INSERT INTO audit_heads (chain, seq, hash, signature, key_id) SELECT 'local', seq, hash, signature, key_id FROM audit_head",
                "DROP TABLE audit_head",
                // Headquarters: why the node's last batch was refused (cleared by the next one applied),
                // for the node list.
                "ALTER TABLE nodes ADD COLUMN last_refusal TEXT",
                // A post: crossings recorded elsewhere in the service, copied down (ServiceCrossings):
                // how far it has taken them, and when; `copying` holds the outbox's triggers back
                // while it writes the copies.
                "ALTER TABLE node_identity ADD COLUMN crossings_after BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE node_identity ADD COLUMN crossings_pulled_at TEXT",
                "ALTER TABLE outbox_state ADD COLUMN copying INTEGER NOT NULL DEFAULT 0",
                // Headquarters: a post's document that is headquarters' document under another id
                // (the same passport recorded as new at two places before their records met). The
                // post's later rows are read with headquarters' id (BatchApplier).
                """
                CREATE TABLE sync_aliases (
                    node_id TEXT NOT NULL REFERENCES nodes (id),
                    tbl TEXT NOT NULL,
                    alias_id TEXT NOT NULL,
                    target_id TEXT NOT NULL,
                    PRIMARY KEY (node_id, tbl, alias_id)
                )
                """,
            ]
        ),
        (
            13,
            [
                // The watchlist's changes since a version (WatchlistStore.changes): the version that
                // last changed each alert, the alerts removed, and the oldest version from which
                // changes are known (this step's: what was removed before it is not).
                "ALTER TABLE alerts ADD COLUMN changed_version BIGINT NOT NULL DEFAULT 0",
                "UPDATE alerts SET changed_version = (SELECT version FROM watchlist_version)",
                "CREATE INDEX alerts_changed_version ON alerts (changed_version)",
                "CREATE TABLE alert_removals (alert_id TEXT PRIMARY KEY, version BIGINT NOT NULL)",
                "ALTER TABLE watchlist_version ADD COLUMN changes_from BIGINT NOT NULL DEFAULT 0",
                "UPDATE watchlist_version SET changes_from = version",
                // How a person at headquarters settled each conflict (NodeStore.judge).
                "ALTER TABLE sync_conflicts ADD COLUMN judged_at TEXT",
                "ALTER TABLE sync_conflicts ADD COLUMN judged_by TEXT",
                "ALTER TABLE sync_conflicts ADD COLUMN outcome TEXT",
                "ALTER TABLE sync_conflicts ADD COLUMN judgement_note TEXT",
            ]
        ),
        (
            14,
            [
                // What each agency's users may read and do (Mandate), as JSON; filled by the hook.
                "ALTER TABLE agencies ADD COLUMN mandate TEXT"
            ]
        ),
        (
            15,
            [
                // Sharing agreements with other countries, each change a new version (ExchangeStore).
                """
                CREATE TABLE agreements (
                    id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    instrument TEXT NOT NULL,
                    article TEXT NOT NULL,
                    partner TEXT NOT NULL,
                    valid_from TEXT NOT NULL,
                    valid_until TEXT,
                    status TEXT NOT NULL,
                    terms TEXT NOT NULL,
                    recorded_by TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    PRIMARY KEY (id, version)
                )
                """,
                // Partner countries' services: where to deliver, and the key their messages are
                // signed with (pinned here, apart from the keys of this service's own posts).
                """
                CREATE TABLE exchange_partners (
                    country TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    url TEXT NOT NULL,
                    public_key TEXT NOT NULL,
                    watchlist_sent BIGINT NOT NULL DEFAULT 0,
                    last_contact TEXT,
                    last_error TEXT
                )
                """,
                // What this service sends each partner, in order, kept as signed-to-be text.
                """
                CREATE TABLE exchange_outbox (
                    partner TEXT NOT NULL,
                    seq BIGINT NOT NULL,
                    id TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    action TEXT NOT NULL,
                    record TEXT NOT NULL,
                    agreement_id TEXT NOT NULL,
                    agreement_version INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    state TEXT NOT NULL,
                    outcome_at TEXT,
                    reason TEXT,
                    PRIMARY KEY (partner, seq)
                )
                """,
                // What partners sent, accepted or refused, with the signature it came with.
                """
                CREATE TABLE exchange_inbox (
                    sender TEXT NOT NULL,
                    seq BIGINT NOT NULL,
                    id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    action TEXT NOT NULL,
                    record TEXT NOT NULL,
                    agreement_id TEXT NOT NULL,
                    agreement_version INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    signature TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    state TEXT NOT NULL,
                    reason TEXT,
                    PRIMARY KEY (sender, seq)
                )
                """,
                // An alert from a partner: the country, and the message that last set it.
                "ALTER TABLE alerts ADD COLUMN source TEXT",
                "ALTER TABLE alerts ADD COLUMN source_message TEXT",
                "ALTER TABLE alert_removals ADD COLUMN source TEXT",
                // One-stop border posts: the partner, its code for the post, and since when exits
                // admitted here are passed on (OneStopStore).
                "ALTER TABLE bcps ADD COLUMN one_stop_partner TEXT",
                "ALTER TABLE bcps ADD COLUMN one_stop_partner_bcp TEXT",
                "ALTER TABLE bcps ADD COLUMN one_stop_since TEXT",
                """
                CREATE TABLE one_stop_operations (
                    id TEXT PRIMARY KEY,
                    direction TEXT NOT NULL,
                    partner TEXT NOT NULL,
                    bcp TEXT NOT NULL,
                    crossing_id TEXT,
                    check_id TEXT,
                    person TEXT NOT NULL,
                    state TEXT NOT NULL,
                    reason TEXT,
                    created_at TEXT NOT NULL,
                    completed_at TEXT
                )
                """,
                // Where the one-stop sweep has read the audit chain to (OneStopOperations): from
                // this step on, since no post was one-stop before it.
                "CREATE TABLE one_stop_sweep (id INTEGER PRIMARY KEY CHECK (id = 1), after_seq BIGINT NOT NULL)",
                "INSERT INTO one_stop_sweep (id, after_seq) SELECT 1, coalesce(max(seq), 0) FROM audit_heads WHERE chain = 'local'",
                // Who made each watchlist version: the action behind what is disclosed to partners.
                "CREATE TABLE watchlist_imports (version BIGINT PRIMARY KEY, actor TEXT NOT NULL, at TEXT NOT NULL)",
                // Requests for information about a hit on a partner's alert, both ways: asked here
                // of a partner (outgoing) or by a partner of this service (incoming).
                """
                CREATE TABLE information_requests (
                    id TEXT PRIMARY KEY,
                    partner TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    alert_id TEXT NOT NULL,
                    hit_id TEXT,
                    question TEXT NOT NULL,
                    person TEXT NOT NULL,
                    agreement_id TEXT NOT NULL,
                    agreement_version INTEGER NOT NULL,
                    asked_at TEXT NOT NULL,
                    asked_by TEXT NOT NULL,
                    due_at TEXT NOT NULL,
                    answer TEXT,
                    answered_at TEXT,
                    answered_by TEXT
                )
                """,
            ]
        ),
        (
            16,
            [
                // Figures kept as crossings are written (StatisticsStore), so that no report
                // scans the crossings. The lane is part of each key: a booth decides one
                // traveller at a time, so booths never wait on each other's rows.
                """
                CREATE TABLE crossing_counts (
                    day TEXT NOT NULL,
                    bcp_code TEXT NOT NULL,
                    lane_code TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    ground TEXT NOT NULL,
                    citizenship TEXT NOT NULL,
                    sex TEXT NOT NULL,
                    age INTEGER NOT NULL,
                    document_type TEXT NOT NULL,
                    crossings BIGINT NOT NULL,
                    travellers_day BIGINT NOT NULL,
                    travellers_week BIGINT NOT NULL,
                    travellers_month BIGINT NOT NULL,
                    travellers_quarter BIGINT NOT NULL,
                    travellers_year BIGINT NOT NULL,
                    PRIMARY KEY (day, bcp_code, lane_code, direction, outcome, ground, citizenship, sex, age, document_type)
                )
                """,
                // Days and months gathered from crossing_counts once they are over
                // (StatisticsStore.compact), by age band, at a few grains each (the columns a grain
                // leaves out hold '_T'), so that a month's or a year's figures read a few rows per
                // day or month; see docs/design.md, "Statistics". statistics_state says how far,
                // and with which bands.
                """
                CREATE TABLE crossing_rollups (
                    level TEXT NOT NULL,
                    grain TEXT NOT NULL,
                    start TEXT NOT NULL,
                    bcp_code TEXT NOT NULL,
                    lane_code TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    ground TEXT NOT NULL,
                    citizenship TEXT NOT NULL,
                    sex TEXT NOT NULL,
                    age_band TEXT NOT NULL,
                    document_type TEXT NOT NULL,
                    crossings BIGINT NOT NULL,
                    travellers_day BIGINT NOT NULL,
                    travellers_week BIGINT NOT NULL,
                    travellers_month BIGINT NOT NULL,
                    travellers_quarter BIGINT NOT NULL,
                    travellers_year BIGINT NOT NULL,
                    PRIMARY KEY (level, grain, start, bcp_code, lane_code, direction, outcome, ground, citizenship, sex, age_band, document_type)
                )
                """,
                """
                CREATE TABLE statistics_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    day_through TEXT NOT NULL,
                    month_through TEXT NOT NULL,
                    age_bands TEXT NOT NULL
                )
                """,
                "INSERT INTO statistics_state (id, day_through, month_through, age_bands) VALUES (1, '', '', '')",
                // Overstays are found by the end of the authorised stay, without reading every crossing.
                "CREATE INDEX crossings_authorised_until ON crossings (authorised_until) WHERE authorised_until IS NOT NULL",
                """
                CREATE TABLE processing_times (
                    day TEXT NOT NULL,
                    bcp_code TEXT NOT NULL,
                    lane_code TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    hour INTEGER NOT NULL,
                    bucket INTEGER NOT NULL,
                    n BIGINT NOT NULL,
                    PRIMARY KEY (day, bcp_code, lane_code, stage, hour, bucket)
                )
                """,
                """
                CREATE TABLE lane_queues (
                    bcp_code TEXT NOT NULL REFERENCES bcps (code),
                    lane_code TEXT NOT NULL,
                    reported_at TEXT NOT NULL,
                    waiting INTEGER NOT NULL,
                    reported_by TEXT NOT NULL REFERENCES users (id),
                    PRIMARY KEY (bcp_code, lane_code, reported_at)
                )
                """,
                // Releases as published: immutable content and its hash; withdrawal only adds.
                """
                CREATE TABLE releases (
                    id TEXT PRIMARY KEY,
                    title TEXT NOT NULL,
                    content TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    published_at TEXT NOT NULL,
                    published_by TEXT NOT NULL REFERENCES users (id),
                    withdrawn_at TEXT,
                    withdrawn_by TEXT REFERENCES users (id),
                    withdrawn_reason TEXT
                )
                """,
            ]
        ),
    ]

    /// Work a step needs beyond its statements, run in the same transaction after them, given
    /// the version the database had before this run.
    static let hooks: [Int: @Sendable (Store, any SQLDatabase, _ from: Int) async throws -> Void] = [
        10: { store, db, _ in
            _ = try await ProtectionStore.freezeLiveReferralsAtUpgrade(on: db, at: Timestamp())
        },
        // Step 10 introduced record digests; the events attesting the records already stored are
        // written here, where the audit code's tables (one chain per node) exist.
        12: { store, db, from in
            if from < 10 { try await AuditStore.attestRecordsAtUpgrade(store, on: db) }
        },
        14: { store, db, _ in try await OrganisationStore.giveMandatesAtUpgrade(store, on: db) },
        16: { store, db, _ in try await StatisticsStore.rebuild(engine: store.engine, on: db) },
    ]

    static var current: Int { steps.last?.version ?? 0 }

    static func run(on store: Store) async throws {
        try await store.write { db in
            try await db.raw("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)").run()
        }
        let version = try await store.read { db in
            try await db.raw("SELECT version FROM schema_version").first()?.decode(column: "version", as: Int.self) ?? 0
        }
        if version > current {
            throw StoreError("the database has schema version \(version), newer than this Limes (\(current)); run a newer Limes")
        }
        for step in steps where step.version > version {
            try await store.transaction { db in
                for statement in step.statements { try await db.raw(SQLQueryString(statement)).run() }
                try await hooks[step.version]?(store, db, version)
                try await db.raw("DELETE FROM schema_version").run()
                try await db.raw("INSERT INTO schema_version (version) VALUES (\(bind: step.version))").run()
            }
        }
    }
}
