package io.hetumind.nodes.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.credentials.NodeRunner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The JWT node's rules that n8n-recorded/Jwt cannot pin (a claim set signed at the current second, keys pasted on one
 * line, bad credentials); the recordings pin tokens, verification and errors against n8n 2.8.4.
 */
class JwtNodeTest {

    private static final ObjectNode HS = Json.object()
            .put("keyType", "passphrase")
            .put("secret", "a made-up test secret")
            .put("algorithm", "HS256");

    private static ExecutionResult run(ObjectNode cred, String params) {
        return new NodeRunner(new JwtNode()).credential("jwtAuth", cred).run(1, NodeTests.json(params), null);
    }

    private static JsonNode payloadOf(String token) {
        return Json.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    @Test
    void theClaimsFormIsSignedAsItsFieldsPlusTheCurrentSecond() {
        long before = Instant.now().getEpochSecond();
        ExecutionResult r = run(HS, "{\"claims\": {\"audience\": \"a\", \"expiresIn\": 60, \"subject\": \"s\"}}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        JsonNode payload =
                payloadOf(r.output("Node", 0).getFirst().json().path("token").asText());
        // jsonwebtoken signs the form's fields under their own names (n8n passes the collection as the payload)
        assertThat(payload.path("audience").asText()).isEqualTo("a");
        assertThat(payload.path("expiresIn").asInt()).isEqualTo(60);
        assertThat(payload.path("iat").asLong()).isBetween(before, Instant.now().getEpochSecond());
    }

    @Test
    void aKeyPastedOnOneLineIsRead() throws Exception {
        var gen = java.security.KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var pair = gen.generateKeyPair();
        String priv = "-----BEGIN PRIVATE KEY----- "
                + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + " -----END PRIVATE KEY-----";
        String pub = "-----BEGIN PUBLIC KEY----- "
                + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + " -----END PUBLIC KEY-----";
        ObjectNode cred = Json.object()
                .put("keyType", "pemKey")
                .put("privateKey", priv)
                .put("publicKey", pub)
                .put("algorithm", "RS512");
        ExecutionResult signed = run(cred, "{\"useJson\": true, \"claimsJson\": \"{\\\"a\\\": 1}\"}");
        String token = signed.output("Node", 0).getFirst().json().path("token").asText();
        ExecutionResult verified = run(cred, "{\"operation\": \"verify\", \"token\": \"" + token + "\"}");
        assertThat(verified.output("Node", 0)
                        .getFirst()
                        .json()
                        .path("payload")
                        .path("a")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void badInputIsAClearError() {
        assertThat(NodeTests.error(run(HS, "{\"operation\": \"verify\", \"token\": \"={{ String() }}\"}")))
                .isEqualTo("The JWT token was not provided [item 0]");
        assertThat(NodeTests.error(run(HS, "{\"operation\": \"verify\", \"token\": \"abc\"}")))
                .isEqualTo("jwt malformed");
        assertThat(NodeTests.error(run(HS, "{\"useJson\": true, \"claimsJson\": \"{\\\"iat\\\": \\\"soon\\\"}\"}")))
                .isEqualTo("\"iat\" should be a number of seconds");
        assertThat(NodeTests.error(run(HS, "{\"useJson\": true, \"claimsJson\": \"[1]\"}")))
                .contains("must be a JSON object");
        ObjectNode empty = HS.deepCopy().put("secret", "");
        assertThat(NodeTests.error(run(empty, "{}"))).isEqualTo("secretOrPrivateKey must have a value");
        ObjectNode rsaWithPassphrase = HS.deepCopy().put("algorithm", "RS256");
        assertThat(NodeTests.error(run(rsaWithPassphrase, "{}"))).contains("can only use HS256");
        ObjectNode broken = Json.object()
                .put("keyType", "pemKey")
                .put("privateKey", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")
                .put("algorithm", "RS256");
        assertThat(NodeTests.error(run(broken, "{}"))).contains("private key could not be read");
        // the secret never appears in an error
        assertThat(NodeTests.error(run(HS, "{\"operation\": \"verify\", \"token\": \"a.b.c\"}")))
                .doesNotContain("made-up");
    }

    @Test
    void anUnsignedTokenOnlyWithNone() {
        ObjectNode none = HS.deepCopy().put("algorithm", "none");
        String token = run(none, "{\"useJson\": true, \"claimsJson\": \"{\\\"a\\\": 1, \\\"iat\\\": 1}\"}")
                .output("Node", 0)
                .getFirst()
                .json()
                .path("token")
                .asText();
        assertThat(token).endsWith(".");
        assertThat(NodeTests.error(run(HS, "{\"operation\": \"verify\", \"token\": \"" + token + "\"}")))
                .isEqualTo("invalid algorithm");
    }
}
