package io.hetumind.nodes.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.hetumind.core.spi.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A GraphQL server over HTTP as the GraphQL-over-HTTP convention has it, executing with graphql-java:
 * POST {@code application/json} ({query, variables, operationName}), POST {@code application/graphql}
 * (the raw query) and GET {@code ?query=}. {@code /secure} wants Basic alice:s3cret,
 * {@code X-Api-Key: k3y-123}, {@code ?api_key=k3y-123} or the last token {@code /token} issued; {@code /broken} answers an HTML 502 page.
 */
final class GraphQlServer implements AutoCloseable {

    private static final String SDL =
            """
            type Query { hello(name: String): String, books: [Book], fail: String, echoHeader(name: String): String }
            type Book { title: String, year: Int }
            """;

    /** What the last request looked like. */
    record Seen(String method, String contentType, String query, String body, Map<String, List<String>> headers) {}

    final AtomicInteger hits = new AtomicInteger();

    /** The number of the last access token issued by {@code /token}; only that one is accepted. */
    final AtomicInteger tokens = new AtomicInteger();

    volatile Seen last;
    private final HttpServer server;
    private final GraphQL graphql;
    private final ThreadLocal<HttpExchange> current = new ThreadLocal<>();

    GraphQlServer() throws IOException {
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .type("Query", b -> b.dataFetcher("hello", env -> "Hello " + env.getArgumentOrDefault("name", "world"))
                        .dataFetcher(
                                "books",
                                env -> List.of(
                                        Map.of("title", "Dune", "year", 1965),
                                        Map.of("title", "Solaris", "year", 1961)))
                        .dataFetcher("fail", env -> {
                            throw new IllegalStateException("boom");
                        })
                        .dataFetcher(
                                "echoHeader",
                                env -> current.get().getRequestHeaders().getFirst(env.getArgument("name"))))
                .build();
        graphql = GraphQL.newGraphQL(new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SDL), wiring))
                .build();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/graphql", this::graphql);
        server.createContext("/secure", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String basic =
                    "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
            String query = String.valueOf(ex.getRequestURI().getRawQuery());
            if (basic.equals(auth)
                    || "k3y-123".equals(ex.getRequestHeaders().getFirst("X-Api-Key"))
                    || query.contains("api_key=k3y-123")
                    || ("Bearer tok-" + tokens.get()).equals(auth)) {
                graphql(ex);
            } else {
                hits.incrementAndGet();
                reply(ex, 401, "application/json", "{\"errors\":[{\"message\":\"Unauthorized: bad credentials\"}]}");
            }
        });
        server.createContext("/token", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String basic =
                    "Basic " + Base64.getEncoder().encodeToString("app:app-secret".getBytes(StandardCharsets.UTF_8));
            if (!body.contains("grant_type=client_credentials")
                    || !basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                reply(ex, 401, "application/json", "{\"error\":\"invalid_client\"}");
                return;
            }
            reply(
                    ex,
                    200,
                    "application/json",
                    "{\"access_token\":\"tok-" + tokens.incrementAndGet()
                            + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        });
        server.createContext("/broken", ex -> {
            hits.incrementAndGet();
            reply(ex, 502, "text/html", "<html><body>Bad gateway</body></html>");
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void graphql(HttpExchange ex) throws IOException {
        hits.incrementAndGet();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String contentType = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
        String rawQuery = ex.getRequestURI().getRawQuery();
        last = new Seen(ex.getRequestMethod(), contentType, rawQuery, body, Map.copyOf(ex.getRequestHeaders()));
        ExecutionInput.Builder input = ExecutionInput.newExecutionInput();
        if (ex.getRequestMethod().equals("GET")) {
            input.query(param(rawQuery, "query"));
        } else if (contentType.startsWith("application/json")) {
            JsonNode req = Json.parse(body);
            input.query(req.path("query").asText());
            if (req.path("operationName").isTextual()) {
                input.operationName(req.get("operationName").asText());
            }
            if (req.path("variables").isObject()) {
                input.variables(Json.convert(req.get("variables"), Map.class));
            }
        } else if (contentType.startsWith("application/graphql")) {
            input.query(body);
        } else {
            reply(ex, 415, "application/json", "{\"errors\":[{\"message\":\"unsupported content type\"}]}");
            return;
        }
        current.set(ex);
        try {
            Map<String, Object> result = graphql.execute(input.build()).toSpecification();
            reply(ex, 200, "application/json; charset=utf-8", Json.writer().writeValueAsString(result));
        } finally {
            current.remove();
        }
    }

    private static String param(String rawQuery, String name) {
        if (rawQuery == null) {
            return "";
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
