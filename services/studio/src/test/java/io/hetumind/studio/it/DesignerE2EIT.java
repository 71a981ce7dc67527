package io.hetumind.studio.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The designer in a real Chromium against the packaged studio (its {@code /iam} pass-through in front of a real IAM):
 * {@code node frontend/e2e/run.mjs} signs up a tenant through the UI and runs every scenario under {@code
 * frontend/e2e/scenarios}. A local HTTP server stands in for the services the HTTP Request node calls. Screenshots go
 * to {@code target/screenshots}. Chromium missing is a failure (the script says how to install it), never a skip.
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
        Path frontend = Path.of("..", "..", "frontend").toAbsolutePath().normalize();
        Path script = frontend.resolve("e2e/run.mjs");
        assertThat(script).as("the e2e runner").exists();
        assertThat(frontend.resolve("node_modules/playwright-core"))
                .as("playwright-core (npm ci of the frontend module installs it)")
                .exists();
        Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        String studio = "http://127.0.0.1:" + io.restassured.RestAssured.port;
        ProcessBuilder pb = new ProcessBuilder("node", script.toString())
                .directory(frontend.toFile())
                .redirectErrorStream(true);
        pb.environment().put("STUDIO_URL", studio);
        pb.environment()
                .put("TEST_SERVER_URL", "http://127.0.0.1:" + peer.getAddress().getPort());
        pb.environment().put("SCREENSHOT_DIR", screenshots.toString());
        Process node = pb.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    System.out.println(line);
                }
            } catch (IOException e) {
                System.out.println("e2e output ended: " + e.getMessage());
            }
        });
        if (!node.waitFor(15, TimeUnit.MINUTES)) {
            node.destroyForcibly();
            throw new AssertionError("the e2e scenarios did not finish within 15 minutes");
        }
        assertThat(node.exitValue())
                .as("node e2e/run.mjs exit code (its output above names each failed scenario; screenshots in "
                        + screenshots + ")")
                .isZero();
    }
}
