package io.hetumind.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AWS Secrets Manager as the SDK speaks to it, for the one call the runner makes: {@code GetSecretValue} over the AWS
 * JSON 1.1 protocol ({@code POST /}, {@code X-Amz-Target: secretsmanager.GetSecretValue}, a JSON body naming
 * {@code SecretId}), answered with {@code SecretString} or with AWS's error shape ({@code __type}, {@code Message},
 * {@code x-amzn-ErrorType}). Secrets Manager cannot run here; this is the fake the test rules allow for an outside
 * service: real wire protocol, the real SDK client against it. Signatures are not checked.
 */
public final class SecretsManagerFake implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE = "application/x-amz-json-1.1";

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    public final AtomicInteger reads = new AtomicInteger();

    public SecretsManagerFake() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Sets (or rotates) the string of secret {@code id}; null deletes the secret. */
    public void put(String id, String value) {
        if (value == null) {
            secrets.remove(id);
        } else {
            secrets.put(id, value);
        }
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String target = x.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode body = JSON.readTree(x.getRequestBody().readAllBytes());
            if (!"POST".equals(x.getRequestMethod()) || !"secretsmanager.GetSecretValue".equals(target)) {
                error(x, 400, "UnknownOperationException", "unsupported: " + target);
                return;
            }
            reads.incrementAndGet();
            String id = body.path("SecretId").asText();
            String value = secrets.get(id);
            if (value == null) {
                error(x, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                return;
            }
            ObjectNode out = JSON.createObjectNode();
            out.put("ARN", id);
            out.put("Name", id.substring(id.lastIndexOf(':') + 1));
            out.put("SecretString", value);
            out.put("VersionId", "v" + reads.get());
            out.putArray("VersionStages").add("AWSCURRENT");
            out.put("CreatedDate", 1.7e9);
            send(x, 200, out);
        }
    }

    private static void error(HttpExchange x, int status, String type, String message) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.put("__type", type);
        out.put("Message", message);
        x.getResponseHeaders().add("x-amzn-ErrorType", type);
        send(x, status, out);
    }

    private static void send(HttpExchange x, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", TYPE);
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
