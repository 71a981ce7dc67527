package io.hetumind.nodes.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.TestListenHost;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SSE Trigger against a real HTTP server streaming events, with a host that keeps its state as the studio does. */
class SseTriggerNodeTest {

    private static final String END = "<end>";
    private static HttpServer server;
    private static String base;
    /** Each request to /events: what its stream sends next ({@link #END} ends the response), one queue per request. */
    private static final BlockingQueue<BlockingQueue<String>> CONNECTIONS = new LinkedBlockingQueue<>();
    /** The Last-Event-ID header of each request to /events ("" when absent). */
    private static final BlockingQueue<String> RESUMED_FROM = new LinkedBlockingQueue<>();
    /** What /late sends, with nothing at all (not even its head) until the first. */
    private static final BlockingQueue<String> LATE = new LinkedBlockingQueue<>();
    /** Responses to /events whose writer saw the connection go. */
    private static final BlockingQueue<String> DISCONNECTED = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/events", ex -> {
            String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
            RESUMED_FROM.add(last == null ? "" : last);
            BlockingQueue<String> chunks = new LinkedBlockingQueue<>();
            CONNECTIONS.add(chunks);
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream o = ex.getResponseBody()) {
                while (true) {
                    String chunk = chunks.poll(100, TimeUnit.MILLISECONDS);
                    if (END.equals(chunk)) {
                        break;
                    }
                    // a comment line while idle shows whether the client is still there
                    o.write((chunk == null ? ":\n" : chunk).getBytes(StandardCharsets.UTF_8));
                    o.flush();
                }
            } catch (IOException e) {
                DISCONNECTED.add("gone");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.createContext("/late", ex -> {
            // no comment lines while idle: the answer's head goes out with the first event
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream o = ex.getResponseBody()) {
                for (String c = LATE.take(); !END.equals(c); c = LATE.take()) {
                    o.write(c.getBytes(StandardCharsets.UTF_8));
                    o.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        });
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().set("Location", "/events");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @BeforeEach
    void clear() {
        CONNECTIONS.clear();
        LATE.clear();
        RESUMED_FROM.clear();
        DISCONNECTED.clear();
    }

    private static TriggerParams params(String url) {
        return new TriggerParams(
                Node.of("SSE", SseTriggerNode.TYPE, 1, Json.object().put("url", url)));
    }

    /** The next request's stream, once the listener's request arrived. */
    private static BlockingQueue<String> stream() throws InterruptedException {
        BlockingQueue<String> chunks = CONNECTIONS.poll(5, TimeUnit.SECONDS);
        assertThat(chunks).as("the listener connected").isNotNull();
        return chunks;
    }

    private static String json(List<Item> items) {
        return items.stream().map(i -> Json.write(i.json())).toList().toString();
    }

    @Test
    void eachMessageEventStartsARunWithItsJsonData() throws Exception {
        TestListenHost host = new TestListenHost();
        try (AutoCloseable listener = new SseTriggerNode().listen(params(base + "/events"), host)) {
            BlockingQueue<String> chunks = stream();
            chunks.add("data: {\"a\":1,\"b\":\"ü\"}\n\n");
            chunks.add("event: ping\ndata: {\"named\":true}\n\n"); // not a message: not listened to
            chunks.add("data: not json\n\n"); // skipped, the stream goes on
            chunks.add("data: [1,2]\n\n"); // JSON, not an object: skipped
            chunks.add("data: {\"json\":{\"wrapped\":1},\"other\":2}\n\n"); // unwrapped as returnJsonArray does
            chunks.add("data: {\"a\":\ndata: 2}\n\n"); // two data lines are one JSON text
            chunks.add("data: {\"json\":0,\"c\":3}\n\n"); // a falsy json field is data like any other
            assertThat(json(host.emitted.poll(5, TimeUnit.SECONDS))).isEqualTo("[{\"a\":1,\"b\":\"ü\"}]");
            assertThat(json(host.emitted.poll(5, TimeUnit.SECONDS))).isEqualTo("[{\"wrapped\":1}]");
            assertThat(json(host.emitted.poll(5, TimeUnit.SECONDS))).isEqualTo("[{\"a\":2}]");
            assertThat(json(host.emitted.poll(5, TimeUnit.SECONDS))).isEqualTo("[{\"json\":0,\"c\":3}]");
            assertThat(host.broken).isEmpty();
        }
        assertThat(DISCONNECTED.poll(5, TimeUnit.SECONDS))
                .as("closing drops the connection")
                .isNotNull();
        assertThat(host.emitted).isEmpty();
        assertThat(host.broken).as("a closed listener is not broken").isEmpty();
    }

    @Test
    void aStreamThatEndsIsReportedAndTheReopenResumesFromTheLastEventId() throws Exception {
        TestListenHost host = new TestListenHost();
        SseTriggerNode node = new SseTriggerNode();
        AutoCloseable first = node.listen(params(base + "/events"), host);
        assertThat(RESUMED_FROM.poll(5, TimeUnit.SECONDS)).isEmpty();
        BlockingQueue<String> chunks = stream();
        chunks.add("id: 41\ndata: {\"n\":41}\n\nid: 42\ndata: {\"n\":42}\n\n");
        chunks.add(END);
        assertThat(host.broken.poll(5, TimeUnit.SECONDS)).isEqualTo("the event stream " + base + "/events ended");
        assertThat(host.emitted).hasSize(2);
        assertThat(host.state.get("lastEventId").asText()).isEqualTo("42");
        first.close();

        // the host reopens it: the server is told where the client stopped, and the state is used up
        try (AutoCloseable second = node.listen(params(base + "/events"), host)) {
            assertThat(RESUMED_FROM.poll(5, TimeUnit.SECONDS)).isEqualTo("42");
            stream().add("data: {\"n\":43}\n\n");
            assertThat(json(host.emitted.poll(5, TimeUnit.SECONDS))).isEqualTo("[{\"n\":41}]");
            assertThat(json(host.emitted.poll(5, TimeUnit.SECONDS))).isEqualTo("[{\"n\":42}]");
            assertThat(json(host.emitted.poll(5, TimeUnit.SECONDS))).isEqualTo("[{\"n\":43}]");
            // cleared once the reopened stream answered, before its first event
            assertThat(host.state.has("lastEventId")).isFalse();
        }
    }

    @Test
    void redirectsAreFollowedAndAnythingButA200IsReportedToTheHost() throws Exception {
        TestListenHost host = new TestListenHost();
        try (AutoCloseable listener = new SseTriggerNode().listen(params(base + "/moved"), host)) {
            stream().add("data: {\"via\":\"redirect\"}\n\n");
            assertThat(json(host.emitted.poll(5, TimeUnit.SECONDS))).isEqualTo("[{\"via\":\"redirect\"}]");
        }
        try (AutoCloseable listener = new SseTriggerNode().listen(params(base + "/missing"), host)) {
            assertThat(host.broken.poll(5, TimeUnit.SECONDS))
                    .isEqualTo("SSE Trigger: " + base + "/missing answered HTTP 404, not an event stream");
        }
        int closedPort;
        try (var s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (AutoCloseable listener =
                new SseTriggerNode().listen(params("http://127.0.0.1:" + closedPort + "/"), host)) {
            assertThat(host.broken.poll(5, TimeUnit.SECONDS)).contains("The connection to 127.0.0.1 failed");
        }
        assertThat(host.broken).isEmpty();
    }

    /** The server may answer only with its first event: the listener waits, and closing it while it waits is quiet. */
    @Test
    void itWaitsForAServerThatAnswersWithItsFirstEventAndClosesQuietlyWhileWaiting() throws Exception {
        TestListenHost host = new TestListenHost();
        try (AutoCloseable listener = new SseTriggerNode().listen(params(base + "/late"), host)) {
            LATE.add("data: {\"late\":true}\n\n");
            assertThat(json(host.emitted.poll(5, TimeUnit.SECONDS))).isEqualTo("[{\"late\":true}]");
        }
        AutoCloseable waiting = new SseTriggerNode().listen(params(base + "/late"), host);
        Thread.sleep(300);
        long start = System.nanoTime();
        waiting.close();
        assertThat((System.nanoTime() - start) / 1_000_000)
                .as("close does not wait for the server")
                .isLessThan(3_000);
        assertThat(host.broken).isEmpty();
        LATE.add(END);
    }

    @Test
    void theHostsNetworkPolicyAndAMissingUrlAreRefusedBeforeAnythingIsSent() throws Exception {
        TestListenHost studio = new TestListenHost(NetworkPolicy.publicOnly());
        try (AutoCloseable listener = new SseTriggerNode().listen(params(base + "/events"), studio)) {
            assertThat(studio.broken.poll(5, TimeUnit.SECONDS))
                    .contains("SSE Trigger")
                    .contains("127.0.0.1");
        }
        assertThat(RESUMED_FROM).as("no request reached the server").isEmpty();
        assertThatThrownBy(() -> new SseTriggerNode().target(params("  ")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("The parameter \"URL\" has to be set!");
        assertThat(new SseTriggerNode().target(params(base + "/events")))
                .isEqualTo("the event stream " + base + "/events");
    }

    @Test
    void inARunItPassesOnTheEventItsHostStartedTheRunWith() {
        String wf = "{\"name\":\"sse\",\"connections\":{},\"nodes\":[{\"name\":\"SSE\",\"type\":"
                + "\"n8n-nodes-base.sseTrigger\",\"typeVersion\":1,\"parameters\":{\"url\":\"" + base
                + "/events\"}}]}";
        Engine engine = Engine.builder().expressions(NodeTests.expressions()).build();
        ExecutionResult r = engine.run(
                engine.prepare(WorkflowFormat.readJson(wf)),
                RunRequest.defaults().withInput(List.of(Item.of(Json.object().put("n", 1)))));
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(json(r.output("SSE", 0))).isEqualTo("[{\"n\":1}]");
    }
}
