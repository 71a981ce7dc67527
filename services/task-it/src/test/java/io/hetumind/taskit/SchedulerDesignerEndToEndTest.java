package io.hetumind.taskit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hetumind.testkit.BrowserScenarios;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The designer's scheduler pages in a real Chromium against the packaged studio, whose {@code /tasks} pass-through
 * reaches a real task-server of this cluster: {@code node frontend/e2e/run.mjs} with the scenarios of {@code
 * frontend/e2e/scheduler}. The scenarios sign up a tenant through the UI, make an agent token for it and ask this test
 * (a small HTTP peer, {@code POST /agents}) to start a real agent with that token, then drive jobs, runs, logs,
 * cancel and agents through the UI. Chromium or playwright-core missing is a failure, never a skip.
 */
@Order(2)
class SchedulerDesignerEndToEndTest {
    static Cluster cluster;
    static Proc server;
    static Proc studio;
    static HttpServer peer;

    @BeforeAll
    static void start() throws IOException {
        cluster = Cluster.get();
        server = cluster.servers.getFirst();
        studio = cluster.startStudio(server);
        String gateways = cluster.gateway(cluster.servers.get(0)) + "," + cluster.gateway(cluster.servers.get(1));
        peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.createContext("/agents", ex -> startAgent(ex, gateways));
        peer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        peer.start();
    }

    /** {@code POST /agents {"name", "secret"}}: starts an agent presenting that token; 201 once it is ready. */
    static void startAgent(HttpExchange ex, String gateways) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                answer(ex, 405, "{\"message\":\"POST only\"}");
                return;
            }
            JsonNode body = Api.JSON.readTree(ex.getRequestBody());
            String name = body.path("name").asText("");
            String secret = body.path("secret").asText("");
            if (!name.matches("[A-Za-z0-9-]{1,40}") || secret.isBlank()) {
                answer(ex, 400, "{\"message\":\"name (letters, digits, dashes) and secret are required\"}");
                return;
            }
            try {
                cluster.startAgentWithToken(name, secret, Map.of("os", "linux", "ui", "true"), gateways);
                answer(ex, 201, "{\"started\":\"" + name + "\"}");
            } catch (RuntimeException e) {
                answer(ex, 500, Api.JSON.writeValueAsString(Map.of("message", String.valueOf(e.getMessage()))));
            }
        }
    }

    static void answer(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @AfterAll
    static void stop() {
        if (peer != null) {
            peer.stop(0);
        }
    }

    @Test
    void theSchedulerPagesDriveARealTaskServerAndAgent() throws Exception {
        BrowserScenarios.run(
                Map.of(
                        "STUDIO_URL",
                        studio.base(),
                        "TEST_SERVER_URL",
                        "http://127.0.0.1:" + peer.getAddress().getPort(),
                        "SCENARIO_DIR",
                        "scheduler"),
                Duration.ofMinutes(10));
    }
}
