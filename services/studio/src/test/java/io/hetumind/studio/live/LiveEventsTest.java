package io.hetumind.studio.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hetumind.core.spi.Json;
import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The live WebSockets: who may connect, and that each sees its own tenant's events only. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class LiveEventsTest {
    @TestHTTPResource("/")
    URI http;

    @Inject
    DataSource db;

    private URI ws(String path) {
        return URI.create(http.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + path);
    }

    private void publish(UUID tenant, String execution, String type, String status) throws Exception {
        var event = Json.object()
                .put("tenantId", tenant.toString())
                .put("executionId", execution)
                .put("workflowId", UUID.randomUUID().toString())
                .put("type", type)
                .put("node", "Edit Fields")
                .put("status", status)
                .put("seq", 1)
                .put("at", System.currentTimeMillis());
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, ExecutionEvents.CHANNEL);
            ps.setString(2, Json.write(event));
            ps.execute();
        }
    }

    private WebSocket connect(URI uri, Frames frames, String... protocols) throws Exception {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (protocols.length > 0) {
            builder.subprotocols(protocols[0], java.util.Arrays.copyOfRange(protocols, 1, protocols.length));
        }
        return builder.buildAsync(uri, frames).get(10, TimeUnit.SECONDS);
    }

    private int refusal(URI uri, String... protocols) throws Exception {
        try {
            connect(uri, new Frames(), protocols).abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    @Test
    void refusesMissingAndForgedTokens() throws Exception {
        String execution = UUID.randomUUID().toString();
        assertThat(refusal(ws("/ws/executions/" + execution))).isEqualTo(401);
        assertThat(refusal(ws("/ws/executions"))).isEqualTo(401);
        String token = Iam.newTenant().ownerToken();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertThat(refusal(ws("/ws/executions/" + execution + "?access_token=" + forged)))
                .isEqualTo(401);
        assertThat(refusal(ws("/ws/executions/" + execution), "hetumind", "bearer." + forged))
                .isEqualTo(401);
        assertThat(refusal(ws("/ws/executions?access_token=not-a-jwt"))).isEqualTo(401);
    }

    @Test
    void anotherTenantsExecutionIsRefusedAndNeverLeaks() throws Exception {
        String owner = Iam.newTenant().ownerToken();
        String stranger = Iam.newTenant().ownerToken();
        String execution = UUID.randomUUID().toString();
        // a stranger who connects before the execution is known here sees nothing of it
        Frames early = new Frames();
        WebSocket earlySocket = connect(ws("/ws/executions/" + execution + "?access_token=" + stranger), early);
        publish(Fixtures.tenantOf(owner), execution, "nodeStarted", "running");
        long deadline = System.currentTimeMillis() + 5_000;
        int status = 101;
        while (System.currentTimeMillis() < deadline
                && (status = refusal(ws("/ws/executions/" + execution + "?access_token=" + stranger))) != 404) {
            Thread.sleep(100);
        }
        assertThat(status).isEqualTo(404);
        assertThat(early.received.poll(500, TimeUnit.MILLISECONDS)).isNull();
        earlySocket.abort();
        assertThat(refusal(ws("/ws/executions/" + execution + "?access_token=" + owner)))
                .isEqualTo(101);
    }

    @Test
    void streamsOneExecutionsEventsToItsTenant() throws Exception {
        String token = Iam.newTenant().ownerToken();
        UUID tenant = Fixtures.tenantOf(token);
        String execution = UUID.randomUUID().toString();
        Frames byQuery = new Frames();
        Frames byProtocol = new Frames();
        WebSocket a = connect(ws("/ws/executions/" + execution + "?access_token=" + token), byQuery);
        WebSocket b = connect(ws("/ws/executions/" + execution), byProtocol, "hetumind", "bearer." + token);
        assertThat(b.getSubprotocol()).isEqualTo("hetumind");
        awaitLive(tenant, execution, byQuery, byProtocol);
        publish(UUID.randomUUID(), execution, "nodeStarted", "running"); // same id, another tenant: never delivered
        publish(tenant, execution, "nodeStarted", "running");
        publish(tenant, UUID.randomUUID().toString(), "nodeStarted", "running"); // another execution
        publish(tenant, execution, "status", "success");
        for (Frames f : new Frames[] {byQuery, byProtocol}) {
            var first = Json.parse(poll(f));
            assertThat(first.path("type").asText()).isEqualTo("nodeStarted");
            assertThat(first.path("tenantId").asText()).isEqualTo(tenant.toString());
            assertThat(Json.parse(poll(f)).path("status").asText()).isEqualTo("success");
            assertThat(f.received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
        a.abort();
        b.abort();
    }

    @Test
    void theTenantFeedCarriesStatusChangesOfThatTenantOnly() throws Exception {
        String token = Iam.newTenant().ownerToken();
        UUID tenant = Fixtures.tenantOf(token);
        Frames feed = new Frames();
        WebSocket s = connect(ws("/ws/executions?access_token=" + token), feed);
        awaitLive(tenant, UUID.randomUUID().toString(), feed);
        publish(UUID.randomUUID(), UUID.randomUUID().toString(), "status", "running");
        publish(tenant, UUID.randomUUID().toString(), "nodeFinished", "success");
        String mine = UUID.randomUUID().toString();
        publish(tenant, mine, "status", "running");
        var event = Json.parse(poll(feed));
        assertThat(event.path("executionId").asText()).isEqualTo(mine);
        assertThat(feed.received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        s.abort();
    }

    /**
     * Waits until the sockets deliver: the server subscribes a socket in its {@code @OnOpen}, which may run after the
     * client's handshake has completed, so a notice published at once can precede the subscription (clients read the
     * current state from the API once their socket is open). Publishes a probe until every socket got one, then drops
     * the probes.
     */
    private void awaitLive(UUID tenant, String execution, Frames... sockets) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        boolean[] got = new boolean[sockets.length];
        while (true) {
            publish(tenant, execution, "status", "running");
            Thread.sleep(200);
            boolean all = true;
            for (int i = 0; i < sockets.length; i++) {
                got[i] |= !sockets[i].received.isEmpty();
                all &= got[i];
            }
            if (all) {
                break;
            }
            if (System.currentTimeMillis() > deadline) {
                fail("the sockets never started delivering");
            }
        }
        Thread.sleep(500); // probes still in flight
        for (Frames f : sockets) {
            f.received.clear();
        }
    }

    private static String poll(Frames f) throws InterruptedException {
        String s = f.received.poll(5, TimeUnit.SECONDS);
        if (s == null) {
            fail("no frame within 5 s");
        }
        return s;
    }
}
