package io.hetumind.nodes.mysql;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.nodes.net.TlsServers;
import io.hetumind.nodes.protocols.ProtocolHarness;
import io.hetumind.nodes.protocols.Servers;
import io.hetumind.nodes.ssh.TestSshServer;
import io.hetumind.nodes.tls.TestPki;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MySQL node over TLS against a MariaDB server of its own, started with a throwaway CA's certificate
 * (named {@code localhost}): a user that requires TLS and one that requires the client certificate.
 */
class MySqlTlsTest {

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TlsServers.Running db;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        db = TlsServers.mariadb(pki);
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("password", "");
        try (Connection c = new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://127.0.0.1:" + db.port() + "/", p);
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE test");
            st.execute("CREATE USER 'tls'@'%' IDENTIFIED BY 'tls-Pa55' REQUIRE SSL");
            st.execute("CREATE USER 'cert'@'%' REQUIRE SUBJECT '/CN=" + TestPki.CLIENT_CN + "'");
            st.execute("GRANT ALL ON test.* TO 'tls'@'%'");
            st.execute("GRANT ALL ON test.* TO 'cert'@'%'");
        }
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    private static ObjectNode cred(String host, String user) {
        return json("{'database':'test','connectTimeout':5000,'ssl':true}")
                .put("host", host)
                .put("port", db.port())
                .put("user", user)
                .put("password", user.equals("tls") ? "tls-Pa55" : "")
                .put("caCertificate", pki.caPem());
    }

    private static ExecutionResult run(ObjectNode cred) {
        return new ProtocolHarness(new MySqlNode())
                .credential("mySql", cred)
                .run(
                        2.5,
                        json("{'operation':'executeQuery'}").put("query", "SHOW SESSION STATUS LIKE 'Ssl_cipher'"),
                        null);
    }

    private static String cipher(ExecutionResult r) {
        return output(r).getFirst().json().path("Value").asText();
    }

    @Test
    void theCredentialsCaTrustsTheServerAndTheSessionIsEncrypted() {
        assertThat(cipher(run(cred("localhost", "tls")))).isNotBlank();
    }

    @Test
    void aCaPastedOnOneLineIsReadAsN8nReadsIt() {
        String oneLine = pki.caPem().replace("\n", " ");
        assertThat(cipher(run(cred("localhost", "tls").put("caCertificate", oneLine))))
                .isNotBlank();
    }

    @Test
    void withoutSslAUserThatRequiresTlsIsRefusedByTheServer() {
        String e = error(run(cred("localhost", "tls").put("ssl", false)));
        assertThat(e)
                .contains("could not connect to MySQL at localhost:" + db.port())
                .contains("Access denied");
        assertThat(e).doesNotContain("tls-Pa55");
    }

    @Test
    void aServerSignedByAnotherCaIsRefused() throws Exception {
        String other = TestPki.otherAuthority(dir.resolve("other"));
        String e = error(run(cred("localhost", "tls").put("caCertificate", other)));
        assertThat(e)
                .isEqualTo("could not connect to MySQL at localhost:" + db.port() + ": TLS handshake failed:"
                        + " certificate not trusted: the server's certificate is not signed by the credential's CA"
                        + " certificate");
        String jvm = error(run(cred("localhost", "tls").put("caCertificate", "")));
        assertThat(jvm).contains("certificate not trusted").contains("a CA the JVM trusts");
    }

    @Test
    void throughAnSshTunnelTheCertificateIsCheckedAgainstTheCredentialsHostName() throws Exception {
        try (TestSshServer ssh = new TestSshServer(true)) {
            java.util.function.Function<ObjectNode, ObjectNode> tunnelled = c -> c.put("sshTunnel", true)
                    .put("sshHost", "127.0.0.1")
                    .put("sshPort", ssh.port())
                    .put("sshUser", TestSshServer.USER)
                    .put("sshPassword", TestSshServer.PASSWORD);
            // the driver dials the tunnel's loopback end; TLS still names 'localhost', which the certificate carries
            assertThat(cipher(run(tunnelled.apply(cred("localhost", "tls"))))).isNotBlank();
            assertThat(ssh.forwarded).containsExactly("localhost:" + db.port());
            assertThat(error(run(tunnelled.apply(cred("127.0.0.1", "tls")))))
                    .isEqualTo("could not connect to MySQL at 127.0.0.1:" + db.port() + ": TLS handshake failed: host"
                            + " name mismatch: the server's certificate is not issued for '127.0.0.1'");
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefused() {
        // the certificate names localhost, not the address
        String e = error(run(cred("127.0.0.1", "tls")));
        assertThat(e)
                .isEqualTo("could not connect to MySQL at 127.0.0.1:" + db.port() + ": TLS handshake failed: host"
                        + " name mismatch: the server's certificate is not issued for '127.0.0.1'");
    }

    @Test
    void theClientCertificateLogsInAUserThatRequiresIt() {
        ObjectNode withCert = cred("localhost", "cert")
                .put("clientCertificate", pki.clientCertPem())
                .put("clientPrivateKey", pki.clientKeyPem());
        assertThat(cipher(run(withCert))).isNotBlank();
        String e = error(run(cred("localhost", "cert")));
        assertThat(e)
                .contains("could not connect to MySQL at localhost:" + db.port())
                .contains("Access denied");
    }

    @Test
    void badPemIsAClearErrorThatShowsNoSecret() {
        assertThat(error(run(cred("localhost", "tls").put("caCertificate", "not a certificate"))))
                .isEqualTo(
                        "credential 'mySql': 'caCertificate' is not a PEM certificate (-----BEGIN CERTIFICATE-----)");
        String garbledKey = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----";
        String e = error(run(cred("localhost", "cert")
                .put("clientCertificate", pki.clientCertPem())
                .put("clientPrivateKey", garbledKey)));
        assertThat(e).startsWith("credential 'mySql': 'clientPrivateKey' is not a readable private key");
        assertThat(e).doesNotContain("c2VjcmV0");
        assertThat(error(run(cred("localhost", "cert").put("clientCertificate", pki.clientCertPem()))))
                .contains("'clientCertificate' and 'clientPrivateKey' go together");
    }

    @Test
    void sslAgainstAServerWithoutTlsSaysSo() {
        // the machine's MariaDB (.ci/run) runs without certificates
        Servers.require("MariaDB", 3306);
        ObjectNode plain = cred("localhost", "root").put("port", 3306).put("password", "");
        assertThat(error(run(plain)))
                .isEqualTo("could not connect to MySQL at localhost:3306: the server does not offer TLS (turn SSL off,"
                        + " or enable TLS on the server)");
    }
}
