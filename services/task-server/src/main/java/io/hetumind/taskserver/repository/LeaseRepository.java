package io.hetumind.taskserver.repository;

import static io.hetumind.taskserver.repository.Db.instant;
import static io.hetumind.taskserver.repository.Db.uuid;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The leader lease row, the server registry and namespace bindings. */
@ApplicationScoped
public class LeaseRepository {
    public static final String LEADER = "leader";

    /**
     * Takes or renews the lease for {@code holder}: succeeds when it holds it already or the current one expired. A
     * change of holder increments the fencing token. Answers the token, or null when another server leads.
     */
    public Long acquire(Connection c, UUID holder, Duration ttl) throws SQLException {
        return Db.one(
                c,
                "INSERT INTO lease (name, holder, fencing, expires_at) VALUES (?, ?, 1, clock_timestamp() + ?::interval)"
                        + " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,"
                        + " fencing = CASE WHEN lease.holder = excluded.holder THEN lease.fencing ELSE lease.fencing + 1 END"
                        + " WHERE lease.holder = excluded.holder OR lease.expires_at < clock_timestamp()"
                        + " RETURNING fencing",
                rs -> rs.getLong(1),
                LEADER,
                holder,
                ttl.toMillis() + " milliseconds");
    }

    /**
     * The fencing check every leader write starts with: locks the lease row for the transaction and answers whether
     * {@code holder} still holds it with {@code fencing}, unexpired.
     */
    public boolean fenced(Connection c, UUID holder, long fencing) throws SQLException {
        return Db.one(
                        c,
                        "SELECT 1 FROM lease WHERE name = ? AND holder = ? AND fencing = ?"
                                + " AND expires_at > clock_timestamp() FOR SHARE",
                        rs -> 1,
                        LEADER,
                        holder,
                        fencing)
                != null;
    }

    /** Gives the lease up at shutdown, so a standby takes over at once. */
    public void release(Connection c, UUID holder) throws SQLException {
        Db.update(c, "UPDATE lease SET expires_at = clock_timestamp() WHERE name = ? AND holder = ?", LEADER, holder);
    }

    /** The current lease, if any. */
    public record Lease(UUID holder, long fencing, Instant expiresAt) {}

    public Lease current(Connection c) throws SQLException {
        return Db.one(
                c,
                "SELECT holder, fencing, expires_at FROM lease WHERE name = ?",
                rs -> new Lease(uuid(rs, "holder"), rs.getLong("fencing"), instant(rs, "expires_at")),
                LEADER);
    }

    public void heartbeat(Connection c, UUID server, String address, int weight) throws SQLException {
        Db.update(
                c,
                "INSERT INTO server (id, address, weight) VALUES (?,?,?) ON CONFLICT (id) DO UPDATE"
                        + " SET heartbeat_at = now(), address = excluded.address, weight = excluded.weight",
                server,
                address,
                weight);
    }

    /** A live replica. */
    public record Server(UUID id, String address, int weight, Instant startedAt, Instant heartbeatAt) {}

    public List<Server> servers(Connection c) throws SQLException {
        return Db.list(
                c,
                "SELECT id, address, weight, started_at, heartbeat_at FROM server ORDER BY started_at",
                rs -> new Server(
                        uuid(rs, "id"),
                        rs.getString("address"),
                        rs.getInt("weight"),
                        instant(rs, "started_at"),
                        instant(rs, "heartbeat_at")));
    }

    public int forgetServers(Connection c, Instant silentSince) throws SQLException {
        return Db.update(c, "DELETE FROM server WHERE heartbeat_at < ?", silentSince);
    }

    /** Tenant and namespace pairs that have jobs or agents. */
    public List<String[]> namespaces(Connection c) throws SQLException {
        return Db.list(
                c,
                "SELECT tenant_id::text, namespace FROM job UNION SELECT tenant_id::text, namespace FROM agent",
                rs -> new String[] {rs.getString(1), rs.getString(2)});
    }

    public void bind(Connection c, UUID tenant, String namespace, UUID server) throws SQLException {
        Db.update(
                c,
                "INSERT INTO namespace_binding (tenant_id, namespace, server_id) VALUES (?,?,?)"
                        + " ON CONFLICT (tenant_id, namespace) DO UPDATE SET server_id = excluded.server_id"
                        + " WHERE namespace_binding.server_id <> excluded.server_id",
                tenant,
                namespace,
                server);
    }

    public List<String> boundTo(Connection c, UUID server) throws SQLException {
        return Db.list(
                c,
                "SELECT namespace FROM namespace_binding WHERE server_id = ? ORDER BY namespace",
                rs -> rs.getString(1),
                server);
    }
}
