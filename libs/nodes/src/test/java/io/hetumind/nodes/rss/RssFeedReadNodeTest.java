package io.hetumind.nodes.rss;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.OnError;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.nodes.credentials.NodeRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RSS Read over real HTTP: versions, pairing, headers, charsets, and the errors n8n gives. */
class RssFeedReadNodeTest {

    private static HttpServer server;
    private static String base;
    private static final Map<String, String> ACCEPT = new ConcurrentHashMap<>();

    private static final String FEED = "<rss version=\"2.0\"><channel><title>t</title>"
            + "<item><title>%s one</title><link>https://e.x/1</link><pubDate>Mon, 06 Sep 2021 16:45:00 +0000</pubDate></item>"
            + "<item><title>%s two</title><guid>g2</guid></item></channel></rss>";

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/feed", ex -> {
            ACCEPT.put(
                    ex.getRequestURI().getQuery() == null
                            ? ""
                            : ex.getRequestURI().getQuery(),
                    ex.getRequestHeaders().getFirst("Accept") + " | "
                            + ex.getRequestHeaders().getFirst("User-Agent"));
            String name = ex.getRequestURI().getQuery() == null
                    ? "feed"
                    : ex.getRequestURI().getQuery();
            send(
                    ex,
                    200,
                    "application/rss+xml; charset=utf-8",
                    FEED.formatted(name, name).getBytes(StandardCharsets.UTF_8));
        });
        server.createContext(
                "/latin1",
                ex -> send(
                        ex,
                        200,
                        "text/xml; charset=ISO-8859-1",
                        "<rss version=\"2.0\"><channel><item><title>caf\u00e9</title></item></channel></rss>"
                                .getBytes(StandardCharsets.ISO_8859_1)));
        server.createContext(
                "/html",
                ex -> send(
                        ex,
                        200,
                        "text/html",
                        "<!DOCTYPE html><html><body><p>not a feed".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/missing", ex -> send(ex, 404, "text/plain", "no".getBytes(StandardCharsets.UTF_8)));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void send(com.sun.net.httpserver.HttpExchange ex, int status, String type, byte[] body)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static ExecutionResult run(double version, String params, List<Item> input, OnError onError) {
        return new NodeRunner(new RssFeedReadNode()).onError(onError).run(version, json(params), input);
    }

    private static List<Item> ok(double version, String params, List<Item> input) {
        ExecutionResult r = run(version, params, input, OnError.STOP);
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        return r.output("Node", 0);
    }

    @Test
    void eachVersionReadsAndPairsAsN8nDoes() {
        List<Item> two = List.of(Item.of(json("{'q':'a'}")), Item.of(json("{'q':'b'}")));
        String url = "{'url':'=" + base + "/feed?{{ $json.q }}'}";
        // 1: one read, for the first item, its items paired with every input item
        List<Item> v1 = ok(1, url, two);
        assertThat(v1.stream().map(i -> i.json().get("title").asText())).containsExactly("a one", "a two");
        assertThat(v1.getFirst().pairedItems()).containsExactly(new PairedItem(0, 0), new PairedItem(1, 0));
        assertThat(v1.getFirst().json().toString())
                .isEqualTo("{\"title\":\"a one\",\"link\":\"https://e.x/1\",\"pubDate\":\"Mon, 06 Sep 2021 16:45:00"
                        + " +0000\",\"isoDate\":\"2021-09-06T16:45:00.000Z\"}");
        assertThat(ACCEPT.get("a")).isEqualTo("application/rss+xml | rss-parser");
        // 1.1 and 1.2: a feed per item, paired with it; 1.2 asks for every feed type
        List<Item> v12 = ok(1.2, url, two);
        assertThat(v12.stream().map(i -> i.json().get("title").asText()))
                .containsExactly("a one", "a two", "b one", "b two");
        assertThat(v12.get(2).pairedItems()).containsExactly(new PairedItem(1, 0));
        assertThat(ACCEPT.get("b"))
                .isEqualTo("application/rss+xml, application/rdf+xml;q=0.8, application/atom+xml;q=0.6,"
                        + " application/xml;q=0.4, text/xml;q=0.4 | rss-parser");
        // the response's charset
        assertThat(ok(1.2, "{'url':'" + base + "/latin1'}", List.of(Item.of(json("{}"))))
                        .getFirst()
                        .json()
                        .get("title")
                        .asText())
                .isEqualTo("caf\u00e9");
    }

    @Test
    void badUrlsAndRepliesFailWithN8nsMessagesOrBecomeErrorItems() {
        List<Item> one = List.of(Item.of(json("{}")));
        assertThat(run(1.2, "{'url':'={{ $json.none ?? `` }}'}", one, OnError.STOP)
                        .state()
                        .error()
                        .message())
                .isEqualTo("The parameter \"URL\" has to be set! [item 0]");
        assertThat(run(1.2, "{'url':'not a url'}", one, OnError.STOP)
                        .state()
                        .error()
                        .message())
                .isEqualTo("The provided \"URL\" is not valid! [item 0]");
        assertThat(run(1.2, "{'url':'" + base + "/missing'}", one, OnError.STOP)
                        .state()
                        .error()
                        .message())
                .isEqualTo("Status code 404 [item 0]");
        assertThat(run(1.2, "{'url':'" + base + "/html'}", one, OnError.STOP)
                        .state()
                        .error()
                        .message())
                .startsWith("Unable to parse XML")
                .endsWith("[item 0]");
        ExecutionResult policy = new NodeRunner(new RssFeedReadNode())
                .service(NetworkPolicy.class, NetworkPolicy.publicOnly())
                .run(1.2, json("{'url':'" + base + "/feed'}"), one);
        assertThat(policy.state().error().message()).contains("refused");
        List<Item> errors = run(
                        1.2,
                        "{'url':'=" + base + "{{ $json.p }}'}",
                        List.of(Item.of(json("{'p':'/missing'}")), Item.of(json("{'p':'/feed'}"))),
                        OnError.CONTINUE)
                .output("Node", 0);
        assertThat(errors.getFirst().json().toString()).isEqualTo("{\"error\":\"Status code 404 [item 0]\"}");
        assertThat(errors.getFirst().pairedItems()).containsExactly(new PairedItem(0, 0));
        assertThat(errors).hasSize(3);
    }
}
