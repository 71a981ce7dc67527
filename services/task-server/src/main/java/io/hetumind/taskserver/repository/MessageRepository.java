package io.hetumind.taskserver.repository;

import io.hetumind.core.task.LogChunks;
import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Uuid7;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    /**
     * Stores log lines numbered from {@code firstSeq} as one gzip'd chunk (log text compresses several-fold); a chunk
     * already stored (a resend) is skipped. Answers the number of lines stored.
     */
    public int appendLog(Connection c, UUID instance, long firstSeq, List<Messages.LogLine> lines) throws SQLException {
        if (lines.isEmpty()) {
            return 0;
        }
        byte[] block = LogChunks.gzip(lines);
        int n = Db.update(
                c,
                "INSERT INTO instance_log_chunk (instance_id, first_seq, last_seq, line_count, raw_bytes, lines)"
                        + " VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                instance,
                firstSeq,
                firstSeq + lines.size() - 1,
                lines.size(),
                lines.stream().mapToLong(l -> l.text().length()).sum(),
                block);
        return n == 0 ? 0 : lines.size();
    }

    /** One stored line. */
    public record LogRow(long seq, String stream, String line, Instant at) {}

    /**
     * Up to {@code limit} lines after {@code afterSeq}, in order: inflated from the chunks that hold them, plus any lines
     * stored one per row before chunks existed. A line number seen twice (overlapping chunks) is shown once.
     */
    public List<LogRow> log(Connection c, UUID instance, long afterSeq, int limit) throws SQLException {
        java.util.TreeMap<Long, LogRow> rows = new java.util.TreeMap<>();
        Db.list(
                c,
                "SELECT seq, stream, line, at FROM instance_log WHERE instance_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                rs -> rows.put(
                        rs.getLong(1),
                        new LogRow(rs.getLong(1), rs.getString(2), rs.getString(3), Db.instant(rs, "at"))),
                instance,
                afterSeq,
                limit);
        try (PreparedStatement ps = c.prepareStatement("SELECT first_seq, lines FROM instance_log_chunk"
                + " WHERE instance_id = ? AND last_seq > ? ORDER BY first_seq")) {
            ps.setObject(1, instance);
            ps.setLong(2, afterSeq);
            ps.setFetchSize(8);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long first = rs.getLong(1);
                    if (rows.size() >= limit && first > rows.lastKey()) {
                        break;
                    }
                    List<Messages.LogLine> lines;
                    try {
                        lines = LogChunks.gunzip(rs.getBytes(2));
                    } catch (java.io.IOException e) {
                        throw new SQLException("log chunk " + instance + "/" + first + " is unreadable", e);
                    }
                    long seq = first;
                    for (Messages.LogLine l : lines) {
                        if (seq > afterSeq) {
                            rows.putIfAbsent(seq, new LogRow(seq, l.stream(), l.text(), Instant.ofEpochMilli(l.at())));
                        }
                        seq++;
                    }
                }
            }
        }
        return rows.values().stream().limit(limit).toList();
    }
}
