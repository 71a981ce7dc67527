package io.hetumind.nodes.http;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.AddressClass;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.credentials.NodeRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP Request under an instance's {@link NetworkPolicy}. Two local servers: A, which the policies
 * below allow as one endpoint (127.0.0.1, A's port), and B on another loopback port, which they do
 * not. Refused requests must fail before any connection: B counts every request it gets, and
 * requests to private or metadata addresses are refused before a packet leaves (this machine must
 * never send one there).
 */
class HttpNetworkPolicyTest {

    private static LocalServer a;
    private static LocalServer b;
    private static final AtomicInteger A_HITS = new AtomicInteger();
    private static final AtomicInteger B_HITS = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        b = new LocalServer().on("/", ex -> {
            B_HITS.incrementAndGet();
            LocalServer.reply(ex, 200, "application/json", "{\"server\":\"b\"}");
        });
        a = new LocalServer()
                .on("/ok", ex -> {
                    A_HITS.incrementAndGet();
                    LocalServer.reply(
                            ex,
                            200,
                            "application/json",
                            "{\"server\":\"a\",\"host\":\""
                                    + ex.getRequestHeaders().getFirst("Host") + "\"}");
                })
                .on("/to-b", ex -> redirect(ex, b.url("/hit")))
                .on("/to-b-by-decimal", ex -> redirect(ex, b.url("/hit").replace("127.0.0.1", "2130706433")))
                .on("/to-b-by-name", ex -> redirect(ex, b.url("/hit").replace("127.0.0.1", "localhost")))
                .on("/to-metadata", ex -> redirect(ex, "http://169.254.169.254/latest/meta-data/iam/"))
                .on("/to-private", ex -> redirect(ex, "http://10.0.0.5/admin"))
                .on("/to-mapped", ex -> redirect(ex, "http://[::ffff:10.0.0.5]/admin"));
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange ex, String location) throws IOException {
        A_HITS.incrementAndGet();
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    private static int portA() {
        return Integer.parseInt(a.url("").substring("http://127.0.0.1:".length()));
    }

    /** Allows exactly server A's endpoint; names resolve through {@code dns}. */
    private static NetworkPolicy onlyA(NetworkPolicy.Resolver dns) {
        return NetworkPolicy.builder()
                .allowRange("127.0.0.1", portA())
                .resolver(dns)
                .build();
    }

    private static NetworkPolicy onlyA() {
        return onlyA(InetAddress::getAllByName);
    }

    private static ExecutionResult get(NetworkPolicy policy, String url) {
        NodeRunner runner = new NodeRunner(new HttpRequestNode());
        if (policy != null) {
            runner.service(NetworkPolicy.class, policy);
        }
        return runner.run(4.2, json("{'url':'" + url + "'}"), null);
    }

    private static String refusal(ExecutionResult r) {
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.ERROR);
        return r.state().error().message();
    }

    @Test
    void anAllowedEndpointAnswersAndARedirectToAnotherLoopbackPortIsRefusedBeforeConnecting() {
        ExecutionResult ok = get(onlyA(), a.url("/ok"));
        assertThat(ok.status()).as("%s", ok.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(ok.output("Node", 0).getFirst().json().get("server").asText())
                .isEqualTo("a");

        int before = B_HITS.get();
        for (String hop : List.of("/to-b", "/to-b-by-decimal", "/to-b-by-name")) {
            assertThat(refusal(get(onlyA(), a.url(hop)))).as(hop).startsWith("HTTP Request refused to connect to ");
        }
        assertThat(refusal(get(onlyA(), a.url("/to-b"))))
                .isEqualTo("HTTP Request refused to connect to 127.0.0.1 (a loopback address) — this instance does"
                        + " not allow connections to the loopback interface [item 0]");
        assertThat(refusal(get(onlyA(), a.url("/to-b-by-name"))))
                .contains("localhost (it resolves to a loopback address)");
        assertThat(B_HITS.get()).as("B was never reached").isEqualTo(before);
    }

    @Test
    void redirectsToMetadataPrivateAndMappedAddressesAreRefusedEvenWhenLoopbackIsAllowed() {
        NetworkPolicy loopbackOk =
                NetworkPolicy.builder().allow(AddressClass.LOOPBACK).build();
        assertThat(refusal(get(loopbackOk, a.url("/to-metadata"))))
                .isEqualTo("HTTP Request refused to connect to 169.254.169.254 (a cloud metadata address) — this"
                        + " instance does not allow connections to cloud metadata endpoints [item 0]");
        assertThat(refusal(get(loopbackOk, a.url("/to-private"))))
                .isEqualTo("HTTP Request refused to connect to 10.0.0.5 (a private address) — this instance does not"
                        + " allow connections to private networks [item 0]");
        assertThat(refusal(get(loopbackOk, a.url("/to-mapped"))))
                .startsWith("HTTP Request refused to connect to [::ffff:10.0.0.5] (a private address)");
        // the same policy lets the loopback redirect through: the refusals above are about the targets
        int before = B_HITS.get();
        ExecutionResult toB = get(loopbackOk, a.url("/to-b"));
        assertThat(toB.status()).as("%s", toB.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(B_HITS.get()).isEqualTo(before + 1);
    }

    @Test
    void everySpellingOfLoopbackIsRefusedByAPublicOnlyInstance() {
        NetworkPolicy publicOnly = NetworkPolicy.builder()
                .resolver(host -> {
                    if (host.equals("service.internal.test")) {
                        return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
                    }
                    return InetAddress.getAllByName(host);
                })
                .build();
        int port = portA();
        int before = A_HITS.get();
        for (String host : List.of(
                "127.0.0.1",
                "2130706433",
                "0x7f.1",
                "0x7f000001",
                "0177.0.0.1",
                "127.1",
                "[::1]",
                "[::ffff:127.0.0.1]",
                "localhost",
                "service.internal.test")) {
            String message = refusal(get(publicOnly, "http://" + host + ":" + port + "/ok"));
            assertThat(message)
                    .as(host)
                    .startsWith("HTTP Request refused to connect to " + host + " (")
                    .contains("loopback address")
                    .endsWith("does not allow connections to the loopback interface [item 0]");
        }
        assertThat(A_HITS.get()).as("nothing reached A").isEqualTo(before);
    }

    @Test
    void withoutAPolicyNumericFormsReachTheAddressTheySpellAsCurlWould() {
        int port = portA();
        for (String host : List.of("2130706433", "0x7f.1", "127.1")) {
            ExecutionResult r = get(null, "http://" + host + ":" + port + "/ok");
            assertThat(r.status()).as(host + ": %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.output("Node", 0).getFirst().json().get("host").asText())
                    .isEqualTo(host + ":" + port);
        }
    }

    @Test
    void theClientConnectsToTheCheckedAddressWithoutResolvingTheNameAgain() {
        AtomicInteger lookups = new AtomicInteger();
        NetworkPolicy policy = onlyA(host -> {
            if (!host.equals("pinned.test")) {
                throw new UnknownHostException(host);
            }
            if (lookups.incrementAndGet() > 1) {
                throw new AssertionError("resolved twice");
            }
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
        });
        // pinned.test exists only in this policy's resolver: the request can only succeed by connecting
        // to the address the policy returned (the client itself has no DNS)
        ExecutionResult r = get(policy, "http://pinned.test:" + portA() + "/ok");
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Node", 0).getFirst().json().get("host").asText()).isEqualTo("pinned.test:" + portA());
        assertThat(lookups.get()).isEqualTo(1);
    }

    @Test
    void aNameThatRebindsToAPrivateAddressIsRefusedOnTheNextRequest() {
        AtomicInteger lookups = new AtomicInteger();
        NetworkPolicy policy = onlyA(host -> new InetAddress[] {
            InetAddress.getByAddress(
                    host, lookups.incrementAndGet() == 1 ? new byte[] {127, 0, 0, 1} : new byte[] {10, 0, 0, 5})
        });
        ExecutionResult r = new NodeRunner(new HttpRequestNode())
                .service(NetworkPolicy.class, policy)
                .run(
                        4.2,
                        json("{'url':'http://rebind.test:" + portA()
                                + "/ok','options':{'batching':{'batch':{'batchSize':1,'batchInterval':0}}}}"),
                        List.of(Item.of(json("{}")), Item.of(json("{}"))));
        assertThat(refusal(r))
                .isEqualTo("HTTP Request refused to connect to rebind.test (it resolves to a private"
                        + " address) — this instance does not allow connections to private networks [item 1]");
        assertThat(lookups.get()).isEqualTo(2);
    }

    @Test
    void aPrivateProxyAndAPrivateOAuth2TokenUrlAreRefusedToo() {
        NetworkPolicy policy = onlyA();
        ExecutionResult proxied = new NodeRunner(new HttpRequestNode())
                .service(NetworkPolicy.class, policy)
                .run(4.2, json("{'url':'" + a.url("/ok") + "','options':{'proxy':'http://192.168.1.10:3128'}}"), null);
        assertThat(refusal(proxied)).startsWith("HTTP Request refused to connect to 192.168.1.10 (a private address)");

        ExecutionResult oauth = new NodeRunner(new HttpRequestNode())
                .service(NetworkPolicy.class, policy)
                .credential(
                        "oAuth2Api",
                        json("{'grantType':'clientCredentials','accessTokenUrl':'http://10.1.2.3/token',"
                                + "'clientId':'app','clientSecret':'s','authentication':'header'}"))
                .run(
                        4.2,
                        json("{'url':'" + a.url("/ok")
                                + "','authentication':'genericCredentialType','genericAuthType':'oAuth2Api'}"),
                        null);
        assertThat(refusal(oauth)).startsWith("HTTP Request refused to connect to 10.1.2.3 (a private address)");
    }

    @Test
    void theLegacyVersionsAreGovernedByTheSamePolicy() {
        for (double version : new double[] {1, 2}) {
            ExecutionResult r = new NodeRunner(new HttpRequestNode())
                    .service(NetworkPolicy.class, onlyA())
                    .run(version, json("{'url':'" + a.url("/to-metadata") + "','responseFormat':'json'}"), null);
            assertThat(refusal(r))
                    .as("v" + version)
                    .startsWith("HTTP Request refused to connect to 169.254.169.254 (a cloud metadata address)");
        }
    }

    @Test
    void anInstanceThatAllowsPrivateNetworksLetsTheRequestThrough() {
        NetworkPolicy privateOk = NetworkPolicy.builder()
                .allow(AddressClass.PRIVATE, AddressClass.LOOPBACK)
                .build();
        ExecutionResult r = get(privateOk, "http://localhost:" + portA() + "/ok");
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(NodeTests.out(r, 0).getFirst().get("server").asText()).isEqualTo("a");
    }
}
