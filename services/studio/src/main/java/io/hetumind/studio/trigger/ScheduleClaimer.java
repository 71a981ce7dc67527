package io.hetumind.studio.trigger;

import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.trigger.ScheduleRule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Claims due schedule ticks so that each fires exactly once across every replica: the row is locked ({@code FOR UPDATE
 * SKIP LOCKED}) and moved to its following tick with a compare-and-set on {@code next_fire_at} in the same transaction
 * that starts the execution. A claimer that loses the race finds the row locked or already moved and does nothing.
 *
 * <p>Misfires (the instance was down or late): of the ticks due by now, only the latest may fire, and only if it is at
 * most {@code grace} old; every other due tick is skipped and counted as a misfire. So a restart after downtime fires a
 * schedule at most once, and never for a tick older than the grace window.
 */
public final class ScheduleClaimer {
    /** More due ticks than this in one claim (an every-second schedule down for a day) are counted, not walked. */
    static final int MAX_WALK = 100_000;

    private final NodeRegistry registry;
    private final Duration grace;

    public ScheduleClaimer(NodeRegistry registry, Duration grace) {
        this.registry = registry;
        this.grace = grace;
    }

    /** A schedule whose tick is due. */
    public record Due(
            UUID id, UUID tenantId, UUID workflowId, int workflowVersion, String node, String zone, Instant tick) {}

    /**
     * What one claim did.
     *
     * @param fired the tick fired, or null when every due tick was skipped
     * @param misfires ticks skipped
     * @param following the next tick now stored (null: the schedule never fires again)
     */
    public record Claimed(Due due, String nodeName, Instant fired, long misfires, Instant following) {}

    /** Starts the execution of a fired tick; throwing undoes the claim (the caller rolls back). */
    @FunctionalInterface
    public interface Fire {
        void fire(Claimed claimed) throws Exception;
    }

    /** Ids of schedules due at {@code now}, oldest first. */
    public static List<UUID> due(Connection c, Instant now, int limit) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id FROM schedule WHERE next_fire_at <= ? ORDER BY next_fire_at LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    /**
     * Claims schedule {@code id} if it is still due and no other transaction holds it; runs {@code fire} for a tick
     * within the grace window. Runs inside the caller's transaction on {@code c}: commit to keep the claim.
     */
    public Optional<Claimed> claim(Connection c, UUID id, Instant now, Fire fire) throws Exception {
        Due due = lock(c, id, now);
        if (due == null) {
            return Optional.empty();
        }
        Node node = NodeCodec.read(due.node());
        ZoneId zone = ZoneId.of(due.zone());
        List<ScheduleRule> rules = Schedules.rules(registry, node, zone);
        Instant latest = due.tick();
        long dueTicks = 1;
        Optional<Instant> step = Schedules.next(rules, latest, zone);
        while (step.isPresent() && !step.get().isAfter(now) && dueTicks < MAX_WALK) {
            latest = step.get();
            dueTicks++;
            step = Schedules.next(rules, latest, zone);
        }
        boolean firing = !latest.isBefore(now.minus(grace));
        Instant following = Schedules.next(rules, now, zone).orElse(null);
        Claimed claimed =
                new Claimed(due, node.name(), firing ? latest : null, firing ? dueTicks - 1 : dueTicks, following);
        if (!move(c, due, claimed)) {
            return Optional.empty();
        }
        if (firing) {
            fire.fire(claimed);
        }
        return Optional.of(claimed);
    }

    private static Due lock(Connection c, UUID id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, tenant_id, workflow_id, workflow_version, node::text,"
                        + " timezone, next_fire_at FROM schedule WHERE id = ? AND next_fire_at <= ? FOR UPDATE SKIP LOCKED")) {
            ps.setObject(1, id);
            ps.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Due(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class),
                        rs.getInt(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getTimestamp(7).toInstant());
            }
        }
    }

    private static boolean move(Connection c, Due due, Claimed claimed) throws SQLException {
        if (claimed.following() == null) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM schedule WHERE id = ? AND next_fire_at = ?")) {
                ps.setObject(1, due.id());
                ps.setTimestamp(2, Timestamp.from(due.tick()));
                return ps.executeUpdate() == 1;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE schedule SET next_fire_at = ?,"
                + " last_fire_at = COALESCE(?, last_fire_at), fires = fires + ?, misfires = misfires + ?"
                + " WHERE id = ? AND next_fire_at = ?")) {
            ps.setTimestamp(1, Timestamp.from(claimed.following()));
            ps.setTimestamp(2, claimed.fired() == null ? null : Timestamp.from(claimed.fired()));
            ps.setInt(3, claimed.fired() == null ? 0 : 1);
            ps.setLong(4, claimed.misfires());
            ps.setObject(5, due.id());
            ps.setTimestamp(6, Timestamp.from(due.tick()));
            return ps.executeUpdate() == 1;
        }
    }
}
