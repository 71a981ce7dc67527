package io.hetumind.taskserver.repository;

import static io.hetumind.taskserver.repository.Db.uuid;

import io.hetumind.core.task.InstanceState;
import io.hetumind.core.task.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The poll-mode claim: queued, ready instances of the agent's tenant and namespace whose labels the agent has. */
@ApplicationScoped
public class ClaimRepository {

    /**
     * A claimed instance: what the agent must run, when it became ready (for dispatch latency), and the trace context
     * it was queued under.
     */
    public record Claimed(
            Messages.Dispatch dispatch, Instant readyAt, String trigger, Instant fireAt, String traceparent) {}

    private record Candidate(UUID id, UUID job, int maxConcurrency, Instant readyAt) {}

    /**
     * Claims up to {@code slots} instances for {@code agent} in one transaction. Rows other claimers hold are skipped
     * ({@code SKIP LOCKED}); jobs with a concurrency limit are locked and counted so the limit holds across servers.
     *
     * <p>Instances ready by {@code now} come first. When there are none, the instances of the earliest ready time up to
     * {@code horizon} are claimed ahead of it, so the caller can send them at that instant: the claim's round trips are
     * then off the fire → dispatch path. All claimed instances are either ready now or share one ready time.
     */
    public List<Claimed> claim(
            Connection c,
            UUID tenant,
            String namespace,
            String agentLabelsJson,
            UUID agent,
            UUID server,
            int slots,
            Instant now,
            Instant horizon)
            throws SQLException {
        List<Candidate> found = Db.list(
                c,
                "SELECT i.id, i.job_id, j.max_concurrency, i.ready_at FROM task_instance i JOIN job j ON j.id = i.job_id"
                        + " WHERE i.status = 'queued' AND i.tenant_id = ? AND i.namespace = ?"
                        + " AND i.ready_at <= ? AND i.labels <@ ?::jsonb"
                        + " ORDER BY i.ready_at, i.id LIMIT ? FOR UPDATE OF i SKIP LOCKED",
                rs -> new Candidate(
                        uuid(rs, "id"), uuid(rs, "job_id"), rs.getInt("max_concurrency"), Db.instant(rs, "ready_at")),
                tenant,
                namespace,
                horizon.isAfter(now) ? horizon : now,
                agentLabelsJson,
                slots);
        if (found.isEmpty()) {
            return List.of();
        }
        Instant first = found.getFirst().readyAt();
        List<Candidate> candidates = found.stream()
                .filter(x -> first.isAfter(now)
                        ? x.readyAt().equals(first)
                        : !x.readyAt().isAfter(now))
                .toList();
        List<UUID> chosen = withinConcurrency(c, candidates);
        if (chosen.isEmpty()) {
            return List.of();
        }
        List<Claimed> out = Db.list(
                c,
                "UPDATE task_instance i SET status = 'dispatched', agent_id = ?, server_id = ?,"
                        + " dispatched_at = greatest(clock_timestamp(), i.ready_at) FROM job j, task t"
                        + " WHERE j.id = i.job_id AND t.id = i.task_id AND i.id = ANY(?)"
                        + " RETURNING i.id, i.job_id, i.attempt, i.ready_at, j.name, j.command, j.args, j.env,"
                        + " j.working_dir, j.timeout_ms, t.trigger, t.fire_at, i.traceparent",
                rs -> new Claimed(
                        new Messages.Dispatch(
                                uuid(rs, "id"),
                                uuid(rs, "job_id"),
                                rs.getString("name"),
                                rs.getInt("attempt"),
                                rs.getString("command"),
                                Json.list(rs.getString("args")),
                                Json.map(rs.getString("env")),
                                rs.getString("working_dir"),
                                rs.getLong("timeout_ms")),
                        Db.instant(rs, "ready_at"),
                        rs.getString("trigger"),
                        Db.instant(rs, "fire_at"),
                        rs.getString("traceparent")),
                agent,
                server,
                c.createArrayOf("uuid", chosen.toArray()));
        out.forEach(x -> InstanceState.LIFECYCLE.taken(InstanceState.QUEUED, InstanceState.DISPATCHED));
        return out;
    }

    private List<UUID> withinConcurrency(Connection c, List<Candidate> candidates) throws SQLException {
        List<UUID> limitedJobs = candidates.stream()
                .filter(x -> x.maxConcurrency() > 0)
                .map(Candidate::job)
                .distinct()
                .sorted()
                .toList();
        Map<UUID, Integer> free = new HashMap<>();
        if (!limitedJobs.isEmpty()) {
            // Locking the job rows (in id order, so claimers never deadlock) serialises claims of limited jobs.
            Db.list(
                    c,
                    "SELECT id FROM job WHERE id = ANY(?) ORDER BY id FOR UPDATE",
                    rs -> 1,
                    c.createArrayOf("uuid", limitedJobs.toArray()));
            Db.list(
                    c,
                    "SELECT j.id, j.max_concurrency - (SELECT count(*) FROM task_instance r WHERE r.job_id = j.id"
                            + " AND r.status IN ('dispatched','running')) AS free FROM job j WHERE j.id = ANY(?)",
                    rs -> free.put(uuid(rs, "id"), rs.getInt("free")),
                    c.createArrayOf("uuid", limitedJobs.toArray()));
        }
        List<UUID> chosen = new ArrayList<>();
        for (Candidate x : candidates) {
            if (x.maxConcurrency() <= 0) {
                chosen.add(x.id());
            } else if (free.merge(x.job(), -1, Integer::sum) >= 0) {
                chosen.add(x.id());
            }
        }
        return chosen;
    }
}
