-- The broker's token signing keys. Private keys are stored encrypted (AES-GCM under the broker's
-- master key); a retired key stays published until every token it signed has expired.
CREATE TABLE signing_key (
    kid            VARCHAR(64)  NOT NULL PRIMARY KEY,
    public_jwk     TEXT         NOT NULL,
    private_key    BYTEA        NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL,
    retired_at     TIMESTAMPTZ,
    publish_until  TIMESTAMPTZ
);

-- Tokens already accepted from peers (by jti, or by a digest for peers that send none), kept until
-- they expire, so a replayed token is refused even after a restart.
CREATE TABLE seen_token (
    token_key   VARCHAR(128) NOT NULL PRIMARY KEY,
    issuer      VARCHAR(1024) NOT NULL,
    expires_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX seen_token_expires ON seen_token (expires_at);

-- db-scheduler: persistent deadlines (propagation retries survive a restart).
CREATE TABLE scheduled_tasks (
    task_name            TEXT        NOT NULL,
    task_instance        TEXT        NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMPTZ NOT NULL,
    picked               BOOLEAN     NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMPTZ,
    last_failure         TIMESTAMPTZ,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMPTZ,
    version              BIGINT      NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time ON scheduled_tasks (priority DESC, execution_time ASC);
