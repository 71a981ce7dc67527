package io.hetumind.nodes.data.crypto;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.json;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.model.Connections;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.model.WorkflowSettings;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.trigger.ManualTriggerNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoNodeTest {

    /** The RSA key of n8n's Crypto fixture (PKCS#1). */
    static final String RSA_KEY =
            """
            -----BEGIN RSA PRIVATE KEY-----
            MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu
            KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQJAIJLixBy2qpFoS4DSmoEm
            o3qGy0t6z09AIJtH+5OeRV1be+N4cDYJKffGzDa88vQENZiRm0GRq6a+HPGQMd2k
            TQIhAKMSvzIBnni7ot/OSie2TmJLY4SwTQAevXysE2RbFDYdAiEBCUEaRQnMnbp7
            9mxDXDf6AU0cN/RPBjb9qSHDcWZHGzUCIG2Es59z8ugGrDY+pxLQnwfotadxd+Uy
            v/Ow5T0q5gIJAiEAyS4RaI9YG8EWx/2w0T67ZUVAw8eOMB6BIUg0Xcu+3okCIBOs
            /5OiPgoTdSy7bcF9IGpSE8ZgGKzgYQVZeN97YE00
            -----END RSA PRIVATE KEY-----""";

    static final String EC_KEY =
            """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIFOBlzJP5/BqHXHBUatXgxu9VOnk3BT8JmXY61y2SkG0oAoGCCqGSM49
            AwEHoUQDQgAEFKgCmyIjUs+0Ql98aersLWMKKxGOyKwu18XcOU9C2Kx+kZ7tS6Bi
            u2QPmWqcHO4fVExK86IdoNtp0/NTjRDkAA==
            -----END EC PRIVATE KEY-----""";

    private final CryptoNode node = new CryptoNode();

    private String data(String params) {
        return out(run(node, 1, params, items("[{'keep':1}]")), 0)
                .getFirst()
                .path("data")
                .asText();
    }

    @Test
    void hashesInHexAndBase64() {
        assertThat(data("{'value':'test'}")).isEqualTo("098f6bcd4621d373cade4e832627b4f6");
        assertThat(data("{'value':'test','type':'SHA256','encoding':'base64'}"))
                .isEqualTo("n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=");
        assertThat(data("{'value':'test','type':'SHA1'}")).isEqualTo("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3");
        assertThat(data("{'value':'test','type':'SHA3-256'}"))
                .isEqualTo("36f028580bb02cc8272a9a020f4200e346e276ae664e45ee80745574e2f5ab80");
        assertThat(data("{'value':'abc','type':'SHA512'}")).startsWith("ddaf35a193617aba");
    }

    @Test
    void hmacAndSignMatchN8nFixture() {
        String secret = "-----BEGIN RSA PRIVATE KEY-----|"
                + RSA_KEY.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat)
                + "-----END RSA PRIVATE KEY-----";
        assertThat(data("{'action':'hmac','value':'test','secret':'" + secret + "','encoding':'base64'}"))
                .isEqualTo("BBXLTeT2o/R6oy5H69Yh7w==");
        assertThat(data("{'action':'hmac','value':'x','type':'SHA256'}")).hasSize(64);
        var params = json("{'action':'sign','value':'test','algorithm':'RSA-MD4','encoding':'base64'}");
        params.put("privateKey", RSA_KEY);
        assertThat(data(params.toString().replace('"', '\'')))
                .isEqualTo("SmzCKZlC8g0EnB8cXbRJIdwsN8sDWIxtUEeMvwEJNfrrJynahyNkdIbdcTO/ciwH7aBFN+roa47J8QEYWDc6Dg==");
    }

    /** Node's other names for the same digests (n8n offers crypto.getHashes() whole), signed as Node 20 signs them. */
    @Test
    void signsUnderEveryNameNodeListsForADigest() {
        java.util.Map<String, String> node20 = java.util.Map.of(
                "sha256WithRSAEncryption",
                "ZlDI7xX0XElJHwEpTw08Ykz/D+IJ+hQkcb4Cr929bUjiiLRXy8Etagc0Miuld2WnksIaznNmlqn7bom5oOpDnw==",
                "RSA-SHA512/224",
                "PH85VuqfELpQS9tSbAXq0d81Vkr4iN6KSZPjpg4vJb5wSQJt6Yhbo5v6lrEZ6+JORVmBiRH+kqfh0aVli51UuQ==",
                "id-rsassa-pkcs1-v1_5-with-sha3-256",
                "N9UUZfTP1V3AEhttzrjiiThgmthH3PYManvg5EnnzUpFmNuwxIkSxZkeZglWFlr6QwM2t4R0RLSsOd8Ub6ej7w==",
                "ripemd",
                "SUo+qVlwQNcKmSUNwbF3aNK0ZTsuJchQToaaXhcbFdYRAVfyZ2zXK5sBTJYvHl2iDaZuF4Gc03uUjmag0Okjmg==",
                "ssl3-sha1",
                "M/VjDlbzT5vTiynzCZ+y/Z+vpRcNcNAjnZeADMW0rHt8TIu65QGo0ywvmExenpd1KaXRMnTR/P9K6l1rITnr1Q==",
                "RSA-SHA1-2",
                "M/VjDlbzT5vTiynzCZ+y/Z+vpRcNcNAjnZeADMW0rHt8TIu65QGo0ywvmExenpd1KaXRMnTR/P9K6l1rITnr1Q==");
        node20.forEach((algorithm, expected) -> {
            var params =
                    json("{'action':'sign','value':'test','encoding':'base64'}").put("algorithm", algorithm);
            params.put("privateKey", RSA_KEY);
            assertThat(data(params.toString().replace('"', '\''))).as(algorithm).isEqualTo(expected);
        });
        // offered by n8n, not signable here (md5-sha1 signs in Node; the SHAKEs fail there too): a clear error
        var shake = json("{'action':'sign','value':'test','algorithm':'shake128'}");
        shake.put("privateKey", RSA_KEY);
        assertThat(error(run(node, 1, shake.toString().replace('"', '\''), items("[{}]"))))
                .contains("unknown signature algorithm 'shake128'");
    }

    @Test
    void signsWithEcKeys() {
        var params = json("{'action':'sign','value':'test','algorithm':'sha256','dataPropertyName':'sig.value'}");
        params.put("privateKey", EC_KEY);
        JsonNode o = out(run(node, 1, params.toString().replace('"', '\''), items("[{}]")), 0)
                .getFirst();
        // n8n sets the name as one key, dots and all
        assertThat(o.path("sig.value").asText()).startsWith("30").hasSizeGreaterThan(130);
    }

    @Test
    void generatesUuidsAndRandomStrings() {
        assertThat(data("{'action':'generate'}"))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(data("{'action':'generate','encodingType':'hex','stringLength':10}"))
                .matches("[0-9a-f]{10}");
        assertThat(data("{'action':'generate','encodingType':'base64','stringLength':40}"))
                .matches("\\w{1,40}");
        assertThat(data("{'action':'generate','encodingType':'ascii','stringLength':5}"))
                .hasSize(5);
    }

    @Test
    void badParametersNameTheParameterAndItem() {
        var in = items("[{'a':1},{'a':2}]");
        assertThat(error(run(node, 1, "{'action':'sign','value':'={{ $json.a }}'}", in)))
                .contains("privateKey")
                .contains("item 0");
        var bad = json(
                "{'action':'sign','privateKey':'={{ $json.a == 2 ? `nope` : `-----BEGIN RSA PRIVATE KEY-----\\nAAAA\\n-----END RSA PRIVATE KEY-----` }}'}");
        assertThat(error(run(node, 1, bad.toString().replace('"', '\''), in)))
                .contains("privateKey")
                .contains("item 0");
        assertThat(error(run(node, 1, "{'binaryData':true}", in)))
                .contains("binary file 'data'")
                .contains("item 0");
    }

    @Test
    void continueOnFailTurnsFailuresIntoErrorItems() {
        var n = new Node(
                "Node",
                "Node",
                "hetumind.crypto",
                1,
                null,
                json("{'binaryData':true}"),
                null,
                null,
                io.hetumind.core.model.OnError.CONTINUE,
                false,
                false,
                false,
                null);
        ExecutionResult r = new io.hetumind.nodes.testing.NodeHarness(node, NodeTests.expressions())
                .run(n, List.of(items("[{'a':1}]")));
        assertThat(out(r, 0).getFirst().path("error").asText()).contains("binary file 'data'");
    }

    @Test
    void v2ReadsSecretsFromTheCryptoCredential() {
        var params = json("{'action':'sign','value':'test','algorithm':'RSA-SHA256','encoding':'base64',"
                + "'dataPropertyName':'a.b'}");
        var withKey = v2(params, Map.of("signPrivateKey", RSA_KEY));
        assertThat(withKey.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(withKey.output("Node", 0).getFirst().json().has("a.b")).isTrue();
        var hmac = v2(json("{'action':'hmac','value':'test','encoding':'hex'}"), Map.of("hmacSecret", "k"));
        assertThat(hmac.output("Node", 0).getFirst().json().path("data").asText())
                .isEqualTo("f90c794a8d79d3c4d8d1ec6419ee28615daf19f462055d91bcc26a7ef993c16a");
        var noSecret = v2(json("{'action':'hmac','value':'test'}"), Map.of("signPrivateKey", RSA_KEY));
        assertThat(noSecret.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(noSecret.state().error().message()).contains("No HMAC secret set in credentials");
        assertThat(error(run(node, 2, "{'action':'sign','value':'x'}", items("[{}]"))))
                .contains("credential 'crypto'");
    }

    /** Runs Crypto v2 with a {@code crypto} credential holding {@code data}. */
    private ExecutionResult v2(com.fasterxml.jackson.databind.node.ObjectNode params, Map<String, String> data) {
        var cred = io.hetumind.core.spi.Json.valueToTree(data);
        Engine engine = Engine.builder()
                .registry(NodeRegistry.of(List.of(new ManualTriggerNode(), node)))
                .credentials(
                        (ref, type) -> java.util.Optional.of((com.fasterxml.jackson.databind.node.ObjectNode) cred))
                .build();
        Node crypto = new Node(
                "Node",
                "Node",
                "hetumind.crypto",
                2,
                null,
                params,
                Map.of("crypto", new io.hetumind.core.model.CredentialRef("c1", "Crypto")),
                null,
                null,
                false,
                false,
                false,
                null);
        Workflow wf = new Workflow(
                "w",
                "w",
                1,
                List.of(Node.of("Start", "hetumind.manualTrigger", 1, json("{}")), crypto),
                Connections.builder().connect("Start", "Node").build(),
                WorkflowSettings.DEFAULT,
                null);
        return engine.run(engine.prepare(wf), RunRequest.defaults().sequential());
    }

    @Test
    void hashesBinaryDataFromTheStore(@TempDir Path dir) throws Exception {
        BinaryStore store = new FileBinaryStore(dir, 1 << 20);
        var ref = store.put(
                "x", new ByteArrayInputStream("test".getBytes(StandardCharsets.UTF_8)), "text/plain", "binary.data");
        Engine engine = Engine.builder()
                .registry(NodeRegistry.of(List.of(new ManualTriggerNode(), node)))
                .service(BinaryStore.class, store)
                .build();
        Workflow wf = new Workflow(
                "w",
                "w",
                1,
                List.of(
                        Node.of("Start", "hetumind.manualTrigger", 1, json("{}")),
                        Node.of("Node", "hetumind.crypto", 1, json("{'binaryData':true}"))),
                Connections.builder().connect("Start", "Node").build(),
                WorkflowSettings.DEFAULT,
                null);
        Item in = new Item(json("{'k':1}"), Map.of("data", ref), null);
        ExecutionResult r = engine.run(
                engine.prepare(wf), RunRequest.defaults().sequential().withInput(List.of(in)));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        Item o = r.output("Node", 0).getFirst();
        assertThat(o.json().path("data").asText()).isEqualTo("098f6bcd4621d373cade4e832627b4f6");
        assertThat(o.json().path("k").asInt()).isEqualTo(1);
        assertThat(o.binary()).isEmpty();
    }
}
