-- Executions: the engine's checkpoints, the queue of executions to run, and the execution records users list.

-- Checkpoints (PgCheckpointer): one row per engine execution id (roots are UUIDs; children '<id>.c<task>.<n>',
-- error runs '<id>.error'). seq is the last journaled event; fence is the owner's token: a worker that takes over an
-- execution whose lease lapsed bumps it, so the old owner's next commit is refused.
CREATE TABLE execution_checkpoint (
    id            text COLLATE "C" PRIMARY KEY,
    seq           bigint      NOT NULL,
    fence         bigint      NOT NULL DEFAULT 1,
    status        text        NOT NULL,
    wake_at       bigint      NOT NULL DEFAULT -1,
    snapshot      bytea,                        -- gzip of the StateCodec JSON, covering events up to snapshot_seq
    snapshot_seq  bigint      NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX execution_checkpoint_unfinished ON execution_checkpoint (status) WHERE status IN ('RUNNING', 'WAITING', 'CRASHED');

CREATE TABLE execution_event (
    execution_id  text COLLATE "C" NOT NULL,
    seq           bigint NOT NULL,
    event         text   NOT NULL,              -- EventCodec JSON
    PRIMARY KEY (execution_id, seq)
);

-- The queue: a row per execution that is not finished. state queued (claimable once run_at is due), claimed (a worker
-- holds a lease until lease_until and renews it), parked (waiting for an outside resume, no due time).
CREATE TABLE execution_queue (
    id               uuid        PRIMARY KEY,
    created_at       timestamptz NOT NULL,      -- the execution record's partition key
    tenant_id        uuid        NOT NULL,
    workflow_id      uuid        NOT NULL,
    workflow_version integer     NOT NULL,
    priority         integer     NOT NULL DEFAULT 0,
    state            text        NOT NULL CHECK (state IN ('queued', 'claimed', 'parked')),
    run_at           timestamptz NOT NULL,
    lease            bigint      NOT NULL DEFAULT 0,   -- fencing token, bumped at every claim
    lease_owner      text,
    lease_until      timestamptz,
    claims           integer     NOT NULL DEFAULT 0,
    cancel_requested boolean     NOT NULL DEFAULT false,
    launch           jsonb       NOT NULL       -- mode, startNode, items, startedBy
);
CREATE INDEX execution_queue_ready ON execution_queue (priority DESC, run_at, id) WHERE state = 'queued';
CREATE INDEX execution_queue_leases ON execution_queue (lease_until) WHERE state = 'claimed';
CREATE INDEX execution_queue_running ON execution_queue (tenant_id, workflow_id) WHERE state = 'claimed';

-- Execution records, partitioned by day of creation: pruning by age drops whole partitions.
CREATE TABLE execution (
    id               uuid        NOT NULL,      -- UUIDv7: created_at is its timestamp, so lookups by id prune too
    created_at       timestamptz NOT NULL,
    tenant_id        uuid        NOT NULL,
    workflow_id      uuid        NOT NULL,
    workflow_version integer     NOT NULL,
    mode             text        NOT NULL,
    status           text        NOT NULL,      -- new, running, waiting, success, error, canceled, crashed
    started_by       uuid,
    retry_of         uuid,
    started_at       timestamptz,
    finished_at      timestamptz,
    wait_till        timestamptz,
    last_node        text,
    error_message    text,
    launch           jsonb       NOT NULL,
    data             bytea,                     -- gzip of the run in n8n runData shape, once parked or finished
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE TABLE execution_default PARTITION OF execution DEFAULT;
CREATE INDEX execution_tenant_list ON execution (tenant_id, id DESC);
CREATE INDEX execution_tenant_workflow ON execution (tenant_id, workflow_id, id DESC);

-- Instance-wide pruning settings (one row), changed by instance admins.
CREATE TABLE execution_pruning (
    singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    enabled       boolean NOT NULL,
    max_age_hours integer NOT NULL,
    max_count     integer NOT NULL,
    updated_at    timestamptz NOT NULL
);
