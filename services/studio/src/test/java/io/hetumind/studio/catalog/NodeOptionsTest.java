package io.hetumind.studio.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.hetumind.studio.testsupport.TestPlugins;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/node-types/{type}/options}: the Postgres node's loaders list a real schema's tables and columns
 * through a stored credential; credentials are the caller's tenant's only; unknown types and loaders are 404s, bad
 * bodies 400s, a loader's refusal a 422, and a plugin's broken or undeclared-host loader a problem naming the plugin.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class NodeOptionsTest {
    static final String PG_PASSWORD = "pg-options-7c1d";
    static final String PG = "/api/v1/node-types/hetumind.postgres/options";

    @Inject
    DataSource db;

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** A postgres credential's data pointing at the test database (trust authentication), or at {@code host}. */
    static String database(String host) {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        Matcher m =
                Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+).*").matcher(url);
        assertThat(m.matches()).as(url).isTrue();
        String user = ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
        return "{\"host\":\"" + (host == null ? m.group(1) : host) + "\",\"port\":" + m.group(2) + ",\"database\":\""
                + m.group(3) + "\",\"user\":\"" + user + "\",\"password\":\"" + PG_PASSWORD + "\"}";
    }

    static String credential(String token, String name, String data, String sharing) {
        return as(token)
                .body("{\"name\":\"" + name + "\",\"type\":\"postgres\",\"data\":" + data
                        + (sharing == null ? "" : ",\"sharing\":" + sharing) + "}")
                .post("/api/v1/credentials")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static ValidatableResponse load(String token, String path, Object body) {
        return as(token).body(body).post(path).then();
    }

    static ValidatableResponse problem(ValidatableResponse r, int status) {
        return r.statusCode(status).contentType("application/problem+json");
    }

    private String schemaWithTables() throws Exception {
        String schema = "opts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".orders (id bigint, placed_at timestamptz, total numeric)");
            s.execute("CREATE TABLE " + schema + ".customers (id bigint)");
        }
        return schema;
    }

    @Test
    void thePostgresLoadersListTheTablesAndColumnsOfTheDatabaseBehindTheCredential() throws Exception {
        String schema = schemaWithTables();
        String token = Iam.newTenant().ownerToken();
        String cred = credential(token, "options db", database(null), null);
        String body = load(
                        token,
                        PG,
                        Map.of(
                                "method",
                                "tables",
                                "version",
                                2.5,
                                "parameters",
                                Map.of("operation", "select", "schema", schema),
                                "credentials",
                                Map.of("postgres", cred)))
                .statusCode(200)
                .body("options.name", equalTo(List.of("customers", "orders")))
                .body("options.value", equalTo(List.of("customers", "orders")))
                .extract()
                .asString();
        assertThat(body).doesNotContain(PG_PASSWORD).doesNotContain("truncated");

        // a resource locator's value ({"__rl":true,"mode":"list","value":…}) names the table, as the designer sends it
        load(
                        token,
                        PG,
                        Map.of(
                                "method", "columns",
                                "parameters",
                                        Map.of(
                                                "schema", Map.of("__rl", true, "mode", "list", "value", schema),
                                                "table", Map.of("__rl", true, "mode", "list", "value", "orders")),
                                "credentials", Map.of("postgres", cred)))
                .statusCode(200)
                .body("options.name", equalTo(List.of("id", "placed_at", "total")));

        // an empty list is a list
        load(
                        token,
                        PG,
                        Map.of(
                                "method", "tables",
                                "parameters", Map.of("schema", "no_such_schema_here"),
                                "credentials", Map.of("postgres", cred)))
                .statusCode(200)
                .body("options", equalTo(List.of()));

        load(token, PG, Map.of("method", "schemas", "credentials", Map.of("postgres", cred)))
                .statusCode(200)
                .body("options.name", hasItem(schema))
                .body("options.name", hasItem("studio"));
    }

    @Test
    void credentialsComeOnlyFromTheCallersTenantAndOnlyThoseTheCallerMayUse() throws Exception {
        String schema = schemaWithTables();
        var tenant = Iam.newTenant();
        String owner = tenant.ownerToken();
        String cred = credential(owner, "private db", database(null), null);
        Map<String, Object> body = Map.of(
                "method", "tables", "parameters", Map.of("schema", schema), "credentials", Map.of("postgres", cred));

        String stranger = Iam.newTenant().ownerToken();
        String answer = problem(load(stranger, PG, body), 404)
                .body("detail", equalTo("credential " + cred + " of type 'postgres' not found"))
                .extract()
                .asString();
        assertThat(answer).doesNotContain(PG_PASSWORD).doesNotContain("orders").doesNotContain("127.0.0.1");

        // a member of the same tenant may not run with the owner's private credential either
        String member = io.hetumind.studio.testsupport.Fixtures.member(owner, "editor");
        owner = tenant.ownerToken();
        problem(load(member, PG, body), 404);
        // … until it is shared with them
        as(owner)
                .body("{\"sharing\":{\"tenant\":true}}")
                .patch("/api/v1/credentials/" + cred)
                .then()
                .statusCode(200);
        load(member, PG, body).statusCode(200).body("options.name", equalTo(List.of("customers", "orders")));

        // ids that are not ids, and a credential of another type than it says, are absent too
        owner = tenant.ownerToken();
        problem(load(owner, PG, Map.of("method", "tables", "credentials", Map.of("postgres", "not-a-uuid"))), 404);
        String header = as(owner)
                .body("{\"name\":\"hdr\",\"type\":\"httpHeaderAuth\",\"data\":{\"name\":\"X\",\"value\":\"v-1\"}}")
                .post("/api/v1/credentials")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        problem(load(owner, PG, Map.of("method", "tables", "credentials", Map.of("postgres", header))), 404);
        // a type the node does not take is refused before anything is decrypted
        problem(load(owner, PG, Map.of("method", "tables", "credentials", Map.of("httpHeaderAuth", header))), 400)
                .body("errors[0].field", equalTo("credentials.httpHeaderAuth"));
    }

    @Test
    void unknownTypesAndLoadersAreNotFound() {
        String token = Iam.newTenant().ownerToken();
        problem(load(token, "/api/v1/node-types/hetumind.nope/options", Map.of("method", "tables")), 404)
                .body("detail", equalTo("node type 'hetumind.nope' not found"));
        problem(load(token, PG, Map.of("method", "tablez")), 404)
                .body(
                        "detail",
                        equalTo("node type 'hetumind.postgres' has no option loader 'tablez'"
                                + " (it has: columns, schemas, tables)"));
        problem(load(token, "/api/v1/node-types/hetumind.set/options", Map.of("method", "tables")), 404)
                .body("detail", containsString("(it has: none)"));
        // n8n's type name is an alias of ours
        problem(load(token, "/api/v1/node-types/n8n-nodes-base.postgres/options", Map.of("method", "tables")), 422)
                .body("detail", containsString("credentials of type 'postgres' are not set"));
    }

    @Test
    void badBodiesAreRefusedWithProblems() {
        var tenant = Iam.newTenant();
        String token = tenant.ownerToken();
        problem(as(token).body("{\"method\":").post(PG).then(), 400);
        problem(as(token).body("[1,2]").post(PG).then(), 400);
        problem(load(token, PG, Map.of("parameters", Map.of())), 400);
        problem(load(token, PG, Map.of("method", " ")), 400);
        problem(load(token, PG, Map.of("method", "x".repeat(129))), 400);
        problem(load(token, PG, Map.of("method", "tables", "parameters", List.of(1))), 400)
                .body("errors[0].field", equalTo("parameters"));
        problem(load(token, PG, Map.of("method", "tables", "version", 7)), 400)
                .body("errors[0].field", equalTo("version"));
        problem(load(token, PG, Map.of("method", "tables", "credentials", List.of("postgres"))), 400);
        problem(load(token, PG, Map.of("method", "tables", "credentials", Map.of("postgres", Map.of("id", "x")))), 400);
        // larger than the instance's body limit (1 MiB in tests): refused before it is read
        String huge = "{\"method\":\"tables\",\"parameters\":{\"query\":\"" + "x".repeat(1_100_000) + "\"}}";
        problem(as(token).body(huge).post(PG).then(), 413);
        // deep nesting stops in the parser, not in a stack overflow
        String deep = "{\"method\":\"tables\",\"parameters\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        problem(as(token).body(deep).post(PG).then(), 400);
        // an expression where a name is needed is the user's to fix (tokens live briefly in tests: take a fresh one)
        token = tenant.ownerToken();
        problem(
                        load(
                                token,
                                PG,
                                Map.of(
                                        "method",
                                        "tables",
                                        "parameters",
                                        Map.of("schema", "={{ $json.schema }}"),
                                        "credentials",
                                        Map.of("postgres", credential(token, "db", database(null), null)))),
                        422)
                .body("type", equalTo("https://hetumind.io/problems/option-loader-refused"))
                .body("detail", containsString("parameter 'schema' is an expression"));
        // no token, no options
        given().contentType(ContentType.JSON)
                .body("{\"method\":\"tables\"}")
                .post(PG)
                .then()
                .statusCode(401);
    }

    @Test
    void loadersReachOnlyWhatTheNetworkPolicyAllows() {
        String token = Iam.newTenant().ownerToken();
        String metadata = credential(token, "meta", database("169.254.169.254"), null);
        String answer = problem(
                        load(token, PG, Map.of("method", "schemas", "credentials", Map.of("postgres", metadata))), 422)
                .body("detail", containsString("cloud metadata"))
                .extract()
                .asString();
        assertThat(answer).doesNotContain(PG_PASSWORD);
    }

    @Test
    void aPluginsLoaderIsHeldToItsDeclaredHostsAndItsFailuresNameThePlugin() {
        String token = Iam.newTenant().ownerToken();
        String path = "/api/v1/node-types/acme-shout.resolve/options";
        problem(load(token, path, Map.of("method", "addresses", "parameters", Map.of("host", "localhost"))), 422)
                .body("detail", containsString("localhost"));
        problem(load(token, path, Map.of("method", "broken")), 502)
                .body("type", equalTo("https://hetumind.io/problems/option-loader-failed"))
                .body("detail", containsString("plugin " + TestPlugins.LABEL))
                .body("detail", containsString("the plugin's loader broke"));
    }
}
