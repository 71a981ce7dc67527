package io.hetumind.sdk.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.HostServices;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeScopes;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.OptionLoader;
import io.hetumind.core.spi.OptionSpec;
import io.hetumind.core.spi.trigger.ListenContext;
import io.hetumind.core.spi.trigger.ListenTrigger;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.sdk.NodeHarness;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin's option loaders and listening trigger are held to its declared permissions as its node's run is (the same
 * refusals, word for word), and a loader or trigger that throws or hangs fails that call naming the plugin.
 */
class PluginEntryPointsTest {

    /**
     * One node type that is a listening trigger with option loaders; its run, each loader and its listener do what
     * {@code mode} says to {@code target} through the services the host hands it.
     */
    static final String PROBE =
            """
            package acme;

            import io.hetumind.core.model.Item;
            import io.hetumind.core.spi.*;
            import io.hetumind.core.spi.trigger.*;
            import java.util.List;
            import java.util.Map;
            import java.util.Optional;
            import java.util.function.Function;

            public final class Probe implements NodeType, ListenTrigger {
                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("acme.probe")
                            .displayName("Probe")
                            .trigger(TriggerSpec.of(TriggerKind.LISTEN, "Starts a run per probe").with("target", "target"))
                            .property(PropertySpec.string("mode"))
                            .property(PropertySpec.string("target"))
                            .build();
                }

                static String act(String mode, String target, Optional<NetworkPolicy> net, Optional<ConfinedFiles> files,
                        Function<String, Optional<String>> env) throws Exception {
                    switch (mode) {
                        case "fetch": {
                            java.net.URI uri = java.net.URI.create(target);
                            java.net.InetAddress a = net.orElse(NetworkPolicy.allowAll())
                                    .resolve(uri.getHost(), uri.getPort()).get(0);
                            var client = java.net.http.HttpClient.newHttpClient();
                            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    "http://" + a.getHostAddress() + ":" + uri.getPort() + uri.getPath())).build();
                            return client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                        }
                        case "read":
                            return new String(files.orElseThrow(() -> new IllegalStateException("no file service"))
                                    .read(target));
                        case "env":
                            return env.apply(target).orElse("undefined");
                        case "hang":
                            Thread.sleep(600_000);
                            return "woke up";
                        default:
                            throw new IllegalStateException("the probe cannot '" + mode + "'");
                    }
                }

                public Map<String, OptionLoader> optionLoaders() {
                    return Map.of("probe", r -> {
                        String result = act(r.parameters().path("mode").asText(), r.parameters().path("target").asText(),
                                r.service(NetworkPolicy.class), r.service(ConfinedFiles.class), r::env);
                        return List.of(OptionSpec.of(result, result));
                    });
                }

                public String target(TriggerParams params) {
                    return "a probe of " + params.string("target", "");
                }

                public AutoCloseable listen(TriggerParams params, ListenContext ctx) throws Exception {
                    String result = act(params.string("mode", ""), params.string("target", ""),
                            ctx.service(NetworkPolicy.class), ctx.service(ConfinedFiles.class), ctx::env);
                    ctx.emit(List.of(Item.of(Json.object().put("result", result))));
                    return () -> {};
                }

                public NodeResult execute(NodeContext ctx) throws Exception {
                    String mode = ctx.param("mode", 0, String.class, "");
                    String target = ctx.param("target", 0, String.class, "");
                    String result = act(mode, target, ctx.service(NetworkPolicy.class), ctx.service(ConfinedFiles.class),
                            name -> Optional.of(ctx.evaluate("={{ $env." + name + " }}", 0))
                                    .filter(v -> !v.isNull() && !v.isMissingNode()).map(v -> v.asText()));
                    return NodeResult.of(List.of(Item.of(Json.object().put("result", result))));
                }
            }
            """;

    private HttpServer server;
    private int port;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hello", x -> {
            byte[] body = "hello from A".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** The probe plugin, declaring the test server's address, {@code data} for reading and REGION. */
    private Plugins probe(Path dir, Path data) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.build(
                plugins,
                "acme-probe.jar",
                Map.of("acme.Probe", PROBE),
                List.of("acme.Probe"),
                PluginPermissionsTest.props(
                        "acme-probe",
                        "permissions.network=127.0.0.1:" + port + "\npermissions.files.read=" + data
                                + "\npermissions.env=REGION\n"));
        Plugins loaded =
                PluginLoader.load(plugins, NodeRegistry.of(List.of()), PluginEntryPointsTest.class.getClassLoader());
        assertThat(loaded.refused()).isEmpty();
        return loaded;
    }

    private static final HostServices HOST = HostServices.of(Map.of(), Map.of("REGION", "eu-west", "SECRET", "s3cr3t"));

    private static OptionLoader.Request request(String mode, String target) {
        return new OptionLoader.Request(1, Json.object().put("mode", mode).put("target", target), Map.of(), HOST);
    }

    /** What the probe's option loader gives, or the message it fails with. */
    private static String load(PluginGuard guard, NodeType type, String mode, String target) {
        try {
            return guard.loadOptions(type, "probe", request(mode, target))
                    .getFirst()
                    .name();
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    /** What the probe's run gives, or its error message. */
    private static String run(NodeType type, NodeScopes scopes, String mode, String target) {
        NodeHarness.Outcome out = NodeHarness.of(type)
                .service(NodeScopes.class, scopes)
                .env("REGION", "eu-west")
                .env("SECRET", "s3cr3t")
                .parameters(Json.object().put("mode", mode).put("target", target))
                .run();
        return out.succeeded()
                ? out.json().getFirst().get("result").asText()
                : out.error().message();
    }

    /** What the probe's listener emits first, or the message opening it fails with. */
    private static String listen(PluginGuard guard, NodeType type, String mode, String target) {
        Host host = new Host();
        Node node = Node.of(
                "Probe", "acme.probe", 1, Json.object().put("mode", mode).put("target", target));
        try (AutoCloseable l = guard.listen((ListenTrigger) type, new TriggerParams(node), host)) {
            // the plugin's code ran on a thread of its own, but the host was called back with its own context loader
            assertThat(host.emittedWith).containsOnly(Thread.currentThread().getContextClassLoader());
            return host.emitted.getFirst().json().get("result").asText();
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    @Test
    void loadersAndTriggersReachWhatThePluginDeclaresAndAreRefusedTheRestAsItsRunsAre(@TempDir Path dir)
            throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("in.txt"), "inside");
        Files.writeString(dir.resolve("secret.txt"), "outside");
        try (Plugins plugins = probe(dir, data)) {
            NodeType probe = plugins.registry().find("acme.probe").orElseThrow();
            PluginGuard guard = plugins.guard(null);
            NodeScopes scopes = plugins.scopes(null);
            String declared = "http://127.0.0.1:" + port + "/hello";
            String undeclared = "http://localhost:" + port + "/hello";
            String secret = dir.resolve("secret.txt").toString();

            // what the plugin declares: reached from its run, its option loader and its listener alike
            assertThat(run(probe, scopes, "fetch", declared)).isEqualTo("hello from A");
            assertThat(load(guard, probe, "fetch", declared)).isEqualTo("hello from A");
            assertThat(listen(guard, probe, "fetch", declared)).isEqualTo("hello from A");
            assertThat(load(guard, probe, "read", "in.txt")).isEqualTo("inside");
            assertThat(listen(guard, probe, "read", data.resolve("in.txt").toString()))
                    .isEqualTo("inside");
            assertThat(load(guard, probe, "env", "REGION")).isEqualTo("eu-west");
            assertThat(listen(guard, probe, "env", "REGION")).isEqualTo("eu-west");

            // what it does not: the same refusal, word for word, through every entry point
            String host = "refused to connect to localhost port " + port + " — plugin acme-probe@1.0.0 may only"
                    + " connect to the hosts it declares (127.0.0.1:" + port + ")";
            assertThat(run(probe, scopes, "fetch", undeclared)).isEqualTo(host);
            assertThat(load(guard, probe, "fetch", undeclared)).isEqualTo(host);
            assertThat(listen(guard, probe, "fetch", undeclared)).isEqualTo(host);
            String file = "refused to read " + secret + " — plugin acme-probe@1.0.0 may only read files under the"
                    + " roots it declares (" + data.toRealPath() + ")";
            assertThat(run(probe, scopes, "read", secret)).isEqualTo(file);
            assertThat(load(guard, probe, "read", secret)).isEqualTo(file);
            assertThat(listen(guard, probe, "read", secret)).isEqualTo(file);
            // a variable the host exposes but the plugin does not declare is not there, as in $env
            assertThat(run(probe, scopes, "env", "SECRET")).isEqualTo("undefined");
            assertThat(load(guard, probe, "env", "SECRET")).isEqualTo("undefined");
            assertThat(listen(guard, probe, "env", "SECRET")).isEqualTo("undefined");
        }
    }

    @Test
    void aLoaderOrTriggerThatThrowsOrHangsFailsThatCallNamingThePlugin(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (Plugins plugins = probe(dir, data)) {
            NodeType probe = plugins.registry().find("acme.probe").orElseThrow();
            PluginGuard guard = plugins.guard(null).withTimeout(Duration.ofMillis(300));

            assertThat(load(guard, probe, "explode", ""))
                    .isEqualTo("plugin acme-probe@1.0.0: its option loader 'probe' of acme.probe failed:"
                            + " java.lang.IllegalStateException: the probe cannot 'explode'");
            assertThat(listen(guard, probe, "explode", ""))
                    .isEqualTo("plugin acme-probe@1.0.0: its listener of acme.probe failed:"
                            + " java.lang.IllegalStateException: the probe cannot 'explode'");
            long started = System.nanoTime();
            assertThat(load(guard, probe, "hang", ""))
                    .isEqualTo("plugin acme-probe@1.0.0: its option loader 'probe' of acme.probe did not finish"
                            + " within 300 ms; it was interrupted");
            assertThat(listen(guard, probe, "hang", ""))
                    .isEqualTo("plugin acme-probe@1.0.0: its listener of acme.probe did not finish within 300 ms;"
                            + " it was interrupted");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThatThrownBy(() -> guard.loadOptions(probe, "nope", request("env", "REGION")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("node type acme.probe has no option loader 'nope' (it has: probe)");
            // the host goes on: the same plugin answers the next call
            assertThat(load(guard, probe, "env", "REGION")).isEqualTo("eu-west");
        }
    }

    @Test
    void builtInTypesAreCalledDirectlyWithTheHostsServicesUnchanged() throws Exception {
        NetworkPolicy policy = NetworkPolicy.publicOnly();
        HostServices host = HostServices.of(Map.of(NetworkPolicy.class, policy), Map.of("SECRET", "s3cr3t"));
        List<Object> seen = new CopyOnWriteArrayList<>();
        NodeType builtIn = new NodeType() {
            @Override
            public io.hetumind.core.spi.NodeDescriptor descriptor() {
                return io.hetumind.core.spi.NodeDescriptor.builder("core.seen")
                        .displayName("Seen")
                        .build();
            }

            @Override
            public io.hetumind.core.spi.NodeResult execute(io.hetumind.core.spi.NodeContext ctx) {
                return io.hetumind.core.spi.NodeResult.empty();
            }

            @Override
            public Map<String, OptionLoader> optionLoaders() {
                return Map.of("seen", r -> {
                    seen.add(r.service(NetworkPolicy.class).orElseThrow());
                    seen.add(r.env("SECRET").orElseThrow());
                    seen.add(Thread.currentThread());
                    return List.of(OptionSpec.of("a", "a"));
                });
            }
        };
        PluginGuard guard = Plugins.none(NodeRegistry.of(List.of())).guard(null);
        assertThat(guard.loadOptions(builtIn, "seen", new OptionLoader.Request(1, Json.object(), Map.of(), host)))
                .extracting(OptionSpec::name)
                .containsExactly("a");
        assertThat(seen).containsExactly(policy, "s3cr3t", Thread.currentThread());
        // the scopes themselves are never handed to node code
        assertThat(host.service(NodeScopes.class)).isEmpty();
    }

    /** A host's listener context that records what is emitted. */
    private static final class Host implements ListenContext {
        final List<Item> emitted = new CopyOnWriteArrayList<>();
        final List<ClassLoader> emittedWith = new CopyOnWriteArrayList<>();

        public String workflowId() {
            return "wf";
        }

        public ZoneId zone() {
            return ZoneId.of("UTC");
        }

        public Optional<ObjectNode> credentials(String credentialType) {
            return Optional.empty();
        }

        public <T> Optional<T> service(Class<T> type) {
            return Optional.empty();
        }

        public Optional<String> env(String name) {
            return Optional.ofNullable(
                    Map.of("REGION", "eu-west", "SECRET", "s3cr3t").get(name));
        }

        public System.Logger log() {
            return System.getLogger("test");
        }

        public void emit(List<Item> items) {
            emitted.addAll(items);
            emittedWith.add(Thread.currentThread().getContextClassLoader());
        }

        public void broken(String reason, Throwable cause) {}
    }
}
