package io.hetumind.taskserver.repository;

import static io.hetumind.taskserver.repository.Db.instant;
import static io.hetumind.taskserver.repository.Db.intOrNull;
import static io.hetumind.taskserver.repository.Db.longOrNull;
import static io.hetumind.taskserver.repository.Db.uuid;

import io.hetumind.core.task.InstanceState;
import io.hetumind.core.task.Uuid7;
import io.hetumind.taskserver.model.Instance;
import io.hetumind.taskserver.model.Job;
import io.hetumind.taskserver.service.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Tasks and their instances: planning, the claim, guarded status changes. */
@ApplicationScoped
public class InstanceRepository {
    static final String COLS = "i.id, i.namespace, i.job_id, i.task_id, i.attempt, i.status, i.labels, i.ready_at,"
            + " i.agent_id, i.dispatched_at, i.started_at, i.finished_at, i.exit_code, i.cpu_time_ms, i.max_rss_kb,"
            + " i.message, i.cancel_requested, i.created_at";

    /** Inserts a task and its first instance, queued from {@code fireAt}; null when the schedule already has it. */
    public Instance plan(Connection c, Job job, UUID scheduleId, String trigger, Instant fireAt) throws SQLException {
        UUID task = Uuid7.next();
        int inserted = Db.update(
                c,
                "INSERT INTO task (id, tenant_id, job_id, schedule_id, trigger, fire_at) VALUES (?,?,?,?,?,?)"
                        + " ON CONFLICT DO NOTHING",
                task,
                job.tenantId(),
                job.id(),
                scheduleId,
                trigger,
                fireAt);
        if (inserted == 0) {
            return null;
        }
        return queue(c, job, task, 1, fireAt);
    }

    /** Plans {@code count} manual tasks of {@code job}, ready now, in two batched inserts and one notification. */
    public int planMany(Connection c, Job job, int count, Instant at) throws SQLException {
        List<UUID> tasks = new java.util.ArrayList<>(count);
        try (var ps = c.prepareStatement(
                "INSERT INTO task (id, tenant_id, job_id, trigger, fire_at) VALUES (?,?,?,'manual',?)")) {
            for (int n = 0; n < count; n++) {
                UUID t = Uuid7.next();
                tasks.add(t);
                ps.setObject(1, t);
                ps.setObject(2, job.tenantId());
                ps.setObject(3, job.id());
                ps.setObject(4, Db.jdbc(at));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (var ps =
                c.prepareStatement("INSERT INTO task_instance (id, tenant_id, namespace, job_id, task_id, attempt,"
                        + " status, labels, ready_at, traceparent) VALUES (?,?,?,?,?,1,'queued',?::jsonb,?,?)")) {
            String labels = Json.write(job.labels());
            String traceparent = Traces.current();
            for (UUID t : tasks) {
                ps.setObject(1, Uuid7.next());
                ps.setObject(2, job.tenantId());
                ps.setString(3, job.namespace());
                ps.setObject(4, job.id());
                ps.setObject(5, t);
                ps.setString(6, labels);
                ps.setObject(7, Db.jdbc(at));
                ps.setString(8, traceparent);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Db.one(
                c,
                "SELECT pg_notify('sched_ready', ?)",
                rs -> 1,
                job.tenantId() + "|" + readyMillis(at) + "|" + job.namespace());
        return count;
    }

    /**
     * Queues attempt {@code attempt} of {@code task}, ready at {@code readyAt}, and wakes the dispatchers. It is traced
     * under the current span (a REST trigger's), or else under the previous attempt's trace context.
     */
    public Instance queue(Connection c, Job job, UUID task, int attempt, Instant readyAt) throws SQLException {
        UUID id = Uuid7.next();
        Db.update(
                c,
                "INSERT INTO task_instance (id, tenant_id, namespace, job_id, task_id, attempt, status, labels, ready_at,"
                        + " traceparent) VALUES (?,?,?,?,?,?,'queued',?::jsonb,?, coalesce(?::text,"
                        + " (SELECT p.traceparent FROM task_instance p WHERE p.task_id = ? AND p.attempt = ? - 1)))",
                id,
                job.tenantId(),
                job.namespace(),
                job.id(),
                task,
                attempt,
                Json.write(job.labels()),
                readyAt,
                Traces.current(),
                task,
                attempt);
        Db.one(
                c,
                "SELECT pg_notify('sched_ready', ?)",
                rs -> 1,
                job.tenantId() + "|" + readyMillis(readyAt) + "|" + job.namespace());
        return get(c, job.tenantId(), id);
    }

    /**
     * The first millisecond at or after {@code readyAt}, as announced on {@code sched_ready}: a wake-up armed for a
     * truncated millisecond could fire microseconds before the instance is claimable and claim nothing.
     */
    public static long readyMillis(Instant readyAt) {
        return Math.addExact(
                Math.multiplyExact(readyAt.getEpochSecond(), 1000L), Math.ceilDiv(readyAt.getNano(), 1_000_000));
    }

    public Instance get(Connection c, UUID tenant, UUID id) throws SQLException {
        return Db.one(
                c,
                "SELECT " + COLS + " FROM task_instance i WHERE i.tenant_id = ? AND i.id = ?",
                InstanceRepository::map,
                tenant,
                id);
    }

    /** The instance, locked, whoever's tenant: for agent updates, whose ownership is checked by agent id. */
    public Owned lockForAgent(Connection c, UUID id) throws SQLException {
        return Db.one(
                c,
                "SELECT " + COLS + ", i.tenant_id FROM task_instance i WHERE i.id = ? FOR UPDATE",
                rs -> new Owned(uuid(rs, "tenant_id"), map(rs)),
                id);
    }

    /** An instance with its tenant. */
    public record Owned(UUID tenantId, Instance instance) {}

    public List<Instance> page(Connection c, UUID tenant, UUID job, UUID task, String status, UUID after, int limit)
            throws SQLException {
        return Db.list(
                c,
                "SELECT " + COLS + " FROM task_instance i WHERE i.tenant_id = ? AND (?::uuid IS NULL OR i.job_id = ?)"
                        + " AND (?::uuid IS NULL OR i.task_id = ?) AND (?::text IS NULL OR i.status = ?)"
                        + " AND (?::uuid IS NULL OR i.id > ?) ORDER BY i.id LIMIT ?",
                InstanceRepository::map,
                tenant,
                job,
                job,
                task,
                task,
                status,
                status,
                after,
                after,
                limit);
    }

    /**
     * Moves an instance to {@code to} if its current state allows it (the lifecycle's table), setting the given extra
     * columns; answers the state it left, or null when the guard refused.
     */
    public InstanceState move(Connection c, UUID id, InstanceState to, String extraSet, Object... extraArgs)
            throws SQLException {
        Set<InstanceState> from = InstanceState.LIFECYCLE.from(to);
        Object[] args = new Object[extraArgs.length + 3];
        args[0] = to.wire();
        System.arraycopy(extraArgs, 0, args, 1, extraArgs.length);
        args[extraArgs.length + 1] = id;
        args[extraArgs.length + 2] =
                c.createArrayOf("text", from.stream().map(InstanceState::wire).toArray());
        String old = Db.one(
                c,
                "UPDATE task_instance i SET status = ?" + (extraSet.isEmpty() ? "" : ", " + extraSet)
                        + " FROM (SELECT id, status AS old FROM task_instance WHERE id = ? FOR UPDATE) o"
                        + " WHERE i.id = o.id AND o.old = ANY(?) RETURNING o.old",
                rs -> rs.getString(1),
                args);
        if (old == null) {
            return null;
        }
        InstanceState left = InstanceState.ofWire(old);
        InstanceState.LIFECYCLE.taken(left, to);
        return left;
    }

    /** The trigger of tasks an agent fired itself from a pinned schedule. */
    public static final String PINNED = "pinned";

    /**
     * Records a run {@code agent} fired itself from a pinned schedule: the task of {@code (schedule, fireAt)} (made
     * unless it exists: the unique index makes a second copy of the fire the same task) and instance {@code id} as
     * attempt {@code attempt}, running since {@code startedAt}. Answers whether the instance was inserted here (false:
     * it existed, a duplicate).
     */
    public boolean insertLocalFire(
            Connection c, Job job, UUID scheduleId, Instant fireAt, int attempt, UUID id, UUID agent, Instant startedAt)
            throws SQLException {
        Db.update(
                c,
                "INSERT INTO task (id, tenant_id, job_id, schedule_id, trigger, fire_at) VALUES (?,?,?,?,?,?)"
                        + " ON CONFLICT DO NOTHING",
                Uuid7.next(),
                job.tenantId(),
                job.id(),
                scheduleId,
                PINNED,
                fireAt);
        UUID task = Db.one(
                c,
                "SELECT id FROM task WHERE schedule_id = ? AND fire_at = ?",
                rs -> uuid(rs, "id"),
                scheduleId,
                fireAt);
        return Db.update(
                        c,
                        "INSERT INTO task_instance (id, tenant_id, namespace, job_id, task_id, attempt, status, labels,"
                                + " ready_at, agent_id, dispatched_at, started_at) VALUES (?,?,?,?,?,?,'running',"
                                + "?::jsonb,?,?,?,?) ON CONFLICT DO NOTHING",
                        id,
                        job.tenantId(),
                        job.namespace(),
                        job.id(),
                        task,
                        attempt,
                        Json.write(job.labels()),
                        attempt == 1 ? fireAt : startedAt,
                        agent,
                        startedAt,
                        startedAt)
                == 1;
    }

    /** Whether {@code task} was fired by an agent from a pinned schedule (its retries are the agent's too). */
    public boolean firedByAgent(Connection c, UUID task) throws SQLException {
        return PINNED.equals(Db.one(c, "SELECT trigger FROM task WHERE id = ?", rs -> rs.getString(1), task));
    }

    /**
     * Ids of instances the server dispatched to {@code agent} that are still dispatched or running: not the runs it
     * fired itself, which it reports after a reconnect however long it was away.
     */
    public List<UUID> dispatchedTo(Connection c, UUID agent) throws SQLException {
        return Db.list(
                c,
                "SELECT i.id FROM task_instance i JOIN task t ON t.id = i.task_id WHERE i.agent_id = ?"
                        + " AND i.status IN ('dispatched','running') AND t.trigger <> '" + PINNED + "' ORDER BY i.id",
                rs -> uuid(rs, "id"),
                agent);
    }

    /** Ids of instances dispatched to or running on {@code agent}. */
    public List<UUID> activeOn(Connection c, UUID agent) throws SQLException {
        return Db.list(
                c,
                "SELECT id FROM task_instance WHERE agent_id = ? AND status IN ('dispatched','running') ORDER BY id",
                rs -> uuid(rs, "id"),
                agent);
    }

    /** Instances of {@code agent} with a cancel requested and not yet ended. */
    public List<UUID> cancelsFor(Connection c, UUID agent) throws SQLException {
        return Db.list(
                c,
                "SELECT id FROM task_instance WHERE agent_id = ? AND cancel_requested"
                        + " AND status IN ('dispatched','running')",
                rs -> uuid(rs, "id"),
                agent);
    }

    public int requestCancel(Connection c, UUID id) throws SQLException {
        return Db.update(c, "UPDATE task_instance SET cancel_requested = true WHERE id = ?", id);
    }

    /** Dispatched instances not started within {@code before}, and running ones past timeout + grace. */
    public List<Stale> stale(Connection c, Instant startedBefore, long graceMs, int limit) throws SQLException {
        return Db.list(
                c,
                "SELECT i.id, i.status FROM task_instance i JOIN job j ON j.id = i.job_id"
                        + " WHERE (i.status = 'dispatched' AND i.dispatched_at < ?)"
                        + " OR (i.status = 'running' AND i.started_at + make_interval(secs => (j.timeout_ms + ?) / 1000.0)"
                        + " < clock_timestamp()) ORDER BY i.id LIMIT ? FOR UPDATE OF i SKIP LOCKED",
                rs -> new Stale(uuid(rs, "id"), InstanceState.ofWire(rs.getString("status"))),
                startedBefore,
                graceMs,
                limit);
    }

    /** An instance the leader must resolve. */
    public record Stale(UUID id, InstanceState status) {}

    public long queued(Connection c) throws SQLException {
        return Db.one(
                c,
                "SELECT count(*) FROM task_instance WHERE status = 'queued' AND ready_at <= now()",
                rs -> rs.getLong(1));
    }

    /** When the next future instance becomes ready, if any (re-arms the dispatch timer). */
    public Instant nextReady(Connection c) throws SQLException {
        return Db.one(
                c,
                "SELECT min(ready_at) FROM task_instance WHERE status = 'queued' AND ready_at > clock_timestamp()",
                rs -> instant(rs, "min"));
    }

    /** A dispatched or running instance whose agent is dead, long silent, or gone; {@code agentState} null if gone. */
    public record Stuck(UUID id, UUID agentId, String agentState) {}

    public List<Stuck> stuck(Connection c, UUID tenant, Instant silentSince) throws SQLException {
        return Db.list(
                c,
                "SELECT i.id, i.agent_id, a.state FROM task_instance i LEFT JOIN agent a ON a.id = i.agent_id"
                        + " WHERE i.tenant_id = ? AND i.status IN ('dispatched','running')"
                        + " AND (a.id IS NULL OR a.state = 'dead' OR a.last_heartbeat_at < ?) ORDER BY i.id LIMIT 1000",
                rs -> new Stuck(uuid(rs, "id"), uuid(rs, "agent_id"), rs.getString("state")),
                tenant,
                silentSince);
    }

    /** Instance counts of a tenant by status. */
    public java.util.Map<String, Long> countsByStatus(Connection c, UUID tenant) throws SQLException {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        Db.list(
                c,
                "SELECT status, count(*) FROM task_instance WHERE tenant_id = ? GROUP BY status",
                rs -> out.put(rs.getString(1), rs.getLong(2)),
                tenant);
        return out;
    }

    static Instance map(ResultSet rs) throws SQLException {
        return new Instance(
                uuid(rs, "id"),
                rs.getString("namespace"),
                uuid(rs, "job_id"),
                uuid(rs, "task_id"),
                rs.getInt("attempt"),
                rs.getString("status"),
                Json.map(rs.getString("labels")),
                instant(rs, "ready_at"),
                uuid(rs, "agent_id"),
                instant(rs, "dispatched_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                intOrNull(rs, "exit_code"),
                longOrNull(rs, "cpu_time_ms"),
                longOrNull(rs, "max_rss_kb"),
                rs.getString("message"),
                rs.getBoolean("cancel_requested"),
                instant(rs, "created_at"));
    }
}
