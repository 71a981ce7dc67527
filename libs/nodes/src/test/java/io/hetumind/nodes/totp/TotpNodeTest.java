package io.hetumind.nodes.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.credentials.NodeRunner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpNodeTest {

    /** RFC 6238's test secrets ("12345678901234567890" repeated to the hash's size), in base32. */
    private static String secret(int bytes) {
        String ascii = "12345678901234567890".repeat(4).substring(0, bytes);
        StringBuilder b = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte x : ascii.getBytes(StandardCharsets.US_ASCII)) {
            buffer = (buffer << 8) | (x & 0xFF);
            bits += 8;
            while (bits >= 5) {
                b.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            b.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt((buffer << (5 - bits)) & 31));
        }
        return b.toString();
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
        // RFC 6238 appendix B, 8 digits
        "SHA1, 59, 20, 94287082",
        "SHA256, 59, 32, 46119246",
        "SHA512, 59, 64, 90693936",
        "SHA1, 1111111109, 20, 07081804",
        "SHA256, 1111111111, 32, 67062674",
        "SHA512, 1234567890, 64, 93441116",
        "SHA1, 20000000000, 20, 65353130",
    })
    void matchesTheRfcVectors(String algorithm, long time, int secretBytes, String expected) {
        assertThat(TotpNode.token(secret(secretBytes), algorithm, 8, 30, Instant.ofEpochSecond(time)))
                .isEqualTo(expected);
    }

    @Test
    void base32IsReadAsOtpauthReadsIt() {
        assertThat(TotpNode.base32("mzxw6===")).isEqualTo("foo".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> TotpNode.base32("MZ1W")).hasMessage("Invalid character found: 1");
    }

    private static ExecutionResult run(String secret, String label, String options) {
        ObjectNode cred = Json.object().put("secret", secret).put("label", label);
        return new NodeRunner(new TotpNode())
                .credential("totpApi", cred)
                .run(1, NodeTests.json("{\"operation\": \"generateSecret\", \"options\": " + options + "}"), null);
    }

    @Test
    void givesTheCurrentCodeAndTheSecondsLeftForEachItem() {
        ExecutionResult r = run(secret(20), "GitHub:john", "{\"digits\": 8, \"algorithm\": \"SHA3-256\"}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        var json = r.output("Node", 0).getFirst().json();
        assertThat(json.path("token").asText()).hasSize(8).containsOnlyDigits();
        assertThat(json.path("secondsRemaining").asInt()).isBetween(0, 30);
    }

    @Test
    void badCredentialsAreClearErrors() {
        assertThat(NodeTests.error(run(secret(20), "no-colon", "{}")))
                .isEqualTo("Malformed label - expected `issuer:username`");
        assertThat(NodeTests.error(run("abc1", "", "{}"))).isEqualTo("Invalid character found: 1");
    }
}
