-- +goose Up
-- Admin UI sessions, shared by both nodes of a pair through the store. The
-- session id itself never reaches the database: id_hash is its SHA-256.
CREATE TABLE admin_sessions (
    id_hash     TEXT PRIMARY KEY,
    username    TEXT NOT NULL REFERENCES admin_users(username) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    last_seen   BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    user_agent  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX admin_sessions_username ON admin_sessions (username);
CREATE INDEX admin_sessions_expires ON admin_sessions (expires_at);

-- The CDR page and its CSV export filter by number on either side.
CREATE INDEX cdrs_caller_number ON cdrs (caller_number, started_at);
CREATE INDEX cdrs_callee_number ON cdrs (callee_number, started_at);

-- +goose Down
DROP INDEX cdrs_callee_number;
DROP INDEX cdrs_caller_number;
DROP TABLE admin_sessions;
