-- Service instances: what the task adapter keeps beside the events. Every secret is sealed (AES-GCM):
-- an instance's own key under the broker's master key, its credential store and output files under the
-- instance's key (so a purge, which destroys that key, leaves them unreadable wherever they lie).
CREATE TABLE instance_keys (
    instance_id   TEXT        NOT NULL PRIMARY KEY,
    sealed_key    BYTEA,
    created_at    TIMESTAMPTZ NOT NULL,
    destroyed_at  TIMESTAMPTZ
);

-- The instance's $CREDSTORE, as an archive of the directory, kept between its operations.
CREATE TABLE instance_credstores (
    instance_id  TEXT        NOT NULL PRIMARY KEY,
    sealed       BYTEA       NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- The files a stencil left in $OUTPUTS, per task.
CREATE TABLE instance_outputs (
    instance_id  TEXT        NOT NULL,
    task         INT         NOT NULL,
    filename     TEXT        NOT NULL,
    sealed       BYTEA       NOT NULL,
    PRIMARY KEY (instance_id, task, filename)
);

-- What a backend's setup made for a task (its environment and $OUT_CONFIG, sealed under the master
-- key), kept until the task's teardown succeeds, which may be long after a restart.
CREATE TABLE task_setups (
    instance_id    TEXT        NOT NULL,
    task           INT         NOT NULL,
    sealed_env     BYTEA       NOT NULL,
    sealed_config  BYTEA       NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (instance_id, task)
);

-- The containers each broker (its host and data directory) has started and not yet reported: after a
-- crash that broker awaits them again.
CREATE TABLE task_runs (
    runner       TEXT        NOT NULL,
    instance_id  TEXT        NOT NULL,
    task         INT         NOT NULL,
    step         VARCHAR(16) NOT NULL,
    attempt      INT         NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (instance_id, task, step, attempt)
);

-- Each container's output as it came, for operators (bounded per container by the output cap).
CREATE TABLE task_logs (
    id           BIGSERIAL   NOT NULL PRIMARY KEY,
    instance_id  TEXT        NOT NULL,
    task         INT         NOT NULL,
    step         VARCHAR(16) NOT NULL,
    attempt      INT         NOT NULL,
    seq          INT         NOT NULL,
    chunk        BYTEA       NOT NULL,
    written_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (instance_id, task, step, attempt, seq)
);
CREATE INDEX task_logs_task ON task_logs (instance_id, task, id);

-- Each backend's configured $OUT_CONFIG (sealed under the master key) and the state of its last check.
CREATE TABLE backend_configs (
    name           TEXT        NOT NULL PRIMARY KEY,
    sealed_config  BYTEA,
    state          VARCHAR(16) NOT NULL,
    message        TEXT,
    checked_at     TIMESTAMPTZ NOT NULL
);
