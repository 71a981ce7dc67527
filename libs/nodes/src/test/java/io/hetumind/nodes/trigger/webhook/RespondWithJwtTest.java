package io.hetumind.nodes.trigger.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.WebhookResponder;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.credentials.NodeRunner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Respond to Webhook's JWT Token (n8n's respondWith jwt): the Payload signed with the node's jwtAuth credential. */
class RespondWithJwtTest {

    private static final ObjectNode HS = Json.object()
            .put("keyType", "passphrase")
            .put("secret", "a made-up test secret")
            .put("algorithm", "HS256");

    private final List<WebhookResponse> answers = new ArrayList<>();

    private ExecutionResult run(ObjectNode cred, String params) {
        NodeRunner runner =
                new NodeRunner(new RespondToWebhookNode()).service(WebhookResponder.class, (id, r) -> answers.add(r));
        if (cred != null) {
            runner.credential("jwtAuth", cred);
        }
        return runner.run(1.1, NodeTests.json(params), null);
    }

    @Test
    void thePayloadIsSignedWithTheCredentialAndTheCurrentSecond() throws Exception {
        long before = Instant.now().getEpochSecond();
        ExecutionResult r = run(HS, "{\"respondWith\": \"jwt\", \"payload\": \"{\\\"user\\\": \\\"ada\\\"}\"}");
        assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(answers).hasSize(1);
        assertThat(answers.getFirst().contentType()).startsWith("application/json");
        String token = Json.parse(answers.getFirst().body()).path("token").asText();
        String[] parts = token.split("\\.");
        JsonNode header = Json.parse(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        JsonNode payload = Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertThat(header.path("alg").asText()).isEqualTo("HS256");
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        assertThat(payload.path("user").asText()).isEqualTo("ada");
        assertThat(payload.path("iat").asLong()).isBetween(before, Instant.now().getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("a made-up test secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
        assertThat(parts[2]).as("signed with the credential's secret").isEqualTo(expected);
    }

    @Test
    void aPayloadLeftOutIsN8nsSampleAndASigningFailureIsNamed() {
        ExecutionResult r = run(HS, "{\"respondWith\": \"jwt\"}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        String token = Json.parse(answers.getFirst().body()).path("token").asText();
        JsonNode payload =
                Json.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        assertThat(payload.path("myField").asText()).isEqualTo("value");

        ObjectNode noKey = Json.object().put("keyType", "pemKey").put("algorithm", "RS256");
        ExecutionResult failed = run(noKey, "{\"respondWith\": \"jwt\"}");
        assertThat(failed.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(failed.state().error().message()).isEqualTo("Error signing JWT token");
        assertThat(failed.state().error().description()).isEqualTo("secretOrPrivateKey must have a value");
        assertThat(answers).as("nothing answered for the failed run").hasSize(1);
    }
}
