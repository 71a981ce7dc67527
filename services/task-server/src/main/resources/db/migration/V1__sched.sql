-- The scheduler's schema: definitions (job, schedule), plans (task), attempts (task_instance) and their logs,
-- the fleet (agent, server), the leader lease, de-duplication (inbox) and messages given up on (dead_letter).

CREATE TABLE job (
    id               uuid PRIMARY KEY,
    tenant_id        uuid        NOT NULL,
    namespace        text        NOT NULL,
    name             text        NOT NULL,
    command          text        NOT NULL,
    args             jsonb       NOT NULL DEFAULT '[]',
    env              jsonb       NOT NULL DEFAULT '{}',
    working_dir      text,
    timeout_ms       bigint      NOT NULL,
    max_retries      int         NOT NULL DEFAULT 0,
    retry_backoff_ms bigint      NOT NULL DEFAULT 1000,
    max_concurrency  int         NOT NULL DEFAULT 0,
    labels           jsonb       NOT NULL DEFAULT '{}',
    notify_url       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, namespace, name)
);

CREATE TABLE schedule (
    id            uuid PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    job_id        uuid        NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    kind          text        NOT NULL CHECK (kind IN ('cron', 'time', 'daemon', 'event', 'flow')),
    cron          text,
    time_zone     text,
    run_at        timestamptz,
    after_jobs    uuid[]      NOT NULL DEFAULT '{}',
    enabled       boolean     NOT NULL DEFAULT true,
    planned_until timestamptz,
    last_fired_at timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX schedule_job ON schedule (job_id);
CREATE INDEX schedule_due ON schedule (planned_until) WHERE enabled AND kind IN ('cron', 'time', 'daemon');
CREATE INDEX schedule_flow ON schedule USING gin (after_jobs) WHERE kind = 'flow';

CREATE TABLE task (
    id          uuid PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    job_id      uuid        NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    schedule_id uuid        REFERENCES schedule (id) ON DELETE SET NULL,
    trigger     text        NOT NULL,
    fire_at     timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
-- A schedule plans one task per fire time, whichever leader (or repeated pass) computes it.
CREATE UNIQUE INDEX task_planned_once ON task (schedule_id, fire_at) WHERE schedule_id IS NOT NULL;
CREATE INDEX task_job ON task (job_id, fire_at DESC);

CREATE TABLE task_instance (
    id               uuid PRIMARY KEY,
    tenant_id        uuid        NOT NULL,
    namespace        text        NOT NULL,
    job_id           uuid        NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    task_id          uuid        NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    attempt          int         NOT NULL,
    status           text        NOT NULL,
    labels           jsonb       NOT NULL DEFAULT '{}',
    ready_at         timestamptz NOT NULL,
    agent_id         uuid,
    server_id        uuid,
    dispatched_at    timestamptz,
    started_at       timestamptz,
    finished_at      timestamptz,
    exit_code        int,
    cpu_time_ms      bigint,
    max_rss_kb       bigint,
    message          text,
    cancel_requested boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (task_id, attempt)
);
-- The claim: queued instances of one tenant's namespace in ready order.
CREATE INDEX instance_queue ON task_instance (tenant_id, namespace, ready_at) WHERE status = 'queued';
-- Dead-agent re-queue, heartbeat cancels and concurrency counts.
CREATE INDEX instance_active_agent ON task_instance (agent_id) WHERE status IN ('dispatched', 'running');
CREATE INDEX instance_active_job ON task_instance (job_id) WHERE status IN ('dispatched', 'running');
CREATE INDEX instance_task ON task_instance (task_id, attempt DESC);
CREATE INDEX instance_job_recent ON task_instance (job_id, created_at DESC);

CREATE TABLE instance_log (
    instance_id uuid        NOT NULL REFERENCES task_instance (id) ON DELETE CASCADE,
    seq         bigint      NOT NULL,
    stream      text        NOT NULL,
    line        text        NOT NULL,
    at          timestamptz NOT NULL,
    PRIMARY KEY (instance_id, seq)
);

CREATE TABLE agent (
    id                uuid PRIMARY KEY,
    tenant_id         uuid        NOT NULL,
    namespace         text        NOT NULL,
    name              text        NOT NULL,
    labels            jsonb       NOT NULL DEFAULT '{}',
    os                text,
    max_concurrency   int         NOT NULL,
    state             text        NOT NULL,
    mode              text        NOT NULL DEFAULT 'active' CHECK (mode IN ('active', 'draining', 'disabled')),
    server_id         uuid,
    connected_at      timestamptz,
    last_heartbeat_at timestamptz,
    cpu_load          double precision,
    memory_used       bigint,
    memory_total      bigint,
    disk_free         bigint,
    running           int         NOT NULL DEFAULT 0,
    UNIQUE (tenant_id, namespace, name)
);
CREATE INDEX agent_alive ON agent (last_heartbeat_at) WHERE state IN ('online', 'offline');

CREATE TABLE server (
    id           uuid PRIMARY KEY,
    address      text        NOT NULL,
    weight       int         NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE namespace_binding (
    tenant_id uuid NOT NULL,
    namespace text NOT NULL,
    server_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, namespace)
);

CREATE TABLE lease (
    name       text PRIMARY KEY,
    holder     uuid        NOT NULL,
    fencing    bigint      NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE TABLE inbox (
    message_id  uuid PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inbox_age ON inbox (received_at);

CREATE TABLE dead_letter (
    id         uuid PRIMARY KEY,
    agent_id   uuid,
    kind       text        NOT NULL,
    frame      text        NOT NULL,
    reason     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
