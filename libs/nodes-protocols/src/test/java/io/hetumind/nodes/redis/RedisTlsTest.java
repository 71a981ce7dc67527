package io.hetumind.nodes.redis;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.nodes.net.TlsServers;
import io.hetumind.nodes.protocols.ProtocolHarness;
import io.hetumind.nodes.protocols.Servers;
import io.hetumind.nodes.tls.TestPki;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis node and trigger over TLS against a redis-server the test starts with a throwaway CA's certificate. n8n's
 * credential has no CA field: the certificate must be trusted by the JVM, or verification turned off.
 */
class RedisTlsTest {

    @TempDir
    static Path dir;

    private static TlsServers.Running redis;

    @BeforeAll
    static void start() throws Exception {
        redis = TlsServers.redis(TestPki.create(dir.resolve("pki")));
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    private static ObjectNode cred(boolean ssl, boolean disableVerification, int port) {
        return json("{'host':'localhost','database':0,'password':''}")
                .put("port", port)
                .put("ssl", ssl)
                .put("disableTlsVerification", disableVerification);
    }

    private static ExecutionResult run(ObjectNode cred, String params) {
        return new ProtocolHarness(new RedisNode()).credential("redis", cred).run(1, json(params), null);
    }

    @Test
    void disablingVerificationConnectsOverTls() {
        ExecutionResult set =
                run(cred(true, true, redis.port()), "{'operation':'set','key':'tls:k','value':'over tls'}");
        assertThat(output(set)).hasSize(1);
        ExecutionResult get =
                run(cred(true, true, redis.port()), "{'operation':'get','key':'tls:k','propertyName':'v'}");
        assertThat(output(get).getFirst().json().path("v").asText()).isEqualTo("over tls");
        // the server listens on its TLS port only (--port 0): these answers came over TLS
    }

    @Test
    void aCertificateTheJvmDoesNotTrustIsRefusedByDefault() {
        String e = error(run(cred(true, false, redis.port()), "{'operation':'info'}"));
        assertThat(e)
                .startsWith("could not connect to Redis at localhost:" + redis.port() + ": TLS handshake failed:")
                .contains("certificate not trusted")
                .contains("a CA the JVM trusts");
    }

    @Test
    void tlsAgainstAPlainTextPortSaysSo() {
        Servers.require("Redis", 6379);
        long start = System.nanoTime();
        String e = error(run(cred(true, true, 6379), "{'operation':'info'}"));
        assertThat(e)
                .contains("could not connect to Redis at localhost:6379")
                .contains("did not answer the TLS handshake within 10 s (a plain-text port? turn SSL off)");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
    }

    @Test
    void plainTextAgainstTheTlsPortSaysSo() {
        long start = System.nanoTime();
        String e = error(run(cred(false, false, redis.port()), "{'operation':'info'}"));
        assertThat(e)
                .contains("could not connect to Redis at localhost:" + redis.port())
                .contains("a TLS-only port? turn SSL on");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
    }

    @Test
    void theNetworkPolicyStillChecksTheAddressBeforeTheHandshake() {
        ExecutionResult r = new ProtocolHarness(new RedisNode())
                .credential("redis", cred(true, true, redis.port()))
                .service(NetworkPolicy.class, NetworkPolicy.publicOnly())
                .run(1, json("{'operation':'info'}"), null);
        assertThat(error(r)).startsWith("Redis refused to connect to localhost");
    }

    @Test
    void theTriggerSubscribesOverTlsAndRefusesAnUntrustedCertificate() throws Exception {
        RedisTriggerNodeTest.Host host = new RedisTriggerNodeTest.Host(cred(true, true, redis.port()));
        TriggerParams params =
                new TriggerParams(Node.of("Redis Trigger", RedisTriggerNode.TYPE, 1, json("{'channels':'tls.*'}")));
        try (AutoCloseable l = new RedisTriggerNode().listen(params, host)) {
            output(run(
                    cred(true, true, redis.port()), "{'operation':'publish','channel':'tls.news','messageData':'hi'}"));
            List<Item> items = host.emitted.poll(10, TimeUnit.SECONDS);
            assertThat(items).isNotNull();
            assertThat(items.getFirst().json()).isEqualTo(json("{'channel':'tls.news','message':'hi'}"));
        }
        RedisTriggerNodeTest.Host untrusted = new RedisTriggerNodeTest.Host(cred(true, false, redis.port()));
        assertThatThrownBy(() -> new RedisTriggerNode().listen(params, untrusted))
                .hasMessageStartingWith(
                        "could not connect to Redis at localhost:" + redis.port() + ": TLS handshake failed:");
    }
}
