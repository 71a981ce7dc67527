package io.hetumind.iam.service;

import io.vertx.pgclient.PgException;

/** Reads database errors. */
final class Db {
    private Db() {}

    /** Whether {@code t} (or a cause) is a unique-constraint violation. */
    static boolean uniqueViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (c instanceof org.hibernate.JDBCException j && "23505".equals(j.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
