package io.hetumind.nodes.db;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.CredentialRegistry;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.nodes.credentials.NodeRunner;
import io.hetumind.nodes.credentials.PostgresCredential;
import io.hetumind.nodes.ssh.TestSshServer;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Postgres node through an SSH tunnel: an in-process MINA SSHD server forwarding to the machine's real PostgreSQL
 * ({@code HETUMIND_TEST_PG_URL}, else the embedded one).
 */
class PostgresSshTunnelTest {

    private static TestSshServer ssh;
    private static TestSshServer noForwarding;
    private final PgPools pools = new PgPools();

    @BeforeAll
    static void servers() throws Exception {
        ssh = new TestSshServer(true);
        noForwarding = new TestSshServer(false);
    }

    @AfterAll
    static void stop() throws Exception {
        ssh.close();
        noForwarding.close();
    }

    @AfterEach
    void close() {
        pools.close();
    }

    private static ObjectNode tunnelled(TestSshServer server) throws Exception {
        return TestPostgres.credential()
                .put("sshTunnel", true)
                .put("sshHost", "127.0.0.1")
                .put("sshPort", server.port())
                .put("sshUser", TestSshServer.USER)
                .put("sshPassword", TestSshServer.PASSWORD);
    }

    private ExecutionResult select(ObjectNode cred) {
        return select(cred, NetworkPolicy.allowAll());
    }

    private ExecutionResult select(ObjectNode cred, NetworkPolicy policy) {
        return new NodeRunner(new PostgresNode())
                .credential("postgres", cred)
                .service(PgPools.class, pools)
                .service(NetworkPolicy.class, policy)
                .run(
                        2.5,
                        json("{'operation':'executeQuery','query':'SELECT 41 + 1 AS answer, current_user AS who',"
                                + "'options':{'connectionTimeout':5}}"),
                        List.of(Item.of(json("{}"))));
    }

    private static String target() throws Exception {
        ObjectNode c = TestPostgres.credential();
        return c.get("host").asText() + ":" + c.get("port").asInt();
    }

    @Test
    void theCredentialOffersN8nsSshFieldsWithTheSecretsSecret() {
        var d = PostgresCredential.DESCRIPTOR;
        assertThat(d.properties().stream().map(p -> p.name()))
                .contains(
                        "sshTunnel",
                        "sshAuthenticateWith",
                        "sshHost",
                        "sshPort",
                        "sshUser",
                        "sshPassword",
                        "sshPrivateKey",
                        "sshPassphrase");
        assertThat(d.property("sshPassword").secret()).isTrue();
        assertThat(d.property("sshPrivateKey").secret()).isTrue();
        assertThat(d.property("sshPassphrase").secret()).isTrue();
        assertThat(d.property("sshHost").secret()).isFalse();
        assertThat(CredentialRegistry.of(List.of(new PostgresCredential())).find("postgres"))
                .isPresent();
    }

    @Test
    void aPasswordLoginCarriesTheQueriesThroughTheSshServer() throws Exception {
        int before = ssh.forwarded.size();
        ExecutionResult r = select(tunnelled(ssh));
        assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Node", 0).getFirst().json().path("answer").asInt()).isEqualTo(42);
        assertThat(ssh.forwarded.subList(before, ssh.forwarded.size())).containsExactly(target());
        // the pool keeps its tunnel: a second run forwards no new connection
        assertThat(select(tunnelled(ssh)).status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(ssh.forwarded.size()).isEqualTo(before + 1);
        // and closing the pool closes the SSH session
        assertThat(ssh.sessions()).isPositive();
        pools.close();
        long until = System.currentTimeMillis() + 5000;
        while (ssh.sessions() > 0 && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertThat(ssh.sessions()).isZero();
    }

    @Test
    void aPoolOpensItsTunnelAgainWhenTheSshServerDroppedIt() throws Exception {
        assertThat(select(tunnelled(ssh)).status()).isEqualTo(ExecutionStatus.SUCCESS);
        int before = ssh.forwarded.size();
        ssh.server.getActiveSessions().forEach(s -> s.close(true));
        long until = System.currentTimeMillis() + 5000;
        while (ssh.sessions() > 0 && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        ExecutionResult again = select(tunnelled(ssh));
        assertThat(again.status()).as(String.valueOf(again.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(ssh.forwarded.size()).as("a new forwarded connection").isEqualTo(before + 1);
        assertThat(ssh.sessions()).isEqualTo(1);
    }

    @Test
    void aPrivateKeyWithItsPassphraseLogsIn() throws Exception {
        ObjectNode cred = tunnelled(ssh)
                .put("sshPassword", "")
                .put("sshAuthenticateWith", "privateKey")
                .put("sshPrivateKey", ssh.privateKey(TestSshServer.PASSPHRASE))
                .put("sshPassphrase", TestSshServer.PASSPHRASE);
        ExecutionResult r = select(cred);
        assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);

        ExecutionResult wrong = select(cred.put("sshPassphrase", "not-the-Pa55phrase"));
        assertThat(wrong.state().error().message())
                .startsWith("credential 'postgres': the SSH private key could not be read")
                .doesNotContain("not-the-Pa55phrase")
                .doesNotContain("PRIVATE KEY");
        assertThat(wrong.state().error().kind()).isEqualTo(ErrorKind.USER);
    }

    @Test
    void aPemPkcs8KeyPastedOnOneLineLogsInToo() throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(ssh.key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ObjectNode cred = tunnelled(ssh)
                .put("sshPassword", "")
                .put("sshAuthenticateWith", "privateKey")
                .put("sshPrivateKey", pem);
        ExecutionResult r = select(cred);
        assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
        // n8n's form often turns the line breaks into spaces; the key still reads (OpenSSH format too)
        ExecutionResult oneLine = select(cred.put("sshPrivateKey", pem.strip().replace("\n", " ")));
        assertThat(oneLine.status()).as(String.valueOf(oneLine.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
        ExecutionResult openSsh =
                select(cred.put("sshPrivateKey", ssh.privateKey(null).strip().replace("\n", " ")));
        assertThat(openSsh.status()).as(String.valueOf(openSsh.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
    }

    @Test
    void aWrongSshPasswordIsAUserErrorWithoutThePassword() throws Exception {
        ExecutionResult r = select(tunnelled(ssh).put("sshPassword", "wrong-Ssh-Pa55"));
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message())
                .isEqualTo("Postgres: could not open the SSH tunnel through 127.0.0.1:" + ssh.port()
                        + ": the SSH server refused the login of user 'tunneller' with a password")
                .doesNotContain("wrong-Ssh-Pa55");
        assertThat(r.state().error().kind()).isEqualTo(ErrorKind.USER);
        assertThat(r.state().error().node()).isEqualTo("Node");
    }

    @Test
    void anUnreachableSshHostIsAnOperationalErrorInBoundedTime() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        long start = System.nanoTime();
        ExecutionResult r = select(tunnelled(ssh).put("sshPort", closed));
        assertThat(r.state().error().message())
                .startsWith(
                        "Postgres: could not open the SSH tunnel through 127.0.0.1:" + closed + ": could not connect");
        assertThat(r.state().error().kind()).isEqualTo(ErrorKind.OPERATIONAL);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void aServerThatIsNotSshIsNamed() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            ExecutionResult r = select(tunnelled(ssh).put("sshPort", silent.getLocalPort()));
            assertThat(r.state().error().message())
                    .startsWith("Postgres: could not open the SSH tunnel through 127.0.0.1:" + silent.getLocalPort()
                            + ": the SSH server did not answer within 5000 ms");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
        }
    }

    @Test
    void anSshServerThatRefusesForwardingIsNamed() throws Exception {
        ExecutionResult r = select(tunnelled(noForwarding));
        assertThat(r.state().error().message())
                .isEqualTo("Postgres: the SSH server at 127.0.0.1:" + noForwarding.port() + " refused to forward to "
                        + target() + " (TCP forwarding is not allowed there: AllowTcpForwarding)");
        assertThat(r.state().error().kind()).isEqualTo(ErrorKind.OPERATIONAL);
    }

    @Test
    void aDatabasePortTheSshServerCannotReachIsNamed() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ExecutionResult r = select(tunnelled(ssh).put("host", "127.0.0.1").put("port", closed));
        assertThat(r.state().error().message())
                .isEqualTo("Postgres: the SSH server at 127.0.0.1:" + ssh.port() + " could not connect to 127.0.0.1:"
                        + closed + " (the database host and port as the SSH server sees them)");
    }

    @Test
    void theNetworkPolicyChecksTheSshServerNotTheDatabaseHost() throws Exception {
        // the database host is private, but only the SSH server reaches it: allowed
        ExecutionResult ok = select(
                tunnelled(ssh),
                NetworkPolicy.builder().allowRange("127.0.0.1/32", ssh.port()).build());
        assertThat(ok.status()).as(String.valueOf(ok.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
        // the SSH server itself on a refused address: refused before any packet
        ExecutionResult refused = select(tunnelled(ssh), NetworkPolicy.publicOnly());
        assertThat(refused.state().error().message()).startsWith("Postgres refused to connect to 127.0.0.1");
    }

    @Test
    void anSshHostThatDoesNotResolveIsNamed() throws Exception {
        assertThat(select(tunnelled(ssh).put("sshHost", "ssh.example.invalid"))
                        .state()
                        .error()
                        .message())
                .isEqualTo("Postgres: could not open the SSH tunnel: the SSH host 'ssh.example.invalid' could not be"
                        + " resolved");
    }

    @Test
    void settingsShowNoSecretWhenPrinted() throws Exception {
        ObjectNode cred = tunnelled(ssh)
                .put("sshAuthenticateWith", "privateKey")
                .put("sshPrivateKey", ssh.privateKey(TestSshServer.PASSPHRASE))
                .put("sshPassphrase", TestSshServer.PASSPHRASE);
        String shown = io.hetumind.nodes.ssh.SshTunnel.Settings.of("postgres", cred)
                .orElseThrow()
                .toString();
        assertThat(shown)
                .isEqualTo("SshTunnel.Settings[postgres, tunneller@127.0.0.1:" + ssh.port() + ", private key]")
                .doesNotContain(TestSshServer.PASSPHRASE);
    }

    @Test
    void badTunnelFieldsAreUserErrors() throws Exception {
        assertThat(select(tunnelled(ssh).put("sshAuthenticateWith", "kerberos"))
                        .state()
                        .error()
                        .message())
                .isEqualTo("credential 'postgres': 'sshAuthenticateWith' is 'kerberos'; it must be 'password' or"
                        + " 'privateKey'");
        assertThat(select(tunnelled(ssh).put("sshAuthenticateWith", "privateKey"))
                        .state()
                        .error()
                        .message())
                .isEqualTo("credential 'postgres': SSH authentication with a private key needs 'sshPrivateKey'");
        assertThat(select(tunnelled(ssh).put("sshHost", "a b?x=1"))
                        .state()
                        .error()
                        .message())
                .isEqualTo("credential 'postgres': the SSH host 'a b?x=1' is not a host name or an IP address");
    }
}
