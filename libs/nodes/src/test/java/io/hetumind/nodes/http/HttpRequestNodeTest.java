package io.hetumind.nodes.http;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.jsons;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpRequestNodeTest {

    private static HttpServer server;
    private static String base;
    private static final List<String> SEEN = new CopyOnWriteArrayList<>();

    private final HttpRequestNode node = new HttpRequestNode();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/json", ex -> reply(ex, 200, "application/json", "{\"ok\":true,\"n\":1}"));
        server.createContext("/list", ex -> reply(ex, 200, "application/json; charset=utf-8", "[{\"a\":1},{\"a\":2}]"));
        server.createContext("/text", ex -> reply(ex, 200, "text/plain", "hello"));
        server.createContext("/missing", ex -> reply(ex, 404, "application/json", "{\"error\":\"nope\"}"));
        server.createContext("/boom", ex -> reply(ex, 503, "text/plain", "down"));
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, "text/plain", "late");
        });
        server.createContext("/echo", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            SEEN.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " "
                    + ex.getRequestHeaders().getFirst("Content-Type") + " "
                    + ex.getRequestHeaders().getFirst("X-Test") + " " + body);
            reply(ex, 200, "application/json", "{\"echo\":true}");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Test
    void getJsonAutodetect() {
        var r = run(node, 4.2, "{'url':'" + base + "/json'}", items("[{}]"));
        assertThat(out(r, 0)).isEqualTo(jsons("[{'ok':true,'n':1}]"));
    }

    @Test
    void jsonArrayBecomesOneItemPerElementAndTextGoesToData() {
        assertThat(out(run(node, 4, "{'url':'" + base + "/list'}", items("[{}]")), 0))
                .isEqualTo(jsons("[{'a':1},{'a':2}]"));
        assertThat(out(run(node, 4, "{'url':'" + base + "/text'}", items("[{}]")), 0))
                .isEqualTo(jsons("[{'data':'hello'}]"));
    }

    @Test
    void postJsonBodyWithQueryAndHeaders() {
        SEEN.clear();
        var r = run(
                node,
                4.2,
                """
                {'method':'POST','url':'%s/echo','sendQuery':true,
                 'queryParameters':{'parameters':[{'name':'q','value':'a b'}]},
                 'sendHeaders':true,'headerParameters':{'parameters':[{'name':'X-Test','value':'yes'}]},
                 'sendBody':true,'bodyParameters':{'parameters':[{'name':'k','value':'v'}]}}
                """
                        .formatted(base),
                items("[{}]"));
        assertThat(out(r, 0)).isEqualTo(jsons("[{'echo':true}]"));
        assertThat(SEEN).containsExactly("POST /echo?q=a%20b application/json yes {\"k\":\"v\"}");
    }

    @Test
    void formUrlencodedAndRawBodies() {
        SEEN.clear();
        run(
                node,
                4.2,
                """
                {'method':'PUT','url':'%s/echo','sendBody':true,'contentType':'form-urlencoded',
                 'bodyParameters':{'parameters':[{'name':'a','value':'1'},{'name':'b','value':'x&y'}]}}
                """
                        .formatted(base),
                items("[{}]"));
        run(
                node,
                4.2,
                """
                {'method':'PATCH','url':'%s/echo','sendBody':true,'contentType':'raw',
                 'rawContentType':'text/csv','body':'a,b'}
                """
                        .formatted(base),
                items("[{}]"));
        assertThat(SEEN)
                .containsExactly(
                        "PUT /echo application/x-www-form-urlencoded null a=1&b=x%26y",
                        "PATCH /echo text/csv null a,b");
    }

    @Test
    void oneRequestPerItem() {
        SEEN.clear();
        var r = run(node, 4.2, "{'url':'" + base + "/echo'}", items("[{},{},{}]"));
        assertThat(out(r, 0)).hasSize(3);
        assertThat(r.output("Node", 0).get(2).pairedItem().item()).isEqualTo(2);
        assertThat(SEEN).hasSize(3);
    }

    @Test
    void fullResponse() {
        var r = run(
                node,
                4.2,
                """
                {'url':'%s/json','options':{'response':{'response':{'fullResponse':true}}}}
                """
                        .formatted(base),
                items("[{}]"));
        var json = out(r, 0).getFirst();
        assertThat(json.get("statusCode").asInt()).isEqualTo(200);
        assertThat(json.get("statusMessage").asText()).isEqualTo("OK");
        assertThat(json.get("headers").get("content-type").asText()).isEqualTo("application/json");
        assertThat(json.get("body").get("ok").asBoolean()).isTrue();
    }

    @Test
    void errorStatusFailsWithStatusUnlessNeverError() {
        assertThat(error(run(node, 4.2, "{'url':'" + base + "/missing'}", items("[{}]"))))
                .contains("could not be found")
                .contains("404");
        assertThat(error(run(node, 4.2, "{'url':'" + base + "/boom'}", items("[{}]"))))
                .contains("503");
        var r = run(
                node,
                4.2,
                """
                {'url':'%s/missing','options':{'response':{'response':{'neverError':true}}}}
                """
                        .formatted(base),
                items("[{}]"));
        assertThat(out(r, 0)).isEqualTo(jsons("[{'error':'nope'}]"));
    }

    @Test
    void timeoutOption() {
        assertThat(error(run(node, 4.2, "{'url':'" + base + "/slow','options':{'timeout':200}}", items("[{}]"))))
                .contains("Timeout of 200ms");
    }

    @Test
    void badParameters() {
        assertThat(error(run(node, 4.2, "{'url':'ftp://x'}", items("[{}]")))).contains("parameter 'url'");
        assertThat(error(run(
                        node,
                        4.2,
                        """
                {'method':'POST','url':'%s/echo','sendBody':true,'specifyBody':'json','jsonBody':'{nope'}
                """
                                .formatted(base),
                        items("[{}]"))))
                .isEqualTo("JSON parameter needs to be valid JSON");
        assertThat(error(run(
                        node,
                        4.2,
                        """
                {'url':'%s/text','options':{'response':{'response':{'responseFormat':'json'}}}}
                """
                                .formatted(base),
                        items("[{}]"))))
                .contains("not valid JSON");
    }

    @Test
    void expressionsRenderPerItem() {
        SEEN.clear();
        run(node, 4.2, "{'url':'=" + base + "/echo?id={{ $json.id }}'}", items("[{'id':7},{'id':8}]"));
        assertThat(SEEN).extracting(s -> s.split(" ")[1]).containsExactly("/echo?id=7", "/echo?id=8");
    }
}
