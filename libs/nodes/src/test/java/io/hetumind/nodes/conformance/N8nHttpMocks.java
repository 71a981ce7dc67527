package io.hetumind.nodes.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A local HTTP/1.1 server answering like the nock mocks of n8n's HTTP Request tests. Remote hosts
 * become path prefixes ({@code https://dummyjson.com/x} → {@code http://127.0.0.1:port/dummyjson.com/x});
 * replies carry exactly the mock's headers (nock adds none), so full responses compare equal.
 */
final class N8nHttpMocks implements AutoCloseable {

    static final String[] HOSTS = {"https://dummyjson.com", "https://dummy.domain", "https://ua.example.com"};

    private record Reply(int status, Map<String, String> headers, byte[] body) {}

    private final ServerSocket socket;
    private final Thread acceptor;

    N8nHttpMocks() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    String base() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** Rewrites the remote hosts in {@code text} to this server. */
    String toLocal(String text) {
        for (String h : HOSTS) {
            text = text.replace(h, base() + "/" + URI.create(h).getHost());
        }
        return text;
    }

    /** The inverse of {@link #toLocal}, for comparing outputs with the pinned data. */
    String toRemote(String text) {
        for (String h : HOSTS) {
            text = text.replace(base() + "/" + URI.create(h).getHost(), h);
        }
        return text;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            String[] requestLine = line(in).split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h; !(h = line(in)).isEmpty(); ) {
                int colon = h.indexOf(':');
                headers.put(
                        h.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        h.substring(colon + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            Reply r = route(requestLine[0], URI.create(requestLine[1]), headers, body);
            OutputStream out = s.getOutputStream();
            StringBuilder head = new StringBuilder("HTTP/1.1 " + r.status() + " X\r\n");
            r.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(r.body());
            out.flush();
        } catch (IOException | RuntimeException e) {
            // the client sees a closed connection, which fails its fixture
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private Reply route(String method, URI uri, Map<String, String> headers, String body) {
        String path = uri.getPath();
        String ct = headers.getOrDefault("content-type", "application/json");
        return switch (method + " " + path) {
            case "DELETE /dummyjson.com/todos/1" ->
                json(
                        "{\"id\":1,\"todo\":\"Do something nice for someone I care"
                                + " about\",\"completed\":true,\"userId\":26,\"isDeleted\":true,\"deletedOn\":\"2023-02-09T05:37:31.720Z\"}");
            case "DELETE /dummyjson.com/todos/delete" ->
                matches(body, "{\"ids\":[1,2,3]}") ? json("{\"deleted\":[1,2,3],\"count\":3}") : noMatch();
            case "PATCH /dummyjson.com/products/1" ->
                matches(body, "{\"title\":\"iPhone 12\"}")
                        ? json(
                                "{\"id\":1,\"title\":\"iPhone 12\",\"price\":549,\"stock\":94,\"rating\":4.69,\"images\":["
                                        + "\"https://i.dummyjson.com/data/products/1/1.jpg\",\"https://i.dummyjson.com/data/products/1/2.jpg\","
                                        + "\"https://i.dummyjson.com/data/products/1/3.jpg\",\"https://i.dummyjson.com/data/products/1/4.jpg\","
                                        + "\"https://i.dummyjson.com/data/products/1/thumbnail.jpg\"],\"thumbnail\":"
                                        + "\"https://i.dummyjson.com/data/products/1/thumbnail.jpg\",\"description\":\"An apple mobile"
                                        + " which is nothing like apple\",\"brand\":\"Apple\",\"category\":\"smartphones\"}")
                        : noMatch();
            case "POST /dummyjson.com/todos/add" ->
                matches(body, "{\"todo\":\"Use DummyJSON in the project\",\"completed\":false,\"userId\":\"5\"}")
                        ? json(
                                "{\"id\":151,\"todo\":\"Use DummyJSON in the project\",\"completed\":false,\"userId\":\"5\"}")
                        : noMatch();
            case "POST /dummyjson.com/todos/add2" ->
                matches(body, "{\"todo\":\"Use DummyJSON in the project\",\"completed\":false,\"userId\":15}")
                        ? json(
                                "{\"id\":151,\"todo\":\"Use DummyJSON in the project\",\"completed\":false,\"userId\":15}")
                        : noMatch();
            case "GET /dummyjson.com/users" -> users(query(uri, "limit", 10), query(uri, "skip", 0), ct);
            case "GET /dummy.domain/index.html" ->
                new Reply(
                        200,
                        Map.of("content-type", "text/plain; charset=\"latin1\""),
                        ("El rápido zorro marrón salta sobre el perro perezoso. ¡Qué bello día en París! Árbol, cañón,"
                                        + " façade.")
                                .getBytes(StandardCharsets.ISO_8859_1));
            // binaryData.test.json: the nock replies of n8n's HttpRequest binaryData test
            case "GET /dummy.domain/path/to/image.png" ->
                new Reply(200, Map.of("content-type", "image/png"), "test".getBytes(StandardCharsets.UTF_8));
            case "GET /dummy.domain/redirect-to-image" ->
                new Reply(
                        302,
                        Map.of("location", toLocal("https://dummy.domain/path/to/image.png")),
                        "{}".getBytes(StandardCharsets.UTF_8));
            case "GET /dummy.domain/custom-content-disposition" ->
                new Reply(
                        200,
                        Map.of("content-disposition", "attachment; filename=\"testing.jpg\""),
                        "testing".getBytes(StandardCharsets.UTF_8));
            case "GET /ua.example.com/default" ->
                "hetumind".equals(headers.get("user-agent")) ? json("{\"ok\":true,\"seen\":\"default\"}") : noMatch();
            case "GET /ua.example.com/override" ->
                "MyCustomAgent/1.0".equals(headers.get("user-agent"))
                        ? json("{\"ok\":true,\"seen\":\"override\"}")
                        : noMatch();
            default -> noMatch();
        };
    }

    /** n8n's getPaginationReturnData: ids skip … skip+limit-1 below 15, 404 with [] past the end, a next-url header. */
    private Reply users(int limit, int skip, String contentType) {
        StringBuilder ids = new StringBuilder("[");
        for (int id = skip; id < skip + limit && id <= 14; id++) {
            ids.append(ids.length() > 1 ? "," : "")
                    .append("{\"id\":")
                    .append(id)
                    .append('}');
        }
        String body = ids.append(']').toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("next-url", toLocal("https://dummyjson.com/users?skip=" + (skip + limit) + "&limit=" + limit));
        headers.put("content-type", contentType);
        return new Reply(body.length() > 2 ? 200 : 404, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static int query(URI uri, String name, int fallback) {
        if (uri.getRawQuery() == null) {
            return fallback;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name) && kv.length == 2) {
                return Integer.parseInt(kv[1]);
            }
        }
        return fallback;
    }

    private static boolean matches(String body, String expected) {
        try {
            JsonNode a = Json.parse(body);
            return Compare.same(a, Json.parse(expected));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Reply json(String body) {
        return new Reply(200, Map.of("content-type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    /** What nock does for an unmatched request: the request fails. */
    private static Reply noMatch() {
        return new Reply(501, Map.of("content-type", "text/plain"), "no mock matches".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }
}
