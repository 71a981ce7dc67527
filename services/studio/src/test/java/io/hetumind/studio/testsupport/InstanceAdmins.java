package io.hetumind.studio.testsupport;

import static io.restassured.RestAssured.given;

import io.hetumind.testkit.Iam;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/** Access tokens of instance administrators, for tests of the instance-wide endpoints (plugins, pruning). */
public final class InstanceAdmins {
    private InstanceAdmins() {}

    /** A new tenant's owner, made the instance's administrator and signed in again so the token says so. */
    public static String token(DataSource db) throws SQLException {
        Iam iam = Iam.newTenant();
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("UPDATE iam.app_user SET instance_admin = true WHERE email = ?")) {
            ps.setString(1, iam.email());
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("no user " + iam.email());
            }
        }
        return given().baseUri(iam.baseUrl())
                .contentType(ContentType.JSON)
                .body(Map.of("email", iam.email(), "password", Iam.PASSWORD))
                .post("/api/v1/auth/signin")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
    }
}
