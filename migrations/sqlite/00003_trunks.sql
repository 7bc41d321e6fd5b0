-- +goose Up
-- Trunks, inbound routes (DIDs) and outbound routes. 00001 created
-- placeholder tables for them that nothing ever wrote; they are replaced
-- whole. References to trunks have no ON DELETE action: the store refuses
-- to remove a trunk that a DID, a route or another trunk's failover uses,
-- and the foreign keys back that check up against a concurrent writer.
DROP TABLE outbound_routes;
DROP TABLE inbound_routes;
DROP TABLE trunks;

CREATE TABLE trunks (
    name        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('chime', 'generic')),
    host        TEXT NOT NULL,
    port        INTEGER NOT NULL DEFAULT 0,
    transport   TEXT NOT NULL CHECK (transport IN ('udp', 'tcp', 'tls')),
    username    TEXT NOT NULL DEFAULT '',
    password    TEXT NOT NULL DEFAULT '',
    register    BOOLEAN NOT NULL DEFAULT FALSE,
    allow       TEXT NOT NULL DEFAULT '',
    srtp        TEXT NOT NULL CHECK (srtp IN ('off', 'optional', 'required')),
    caller_id   TEXT NOT NULL DEFAULT '',
    regions     TEXT NOT NULL DEFAULT '',
    failover    TEXT REFERENCES trunks(name),
    enabled     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE inbound_routes (
    did          TEXT PRIMARY KEY,
    trunk        TEXT NOT NULL REFERENCES trunks(name),
    destination  TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX inbound_routes_trunk ON inbound_routes (trunk);

CREATE TABLE outbound_routes (
    name        TEXT PRIMARY KEY,
    position    INTEGER NOT NULL UNIQUE,
    pattern     TEXT NOT NULL,
    strip       INTEGER NOT NULL DEFAULT 0,
    prepend     TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);

-- The trunks of a route, in failover order.
CREATE TABLE outbound_route_trunks (
    route     TEXT NOT NULL REFERENCES outbound_routes(name) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    trunk     TEXT NOT NULL REFERENCES trunks(name),
    PRIMARY KEY (route, position)
);
CREATE INDEX outbound_route_trunks_trunk ON outbound_route_trunks (trunk);

-- The widest kind of outside call an extension may make.
ALTER TABLE extensions ADD COLUMN class TEXT NOT NULL DEFAULT 'national';

-- +goose Down
ALTER TABLE extensions DROP COLUMN class;
DROP TABLE outbound_route_trunks;
DROP TABLE outbound_routes;
DROP TABLE inbound_routes;
DROP TABLE trunks;

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
