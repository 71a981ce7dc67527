package io.hetumind.platform.db;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;

/** Reads PostgreSQL errors the same way whether they came through JDBC, Hibernate or the Vert.x client. */
public final class Db {
    /** SQLSTATE of a unique-constraint violation. */
    public static final String UNIQUE_VIOLATION = "23505";
    /** SQLSTATE of a foreign-key violation. */
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    /** SQLSTATE of a serialization failure (retry the transaction). */
    public static final String SERIALIZATION_FAILURE = "40001";

    private Db() {}

    /** Whether {@code t} (or a cause) is a unique-constraint violation. */
    public static boolean uniqueViolation(Throwable t) {
        return UNIQUE_VIOLATION.equals(sqlState(t));
    }

    /** The SQLSTATE of the first database error in {@code t}'s cause chain, or null. */
    public static String sqlState(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PgException pg) {
                return pg.getSqlState();
            }
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
