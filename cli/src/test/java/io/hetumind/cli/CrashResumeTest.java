package io.hetumind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.spi.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code hetumind run} with SIGKILL while its middle node waits on a local HTTP server,
 * resumes it in a new process, and proves the run finishes right without re-running any node
 * that had finished (the server counts every call).
 */
class CrashResumeTest {

    private HttpServer server;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final CountDownLatch slowReached = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/first", ex -> reply(ex, "{\"step\":1}"));
        server.createContext("/slow", ex -> {
            if (count(ex) == 1) {
                slowReached.countDown();
                sleepQuietly(60_000); // the first caller is killed while it waits here
            }
            send(ex, "{\"step\":2}");
        });
        server.createContext("/last", ex -> reply(ex, "{\"step\":3}"));
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private int count(HttpExchange ex) {
        return calls.computeIfAbsent(ex.getRequestURI().getPath(), k -> new AtomicInteger())
                .incrementAndGet();
    }

    private void reply(HttpExchange ex, String body) throws IOException {
        count(ex);
        send(ex, body);
    }

    private static void send(HttpExchange ex, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        try {
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
        } catch (IOException e) {
            // the client was killed: nothing to answer
        }
        ex.close();
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int calls(String path) {
        AtomicInteger c = calls.get(path);
        return c == null ? 0 : c.get();
    }

    private Path workflow(Path dir) throws IOException {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String node =
                """
                { "name": "%s", "type": "hetumind.httpRequest", "typeVersion": 4.2,
                  "parameters": { "method": "GET", "url": "%s%s", "options": {} } }""";
        String json =
                """
                { "name": "crash test", "nodes": [
                    { "name": "Start", "type": "hetumind.manualTrigger", "typeVersion": 1 },
                    %s, %s, %s ],
                  "connections": {
                    "Start": { "main": [[ { "node": "First" } ]] },
                    "First": { "main": [[ { "node": "Slow" } ]] },
                    "Slow": { "main": [[ { "node": "Last" } ]] } } }
                """
                        .formatted(
                                node.formatted("First", base, "/first"),
                                node.formatted("Slow", base, "/slow"),
                                node.formatted("Last", base, "/last"));
        Path file = dir.resolve("crash.json");
        Files.writeString(file, json);
        return file;
    }

    static ProcessBuilder cli(Path dir, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
    }

    @Test
    void killedRunResumesWithoutRerunningFinishedNodes(@TempDir Path dir) throws Exception {
        Path wf = workflow(dir);
        Path checkpoints = dir.resolve("checkpoints");
        Process run = cli(
                        dir,
                        "run",
                        wf.toString(),
                        "--checkpoint-dir",
                        checkpoints.toString(),
                        "--execution-id",
                        "crash-1")
                .redirectOutput(dir.resolve("run.txt").toFile())
                .start();
        assertThat(slowReached.await(60, TimeUnit.SECONDS))
                .as("the run reached the slow node")
                .isTrue();
        run.destroyForcibly(); // SIGKILL: no shutdown hooks, no final snapshot
        assertThat(run.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(calls("/first")).isEqualTo(1);
        assertThat(calls("/last")).isZero();

        Process resume = cli(dir, "resume", "crash-1", "--checkpoint-dir", checkpoints.toString(), "--json")
                .redirectOutput(dir.resolve("resume.json").toFile())
                .start();
        assertThat(resume.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(resume.exitValue())
                .as(Files.readString(dir.resolve("stderr.txt")))
                .isZero();

        JsonNode result = Json.parse(Files.readString(dir.resolve("resume.json")));
        assertThat(result.path("status").asText()).isEqualTo("success");
        assertThat(result.at("/runData/Last/0/data/main/0/0/json/step").asInt()).isEqualTo(3);
        assertThat(result.at("/runData/First").size())
                .as("First ran once, before the crash")
                .isEqualTo(1);
        assertThat(calls("/first")).as("finished node First never ran again").isEqualTo(1);
        assertThat(calls("/slow")).as("Slow never finished, so it ran again").isEqualTo(2);
        assertThat(calls("/last")).isEqualTo(1);
    }
}
