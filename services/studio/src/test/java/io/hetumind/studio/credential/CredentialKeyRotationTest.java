package io.hetumind.studio.credential;

import static io.hetumind.studio.credential.Fixtures.as;
import static io.hetumind.studio.credential.Fixtures.create;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.hetumind.core.model.CredentialRef;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import io.hetumind.platform.id.Ids;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Master key rotation (records sealed under key test-a stay readable with test-b active, and re-wrapping moves them)
 * and records that do not decrypt (altered, swapped between rows, key gone): a clear error everywhere, never a crash.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class CredentialKeyRotationTest {
    @Inject
    CredentialRepository repo;

    @Inject
    CredentialKeys keys;

    @Inject
    TenantCredentials tenantCredentials;

    @Inject
    AgroalDataSource ds;

    private static String masterKey(String id) {
        return ConfigProvider.getConfig().getValue("hetumind.studio.credentials.master-keys." + id, String.class);
    }

    /** A record written as a studio whose active key was {@code keyId} would have written it. */
    private StoredCredential writeUnder(String keyId, String base64Key, String token, String name, String value) {
        Envelope old = new Envelope(MasterKeys.parse(Map.of(keyId, base64Key), keyId));
        UUID id = Ids.next();
        UUID tenant = Fixtures.tenant(token);
        var data = Json.object().put("name", "X-Old").put("value", value);
        StoredCredential c = new StoredCredential(
                id,
                tenant,
                name,
                "httpHeaderAuth",
                Fixtures.user(token),
                false,
                List.of(),
                old.seal(
                        new Envelope.Owner(tenant, id, "httpHeaderAuth"),
                        Json.write(data).getBytes()),
                Instant.now(),
                Instant.now());
        repo.insert(c);
        return c;
    }

    private String resolve(String token, String id) {
        return tenantCredentials
                .resolverFor(Fixtures.tenant(token), Fixtures.user(token))
                .resolve(new CredentialRef(id, null), "httpHeaderAuth")
                .map(d -> d.get("value").asText())
                .orElse(null);
    }

    @Test
    void recordsUnderTheOldKeyStayReadableAndAreRewrappedToTheActiveOne() {
        String token = Iam.newTenant().ownerToken();
        StoredCredential old = writeUnder("test-a", masterKey("test-a"), token, "old", "value-under-a");
        assertThat(keys.activeKey()).isEqualTo("test-b");
        as(token)
                .get("/api/v1/credentials/" + old.id())
                .then()
                .statusCode(200)
                .body("data.name", equalTo("X-Old"))
                .body("data.value", equalTo(CredentialData.MASK));
        assertThat(resolve(token, old.id().toString())).isEqualTo("value-under-a");

        CredentialKeys.Rewrap r = keys.rewrapAll();
        assertThat(r.rewrapped()).isGreaterThanOrEqualTo(1);
        assertThat(r.recordsByKey()).doesNotContainKey("test-a");
        StoredCredential now = repo.find(old.tenantId(), old.id()).orElseThrow();
        assertThat(now.sealed().keyId()).isEqualTo("test-b");
        assertThat(now.sealed().data()).isEqualTo(old.sealed().data());
        // only key B is needed now
        Envelope onlyB = new Envelope(MasterKeys.parse(Map.of("test-b", masterKey("test-b")), "test-b"));
        assertThat(new String(onlyB.open(now.owner(), now.sealed()))).contains("value-under-a");
        assertThat(resolve(token, old.id().toString())).isEqualTo("value-under-a");
        assertThat(keys.rewrapAll().rewrapped()).isZero();
    }

    @Test
    void alteredOrSwappedRecordsAreAClearErrorAndCanBeRepaired() throws Exception {
        String token = Iam.newTenant().ownerToken();
        String pg = create(token, "pg", "postgres", "{\"password\":\"pg-secret-77\"}", null);
        String a = create(token, "a", "httpHeaderAuth", "{\"name\":\"X\",\"value\":\"value-of-a\"}", null);
        String b = create(token, "b", "httpHeaderAuth", "{\"name\":\"X\",\"value\":\"value-of-b\"}", null);
        sql(
                "UPDATE studio.credential SET sealed = set_byte(sealed, 20, (get_byte(sealed, 20) + 1) % 256) WHERE id = ?",
                pg);
        sql(
                "UPDATE studio.credential t SET key_id = s.key_id, data_key = s.data_key, sealed = s.sealed"
                        + " FROM studio.credential s WHERE s.id = ?::uuid AND t.id = ?::uuid",
                a,
                b);

        as(token)
                .get("/api/v1/credentials/" + pg)
                .then()
                .statusCode(200)
                .body("data", nullValue())
                .body("unreadable", containsString("cannot be decrypted: its data fails authentication"));
        as(token)
                .get("/api/v1/credentials")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(3))
                .body("items.find { it.id == '" + b + "' }.unreadable", containsString("data key fails authentication"))
                .body("items.find { it.id == '" + a + "' }.data.name", equalTo("X"));
        as(token)
                .post("/api/v1/credentials/" + pg + "/test")
                .then()
                .statusCode(409)
                .body("type", equalTo("https://hetumind.io/problems/credential-unreadable"));
        assertThatThrownBy(() -> resolve(token, b))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("cannot be decrypted");
        assertThat(resolve(token, a)).isEqualTo("value-of-a");
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString(
                        "hetumind_credential_decrypts_total{outcome=\"failed\",type=\"postgres\",use=\"api\""));

        // saving the data again in full repairs the record
        as(token)
                .body("{\"data\":{\"name\":\"X\",\"value\":\"value-of-b-again\"}}")
                .patch("/api/v1/credentials/" + b)
                .then()
                .statusCode(200)
                .body("unreadable", nullValue())
                .body("data.value", equalTo(CredentialData.MASK));
        assertThat(resolve(token, b)).isEqualTo("value-of-b-again");
    }

    @Test
    void aRecordWhoseMasterKeyIsGoneIsReportedByRewrapAndHealth() throws Exception {
        String token = Iam.newTenant().ownerToken();
        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        StoredCredential lost =
                writeUnder("retired", java.util.Base64.getEncoder().encodeToString(k), token, "lost", "value-lost");
        try {
            CredentialKeys.Rewrap r = keys.rewrapAll();
            assertThat(r.unreadable()).contains(lost.id());
            assertThat(r.recordsByKey()).containsEntry("retired", 1L);
            given().get("/q/health/well")
                    .then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'credential-keys' }.data.recordsUnderMissingKeys", equalTo(1));
            as(token)
                    .get("/api/v1/credentials/" + lost.id())
                    .then()
                    .statusCode(200)
                    .body("unreadable", containsString("its master key 'retired' is not configured"));
        } finally {
            repo.delete(lost.tenantId(), lost.id());
        }
        given().get("/q/health/well").then().statusCode(200);
    }

    @Test
    void instanceAdminsSeeTheKeysAndRewrapThroughTheApi() throws Exception {
        String iam = ConfigProvider.getConfig().getValue("hetumind.test.iam-url", String.class);
        String email = "admin-" + UUID.randomUUID() + "@example.test";
        Map<String, String> signin = Map.of("email", email, "password", "correct horse battery");
        String token = given().baseUri(iam)
                .contentType("application/json")
                .body(Map.of("email", email, "password", "correct horse battery", "name", "A", "tenant", "T " + email))
                .post("/api/v1/auth/signup")
                .then()
                .statusCode(201)
                .extract()
                .path("accessToken");
        as(token).get("/api/v1/credential-keys").then().statusCode(403);
        as(token).post("/api/v1/credential-keys/rewrap").then().statusCode(403);
        // IAM makes only the instance's first user an instance admin; the test database is shared, so promote one.
        sql(
                "UPDATE iam.app_user SET instance_admin = true WHERE id = ?",
                Fixtures.user(token).toString());
        String admin = given().baseUri(iam)
                .contentType("application/json")
                .body(signin)
                .post("/api/v1/auth/signin")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");

        StoredCredential old = writeUnder("test-a", masterKey("test-a"), admin, "old via api", "value-under-a");
        as(admin)
                .get("/api/v1/credential-keys")
                .then()
                .statusCode(200)
                .body("activeKey", equalTo("test-b"))
                .body("recordsByKey.'test-a'", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        as(admin)
                .post("/api/v1/credential-keys/rewrap")
                .then()
                .statusCode(200)
                .body("rewrapped", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("recordsByKey.'test-a'", nullValue());
        assertThat(repo.find(old.tenantId(), old.id()).orElseThrow().sealed().keyId())
                .isEqualTo("test-b");
        assertThat(resolve(admin, old.id().toString())).isEqualTo("value-under-a");
    }

    private void sql(String sql, String... ids) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < ids.length; i++) {
                ps.setObject(i + 1, UUID.fromString(ids[i]));
            }
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
