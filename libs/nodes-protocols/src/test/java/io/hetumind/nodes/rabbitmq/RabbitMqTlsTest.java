package io.hetumind.nodes.rabbitmq;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.nodes.net.TlsServers;
import io.hetumind.nodes.protocols.ProtocolHarness;
import io.hetumind.nodes.protocols.Servers;
import io.hetumind.nodes.tls.TestPki;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RabbitMQ node and trigger over amqps against a RabbitMQ node of their own (started with a throwaway
 * CA's certificate naming {@code localhost}): PLAIN login over TLS, and passwordless SASL EXTERNAL login
 * by the client certificate, as n8n's credential offers.
 */
class RabbitMqTlsTest {

    private static final String USER = "tls-user";
    private static final String PASSWORD = "tls-Pa55word";

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TlsServers.Running broker;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        broker = TlsServers.rabbitmq(pki, USER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static ObjectNode login(String host) {
        return json("{'vhost':'/','ssl':true,'passwordless':false}")
                .put("hostname", host)
                .put("port", broker.port())
                .put("username", USER)
                .put("password", PASSWORD)
                .put("ca", pki.caPem());
    }

    private static ObjectNode certificate() {
        return json("{'vhost':'/','ssl':true,'passwordless':true}")
                .put("hostname", "localhost")
                .put("port", broker.port())
                .put("ca", pki.caPem())
                .put("cert", pki.clientCertPem())
                .put("key", pki.clientKeyPem());
    }

    private static ExecutionResult send(ObjectNode cred, String queue) {
        return new ProtocolHarness(new RabbitMqNode())
                .credential("rabbitmq", cred)
                .run(
                        1.2,
                        json("{'sendInputData':true,'options':{'assertQueue':true}}")
                                .put("queue", queue),
                        List.of(Item.of(json("{'hello':'tls'}"))));
    }

    @Test
    void aPasswordLoginOverTlsWithTheCredentialsCa() {
        assertThat(output(send(login("localhost"), "tls-plain"))).hasSize(1);
    }

    @Test
    void passwordlessLogsInWithTheClientCertificateAndTheTriggerReceives() throws Exception {
        RabbitMqTriggerNodeTest.Host host = new RabbitMqTriggerNodeTest.Host(certificate(), false);
        // the trigger declares the queue, then the node sends to it; both log in by certificate (EXTERNAL)
        TriggerParams params = new TriggerParams(Node.of(
                "Orders",
                RabbitMqTriggerNode.TYPE,
                1,
                json("{'queue':'tls-external','options':{'assertQueue':true,'jsonParseBody':true}}")));
        try (AutoCloseable l = new RabbitMqTriggerNode().listen(params, host)) {
            assertThat(output(send(certificate(), "tls-external"))).hasSize(1);
            assertThat(host.next().path("content")).isEqualTo(json("{'hello':'tls'}"));
        }
    }

    @Test
    void passwordlessWithoutACertificateIsRefusedUpFront() {
        assertThat(error(send(certificate().put("cert", ""), "q")))
                .isEqualTo("credential 'rabbitmq': 'Passwordless' (SASL EXTERNAL) needs the client certificate"
                        + " ('cert') and key ('key')");
    }

    @Test
    void aBrokerSignedByAnotherCaIsRefused() throws Exception {
        String e = error(send(login("localhost").put("ca", TestPki.otherAuthority(dir.resolve("other"))), "q"));
        assertThat(e)
                .isEqualTo("could not connect to RabbitMQ at localhost:" + broker.port() + ": TLS handshake failed:"
                        + " certificate not trusted: the server's certificate is not signed by the credential's CA"
                        + " certificate");
        assertThat(e).doesNotContain(PASSWORD);
    }

    @Test
    void aCertificateForAnotherNameIsRefused() {
        assertThat(error(send(login("127.0.0.1"), "q")))
                .isEqualTo("could not connect to RabbitMQ at 127.0.0.1:" + broker.port() + ": TLS handshake failed:"
                        + " host name mismatch: the server's certificate is not issued for '127.0.0.1'");
    }

    @Test
    void theTriggerReportsATlsFailureAtActivation() {
        RabbitMqTriggerNodeTest.Host host = new RabbitMqTriggerNodeTest.Host(login("127.0.0.1"), false);
        TriggerParams params =
                new TriggerParams(Node.of("Orders", RabbitMqTriggerNode.TYPE, 1, json("{'queue':'tls-x'}")));
        assertThatThrownBy(() -> new RabbitMqTriggerNode().listen(params, host).close())
                .hasMessageContaining("could not connect to RabbitMQ at 127.0.0.1:" + broker.port())
                .hasMessageContaining("host name mismatch");
    }

    @Test
    void anEncryptedKeyIsReadWithItsPassphrase() throws Exception {
        String encrypted = pki.encryptedClientKey("key-Pa55");
        assertThat(output(send(certificate().put("key", encrypted).put("passphrase", "key-Pa55"), "tls-enc")))
                .hasSize(1);
        assertThat(error(send(certificate().put("key", encrypted), "q")))
                .isEqualTo("credential 'rabbitmq': 'key' is encrypted and no passphrase is given");
        String wrong = error(send(certificate().put("key", encrypted).put("passphrase", "wrong"), "q"));
        assertThat(wrong)
                .isEqualTo("credential 'rabbitmq': 'key' cannot be read (wrong passphrase or unsupported encryption)");
    }

    @Test
    void tlsAgainstThePlainTextPortSaysSo() {
        Servers.require("RabbitMQ", 5672);
        ObjectNode plain =
                login("localhost").put("port", 5672).put("username", "guest").put("password", "guest");
        assertThat(error(send(plain, "q")))
                .contains("could not connect to RabbitMQ at localhost:5672: TLS handshake failed:")
                .contains("(a plain-text port? turn SSL off)");
    }

    @Test
    void plainTextAgainstTheTlsPortSaysSo() {
        assertThat(error(send(login("localhost").put("ssl", false), "q")))
                .contains("could not connect to RabbitMQ at localhost:" + broker.port())
                .contains("a TLS (amqps) port? turn SSL on");
    }
}
