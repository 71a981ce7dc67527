package io.hetumind.studio.testsupport;

import io.hetumind.testkit.Iam;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Access tokens of instance administrators, for tests of the instance-wide endpoints (plugins, pruning). */
public final class InstanceAdmins {
    private InstanceAdmins() {}

    /** A new tenant's owner, made the instance's administrator and signed in again so the token says so. */
    public static String token(DataSource db) throws SQLException {
        return owner(db, true).ownerToken();
    }

    /**
     * A new tenant's owner, made (or unmade) the instance's administrator; its {@link Iam#ownerToken()} signs in again
     * so that the token says so, and again whenever the short test token nears its end.
     */
    public static Iam owner(DataSource db, boolean instanceAdmin) throws SQLException {
        Iam iam = Iam.newTenant();
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("UPDATE iam.app_user SET instance_admin = ? WHERE email = ?")) {
            ps.setBoolean(1, instanceAdmin);
            ps.setString(2, iam.email());
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("no user " + iam.email());
            }
        }
        iam.signInAgain();
        return iam;
    }
}
