package io.hetumind.taskserver.repository;

import static io.hetumind.taskserver.repository.Db.instant;
import static io.hetumind.taskserver.repository.Db.uuid;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Tasks (planned runs), scoped by tenant. */
@ApplicationScoped
public class TaskRepository {
    /** A task row. */
    public record Task(UUID id, UUID jobId, UUID scheduleId, String trigger, Instant fireAt) {}

    private static final String COLS = "id, job_id, schedule_id, trigger, fire_at";

    public List<Task> page(Connection c, UUID tenant, UUID job, UUID after, int limit) throws SQLException {
        return Db.list(
                c,
                "SELECT " + COLS + " FROM task WHERE tenant_id = ? AND (?::uuid IS NULL OR job_id = ?)"
                        + " AND (?::uuid IS NULL OR id > ?) ORDER BY id LIMIT ?",
                TaskRepository::map,
                tenant,
                job,
                job,
                after,
                after,
                limit);
    }

    public Task get(Connection c, UUID tenant, UUID id) throws SQLException {
        return Db.one(
                c, "SELECT " + COLS + " FROM task WHERE tenant_id = ? AND id = ?", TaskRepository::map, tenant, id);
    }

    static Task map(ResultSet rs) throws SQLException {
        return new Task(
                uuid(rs, "id"),
                uuid(rs, "job_id"),
                uuid(rs, "schedule_id"),
                rs.getString("trigger"),
                instant(rs, "fire_at"));
    }
}
