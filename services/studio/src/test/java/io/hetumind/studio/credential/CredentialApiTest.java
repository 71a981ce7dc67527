package io.hetumind.studio.credential;

import static io.hetumind.studio.credential.Fixtures.as;
import static io.hetumind.studio.credential.Fixtures.create;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.hetumind.core.model.CredentialRef;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The credentials API as users call it: CRUD with masked secrets, bad input, tenant isolation, paging, types. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class CredentialApiTest {
    private static final String MASK = CredentialData.MASK;
    private static final String SECRET = "hdr-secret-" + UUID.randomUUID();
    private static final String SECRET2 = "hdr-secret-two-" + UUID.randomUUID();
    private static LogCapture log;

    @Inject
    TenantCredentials tenantCredentials;

    @Inject
    AgroalDataSource ds;

    @BeforeAll
    static void captureLogs() {
        log = LogCapture.install();
    }

    @AfterAll
    static void noSecretWasLogged() {
        assertThat(log.text()).doesNotContain(SECRET).doesNotContain(SECRET2);
    }

    private String resolvedValue(String token, String id) {
        return tenantCredentials
                .resolverFor(Fixtures.tenant(token), Fixtures.user(token))
                .resolve(new CredentialRef(id, null), "httpHeaderAuth")
                .map(d -> d.get("value").asText())
                .orElse(null);
    }

    @Test
    void createReadUpdateDeleteNeverShowSecretsAndKeepMaskedOnes() throws Exception {
        Iam tenant = Iam.newTenant();
        String token = tenant.ownerToken();
        var created = as(token)
                .body("{\"name\":\"API key\",\"type\":\"httpHeaderAuth\",\"data\":{\"name\":\"X-Api-Key\","
                        + "\"value\":\"" + SECRET + "\"}}")
                .post("/api/v1/credentials")
                .then()
                .statusCode(201)
                .body("name", equalTo("API key"))
                .body("type", equalTo("httpHeaderAuth"))
                .body("data.name", equalTo("X-Api-Key"))
                .body("data.value", equalTo(MASK))
                .body("ownerId", equalTo(Fixtures.user(token).toString()))
                .body("sharing.tenant", equalTo(false))
                .body("testable", equalTo(false))
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/v1/credentials/" + id);
        assertThat(created.asString()).doesNotContain(SECRET);

        String got = as(token)
                .get("/api/v1/credentials/" + id)
                .then()
                .statusCode(200)
                .body("data.value", equalTo(MASK))
                .extract()
                .asString();
        String listed = as(token)
                .get("/api/v1/credentials")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id))
                .body("items.find { it.id == '" + id + "' }.data.value", equalTo(MASK))
                .extract()
                .asString();
        assertThat(got + listed).doesNotContain(SECRET);
        assertThat(resolvedValue(token, id)).isEqualTo(SECRET);

        // The form sends the mask back: the stored secret stays, the other field changes.
        String patched = as(token)
                .body("{\"data\":{\"name\":\"X-Other\",\"value\":\"" + MASK + "\"}}")
                .patch("/api/v1/credentials/" + id)
                .then()
                .statusCode(200)
                .body("data.name", equalTo("X-Other"))
                .body("data.value", equalTo(MASK))
                .extract()
                .asString();
        assertThat(patched).doesNotContain(SECRET);
        assertThat(resolvedValue(token, id)).isEqualTo(SECRET);
        // Fields left out keep their values too.
        as(token)
                .body("{\"name\":\"Renamed\"}")
                .patch("/api/v1/credentials/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("Renamed"))
                .body("data.name", equalTo("X-Other"));
        assertThat(resolvedValue(token, id)).isEqualTo(SECRET);
        as(token)
                .body("{\"data\":{\"value\":\"" + SECRET2 + "\"}}")
                .patch("/api/v1/credentials/" + id)
                .then()
                .statusCode(200)
                .body("data.value", equalTo(MASK));
        assertThat(resolvedValue(token, id)).isEqualTo(SECRET2);

        assertNoSecretInTheDatabase();
        assertThat(log.text())
                .contains("credential created: id=" + id + " type=httpHeaderAuth")
                .contains("credential updated: id=" + id + " type=httpHeaderAuth")
                .doesNotContain(SECRET)
                .doesNotContain(SECRET2);

        as(token).delete("/api/v1/credentials/" + id).then().statusCode(204);
        as(token).get("/api/v1/credentials/" + id).then().statusCode(404);
        as(token).delete("/api/v1/credentials/" + id).then().statusCode(404);
        assertThat(resolvedValue(token, id)).isNull();
        assertThat(log.text()).contains("credential deleted: id=" + id);
    }

    private void assertNoSecretInTheDatabase() throws Exception {
        StringBuilder rows = new StringBuilder();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT c::text FROM studio.credential c UNION ALL"
                        + " SELECT s::text FROM studio.credential_share s")) {
            while (rs.next()) {
                rows.append(rs.getString(1)).append('\n');
            }
        }
        assertThat(rows).contains("httpHeaderAuth"); // the rows were read
        for (String secret : List.of(SECRET, SECRET2)) {
            String hex = HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8));
            assertThat(rows.toString()).doesNotContain(secret).doesNotContain(hex);
        }
    }

    @Test
    void badInputIsA400NamingTheFieldAndChangesNothing() {
        String token = Iam.newTenant().ownerToken();
        String id = create(token, "pg", "postgres", "{\"host\":\"db.example\",\"password\":\"pw-1234\"}", null);
        String before = as(token).get("/api/v1/credentials/" + id).asString();

        field(token, "{\"name\":\"x\",\"type\":\"nope\",\"data\":{}}", "type");
        field(token, "{\"name\":\"x\",\"type\":\"postgres\",\"data\":{\"bogus\":1}}", "data.bogus");
        field(token, "{\"name\":\"x\",\"type\":\"postgres\",\"data\":{\"port\":\"5432\"}}", "data.port");
        field(token, "{\"name\":\"x\",\"type\":\"postgres\",\"data\":{\"ssl\":\"sometimes\"}}", "data.ssl");
        field(token, "{\"name\":\"x\",\"type\":\"httpHeaderAuth\",\"data\":{\"name\":\"X\"}}", "data.value");
        field(
                token,
                "{\"name\":\"x\",\"type\":\"httpHeaderAuth\",\"data\":{\"name\":\"X\",\"value\":\"" + MASK + "\"}}",
                "data.value");
        as(token)
                .body("{\"type\":\"postgres\",\"data\":{}}")
                .post("/api/v1/credentials")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        as(token)
                .body("{\"name\":\"x\",\"type\":\"postgres\",\"data\":{},\"extra\":1}")
                .post("/api/v1/credentials")
                .then()
                .statusCode(400);
        as(token)
                .body("{\"name\":\"pg\",\"type\":\"postgres\",\"data\":{}}")
                .post("/api/v1/credentials")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        as(token)
                .body("{\"data\":{\"port\":-1,\"host\":7}}")
                .patch("/api/v1/credentials/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("data.host"));
        as(token)
                .body("{\"name\":\" \"}")
                .patch("/api/v1/credentials/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
        as(token).get("/api/v1/credentials?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        as(token)
                .get("/api/v1/credentials?cursor=zzz")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("cursor"));

        assertThat(as(token).get("/api/v1/credentials/" + id).asString()).isEqualTo(before);
        as(token).get("/api/v1/credentials").then().statusCode(200).body("items.size()", equalTo(1));
    }

    private static void field(String token, String body, String field) {
        as(token)
                .body(body)
                .post("/api/v1/credentials")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo(field))
                .body("detail", not(org.hamcrest.Matchers.containsString(MASK)));
    }

    @Test
    void anotherTenantsCredentialsAre404AndNeverResolve() {
        String a = Iam.newTenant().ownerToken();
        String b = Iam.newTenant().ownerToken();
        String id =
                create(a, "shared?", "httpHeaderAuth", "{\"name\":\"X\",\"value\":\"v-123456\"}", "{\"tenant\":true}");
        as(b).get("/api/v1/credentials/" + id).then().statusCode(404).contentType("application/problem+json");
        as(b).body("{\"name\":\"mine\"}")
                .patch("/api/v1/credentials/" + id)
                .then()
                .statusCode(404);
        as(b).delete("/api/v1/credentials/" + id).then().statusCode(404);
        as(b).post("/api/v1/credentials/" + id + "/test").then().statusCode(404);
        as(b).get("/api/v1/credentials").then().statusCode(200).body("items.id", not(hasItem(id)));
        as(b).get("/api/v1/credentials/not-a-uuid").then().statusCode(404);
        assertThat(tenantCredentials
                        .resolverFor(Fixtures.tenant(b), Fixtures.user(b))
                        .resolve(new CredentialRef(id, "shared?"), "httpHeaderAuth"))
                .isEmpty();
        as(a).get("/api/v1/credentials/" + id).then().statusCode(200).body("name", equalTo("shared?"));
    }

    @Test
    void listsPageWithACursorAndFilterByType() {
        String token = Iam.newTenant().ownerToken();
        String first = create(token, "one", "httpHeaderAuth", "{\"name\":\"X\",\"value\":\"v-1111\"}", null);
        String second = create(token, "two", "httpHeaderAuth", "{\"name\":\"X\",\"value\":\"v-2222\"}", null);
        String third = create(token, "three", "postgres", "{}", null);
        var page = as(token)
                .get("/api/v1/credentials?limit=2")
                .then()
                .statusCode(200)
                .extract();
        assertThat(page.<List<String>>path("items.id")).containsExactly(first, second);
        String cursor = page.path("nextCursor");
        as(token)
                .get("/api/v1/credentials?limit=2&cursor=" + cursor)
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(third)))
                .body("nextCursor", nullValue());
        as(token)
                .get("/api/v1/credentials?type=postgres")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(third)))
                .body("items[0].data.port", equalTo(5432))
                .body("items[0].testable", equalTo(true));
    }

    @Test
    void typesListTheirFieldsForTheDesigner() {
        String token = Iam.newTenant().ownerToken();
        as(token)
                .get("/api/v1/credential-types")
                .then()
                .statusCode(200)
                .body("id", hasItem("postgres"))
                .body("id", hasItem("httpHeaderAuth"))
                .body("find { it.id == 'postgres' }.testable", equalTo(true))
                .body("find { it.id == 'httpHeaderAuth' }.testable", equalTo(false))
                .body("find { it.id == 'httpHeaderAuth' }.properties.find { it.name == 'value' }.secret", equalTo(true))
                .body(
                        "find { it.id == 'httpHeaderAuth' }.properties.find { it.name == 'name' }.secret",
                        equalTo(false));
        as(token)
                .get("/api/v1/credential-types/postgres")
                .then()
                .statusCode(200)
                .body("properties.name", hasItem("password"));
        as(token).get("/api/v1/credential-types/nope").then().statusCode(404);
        given().get("/api/v1/credential-types").then().statusCode(401);
        given().get("/api/v1/credentials").then().statusCode(401);
    }
}
