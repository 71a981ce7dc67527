package io.hetumind.nodes.wasm;

import static io.hetumind.nodes.wasm.WasmHarness.run;
import static io.hetumind.nodes.wasm.WasmNodeTest.error;
import static io.hetumind.nodes.wasm.WasmNodeTest.out;
import static io.hetumind.nodes.wasm.WasmNodeTest.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plugin's http_request against a local JDK HTTP server: the node's allow list and the instance's policy. */
class WasmHttpTest {

    private static HttpServer server;
    private static final AtomicInteger HITS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hello", ex -> {
            HITS.incrementAndGet();
            byte[] body = ("hello " + ex.getRequestMethod() + " "
                            + ex.getRequestHeaders().getFirst("X-Plugin"))
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static ObjectNode fetch(String path, String allowedHosts) {
        ObjectNode p = params("http", "fetch").put("inputMode", "field").put("inputField", "req");
        p.put("outputMode", "text");
        p.with("options").put("allowedHosts", allowedHosts);
        return p;
    }

    static ObjectNode request(String path) {
        ObjectNode item = Json.object();
        item.putObject("req")
                .put("url", "http://127.0.0.1:" + server.getAddress().getPort() + path)
                .put("method", "GET")
                .putObject("headers")
                .put("X-Plugin", "wasm");
        return item;
    }

    @Test
    void anAllowedHostIsReached() {
        var r = run(fetch("/hello", "example.org, 127.0.0.1"), List.of(request("/hello")));
        assertThat(out(r).get(0).get("output").asText()).isEqualTo("200 hello GET wasm");
    }

    @Test
    void withoutAllowedHostsThePluginHasNoNetwork() {
        int before = HITS.get();
        assertThat(error(run(fetch("/hello", ""), List.of(request("/hello")))))
                .isEqualTo("The plugin's HTTP request to '127.0.0.1' is not allowed [item 0]");
        assertThat(error(run(fetch("/hello", "*.example.org"), List.of(request("/hello")))))
                .isEqualTo("The plugin's HTTP request to '127.0.0.1' is not allowed [item 0]");
        assertThat(HITS.get()).isEqualTo(before);
    }

    @Test
    void theInstancePolicyStillRefusesPrivateAddressesTheNodeAllowed() {
        int before = HITS.get();
        var r = run(
                fetch("/hello", "127.0.0.1"),
                OnError.STOP,
                List.of(request("/hello")),
                Map.of(NetworkPolicy.class, NetworkPolicy.publicOnly()));
        assertThat(error(r)).startsWith("The plugin's HTTP request to '127.0.0.1' is not allowed: ");
        assertThat(HITS.get()).isEqualTo(before);
    }

    @Test
    void redirectsAreNotFollowed() {
        var r = run(fetch("/moved", "127.0.0.1"), List.of(request("/moved")));
        assertThat(out(r).get(0).get("output").asText()).isEqualTo("302 ");
    }

    @Test
    void badSchemesAreRefused() {
        ObjectNode item = request("/hello");
        item.with("req").put("url", "file://127.0.0.1/etc/passwd");
        assertThat(error(run(fetch("/hello", "127.0.0.1"), List.of(item))))
                .startsWith("The plugin's HTTP request to 'file://127.0.0.1/etc/passwd' is not allowed: only http");
    }
}
