package io.hetumind.studio.credential;

import static io.hetumind.studio.credential.Fixtures.create;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.InMemoryCheckpointer;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.db.PgPools;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine run directly with the studio's per-run resolver: HTTP Request sends the stored header credential to a
 * local server, and the Postgres node queries the test database with a stored postgres credential.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class CredentialEngineTest {
    private static final String SECRET = "engine-header-secret-" + UUID.randomUUID();

    @Inject
    TenantCredentials tenantCredentials;

    private HttpServer server;
    private final AtomicReference<String> header = new AtomicReference<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final PgPools pools = new PgPools();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            calls.incrementAndGet();
            header.set(ex.getRequestHeaders().getFirst("X-Api-Key"));
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        pools.close();
    }

    private String workflow(String headerRef, String pgRef) {
        return """
                {"id":"wf-cred","name":"credentials","nodes":[
                  {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"parameters":{}},
                  {"name":"Call","type":"n8n-nodes-base.httpRequest","typeVersion":4.2,
                   "parameters":{"url":"http://127.0.0.1:%d/hook","authentication":"genericCredentialType",
                                 "genericAuthType":"httpHeaderAuth"},
                   "credentials":{"httpHeaderAuth":%s}},
                  {"name":"Query","type":"n8n-nodes-base.postgres","typeVersion":2.5,
                   "parameters":{"operation":"executeQuery","query":"SELECT 41 + 1 AS answer, current_database() AS db"},
                   "credentials":{"postgres":%s}}],
                 "connections":{"Start":{"main":[[{"node":"Call","type":"main","index":0}]]},
                                "Call":{"main":[[{"node":"Query","type":"main","index":0}]]}}}
                """
                .formatted(server.getAddress().getPort(), headerRef, pgRef);
    }

    private ExecutionResult run(String workflow, CredentialResolver resolver) {
        Engine engine = Engine.builder()
                .registry(NodeRegistry.load())
                .checkpointer(new InMemoryCheckpointer())
                .build();
        return engine.run(
                engine.prepare(WorkflowFormat.readJson(workflow)),
                RunRequest.defaults()
                        .withService(CredentialResolver.class, resolver)
                        .withService(PgPools.class, pools));
    }

    @Test
    void httpRequestAndPostgresNodesUseTheTenantsStoredCredentials() {
        String token = Iam.newTenant().ownerToken();
        String headerId = create(
                token, "API key", "httpHeaderAuth", "{\"name\":\"X-Api-Key\",\"value\":\"" + SECRET + "\"}", null);
        String pgId = create(token, "Test DB", "postgres", CredentialTestEndpointTest.testDatabase(null), null);

        ExecutionResult r = run(
                workflow(
                        "{\"id\":\"" + headerId + "\",\"name\":\"API key\"}",
                        "{\"id\":\"" + pgId + "\",\"name\":\"Test DB\"}"),
                tenantCredentials.resolverFor(Fixtures.tenant(token), Fixtures.user(token)));

        assertThat(r.status()).as("error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(header.get()).isEqualTo(SECRET);
        var row = r.output("Query", 0).getFirst().json();
        assertThat(row.get("answer").asInt()).isEqualTo(42);
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        assertThat(url).contains("/" + row.get("db").asText());
        assertThat(r.toJson().toString()).doesNotContain(SECRET);
    }

    @Test
    void anImportedN8nWorkflowFindsCredentialsByName() {
        String token = Iam.newTenant().ownerToken();
        create(
                token,
                "Header Auth account",
                "httpHeaderAuth",
                "{\"name\":\"X-Api-Key\",\"value\":\"" + SECRET + "\"}",
                null);
        create(token, "Postgres account", "postgres", CredentialTestEndpointTest.testDatabase(null), null);
        ExecutionResult r = run(
                workflow(
                        "{\"id\":\"aB3dE5fG7hI9\",\"name\":\"Header Auth account\"}",
                        "{\"id\":\"zY8xW6vU4\",\"name\":\"Postgres account\"}"),
                tenantCredentials.resolverFor(Fixtures.tenant(token), Fixtures.user(token)));
        assertThat(r.status()).as("error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(header.get()).isEqualTo(SECRET);
    }

    @Test
    void anotherTenantsRunCannotUseTheCredential() {
        String owner = Iam.newTenant().ownerToken();
        String other = Iam.newTenant().ownerToken();
        String headerId = create(
                owner, "API key", "httpHeaderAuth", "{\"name\":\"X-Api-Key\",\"value\":\"" + SECRET + "\"}", null);
        ExecutionResult r = run(
                workflow("{\"id\":\"" + headerId + "\",\"name\":\"API key\"}", "{\"id\":\"x\",\"name\":\"x\"}"),
                tenantCredentials.resolverFor(Fixtures.tenant(other), Fixtures.user(other)));
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message()).contains("credentials of type 'httpHeaderAuth' are not set");
        assertThat(calls.get()).isZero();
    }
}
