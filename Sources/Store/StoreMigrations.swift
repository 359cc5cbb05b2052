import GRDB

/// The schema, as a list of migrations applied once each, in order.
///
/// A migration, once released, is never edited: a schema change is a new migration
/// appended here (`v2_…`), so every existing database upgrades the same way.
enum StoreMigrations {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1_call_records") { db in
            // Dates are GRDB's UTC text "YYYY-MM-DD HH:MM:SS.SSS": they sort in time
            // order and read well in the sqlite3 shell.
            try db.execute(sql: """
                CREATE TABLE call_record (
                    id           TEXT PRIMARY KEY NOT NULL,
                    direction    TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound', 'echo')),
                    web_identity TEXT,
                    destination  TEXT NOT NULL,
                    trunk        TEXT,
                    sip_call_id  TEXT,
                    started_at   TEXT NOT NULL,
                    answered_at  TEXT,
                    ended_at     TEXT,
                    hangup_side  TEXT,
                    cause        TEXT,
                    sip_status   INTEGER,
                    q850         INTEGER
                );
                CREATE INDEX call_record_started_at ON call_record (started_at);
                -- Only open calls are indexed: the few rows startup recovery looks for.
                CREATE INDEX call_record_open ON call_record (started_at) WHERE ended_at IS NULL;
                """)
        }

        migrator.registerMigration("v2_dialplan_revisions") { db in
            // AUTOINCREMENT: ids are never reused after pruning, so "rollback to revision 3"
            // in a note keeps naming the same revision. `size` is the UTF-8 byte count of
            // `contents`, so listings need not read the contents.
            try db.execute(sql: """
                CREATE TABLE dialplan_revision (
                    id         INTEGER PRIMARY KEY AUTOINCREMENT,
                    created_at TEXT NOT NULL,
                    source     TEXT NOT NULL,
                    note       TEXT,
                    digest     TEXT NOT NULL
                );
                CREATE TABLE dialplan_revision_file (
                    revision_id INTEGER NOT NULL REFERENCES dialplan_revision (id) ON DELETE CASCADE,
                    name        TEXT NOT NULL,
                    contents    TEXT NOT NULL,
                    size        INTEGER NOT NULL CHECK (size >= 0),
                    PRIMARY KEY (revision_id, name)
                );
                """)
        }

        migrator.registerMigration("v3_call_events") { db in
            // What happened to a call along the way (a browser dropping and coming back…),
            // in the order it happened: `id` orders a call's events, and the index serves
            // both that ordering and the per-call count behind the events bound.
            try db.execute(sql: """
                CREATE TABLE call_event (
                    id      INTEGER PRIMARY KEY AUTOINCREMENT,
                    call_id TEXT NOT NULL REFERENCES call_record (id) ON DELETE CASCADE,
                    at      TEXT NOT NULL,
                    kind    TEXT NOT NULL,
                    detail  TEXT
                );
                CREATE INDEX call_event_call ON call_event (call_id, id);
                """)
        }

        migrator.registerMigration("v4_operators") { db in
            // Who may sign in to the admin console, and the keys of the REST API. Only
            // hashes are kept: `password_hash` is a PHC scrypt string, `key_hash` a digest
            // of the key (the key is shown once, when made). `prefix` is the key's first
            // characters, so operators can tell their keys apart in listings.
            // AUTOINCREMENT: a revoked key's id is never given to a new key, so a late
            // "last used" update cannot land on the wrong key.
            try db.execute(sql: """
                CREATE TABLE operators (
                    name          TEXT PRIMARY KEY NOT NULL CHECK (length(name) > 0),
                    password_hash TEXT NOT NULL,
                    created_at    TEXT NOT NULL,
                    updated_at    TEXT NOT NULL
                );
                CREATE TABLE api_keys (
                    id           INTEGER PRIMARY KEY AUTOINCREMENT,
                    name         TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
                    key_hash     TEXT NOT NULL UNIQUE,
                    prefix       TEXT NOT NULL,
                    created_at   TEXT NOT NULL,
                    last_used_at TEXT
                );
                """)
        }

        migrator.registerMigration("v5_call_links") { db in
            // Links operators make in the admin console (docs/call-links.md). The id is the
            // secret in the link's URL. `destination` holds the number, group or menu by
            // `destination_kind`; `hours_days` is "mon,tue,…" with `hours_from`/`hours_to`
            // minutes after midnight in `hours_time_zone`. Revoked links stay, so their
            // uses keep naming them.
            // `call_link_uses`: every call attempt through a link, refused ones included;
            // AUTOINCREMENT orders them and is never reused after pruning.
            try db.execute(sql: """
                CREATE TABLE call_links (
                    id               TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
                    label            TEXT NOT NULL CHECK (length(label) > 0),
                    destination_kind TEXT NOT NULL CHECK (destination_kind IN ('number', 'agents', 'menu')),
                    destination      TEXT NOT NULL,
                    context          TEXT,
                    display_name     TEXT,
                    dial_pad         INTEGER NOT NULL,
                    valid_from       TEXT,
                    valid_until      TEXT,
                    hours_days       TEXT,
                    hours_from       INTEGER,
                    hours_to         INTEGER,
                    hours_time_zone  TEXT,
                    one_time         INTEGER NOT NULL,
                    created_by       TEXT NOT NULL,
                    created_at       TEXT NOT NULL,
                    revoked_at       TEXT,
                    spent_at         TEXT
                );
                CREATE TABLE call_link_uses (
                    id      INTEGER PRIMARY KEY AUTOINCREMENT,
                    link_id TEXT NOT NULL,
                    at      TEXT NOT NULL,
                    call_id TEXT,
                    outcome TEXT NOT NULL CHECK (outcome IN ('placed', 'refused')),
                    detail  TEXT
                );
                CREATE INDEX call_link_use_link ON call_link_uses (link_id, id);
                """)
        }

        migrator.registerMigration("v6_settings") { db in
            // Settings operators change in the admin console, as JSON by key (the ICE
            // servers handed to browsers, `ice_servers`), with who changed them last.
            try db.execute(sql: """
                CREATE TABLE settings (
                    key        TEXT PRIMARY KEY NOT NULL CHECK (length(key) > 0),
                    value      TEXT NOT NULL,
                    updated_by TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                """)
        }

        return migrator
    }()
}
