package io.hetumind.studio.it;

import com.sun.net.httpserver.HttpServer;
import io.hetumind.testkit.BrowserScenarios;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
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
import org.junit.jupiter.api.Test;

/**
 * The designer in a real Chromium against the packaged studio (its {@code /iam} pass-through in front of a real IAM):
 * {@code node frontend/e2e/run.mjs} signs up a tenant through the UI and runs every scenario under {@code
 * frontend/e2e/scenarios}. A local HTTP server stands in for the services the HTTP Request node calls; the Postgres
 * node's option lists read the test database ({@code TEST_PG_URL}). Screenshots go to {@code target/screenshots}. Chromium missing is a failure (the script says how to install it), never a skip.
 */
@QuarkusIntegrationTest
@WithTestResource(PackagedStudio.class)
class DesignerE2EIT {
    static HttpServer peer;

    @BeforeAll
    static void peer() throws IOException {
        peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.createContext("/hello", ex -> answer(ex, 200, "{\"hello\":\"world\",\"items\":[1,2,3]}"));
        peer.createContext("/fail", ex -> answer(ex, 500, "{\"message\":\"the test server fails on purpose\"}"));
        peer.createContext(
                "/", ex -> answer(ex, 200, "{\"path\":\"" + ex.getRequestURI().getPath() + "\"}"));
        peer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        peer.start();
    }

    @AfterAll
    static void stop() {
        if (peer != null) {
            peer.stop(0);
        }
    }

    static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void theDesignerScenariosPassInARealBrowser() throws Exception {
        BrowserScenarios.run(
                Map.of(
                        "STUDIO_URL", "http://127.0.0.1:" + io.restassured.RestAssured.port,
                        "TEST_SERVER_URL",
                                "http://127.0.0.1:" + peer.getAddress().getPort(),
                        "TEST_PG_URL", PackagedStudio.databaseUrl),
                Duration.ofMinutes(15));
    }
}
