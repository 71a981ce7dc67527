package io.hetumind.lambda.handler;

import static io.hetumind.lambda.handler.RunnerHandlerTest.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.hetumind.lambda.S3TestResource;
import io.hetumind.lambda.SecretsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials on Lambda: an HTTP Request node with header authentication gets its key from the Secrets Manager secret
 * (through the SDK, against {@code SecretsManagerFake}), a rotated secret is used once the cache time has passed, and
 * a credential the secret lacks, a malformed secret and an unreadable one each fail the run naming the secret and the
 * credential, never a value.
 */
@QuarkusTest
@QuarkusTestResource(S3TestResource.class)
@QuarkusTestResource(SecretsTestResource.class)
class CredentialsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer echo;

    @BeforeEach
    void start() throws Exception {
        echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        echo.createContext("/", x -> {
            String key = x.getRequestHeaders().getFirst("X-Api-Key");
            byte[] body = JSON.createObjectNode().put("key", key).toString().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(key == null ? 401 : 200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        echo.start();
    }

    @AfterEach
    void stop() {
        echo.stop(0);
    }

    @Test
    void aNodeGetsItsCredentialFromTheSecretAndARotationIsSeenAfterTheCacheTime() throws Exception {
        SecretsTestResource.fake().put(SecretsTestResource.SECRET, secret("first-key"));
        JsonNode r = invoke(request("k1", "Api key"));
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("SUCCESS");
        assertThat(r.path("output").get(0).path("key").asText()).isEqualTo("first-key");

        SecretsTestResource.fake().put(SecretsTestResource.SECRET, secret("rotated-key"));
        Thread.sleep(1_200); // hetumind.lambda.credentials.cache-ttl is PT1S in this app
        JsonNode after = invoke(request(null, "Api key")); // by name this time
        assertThat(after.path("output").get(0).path("key").asText())
                .as(after.toString())
                .isEqualTo("rotated-key");
    }

    @Test
    void aMissingCredentialAMalformedSecretAndAnUnreadableOneAreClearErrors() throws Exception {
        SecretsTestResource.fake().put(SecretsTestResource.SECRET, secret("k"));
        Thread.sleep(1_200);
        JsonNode missing = invoke(request("nope", "Other key"));
        assertThat(missing.path("status").asText()).isEqualTo("ERROR");
        assertThat(missing.toString())
                .contains("'httpHeaderAuth' credential 'Other key' (id nope) is not in the credentials secret "
                        + SecretsTestResource.SECRET);

        SecretsTestResource.fake()
                .put(SecretsTestResource.SECRET, "{\"k1\": {\"type\": \"httpHeaderAuth\", \"data\": s3cr3t}");
        Thread.sleep(1_200);
        JsonNode malformed = invoke(request("k1", "Api key"));
        assertThat(malformed.toString()).contains("is not valid JSON (line 1").doesNotContain("s3cr3t");

        SecretsTestResource.fake().put(SecretsTestResource.SECRET, "{\"k1\": {\"type\": \"httpHeaderAuth\"}}");
        Thread.sleep(1_200);
        JsonNode noData = invoke(request("k1", "Api key"));
        assertThat(noData.toString()).contains("entry 'k1' has no 'data' object");

        SecretsTestResource.fake().put(SecretsTestResource.SECRET, null);
        Thread.sleep(1_200);
        JsonNode gone = invoke(request("k1", "Api key"));
        assertThat(gone.path("status").asText()).isEqualTo("ERROR");
        assertThat(gone.toString())
                .contains("cannot read the credentials secret")
                .contains("ResourceNotFoundException");
        SecretsTestResource.fake().put(SecretsTestResource.SECRET, secret("k"));
    }

    private static String secret(String key) {
        return "{\"k1\": {\"name\": \"Api key\", \"type\": \"httpHeaderAuth\","
                + " \"data\": {\"name\": \"X-Api-Key\", \"value\": \"" + key + "\"}}}";
    }

    private ObjectNode request(String id, String name) throws Exception {
        String ref = (id == null ? "" : "\"id\": \"" + id + "\", ") + "\"name\": \"" + name + "\"";
        return (ObjectNode) JSON.readTree(
                """
                {"workflow": {"name": "with a key", "nodes": [
                   {"id": "s", "name": "Start", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0],
                    "parameters": {}},
                   {"id": "h", "name": "Call", "type": "hetumind.httpRequest", "typeVersion": 4.2, "position": [200, 0],
                    "parameters": {"url": "http://127.0.0.1:%d/echo", "authentication": "genericCredentialType",
                                   "genericAuthType": "httpHeaderAuth", "options": {}},
                    "credentials": {"httpHeaderAuth": {%s}}}],
                  "connections": {"Start": {"main": [[{"node": "Call", "type": "main", "index": 0}]]}}},
                 "input": [{"x": 1}],
                 "options": {"timeBudgetMs": 20000}}
                """
                        .formatted(echo.getAddress().getPort(), ref));
    }
}
