package io.hetumind.nodes.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.spi.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The two local origins HTTP Request recordings call ({@code n8n-recorded/HttpRequest/}), on free ports:
 * the contract of {@code scripts/n8n-diff/echo-origins.py}, which served them at 127.0.0.1:18931 (a) and
 * :18932 (b) while n8n recorded. A workflow's URLs are rewritten to these ports before it runs.
 */
final class EchoOrigins implements AutoCloseable {

    static final String RECORDED_A = "127.0.0.1:18931";
    static final String RECORDED_B = "127.0.0.1:18932";

    private final HttpServer a = start("a");
    private final HttpServer b = start("b");

    /** The workflow text with the recorded origins replaced by these. */
    String rewrite(String workflow) {
        return workflow.replace(RECORDED_A, "127.0.0.1:" + a.getAddress().getPort())
                .replace(RECORDED_B, "127.0.0.1:" + b.getAddress().getPort());
    }

    private HttpServer start(String origin) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.createContext("/", ex -> answer(ex, origin));
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answer(HttpExchange ex, String origin) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery() == null
                ? ""
                : ex.getRequestURI().getRawQuery();
        if (path.equals("/redirect")) {
            String status = "302";
            String to = "";
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                String v = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                if (kv[0].equals("status")) {
                    status = v;
                } else if (kv[0].equals("to")) {
                    to = rewrite(v);
                }
            }
            ex.getResponseHeaders().set("Location", to);
            ex.sendResponseHeaders(Integer.parseInt(status), -1);
            ex.close();
            return;
        }
        ObjectNode o = Json.object()
                .put("origin", origin)
                .put("method", ex.getRequestMethod())
                .put("path", path)
                .put("query", query)
                .put("authorization", header(ex, "Authorization"))
                .put("xMulti", header(ex, "X-Multi"))
                .put("contentType", header(ex, "Content-Type"))
                .put("body", body);
        byte[] out = Json.write(o).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    private static String header(HttpExchange ex, String name) {
        List<String> values = ex.getRequestHeaders().get(name);
        return values == null || values.isEmpty() ? null : String.join(", ", values);
    }

    @Override
    public void close() {
        a.stop(0);
        b.stop(0);
    }
}
