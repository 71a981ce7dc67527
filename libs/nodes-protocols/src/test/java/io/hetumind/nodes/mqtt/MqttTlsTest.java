package io.hetumind.nodes.mqtt;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.nodes.protocols.ProtocolHarness;
import io.hetumind.nodes.tls.TestPki;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT node and trigger over TLS (n8n's mqtts / SSL credential) against embedded Moquette brokers with
 * only a TLS port, serving a throwaway CA's certificate for {@code localhost}: one that wants user and
 * password, one that wants a client certificate signed by that CA.
 */
class MqttTlsTest {

    private static final String PASSWORD = "pw-123";

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TestBroker tls;
    private static TestBroker mutual;
    private static TestBroker plain;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        tls = TestBroker.startTls(pki, false);
        mutual = TestBroker.startTls(pki, true);
        plain = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        for (TestBroker b : new TestBroker[] {tls, mutual, plain}) {
            if (b != null) {
                b.stop();
            }
        }
    }

    /** SSL with the test CA, user and password (passwordless off: no client certificate). */
    private static ObjectNode login(String host, int port) {
        return json("{'protocol':'mqtt','ssl':true,'passwordless':false,'username':'bob','clean':true}")
                .put("host", host)
                .put("port", port)
                .put("password", PASSWORD)
                .put("ca", pki.caPem());
    }

    /** SSL with the test CA and the client certificate, no user name. */
    private static ObjectNode certificate() {
        return json("{'protocol':'mqtts','ssl':true,'passwordless':true,'host':'localhost','clean':true}")
                .put("port", mutual.port)
                .put("ca", pki.caPem())
                .put("cert", pki.clientCertPem())
                .put("key", pki.clientKeyPem());
    }

    private static ExecutionResult publish(ObjectNode cred, String topic) {
        return new ProtocolHarness(new MqttNode(5_000))
                .credential("mqtt", cred)
                .run(1, json("{'options':{'qos':1}}").put("topic", topic), List.of(Item.of(json("{'hello':'tls'}"))));
    }

    /** A subscriber through the node's own connection code (so over TLS as well). */
    private static BlockingQueue<String> subscribe(ObjectNode cred, String topic, List<MqttClient> keep)
            throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        MqttClient c =
                MqttNode.connect(NetworkPolicy.allowAll(), cred.deepCopy().put("clientId", "sub-" + topic), 5_000);
        c.subscribe(topic, 1, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
        keep.add(c);
        return got;
    }

    @Test
    void publishesOverTlsWithTheCredentialsCa() throws Exception {
        List<MqttClient> keep = new java.util.ArrayList<>();
        BlockingQueue<String> got = subscribe(login("localhost", tls.port), "tls/one", keep);
        ExecutionResult r = publish(login("localhost", tls.port), "tls/one");
        assertThat(output(r)).hasSize(1);
        assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"hello\":\"tls\"}");
        keep.forEach(MqttNode::close);
    }

    @Test
    void mqttsWithoutSslTrustsOnlyTheJvmsRoots() {
        ObjectNode cred = login("localhost", tls.port).put("protocol", "mqtts").put("ssl", false);
        assertThat(error(publish(cred, "tls/x")))
                .isEqualTo("could not connect to the MQTT broker at localhost:" + tls.port
                        + ": TLS handshake failed: certificate not trusted: the server's certificate is not signed by"
                        + " a CA the JVM trusts (set the CA certificate)");
    }

    @Test
    void anotherCaIsRefusedAndThePasswordNeverShown() throws Exception {
        ObjectNode cred = login("localhost", tls.port).put("ca", TestPki.otherAuthority(dir.resolve("other")));
        assertThat(error(publish(cred, "tls/x")))
                .contains("could not connect to the MQTT broker at localhost:" + tls.port)
                .contains("certificate not trusted: the server's certificate is not signed by the credential's CA")
                .doesNotContain(PASSWORD);
    }

    @Test
    void theCertificateMustNameTheHostTheUserWrote() {
        assertThat(error(publish(login("127.0.0.1", tls.port), "tls/x")))
                .contains("could not connect to the MQTT broker at 127.0.0.1:" + tls.port)
                .contains("host name mismatch: the server's certificate is not issued for '127.0.0.1'");
    }

    @Test
    void theNameTheUserWroteIsCheckedWhileTheAddressThePolicyGaveIsDialled() throws Exception {
        // a name no DNS knows: only the host's policy resolves it, so the connection can only go to that address
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        NetworkPolicy policy = NetworkPolicy.builder()
                .allowEverything()
                .resolver(h -> "broker.hetumind.invalid".equals(h)
                        ? new InetAddress[] {loopback}
                        : InetAddress.getAllByName(h))
                .build();
        ObjectNode cred = login("broker.hetumind.invalid", tls.port);
        ExecutionResult mismatch = new ProtocolHarness(new MqttNode(5_000))
                .credential("mqtt", cred)
                .service(NetworkPolicy.class, policy)
                .run(1, json("{'topic':'pinned/x'}"), null);
        assertThat(error(mismatch))
                .isEqualTo("could not connect to the MQTT broker at broker.hetumind.invalid:" + tls.port
                        + ": TLS handshake failed: host name mismatch: the server's certificate is not issued for"
                        + " 'broker.hetumind.invalid'");
        ExecutionResult unchecked = new ProtocolHarness(new MqttNode(5_000))
                .credential("mqtt", cred.deepCopy().put("passwordless", true).put("rejectUnauthorized", false))
                .service(NetworkPolicy.class, policy)
                .run(1, json("{'topic':'pinned/x'}"), null);
        assertThat(output(unchecked)).hasSize(1);
    }

    @Test
    void rejectUnauthorizedOffAcceptsAnyCertificateAndName() throws Exception {
        ObjectNode cred = login("127.0.0.1", tls.port)
                .put("passwordless", true)
                .put("rejectUnauthorized", false)
                .put("ca", TestPki.otherAuthority(dir.resolve("other2")));
        assertThat(output(publish(cred, "tls/any"))).hasSize(1);
        // hidden by the form when passwordless is off, so not honoured then
        cred.put("passwordless", false);
        assertThat(error(publish(cred, "tls/any"))).contains("TLS handshake failed: certificate not trusted");
    }

    @Test
    void aClientCertificateLogsIn() throws Exception {
        List<MqttClient> keep = new java.util.ArrayList<>();
        BlockingQueue<String> got = subscribe(certificate(), "mutual/one", keep);
        assertThat(output(publish(certificate(), "mutual/one"))).hasSize(1);
        assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"hello\":\"tls\"}");
        keep.forEach(MqttNode::close);
    }

    @Test
    void withoutAClientCertificateTheBrokerThatWantsOneRefuses() {
        ObjectNode cred =
                certificate().put("passwordless", false).put("username", "bob").put("password", PASSWORD);
        assertThat(error(publish(cred, "mutual/x")))
                .startsWith("could not connect to the MQTT broker at localhost:" + mutual.port
                        + ": TLS handshake failed: the server refused the client certificate (or wants one)")
                .doesNotContain(PASSWORD);
    }

    @Test
    void halfAClientCertificateOrBadPemNamesTheField() {
        assertThat(error(publish(certificate().put("key", ""), "mutual/x")))
                .isEqualTo("credential 'mqtt': a client certificate needs both 'cert' and 'key' ('key' is empty)");
        assertThat(error(publish(certificate().put("ca", "not a certificate at all"), "mutual/x")))
                .isEqualTo("credential 'mqtt': 'ca' is not a PEM certificate (-----BEGIN CERTIFICATE-----)");
        String bad = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----";
        assertThat(error(publish(certificate().put("key", bad), "mutual/x")))
                .contains("credential 'mqtt': 'key' is not a readable private key")
                .doesNotContain("AAAA");
    }

    @Test
    void tlsAgainstAPlainPortAndPlainTextAgainstATlsPortAreClearErrors() {
        assertThat(error(publish(login("localhost", plain.port), "x/y")))
                .startsWith(
                        "could not connect to the MQTT broker at localhost:" + plain.port + ": TLS handshake failed: ");
        ObjectNode plainText = login("localhost", tls.port).put("ssl", false);
        assertThat(error(publish(plainText, "x/y")))
                .isEqualTo("could not connect to the MQTT broker at localhost:" + tls.port
                        + ": Connection lost (the broker closed the connection: a TLS port (turn SSL on) or a"
                        + " WebSocket one (choose ws)?)")
                .doesNotContain(PASSWORD);
    }

    @Test
    void anUnknownProtocolIsRefusedByName() {
        assertThat(error(publish(login("localhost", tls.port).put("protocol", "quic"), "x/y")))
                .isEqualTo("credential 'mqtt': protocol 'quic' is not supported (mqtt, mqtts, ws, wss)");
    }

    @Test
    void theTriggerListensOverTls() throws Exception {
        MqttTriggerNodeTest.Host host = new MqttTriggerNodeTest.Host(certificate());
        TriggerParams params = new TriggerParams(
                Node.of("MQTT Trigger", MqttTriggerNode.TYPE, 1, json("{'topics':'mutual/trigger:1'}")));
        try (AutoCloseable listening = new MqttTriggerNode(5_000).listen(params, host)) {
            output(publish(certificate(), "mutual/trigger"));
            List<Item> items = host.emitted.poll(5, TimeUnit.SECONDS);
            assertThat(items).isNotNull();
            assertThat(items.getFirst().json())
                    .isEqualTo(json("{'topic':'mutual/trigger'}").put("message", "{\"hello\":\"tls\"}"));
        }
        MqttTriggerNodeTest.Host untrusted =
                new MqttTriggerNodeTest.Host(certificate().put("host", "127.0.0.1"));
        assertThatThrownBy(() -> new MqttTriggerNode(5_000).listen(params, untrusted))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("host name mismatch")
                .satisfies(e -> assertThat(((NodeException) e).kind()).isEqualTo(ErrorKind.USER));
    }
}
