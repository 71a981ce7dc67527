package io.hetumind.taskserver.repository;

import static io.hetumind.taskserver.repository.Db.instant;
import static io.hetumind.taskserver.repository.Db.longOrNull;
import static io.hetumind.taskserver.repository.Db.uuid;

import io.hetumind.core.task.AgentState;
import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Uuid7;
import io.hetumind.taskserver.model.Agent;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Agents: registration, heartbeats (batched), liveness. */
@ApplicationScoped
public class AgentRepository {
    static final String COLS = "id, namespace, name, labels, os, max_concurrency, state, mode, server_id, connected_at,"
            + " last_heartbeat_at, cpu_load, memory_used, memory_total, disk_free, running, capabilities,"
            + " schedule_version, schedule_acked_version";

    /** The agent row after a register, and the state it was in before (null for a new agent). */
    public record Registered(Agent agent, AgentState before) {}

    /** Inserts or refreshes the agent named {@code reg.name()} in the tenant's namespace; it is online from now. */
    public Registered register(Connection c, UUID tenant, String namespace, Messages.Register reg, UUID server)
            throws SQLException {
        String before = Db.one(
                c,
                "SELECT state FROM agent WHERE tenant_id = ? AND namespace = ? AND name = ? FOR UPDATE",
                rs -> rs.getString(1),
                tenant,
                namespace,
                reg.name());
        Agent a = Db.one(
                c,
                "INSERT INTO agent (id, tenant_id, namespace, name, labels, os, max_concurrency, state, server_id,"
                        + " connected_at, last_heartbeat_at, capabilities) VALUES (?,?,?,?,?::jsonb,?,?,'online',?,"
                        + "now(),now(),?) ON CONFLICT (tenant_id, namespace, name) DO UPDATE SET labels = excluded.labels,"
                        + " capabilities = excluded.capabilities,"
                        + " os = excluded.os, max_concurrency = excluded.max_concurrency, state = 'online',"
                        + " server_id = excluded.server_id, connected_at = now(), last_heartbeat_at = now()"
                        + " RETURNING " + COLS,
                AgentRepository::map,
                Uuid7.next(),
                tenant,
                namespace,
                reg.name(),
                Json.write(reg.labels() == null ? Map.of() : reg.labels()),
                reg.os(),
                reg.maxConcurrency(),
                server,
                c.createArrayOf(
                        "text",
                        (reg.protocolVersion() >= 2 && reg.capabilities() != null ? reg.capabilities() : List.of())
                                .toArray()));
        AgentState from = before == null ? AgentState.OFFLINE : AgentState.ofWire(before);
        AgentState.LIFECYCLE.taken(from, AgentState.ONLINE);
        return new Registered(a, before == null ? null : from);
    }

    /**
     * Marks the agent offline when the connection that closed is still the one that registered it last: this
     * server's, with the {@code connected_at} its register wrote.
     */
    public boolean disconnected(Connection c, UUID agent, UUID server, java.time.Instant registeredAt)
            throws SQLException {
        int n = Db.update(
                c,
                "UPDATE agent SET state = 'offline' WHERE id = ? AND server_id = ? AND state = 'online'"
                        + " AND connected_at = ?",
                agent,
                server,
                registeredAt.atOffset(java.time.ZoneOffset.UTC));
        if (n > 0) {
            AgentState.LIFECYCLE.taken(AgentState.ONLINE, AgentState.OFFLINE);
        }
        return n > 0;
    }

    /** One heartbeat kept in memory until the next batch write. */
    public record Beat(UUID agent, Timestamp at, Messages.Heartbeat hb) {}

    /** Writes many heartbeats in one batch. */
    public void heartbeats(Connection c, Collection<Beat> beats) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE agent SET last_heartbeat_at = greatest(last_heartbeat_at, ?),"
                        + " cpu_load = ?, memory_used = ?, memory_total = ?, disk_free = ?, running = ? WHERE id = ?")) {
            for (Beat b : beats) {
                ps.setTimestamp(1, b.at());
                ps.setDouble(2, b.hb().cpuLoad());
                ps.setLong(3, b.hb().memoryUsedBytes());
                ps.setLong(4, b.hb().memoryTotalBytes());
                ps.setLong(5, b.hb().diskFreeBytes());
                ps.setInt(6, b.hb().running());
                ps.setObject(7, b.agent());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Marks agents silent since before the cutoff dead; answers their ids with the state they left. */
    public List<Map.Entry<UUID, AgentState>> markDead(Connection c, java.time.Instant cutoff) throws SQLException {
        List<Map.Entry<UUID, AgentState>> out = Db.list(
                c,
                "UPDATE agent a SET state = 'dead' FROM (SELECT id, state AS old FROM agent"
                        + " WHERE state IN ('online','offline') AND last_heartbeat_at < ? FOR UPDATE SKIP LOCKED) o"
                        + " WHERE a.id = o.id RETURNING a.id, o.old",
                rs -> Map.entry(uuid(rs, "id"), AgentState.ofWire(rs.getString("old"))),
                cutoff);
        out.forEach(e -> AgentState.LIFECYCLE.taken(e.getValue(), AgentState.DEAD));
        return out;
    }

    public Agent get(Connection c, UUID tenant, UUID id) throws SQLException {
        return Db.one(
                c, "SELECT " + COLS + " FROM agent WHERE tenant_id = ? AND id = ?", AgentRepository::map, tenant, id);
    }

    /** The agent row locked until the transaction ends (its register and its disconnect wait for it). */
    public Agent lock(Connection c, UUID id) throws SQLException {
        return Db.one(c, "SELECT " + COLS + " FROM agent WHERE id = ? FOR UPDATE", AgentRepository::map, id);
    }

    public Agent byId(Connection c, UUID id) throws SQLException {
        return Db.one(c, "SELECT " + COLS + " FROM agent WHERE id = ?", AgentRepository::map, id);
    }

    public List<Agent> page(Connection c, UUID tenant, UUID after, int limit) throws SQLException {
        return Db.list(
                c,
                "SELECT " + COLS
                        + " FROM agent WHERE tenant_id = ? AND (?::uuid IS NULL OR id > ?) ORDER BY id LIMIT ?",
                AgentRepository::map,
                tenant,
                after,
                after,
                limit);
    }

    public int setMode(Connection c, UUID tenant, UUID id, String mode) throws SQLException {
        return Db.update(c, "UPDATE agent SET mode = ? WHERE tenant_id = ? AND id = ?", mode, tenant, id);
    }

    public String mode(Connection c, UUID id) throws SQLException {
        return Db.one(c, "SELECT mode FROM agent WHERE id = ?", rs -> rs.getString(1), id);
    }

    public Map<String, Long> countsByState(Connection c, UUID tenant) throws SQLException {
        Map<String, Long> out = new java.util.TreeMap<>();
        Db.list(
                c,
                "SELECT state, count(*) FROM agent WHERE tenant_id = ? GROUP BY state",
                rs -> out.put(rs.getString(1), rs.getLong(2)),
                tenant);
        return out;
    }

    static Agent map(ResultSet rs) throws SQLException {
        double cpu = rs.getDouble("cpu_load");
        Double cpuLoad = rs.wasNull() ? null : cpu;
        return new Agent(
                uuid(rs, "id"),
                rs.getString("namespace"),
                rs.getString("name"),
                Json.map(rs.getString("labels")),
                rs.getString("os"),
                rs.getInt("max_concurrency"),
                rs.getString("state"),
                rs.getString("mode"),
                uuid(rs, "server_id"),
                instant(rs, "connected_at"),
                instant(rs, "last_heartbeat_at"),
                cpuLoad,
                longOrNull(rs, "memory_used"),
                longOrNull(rs, "memory_total"),
                longOrNull(rs, "disk_free"),
                rs.getInt("running"),
                List.of((String[]) rs.getArray("capabilities").getArray()),
                rs.getLong("schedule_version"),
                rs.getLong("schedule_acked_version"));
    }

    /**
     * Counts a change of the agent's pinned set (in the transaction making it): answers the new version, or null when
     * there is no such agent. The row stays locked until the transaction ends, so changes are numbered in order.
     */
    public Long bumpScheduleVersion(Connection c, UUID agent) throws SQLException {
        return Db.one(
                c,
                "UPDATE agent SET schedule_version = schedule_version + 1 WHERE id = ? RETURNING schedule_version",
                rs -> rs.getLong(1),
                agent);
    }

    /** The agent acknowledged the pinned set of {@code version} (stored it before it answered). */
    public void scheduleAcked(Connection c, UUID agent, long version) throws SQLException {
        Db.update(
                c,
                "UPDATE agent SET schedule_acked_version = greatest(schedule_acked_version, ?) WHERE id = ?",
                version,
                agent);
    }

    public long scheduleVersion(Connection c, UUID agent) throws SQLException {
        Long v = Db.one(c, "SELECT schedule_version FROM agent WHERE id = ?", rs -> rs.getLong(1), agent);
        return v == null ? 0 : v;
    }
}
