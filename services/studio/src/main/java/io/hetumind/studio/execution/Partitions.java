package io.hetumind.studio.execution;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The day partitions of {@code execution} ({@code execution_pYYYYMMDD}, UTC days): created ahead of time so the
 * default partition stays empty, and listed for pruning.
 */
final class Partitions {
    private static final Logger LOG = Logger.getLogger(Partitions.class);
    static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'execution_p'yyyyMMdd");

    private Partitions() {}

    /** Creates the partitions of yesterday, today and {@code ahead} days after, where missing. */
    static void ensure(Connection c, int ahead) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int d = -1; d <= ahead; d++) {
            LocalDate day = today.plusDays(d);
            String sql = "CREATE TABLE IF NOT EXISTS " + NAME.format(day) + " PARTITION OF execution FOR VALUES FROM ('"
                    + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')";
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                // another replica created it at the same moment, or the default partition holds rows of that day
                LOG.debugf("partition %s: %s", NAME.format(day), e.getMessage());
            }
        }
    }

    /** A day partition and the day it holds. */
    record Day(String table, LocalDate day) {}

    static List<Day> list(Connection c) throws SQLException {
        List<Day> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT child.relname FROM pg_inherits i"
                        + " JOIN pg_class parent ON parent.oid = i.inhparent JOIN pg_class child ON child.oid = i.inhrelid"
                        + " JOIN pg_namespace n ON n.oid = parent.relnamespace"
                        + " WHERE parent.relname = 'execution' AND n.nspname = current_schema()"
                        + " AND child.relname ~ '^execution_p[0-9]{8}$' ORDER BY 1")) {
            while (rs.next()) {
                String name = rs.getString(1);
                out.add(new Day(
                        name,
                        LocalDate.parse(name.substring("execution_p".length()), DateTimeFormatter.BASIC_ISO_DATE)));
            }
        }
        return out;
    }
}
