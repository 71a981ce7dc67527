package io.hetumind.taskserver.repository;

import static io.hetumind.taskserver.repository.Db.instant;
import static io.hetumind.taskserver.repository.Db.uuid;

import io.hetumind.taskserver.model.Schedule;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Schedules of jobs; planning state ({@code planned_until}) is written by the leader only. */
@ApplicationScoped
public class ScheduleRepository {
    static final String COLS =
            "id, job_id, kind, cron, time_zone, run_at, after_jobs, enabled, planned_until, last_fired_at, created_at,"
                    + " pinned_agent, misfire";

    public void insert(Connection c, UUID tenant, Schedule s) throws SQLException {
        Db.update(
                c,
                "INSERT INTO schedule (id, tenant_id, job_id, kind, cron, time_zone, run_at, after_jobs, enabled,"
                        + " pinned_agent, misfire) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                s.id(),
                tenant,
                s.jobId(),
                s.kind(),
                s.cron(),
                s.timeZone(),
                s.runAt(),
                c.createArrayOf("uuid", s.afterJobs().toArray()),
                s.enabled(),
                s.pinnedAgent(),
                s.misfire());
    }

    public Schedule get(Connection c, UUID tenant, UUID id) throws SQLException {
        return Db.one(
                c,
                "SELECT " + COLS + " FROM schedule WHERE tenant_id = ? AND id = ?",
                ScheduleRepository::map,
                tenant,
                id);
    }

    public List<Schedule> ofJob(Connection c, UUID tenant, UUID job) throws SQLException {
        return Db.list(
                c,
                "SELECT " + COLS + " FROM schedule WHERE tenant_id = ? AND job_id = ? ORDER BY id",
                ScheduleRepository::map,
                tenant,
                job);
    }

    /** Enables or disables; either way planning starts afresh from now. */
    public int setEnabled(Connection c, UUID tenant, UUID id, boolean enabled) throws SQLException {
        return Db.update(
                c,
                "UPDATE schedule SET enabled = ?, planned_until = NULL WHERE tenant_id = ? AND id = ?",
                enabled,
                tenant,
                id);
    }

    /** Ids of the schedule's planned instances that are still queued for a time to come. */
    public List<UUID> plannedAhead(Connection c, UUID id) throws SQLException {
        return Db.list(
                c,
                "SELECT i.id FROM task_instance i JOIN task t ON t.id = i.task_id WHERE t.schedule_id = ?"
                        + " AND i.status = 'queued' AND i.ready_at > now()",
                rs -> uuid(rs, "id"),
                id);
    }

    public int delete(Connection c, UUID tenant, UUID id) throws SQLException {
        return Db.update(c, "DELETE FROM schedule WHERE tenant_id = ? AND id = ?", tenant, id);
    }

    /**
     * Cron and one-shot schedules whose plan ends before {@code horizon}, locked for this planning pass. Pinned ones
     * are left out: their agent is their only planner.
     */
    public List<Row> toPlan(Connection c, Instant horizon, int limit) throws SQLException {
        return Db.list(
                c,
                "SELECT " + COLS + ", tenant_id FROM schedule WHERE enabled AND kind IN ('cron','time')"
                        + " AND pinned_agent IS NULL AND (planned_until IS NULL OR planned_until < ?) ORDER BY planned_until NULLS FIRST"
                        + " LIMIT ? FOR UPDATE SKIP LOCKED",
                rs -> new Row(uuid(rs, "tenant_id"), map(rs)),
                horizon,
                limit);
    }

    public void planned(Connection c, UUID id, Instant until) throws SQLException {
        Db.update(c, "UPDATE schedule SET planned_until = ? WHERE id = ?", until, id);
    }

    /** Daemon schedules of enabled jobs with no instance queued, dispatched or running; not pinned ones (their agent keeps them). */
    public List<Row> idleDaemons(Connection c) throws SQLException {
        return Db.list(
                c,
                "SELECT " + COLS
                        + ", tenant_id FROM schedule s WHERE enabled AND kind = 'daemon' AND pinned_agent IS NULL AND NOT EXISTS"
                        + " (SELECT 1 FROM task_instance i WHERE i.job_id = s.job_id"
                        + " AND i.status IN ('queued','dispatched','running'))"
                        + " ORDER BY id FOR UPDATE SKIP LOCKED",
                rs -> new Row(uuid(rs, "tenant_id"), map(rs)));
    }

    /** Flow schedules that wait on {@code job}. */
    public List<Row> flowsAfter(Connection c, UUID job) throws SQLException {
        return Db.list(
                c,
                "SELECT " + COLS
                        + ", tenant_id FROM schedule WHERE enabled AND kind = 'flow' AND after_jobs @> ARRAY[?]::uuid[]"
                        + " FOR UPDATE",
                rs -> new Row(uuid(rs, "tenant_id"), map(rs)),
                job);
    }

    public void fired(Connection c, UUID id, Instant at) throws SQLException {
        Db.update(c, "UPDATE schedule SET last_fired_at = ? WHERE id = ?", at, id);
    }

    /** A schedule with its tenant. */
    public record Row(UUID tenantId, Schedule schedule) {}

    static Schedule map(ResultSet rs) throws SQLException {
        Array a = rs.getArray("after_jobs");
        List<UUID> after = a == null ? List.of() : Arrays.asList((UUID[]) a.getArray());
        return new Schedule(
                uuid(rs, "id"),
                uuid(rs, "job_id"),
                rs.getString("kind"),
                rs.getString("cron"),
                rs.getString("time_zone"),
                instant(rs, "run_at"),
                after,
                rs.getBoolean("enabled"),
                instant(rs, "planned_until"),
                instant(rs, "last_fired_at"),
                instant(rs, "created_at"),
                uuid(rs, "pinned_agent"),
                rs.getString("misfire"));
    }

    /** Moves the pin (the schedule is disabled): the old agent is kept as the previous one, planning starts afresh. */
    public void repin(Connection c, UUID tenant, UUID id, UUID agent, UUID previous) throws SQLException {
        Db.update(
                c,
                "UPDATE schedule SET pinned_agent = ?, pin_previous_agent = ?, pin_moved_at = now(),"
                        + " planned_until = NULL WHERE tenant_id = ? AND id = ?",
                agent,
                previous,
                tenant,
                id);
    }

    /** The agents the schedules of {@code job} are pinned to (a job's deletion changes their sets). */
    public List<UUID> pinnedAgentsOfJob(Connection c, UUID tenant, UUID job) throws SQLException {
        return Db.list(
                c,
                "SELECT DISTINCT pinned_agent FROM schedule WHERE tenant_id = ? AND job_id = ?"
                        + " AND pinned_agent IS NOT NULL",
                rs -> uuid(rs, "pinned_agent"),
                tenant,
                job);
    }

    /** What a local fire names: the schedule's tenant, pinned agent and job; null when there is no such schedule. */
    public record Pin(UUID tenantId, UUID pinnedAgent, UUID jobId, String kind, UUID previousAgent, Instant movedAt) {
        /** Whether {@code agent} may report the fire of {@code fireAt}: the pinned agent, or the previous one before the move. */
        public boolean firedBy(UUID agent, Instant fireAt) {
            return agent.equals(pinnedAgent)
                    || (agent.equals(previousAgent) && movedAt != null && fireAt.isBefore(movedAt));
        }
    }

    public Pin pin(Connection c, UUID id) throws SQLException {
        return Db.one(
                c,
                "SELECT tenant_id, pinned_agent, job_id, kind, pin_previous_agent, pin_moved_at FROM schedule WHERE id = ?",
                rs -> new Pin(
                        uuid(rs, "tenant_id"),
                        uuid(rs, "pinned_agent"),
                        uuid(rs, "job_id"),
                        rs.getString("kind"),
                        uuid(rs, "pin_previous_agent"),
                        instant(rs, "pin_moved_at")),
                id);
    }

    /** The enabled schedules pinned to {@code agent}, with what their runs need: the body of a schedule_sync. */
    public List<io.hetumind.core.task.Messages.PinnedSchedule> pinnedTo(Connection c, UUID agent) throws SQLException {
        return Db.list(
                c,
                "SELECT s.id, s.kind, s.cron, s.time_zone, s.misfire, j.id AS job_id, j.name, j.command, j.args, j.env,"
                        + " j.working_dir, j.timeout_ms, j.max_retries, j.retry_backoff_ms FROM schedule s"
                        + " JOIN job j ON j.id = s.job_id WHERE s.pinned_agent = ? AND s.enabled ORDER BY s.id",
                rs -> new io.hetumind.core.task.Messages.PinnedSchedule(
                        uuid(rs, "id"),
                        uuid(rs, "job_id"),
                        rs.getString("name"),
                        rs.getString("kind"),
                        rs.getString("cron"),
                        rs.getString("time_zone"),
                        rs.getString("misfire"),
                        rs.getString("command"),
                        Json.list(rs.getString("args")),
                        Json.map(rs.getString("env")),
                        rs.getString("working_dir"),
                        rs.getLong("timeout_ms"),
                        rs.getInt("max_retries"),
                        rs.getLong("retry_backoff_ms")),
                agent);
    }
}
