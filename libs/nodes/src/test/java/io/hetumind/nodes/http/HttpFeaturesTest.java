package io.hetumind.nodes.http;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.credentials.NodeRunner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpFeaturesTest {

    private static LocalServer server;
    private static final List<String> SEEN = new CopyOnWriteArrayList<>();
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    private static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        server = new LocalServer()
                .on("/file.png", ex -> {
                    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
                    ex.getResponseHeaders().set("Content-Type", "image/png");
                    ex.sendResponseHeaders(200, png.length);
                    ex.getResponseBody().write(png);
                    ex.close();
                })
                .on("/named", ex -> {
                    ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"report.csv\"");
                    LocalServer.reply(ex, 200, "text/csv", "a,b\n1,2\n");
                })
                .on("/upload", ex -> {
                    SEEN.add(ex.getRequestHeaders().getFirst("Content-Type") + " " + LocalServer.body(ex));
                    LocalServer.reply(ex, 200, "application/json", "{\"ok\":true}");
                })
                .on("/slow-item", ex -> {
                    MAX_IN_FLIGHT.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    IN_FLIGHT.decrementAndGet();
                    LocalServer.reply(
                            ex,
                            200,
                            "application/json",
                            "{\"q\":\"" + ex.getRequestURI().getQuery() + "\"}");
                })
                .on("/pages", ex -> {
                    String q = ex.getRequestURI().getQuery();
                    int page = q != null && q.startsWith("page=") ? Integer.parseInt(q.substring(5)) : 1;
                    String body = page <= 3
                            ? "{\"items\":[{\"p\":" + page + "}],\"next\":" + (page < 3 ? page + 1 : null) + "}"
                            : "{\"items\":[]}";
                    LocalServer.reply(ex, 200, "application/json", body);
                })
                .on("/proxied", ex -> {
                    SEEN.add("proxy saw " + ex.getRequestURI() + " auth="
                            + ex.getRequestHeaders().getFirst("Proxy-Authorization"));
                    LocalServer.reply(ex, 200, "application/json", "{\"via\":\"proxy\"}");
                });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ExecutionResult run(NodeRunner runner, String params, List<Item> input) {
        return runner.run(4.2, json(params), input);
    }

    @Test
    void fileResponsesAreStoredInTheBinaryStoreWithMetadata() throws IOException {
        FileBinaryStore store = new FileBinaryStore(Files.createTempDirectory("bin"), 1 << 20);
        ExecutionResult r = run(
                new NodeRunner(new HttpRequestNode()).binaryStore(store),
                "{'url':'" + server.url("/file.png")
                        + "','options':{'response':{'response':{'responseFormat':'file'}}}}",
                null);
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        Item item = r.output("Node", 0).getFirst();
        BinaryRef ref = item.binary().get("data");
        assertThat(item.json().isEmpty()).isTrue();
        assertThat(ref.mimeType()).isEqualTo("image/png");
        assertThat(ref.fileName()).isEqualTo("file.png");
        assertThat(ref.fileSize()).isEqualTo(4);
        assertThat(store.read(ref)).containsExactly(0x89, 'P', 'N', 'G');

        ExecutionResult named = run(
                new NodeRunner(new HttpRequestNode()).binaryStore(store),
                "{'url':'" + server.url("/named") + "','options':{'response':{'response':{'responseFormat':'file',"
                        + "'outputPropertyName':'report'}}}}",
                null);
        assertThat(named.output("Node", 0).getFirst().binary().get("report").fileName())
                .isEqualTo("report.csv");
    }

    @Test
    void binaryBodyIsSentFromTheItemsBinary() throws IOException {
        FileBinaryStore store = new FileBinaryStore(Files.createTempDirectory("bin"), 1 << 20);
        BinaryRef ref = store.put(
                "exec",
                new ByteArrayInputStream("hello bytes".getBytes(StandardCharsets.UTF_8)),
                "text/plain",
                "h.txt");
        Item input = Item.of(json("{}")).withBinary(Map.of("doc", ref));
        ExecutionResult r = run(
                new NodeRunner(new HttpRequestNode()).binaryStore(store),
                "{'method':'POST','url':'" + server.url("/upload") + "','sendBody':true,'contentType':'binaryData',"
                        + "'inputDataFieldName':'doc'}",
                List.of(input));
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(SEEN).contains("text/plain hello bytes");
        ExecutionResult missing = run(
                new NodeRunner(new HttpRequestNode()).binaryStore(store),
                "{'method':'POST','url':'" + server.url("/upload") + "','sendBody':true,'contentType':'binaryData'}",
                List.of(input));
        assertThat(missing.state().error().message())
                .isEqualTo("parameter 'inputDataFieldName': the item has no binary property 'data' [item 0]");
    }

    @Test
    void batchingSendsABatchConcurrentlyAndKeepsItemOrder() {
        MAX_IN_FLIGHT.set(0);
        long t0 = System.nanoTime();
        ExecutionResult r = run(
                new NodeRunner(new HttpRequestNode()),
                "{'url':'=" + server.url("/slow-item") + "?i={{ $json.i }}','options':{'batching':{'batch':"
                        + "{'batchSize':2,'batchInterval':100}}}}",
                NodeTests.items("[{'i':0},{'i':1},{'i':2},{'i':3}]"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.output("Node", 0).stream().map(i -> i.json().get("q").asText()))
                .containsExactly("i=0", "i=1", "i=2", "i=3");
        assertThat(MAX_IN_FLIGHT.get()).isEqualTo(2);
        assertThat(ms).isGreaterThanOrEqualTo(400);
    }

    @Test
    void legacyVersionsBatchWithTheirFlatOptionsOnlyWhenBothAreSet() {
        for (double version : new double[] {1, 2}) {
            MAX_IN_FLIGHT.set(0);
            long t0 = System.nanoTime();
            ExecutionResult r = new NodeRunner(new HttpRequestNode())
                    .run(
                            version,
                            json("{'url':'=" + server.url("/slow-item")
                                    + "?i={{ $json.i }}','options':{'batchSize':2,'batchInterval':300}}"),
                            NodeTests.items("[{'i':0},{'i':1},{'i':2},{'i':3}]"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.output("Node", 0).stream().map(i -> i.json().get("q").asText()))
                    .containsExactly("i=0", "i=1", "i=2", "i=3");
            assertThat(MAX_IN_FLIGHT.get()).as("v%s", version).isEqualTo(2);
            assertThat(ms).as("v%s: one pause between the two batches", version).isGreaterThanOrEqualTo(300);
            // n8n batches only with both options set; alone, Batch Size changes nothing (items one at a time here)
            MAX_IN_FLIGHT.set(0);
            new NodeRunner(new HttpRequestNode())
                    .run(
                            version,
                            json("{'url':'=" + server.url("/slow-item")
                                    + "?i={{ $json.i }}','options':{'batchSize':2}}"),
                            NodeTests.items("[{'i':0},{'i':1},{'i':2}]"));
            assertThat(MAX_IN_FLIGHT.get()).as("v%s", version).isEqualTo(1);
        }
    }

    @Test
    void paginationUpdatesAParameterFromTheResponseAndHonoursMaxPages() {
        String base = "{'url':'" + server.url("/pages") + "','options':{'pagination':{'pagination':{"
                + "'parameters':{'parameters':[{'type':'qs','name':'page','value':'={{ $response.body.next }}'}]},"
                + "'paginationCompleteWhen':'other','completeExpression':'={{ $response.body.next === null }}'%s}}}}";
        ExecutionResult all = run(new NodeRunner(new HttpRequestNode()), base.formatted(""), null);
        assertThat(all.output("Node", 0).stream().map(i -> i.json().toString()))
                .containsExactly(
                        "{\"items\":[{\"p\":1}],\"next\":2}",
                        "{\"items\":[{\"p\":2}],\"next\":3}",
                        "{\"items\":[{\"p\":3}],\"next\":null}");
        ExecutionResult two = run(
                new NodeRunner(new HttpRequestNode()),
                base.formatted(",'limitPagesFetched':true,'maxRequests':2,'requestInterval':10"),
                null);
        assertThat(two.output("Node", 0)).hasSize(2);
    }

    @Test
    void proxyReceivesAbsoluteUriRequestsWithItsCredentials() {
        String proxy = server.url("").replace("http://", "http://pu:pp@");
        ExecutionResult r = run(
                new NodeRunner(new HttpRequestNode()),
                "{'url':'http://localhost:1/proxied?x=1','options':{'proxy':'" + proxy + "'}}",
                null);
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Node", 0).getFirst().json().get("via").asText()).isEqualTo("proxy");
        assertThat(SEEN).anyMatch(s -> s.startsWith("proxy saw http://localhost:1/proxied?x=1 auth=Basic cHU6cHA="));
    }
}
