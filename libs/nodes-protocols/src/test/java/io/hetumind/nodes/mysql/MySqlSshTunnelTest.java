package io.hetumind.nodes.mysql;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.CredentialRegistry;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.protocols.ProtocolHarness;
import io.hetumind.nodes.protocols.Servers;
import io.hetumind.nodes.ssh.TestSshServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MySQL node through an SSH tunnel: an in-process MINA SSHD server forwarding to the machine's MariaDB
 * (127.0.0.1:3306, root, database test).
 */
class MySqlSshTunnelTest {

    private static TestSshServer ssh;
    private static TestSshServer noForwarding;
    private String table;

    @BeforeAll
    static void servers() throws Exception {
        Servers.require("MariaDB", 3306);
        ssh = new TestSshServer(true);
        noForwarding = new TestSshServer(false);
    }

    @AfterAll
    static void stop() throws Exception {
        ssh.close();
        noForwarding.close();
    }

    @BeforeEach
    void createTable() throws Exception {
        table = "hm_tunnel_" + Long.toString(System.nanoTime(), 36);
        MySqlNodeTest.sql("CREATE TABLE " + table + " (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(50))");
    }

    @AfterEach
    void dropTable() throws Exception {
        MySqlNodeTest.sql("DROP TABLE IF EXISTS " + table);
    }

    private static ObjectNode tunnelled(TestSshServer server) {
        return MySqlNodeTest.cred()
                .put("sshTunnel", true)
                .put("sshHost", "127.0.0.1")
                .put("sshPort", server.port())
                .put("sshUser", TestSshServer.USER)
                .put("sshPassword", TestSshServer.PASSWORD);
    }

    private static ExecutionResult run(ObjectNode cred, ObjectNode params, List<Item> items) {
        return new ProtocolHarness(new MySqlNode()).credential("mySql", cred).run(2.5, params, items);
    }

    private static ExecutionResult select(ObjectNode cred) {
        return run(cred, json("{'operation':'executeQuery','query':'SELECT 41 + 1 AS answer'}"), null);
    }

    private static void awaitNoSessions(TestSshServer server) throws InterruptedException {
        long until = System.currentTimeMillis() + 5000;
        while (server.sessions() > 0 && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertThat(server.sessions()).as("SSH sessions left open").isZero();
    }

    @Test
    void theCredentialOffersN8nsSshFieldsWithTheSecretsSecret() {
        var d = MySqlCredential.DESCRIPTOR;
        assertThat(d.properties().stream().map(p -> p.name()))
                .containsSubsequence(
                        "sshTunnel",
                        "sshAuthenticateWith",
                        "sshHost",
                        "sshPort",
                        "sshUser",
                        "sshPassword",
                        "sshPrivateKey",
                        "sshPassphrase");
        assertThat(List.of("sshPassword", "sshPrivateKey", "sshPassphrase"))
                .allSatisfy(f -> assertThat(d.property(f).secret()).isTrue());
        assertThat(CredentialRegistry.of(List.of(new MySqlCredential()))
                        .checkNodes(NodeRegistry.of(List.of(new MySqlNode()))))
                .isEmpty();
    }

    @Test
    void aPasswordLoginCarriesInsertAndSelectThroughTheSshServerAndClosesTheTunnelAfterTheRun() throws Exception {
        int before = ssh.forwarded.size();
        ExecutionResult insert = run(
                tunnelled(ssh),
                json("{'operation':'insert','table':{'__rl':true,'mode':'name','value':'" + table + "'},"
                        + "'dataMode':'autoMapInputData'}"),
                List.of(Item.of(json("{'name':'Ann'}")), Item.of(json("{'name':'Bob'}"))));
        assertThat(output(insert)).hasSize(1);
        ExecutionResult r = run(
                tunnelled(ssh),
                json("{'operation':'executeQuery','query':'SELECT name FROM " + table + " ORDER BY id'}"),
                null);
        assertThat(output(r)).extracting(i -> i.json().path("name").asText()).containsExactly("Ann", "Bob");
        // one forwarded connection per run, to the database as the SSH server names it
        assertThat(ssh.forwarded.subList(before, ssh.forwarded.size()))
                .containsExactly("127.0.0.1:3306", "127.0.0.1:3306");
        awaitNoSessions(ssh);
    }

    @Test
    void aPrivateKeyWithItsPassphraseLogsInAndAWrongPassphraseIsAUserError() throws Exception {
        ObjectNode cred = tunnelled(ssh)
                .put("sshPassword", "")
                .put("sshAuthenticateWith", "privateKey")
                .put("sshPrivateKey", ssh.privateKey(TestSshServer.PASSPHRASE))
                .put("sshPassphrase", TestSshServer.PASSPHRASE);
        assertThat(output(select(cred)).getFirst().json().path("answer").asInt())
                .isEqualTo(42);
        // an unencrypted key needs no passphrase
        ObjectNode plain =
                cred.deepCopy().put("sshPrivateKey", ssh.privateKey(null)).put("sshPassphrase", "");
        assertThat(output(select(plain)).getFirst().json().path("answer").asInt())
                .isEqualTo(42);

        ExecutionResult wrong = select(cred.put("sshPassphrase", "not-the-Pa55phrase"));
        assertThat(error(wrong))
                .startsWith("credential 'mySql': the SSH private key could not be read")
                .doesNotContain("not-the-Pa55phrase")
                .doesNotContain("PRIVATE KEY");
        assertThat(wrong.state().error().kind()).isEqualTo(ErrorKind.USER);
    }

    @Test
    void aWrongSshPasswordIsAUserErrorNamingTheNodeWithoutThePassword() {
        ExecutionResult r = select(tunnelled(ssh).put("sshPassword", "wrong-Ssh-Pa55"));
        assertThat(error(r))
                .isEqualTo("MySQL: could not open the SSH tunnel through 127.0.0.1:" + ssh.port()
                        + ": the SSH server refused the login of user 'tunneller' with a password");
        assertThat(r.state().error().kind()).isEqualTo(ErrorKind.USER);
        assertThat(r.state().error().node()).isEqualTo("Node");
        assertThat(r.state().error().itemIndex()).isEqualTo(-1);
    }

    @Test
    void anUnreachableSshHostIsAnOperationalErrorInBoundedTime() {
        int closed = Servers.freePort();
        long start = System.nanoTime();
        ExecutionResult r = select(tunnelled(ssh).put("sshPort", closed));
        assertThat(error(r))
                .startsWith("MySQL: could not open the SSH tunnel through 127.0.0.1:" + closed + ": could not connect");
        assertThat(r.state().error().kind()).isEqualTo(ErrorKind.OPERATIONAL);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void anSshServerThatRefusesForwardingIsNamedAndItsSessionClosed() throws Exception {
        ExecutionResult r = select(tunnelled(noForwarding));
        assertThat(error(r))
                .isEqualTo("MySQL: the SSH server at 127.0.0.1:" + noForwarding.port()
                        + " refused to forward to 127.0.0.1:3306 (TCP forwarding is not allowed there:"
                        + " AllowTcpForwarding)");
        assertThat(r.state().error().kind()).isEqualTo(ErrorKind.OPERATIONAL);
        awaitNoSessions(noForwarding);
    }

    @Test
    void aDatabaseTheSshServerCannotReachIsNamed() {
        int closed = Servers.freePort();
        ExecutionResult r = select(tunnelled(ssh).put("port", closed));
        assertThat(error(r))
                .isEqualTo("MySQL: the SSH server at 127.0.0.1:" + ssh.port() + " could not connect to 127.0.0.1:"
                        + closed + " (the database host and port as the SSH server sees them)");
    }

    @Test
    void aDatabaseHostThatNeverAnswersBehindTheSshServerFailsInBoundedTime() {
        long start = System.nanoTime();
        // a non-routable address: the SSH server's connect to it hangs
        ExecutionResult r = select(tunnelled(ssh).put("host", "10.255.255.1"));
        // MINA's server confirms the channel before its own connect ends, so the driver's bound speaks; an SSH server
        // that waits for the connect (OpenSSH) makes the tunnel's probe name it instead
        assertThat(error(r))
                .satisfiesAnyOf(
                        e -> assertThat(e)
                                .isEqualTo("could not connect to MySQL at 10.255.255.1:3306: no answer in time"),
                        e -> assertThat(e).startsWith("MySQL: the SSH server at 127.0.0.1:" + ssh.port()));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
    }

    @Test
    void aWrongDatabasePasswordThroughTheTunnelIsTheDatabasesError() {
        ExecutionResult r = select(tunnelled(ssh).put("password", "db-Pa55-wrong"));
        assertThat(error(r))
                .startsWith("could not connect to MySQL at 127.0.0.1:3306: ")
                .contains("Access denied")
                .doesNotContain("db-Pa55-wrong");
        assertThat(r.state().error().kind()).isEqualTo(ErrorKind.USER);
    }

    @Test
    void theNetworkPolicyChecksTheSshServer() throws Exception {
        ExecutionResult refused = new ProtocolHarness(new MySqlNode())
                .credential("mySql", tunnelled(ssh).put("host", "10.0.0.5"))
                .service(NetworkPolicy.class, NetworkPolicy.publicOnly())
                .run(2.5, json("{'operation':'executeQuery','query':'SELECT 1'}"), null);
        assertThat(error(refused)).startsWith("MySQL refused to connect to 127.0.0.1");
        // allowed to reach the SSH server only, the node reaches the database the SSH server names
        ExecutionResult ok = new ProtocolHarness(new MySqlNode())
                .credential("mySql", tunnelled(ssh))
                .service(
                        NetworkPolicy.class,
                        NetworkPolicy.builder()
                                .allowRange(InetAddress.getLoopbackAddress().getHostAddress() + "/32", ssh.port())
                                .build())
                .run(2.5, json("{'operation':'executeQuery','query':'SELECT 41 + 1 AS answer'}"), null);
        assertThat(output(ok).getFirst().json().path("answer").asInt()).isEqualTo(42);
    }

    @Test
    void aServerThatIsNotSshIsNamedInBoundedTime() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            ExecutionResult r = select(tunnelled(ssh).put("sshPort", silent.getLocalPort()));
            assertThat(error(r))
                    .startsWith("MySQL: could not open the SSH tunnel through 127.0.0.1:" + silent.getLocalPort()
                            + ": the SSH server did not answer within 3000 ms");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(12_000);
        }
    }
}
