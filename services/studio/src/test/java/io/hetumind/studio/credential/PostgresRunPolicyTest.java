package io.hetumind.studio.credential;

import static io.hetumind.studio.credential.Fixtures.as;
import static io.hetumind.studio.credential.Fixtures.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.jdbc.sockets.RegisteredSocketFactory;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A Postgres node run by the studio (an execution, inline and queued) under the studio's network policy, which is not
 * allow-all (loopback is allowed in tests, cloud metadata and the like are not): an allowed server is reached through
 * the policy's sockets, which the driver loads by class name; a refused one fails the node with the policy's reason
 * before anything connects.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class PostgresRunPolicyTest {

    /** The test database as a postgres credential, with another host when given. */
    static String database(String host) {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        Matcher m =
                Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+).*").matcher(url);
        assertThat(m.matches()).as(url).isTrue();
        String user = ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
        return "{\"host\":\"" + (host == null ? m.group(1) : host) + "\",\"port\":" + m.group(2) + ",\"database\":\""
                + m.group(3) + "\",\"user\":\"" + user + "\",\"password\":\"" + CredentialTestEndpointTest.PG_PASSWORD
                + "\",\"maxConnections\":2}";
    }

    private static String workflow(String token, String credentialId) {
        String body =
                """
                {"name":"pg under policy","nodes":[
                  {"id":"s","name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],
                   "parameters":{}},
                  {"id":"q","name":"Query","type":"n8n-nodes-base.postgres","typeVersion":2.5,"position":[200,0],
                   "parameters":{"operation":"executeQuery",
                                 "query":"SELECT 41 + 1 AS answer, inet_client_addr()::text AS client"},
                   "credentials":{"postgres":{"id":"%s","name":"db"}}}],
                 "connections":{"Start":{"main":[[{"node":"Query","type":"main","index":0}]]}}}
                """
                        .formatted(credentialId);
        return as(token)
                .body(body)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void aPostgresNodeRunReachesAnAllowedServerThroughThePolicysSockets() {
        var tenant = Iam.newTenant();
        String token = tenant.ownerToken();
        String wf = workflow(token, create(token, "db", "postgres", database(null), null));
        for (String mode : new String[] {"inline", "queued"}) {
            as(token)
                    .body(Map.of("mode", mode))
                    .post("/api/v1/workflows/" + wf + "/execute")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("success"))
                    .body("runData.Query[0].data.main[0][0].json.answer", equalTo(42));
        }
        // the connections were opened by a policy socket factory the driver instantiated by name: one registered
        // while its pool lives (before the fix the driver found an empty copy of the registry and the run failed)
        assertThat(RegisteredSocketFactory.registered()).isPositive();

        // a name is resolved by the policy too (tokens live briefly in tests: take a fresh one)
        token = tenant.ownerToken();
        String byName = workflow(token, create(token, "db by name", "postgres", database("localhost"), null));
        as(token)
                .body(Map.of("mode", "inline"))
                .post("/api/v1/workflows/" + byName + "/execute")
                .then()
                .statusCode(200)
                .body("status", equalTo("success"))
                .body("runData.Query[0].data.main[0][0].json.answer", equalTo(42));
    }

    @Test
    void aPostgresNodeRunToARefusedHostFailsWithThePolicysReason() {
        String token = Iam.newTenant().ownerToken();
        for (String host : new String[] {"169.254.169.254", "0.0.0.0"}) {
            String wf = workflow(token, create(token, "blocked " + host, "postgres", database(host), null));
            String message = as(token)
                    .body(Map.of("mode", "inline"))
                    .post("/api/v1/workflows/" + wf + "/execute")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("error"))
                    .extract()
                    .path("runData.Query[0].error.message");
            assertThat(message)
                    .startsWith("Postgres refused to connect to " + host)
                    .doesNotContain("registered");
            assertThat(message).doesNotContain(CredentialTestEndpointTest.PG_PASSWORD);
        }
    }
}
