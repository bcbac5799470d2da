-- agent-sync schema, portable between H2 and PostgreSQL. Times are epoch milliseconds; JSON is text.
CREATE TABLE sync_rooms (
    id              VARCHAR(128) PRIMARY KEY,
    created_at      BIGINT       NOT NULL,
    meta            TEXT         NOT NULL,
    revision        BIGINT       NOT NULL,
    last_message_id BIGINT       NOT NULL
);

CREATE TABLE sync_entries (
    room_id     VARCHAR(128) NOT NULL,
    scope       VARCHAR(128) NOT NULL,
    entry_key   VARCHAR(128) NOT NULL,
    entry_value TEXT         NOT NULL,
    expr        TEXT,
    version     BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    PRIMARY KEY (room_id, scope, entry_key)
);

CREATE TABLE sync_agents (
    room_id            VARCHAR(128) NOT NULL,
    id                 VARCHAR(128) NOT NULL,
    seq                BIGINT       NOT NULL,
    name               VARCHAR(256) NOT NULL,
    role               VARCHAR(256) NOT NULL,
    meta               TEXT         NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    waiting_on         TEXT,
    status_before_wait VARCHAR(16),
    joined_at          BIGINT       NOT NULL,
    last_heartbeat     BIGINT       NOT NULL,
    token_hash         CHAR(64)     NOT NULL,
    PRIMARY KEY (room_id, id)
);
CREATE INDEX sync_agents_token ON sync_agents (token_hash);

CREATE TABLE sync_messages (
    room_id    VARCHAR(128) NOT NULL,
    id         BIGINT       NOT NULL,
    from_agent VARCHAR(128),
    to_agent   VARCHAR(128),
    kind       VARCHAR(256) NOT NULL,
    body       TEXT         NOT NULL,
    reply_to   BIGINT,
    claimed_by VARCHAR(128),
    claimed_at BIGINT,
    created_at BIGINT       NOT NULL,
    PRIMARY KEY (room_id, id)
);
CREATE INDEX sync_messages_reply ON sync_messages (room_id, reply_to);
