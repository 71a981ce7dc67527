package io.hetumind.taskserver.repository;

import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Uuid7;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** De-duplication of agent messages, the dead-letter table and instance log lines. */
@ApplicationScoped
public class MessageRepository {

    /** Records a message id; false when it was seen before (a retried duplicate). */
    public boolean firstTime(Connection c, UUID messageId) throws SQLException {
        return Db.update(c, "INSERT INTO inbox (message_id) VALUES (?) ON CONFLICT DO NOTHING", messageId) == 1;
    }

    public int forgetSeen(Connection c, Instant before) throws SQLException {
        return Db.update(c, "DELETE FROM inbox WHERE received_at < ?", before);
    }

    public void deadLetter(Connection c, UUID agent, String kind, String frame, String reason) throws SQLException {
        Db.update(
                c,
                "INSERT INTO dead_letter (id, agent_id, kind, frame, reason) VALUES (?,?,?,?,?)",
                Uuid7.next(),
                agent,
                kind,
                frame,
                reason);
    }

    public long deadLetters(Connection c) throws SQLException {
        return Db.one(c, "SELECT count(*) FROM dead_letter", rs -> rs.getLong(1));
    }

    /** Stores log lines numbered from {@code firstSeq}; lines already stored (a resend) are skipped. */
    public int appendLog(Connection c, UUID instance, long firstSeq, List<Messages.LogLine> lines) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO instance_log (instance_id, seq, stream, line, at)"
                + " VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING")) {
            long seq = firstSeq;
            for (Messages.LogLine l : lines) {
                ps.setObject(1, instance);
                ps.setLong(2, seq++);
                ps.setString(3, l.stream());
                ps.setString(4, l.text());
                ps.setTimestamp(5, new Timestamp(l.at()));
                ps.addBatch();
            }
            int n = 0;
            for (int r : ps.executeBatch()) {
                n += Math.max(r, 0);
            }
            return n;
        }
    }

    /** One stored line. */
    public record LogRow(long seq, String stream, String line, Instant at) {}

    public List<LogRow> log(Connection c, UUID instance, long afterSeq, int limit) throws SQLException {
        return Db.list(
                c,
                "SELECT seq, stream, line, at FROM instance_log WHERE instance_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                rs -> new LogRow(rs.getLong(1), rs.getString(2), rs.getString(3), Db.instant(rs, "at")),
                instance,
                afterSeq,
                limit);
    }
}
