package io.hetumind.nodes.db;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.AddressClass;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.nodes.credentials.NodeRunner;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Postgres node under an instance's {@link NetworkPolicy}, against the test server on loopback.
 * Private hosts are refused before any connection (no packet may go to them from this machine).
 */
class PostgresNetworkPolicyTest {

    private final PgPools pools = new PgPools();

    @AfterEach
    void close() {
        pools.close();
    }

    private ExecutionResult select(NetworkPolicy policy, ObjectNode cred) {
        return new NodeRunner(new PostgresNode())
                .credential("postgres", cred)
                .service(PgPools.class, pools)
                .service(NetworkPolicy.class, policy)
                .run(
                        2.5,
                        json("{'operation':'executeQuery','query':'SELECT 41 + 1 AS answer'}"),
                        List.of(Item.of(json("{}"))));
    }

    private static ObjectNode on(String host) throws Exception {
        return TestPostgres.credential().put("host", host);
    }

    @Test
    void aPrivateHostIsRefusedWithAClearError() throws Exception {
        ExecutionResult r = select(NetworkPolicy.publicOnly(), on("10.0.0.5"));
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message())
                .isEqualTo("Postgres refused to connect to 10.0.0.5 (a private address) — this instance does not allow"
                        + " connections to private networks");
        ExecutionResult metadata = select(NetworkPolicy.publicOnly(), on("::ffff:169.254.169.254"));
        assertThat(metadata.state().error().message()).contains("(a cloud metadata address)");
    }

    @Test
    void theLocalServerIsRefusedUnlessTheInstanceAllowsLoopback() throws Exception {
        ObjectNode cred = TestPostgres.credential();
        ExecutionResult refused = select(NetworkPolicy.publicOnly(), cred);
        assertThat(refused.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(refused.state().error().message())
                .startsWith("Postgres refused to connect to " + cred.get("host").asText());

        ExecutionResult allowed =
                select(NetworkPolicy.builder().allow(AddressClass.LOOPBACK).build(), cred);
        assertThat(allowed.status()).as("%s", allowed.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(allowed.output("Node", 0).getFirst().json().get("answer").asInt())
                .isEqualTo(42);
    }

    @Test
    void theDriverConnectsToTheAddressThePolicyResolvedAndChecksItAgainWhenItConnects() throws Exception {
        ObjectNode cred = on("localhost");
        String realHost = TestPostgres.credential().get("host").asText();
        InetAddress real = InetAddress.getByName(realHost);
        AtomicInteger lookups = new AtomicInteger();
        // the policy's resolver answers for "localhost" (with the test server's address)
        NetworkPolicy pinned = NetworkPolicy.builder()
                .allow(AddressClass.LOOPBACK)
                .resolver(host -> {
                    lookups.incrementAndGet();
                    return new InetAddress[] {InetAddress.getByAddress(host, real.getAddress())};
                })
                .build();
        ExecutionResult ok = select(pinned, cred);
        assertThat(ok.status()).as("%s", ok.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(lookups.get()).as("the node's check, then the socket's").isEqualTo(2);

        // a name that answers loopback to the node's check and a private address when the socket
        // connects is refused by the socket before it connects (the driver's own lookup of the name is
        // ignored: the socket connects only to what the policy answered and checked)
        AtomicInteger calls = new AtomicInteger();
        NetworkPolicy rebinding = NetworkPolicy.builder()
                .allow(AddressClass.LOOPBACK)
                .resolver(host -> new InetAddress[] {
                    InetAddress.getByAddress(
                            host, calls.incrementAndGet() == 1 ? real.getAddress() : new byte[] {10, 9, 8, 7})
                })
                .build();
        ExecutionResult rebound = select(rebinding, on("localhost"));
        assertThat(rebound.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(calls.get()).isEqualTo(2);
    }
}
