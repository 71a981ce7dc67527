package io.hetumind.taskserver.repository;

import static io.hetumind.taskserver.repository.Db.instant;
import static io.hetumind.taskserver.repository.Db.uuid;

import io.hetumind.taskserver.model.Job;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Jobs, always scoped by tenant. */
@ApplicationScoped
public class JobRepository {
    static final String COLS =
            "id, tenant_id, namespace, name, command, args, env, working_dir, timeout_ms, max_retries,"
                    + " retry_backoff_ms, max_concurrency, labels, notify_url, created_at, ephemeral";

    public void insert(Connection c, Job j) throws SQLException {
        Db.update(
                c,
                "INSERT INTO job (" + COLS + ") VALUES (?,?,?,?,?,?::jsonb,?::jsonb,?,?,?,?,?,?::jsonb,?,?,?)",
                j.id(),
                j.tenantId(),
                j.namespace(),
                j.name(),
                j.command(),
                Json.write(j.args()),
                Json.write(j.env()),
                j.workingDir(),
                j.timeoutMs(),
                j.maxRetries(),
                j.retryBackoffMs(),
                j.maxConcurrency(),
                Json.write(j.labels()),
                j.notifyUrl(),
                j.createdAt(),
                j.ephemeral());
    }

    public boolean nameTaken(Connection c, UUID tenant, String namespace, String name) throws SQLException {
        return Db.one(
                        c,
                        "SELECT 1 FROM job WHERE tenant_id = ? AND namespace = ? AND name = ?",
                        rs -> 1,
                        tenant,
                        namespace,
                        name)
                != null;
    }

    public Job get(Connection c, UUID tenant, UUID id) throws SQLException {
        return Db.one(c, "SELECT " + COLS + " FROM job WHERE tenant_id = ? AND id = ?", JobRepository::map, tenant, id);
    }

    public Job byId(Connection c, UUID id) throws SQLException {
        return Db.one(c, "SELECT " + COLS + " FROM job WHERE id = ?", JobRepository::map, id);
    }

    public List<Job> page(Connection c, UUID tenant, UUID after, int limit) throws SQLException {
        return Db.list(
                c,
                "SELECT " + COLS
                        + " FROM job WHERE tenant_id = ? AND NOT ephemeral AND (?::uuid IS NULL OR id > ?)"
                        + " ORDER BY id LIMIT ?",
                JobRepository::map,
                tenant,
                after,
                after,
                limit);
    }

    public int delete(Connection c, UUID tenant, UUID id) throws SQLException {
        return Db.update(c, "DELETE FROM job WHERE tenant_id = ? AND id = ?", tenant, id);
    }

    /**
     * Deletes (with their tasks, attempts and logs) up to {@code limit} ephemeral jobs created before {@code before}
     * whose every attempt ended before it.
     */
    public int pruneEphemeral(Connection c, Instant before, int limit) throws SQLException {
        return Db.update(
                c,
                "DELETE FROM job WHERE id IN (SELECT j.id FROM job j WHERE j.ephemeral AND j.created_at < ?"
                        + " AND NOT EXISTS (SELECT 1 FROM task_instance i WHERE i.job_id = j.id"
                        + " AND (i.status IN ('queued', 'dispatched', 'running') OR i.finished_at >= ?)) LIMIT ?)",
                before,
                before,
                limit);
    }

    static Job map(ResultSet rs) throws SQLException {
        return new Job(
                uuid(rs, "id"),
                uuid(rs, "tenant_id"),
                rs.getString("namespace"),
                rs.getString("name"),
                rs.getString("command"),
                Json.list(rs.getString("args")),
                Json.map(rs.getString("env")),
                rs.getString("working_dir"),
                rs.getLong("timeout_ms"),
                rs.getInt("max_retries"),
                rs.getLong("retry_backoff_ms"),
                rs.getInt("max_concurrency"),
                Json.map(rs.getString("labels")),
                rs.getString("notify_url"),
                instant(rs, "created_at"),
                rs.getBoolean("ephemeral"));
    }
}
