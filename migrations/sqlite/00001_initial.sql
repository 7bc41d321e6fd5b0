-- +goose Up
-- Times are Unix milliseconds (BIGINT) in both dialects, so one set of
-- queries serves SQLite and PostgreSQL.

CREATE TABLE config_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO config_version (id, version) VALUES (1, 1);

CREATE TABLE extensions (
    number          TEXT PRIMARY KEY,
    name            TEXT NOT NULL DEFAULT '',
    realm           TEXT NOT NULL,
    ha1_md5         TEXT NOT NULL,
    ha1_sha256      TEXT NOT NULL,
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    caller_id       TEXT NOT NULL DEFAULT '',
    ring_timeout_s  INTEGER NOT NULL DEFAULT 30,
    voicemail_pin   TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

CREATE TABLE registrations (
    extension    TEXT NOT NULL REFERENCES extensions(number) ON DELETE CASCADE,
    contact      TEXT NOT NULL,
    transport    TEXT NOT NULL,
    source       TEXT NOT NULL,
    local_addr   TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT '',
    call_id      TEXT NOT NULL DEFAULT '',
    cseq         BIGINT NOT NULL DEFAULT 0,
    instance     TEXT NOT NULL DEFAULT '',
    reg_id       INTEGER NOT NULL DEFAULT 0,
    expires_at   BIGINT NOT NULL,
    node         TEXT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (extension, contact)
);
CREATE INDEX registrations_expires ON registrations (expires_at);

CREATE TABLE bans (
    addr        TEXT PRIMARY KEY,
    reason      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

CREATE TABLE trunks (
    name        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    host        TEXT NOT NULL,
    transport   TEXT NOT NULL DEFAULT 'udp',
    username    TEXT NOT NULL DEFAULT '',
    password    TEXT NOT NULL DEFAULT '',
    allow       TEXT NOT NULL DEFAULT '',
    srtp        TEXT NOT NULL DEFAULT 'off',
    caller_id   TEXT NOT NULL DEFAULT '',
    register    BOOLEAN NOT NULL DEFAULT FALSE,
    enabled     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE inbound_routes (
    did          TEXT PRIMARY KEY,
    trunk        TEXT NOT NULL REFERENCES trunks(name) ON DELETE CASCADE,
    destination  TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE TABLE outbound_routes (
    name        TEXT PRIMARY KEY,
    position    INTEGER NOT NULL,
    pattern     TEXT NOT NULL,
    trunks      TEXT NOT NULL,
    strip       INTEGER NOT NULL DEFAULT 0,
    prepend     TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);

CREATE TABLE cdrs (
    id             TEXT PRIMARY KEY,
    node           TEXT NOT NULL,
    call_id        TEXT NOT NULL DEFAULT '',
    started_at     BIGINT NOT NULL,
    answered_at    BIGINT NOT NULL DEFAULT 0,
    ended_at       BIGINT NOT NULL,
    duration_ms    BIGINT NOT NULL DEFAULT 0,
    billsec_ms     BIGINT NOT NULL DEFAULT 0,
    caller_number  TEXT NOT NULL DEFAULT '',
    caller_name    TEXT NOT NULL DEFAULT '',
    callee_number  TEXT NOT NULL DEFAULT '',
    callee_name    TEXT NOT NULL DEFAULT '',
    disposition    TEXT NOT NULL,
    hangup_reason  TEXT NOT NULL DEFAULT '',
    hangup_side    TEXT NOT NULL DEFAULT '',
    codec_a        TEXT NOT NULL DEFAULT '',
    codec_b        TEXT NOT NULL DEFAULT '',
    packets_a      BIGINT NOT NULL DEFAULT 0,
    packets_b      BIGINT NOT NULL DEFAULT 0,
    lost_a         BIGINT NOT NULL DEFAULT 0,
    lost_b         BIGINT NOT NULL DEFAULT 0,
    jitter_a_us    BIGINT NOT NULL DEFAULT 0,
    jitter_b_us    BIGINT NOT NULL DEFAULT 0,
    mos_a          REAL NOT NULL DEFAULT 0,
    mos_b          REAL NOT NULL DEFAULT 0
);
CREATE INDEX cdrs_started ON cdrs (started_at);

CREATE TABLE admin_users (
    username        TEXT PRIMARY KEY,
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    username    TEXT NOT NULL REFERENCES admin_users(username) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT NOT NULL DEFAULT 0,
    last_used   BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       BIGINT NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    object   TEXT NOT NULL DEFAULT '',
    detail   TEXT NOT NULL DEFAULT '',
    source   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE admin_users;
DROP TABLE cdrs;
DROP TABLE outbound_routes;
DROP TABLE inbound_routes;
DROP TABLE trunks;
DROP TABLE bans;
DROP TABLE registrations;
DROP TABLE extensions;
DROP TABLE config_version;
