package io.hetumind.sdk.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.spi.ConfinedFiles;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeScopes;
import io.hetumind.core.spi.NodeType;
import io.hetumind.sdk.NodeHarness;
import io.hetumind.sdk.NodeSdk;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declared permissions: refused at load by the bytecode check, narrowed at run time through the node's services. */
class PluginPermissionsTest {

    /** A node type {@code acme.<Name>} of type id {@code acme.<id>} whose execute runs {@code body} per item. */
    static String node(String name, String body) {
        return """
                package acme;

                import io.hetumind.core.model.Item;
                import io.hetumind.core.spi.*;
                import java.util.ArrayList;
                import java.util.List;

                public final class %s implements NodeType {
                    public NodeDescriptor descriptor() {
                        return NodeDescriptor.builder("acme.%s")
                                .displayName("%s")
                                .property(PropertySpec.string("target"))
                                .build();
                    }

                    public NodeResult execute(NodeContext ctx) throws Exception {
                        List<Item> out = new ArrayList<>();
                        for (int i = 0; i < ctx.items().size(); i++) {
                            String target = ctx.param("target", i, String.class, "");
                            Object result;
                            %s
                            out.add(Item.of(Json.object().put("result", String.valueOf(result))));
                        }
                        return NodeResult.of(out);
                    }
                }
                """
                .formatted(name, name.toLowerCase(), name, body);
    }

    static String props(String name, String permissions) {
        return "name=" + name + "\nversion=1.0.0\nsdk-version=" + NodeSdk.SDK_VERSION + "\n" + permissions;
    }

    private static Plugins load(Path dir) {
        return PluginLoader.load(dir, NodeRegistry.of(List.of()), PluginPermissionsTest.class.getClassLoader());
    }

    private static Path plugin(Path dir, String name, String nodeClass, String body, String permissions)
            throws Exception {
        return PluginJars.build(
                dir,
                name + ".jar",
                Map.of("acme." + nodeClass, node(nodeClass, body)),
                List.of("acme." + nodeClass),
                props(name, permissions));
    }

    @Test
    void codeThatBypassesTheHostsServicesIsRefusedAtLoadNamingClassMethodAndApi(@TempDir Path dir) throws Exception {
        plugin(
                dir,
                "a-socket",
                "Raw",
                "try (var s = new java.net.Socket(target, 80)) { result = s.isConnected(); }",
                "");
        plugin(dir, "b-http", "Http", "result = java.net.http.HttpClient.newHttpClient();", "");
        plugin(dir, "c-files", "Reader", "result = java.nio.file.Files.readString(java.nio.file.Path.of(target));", "");
        plugin(dir, "d-exec", "Exec", "result = new ProcessBuilder(\"id\").start().waitFor();", "");
        plugin(dir, "e-reflect", "Reflect", "result = Class.forName(target).getDeclaredFields().length;", "");
        plugin(dir, "f-thread", "Spawn", "Thread t = new Thread(() -> {}); t.start(); result = t.getName();", "");
        // never allowed, whatever is declared: also as a method reference (an invokedynamic's target)
        plugin(
                dir,
                "g-exit",
                "Quit",
                "java.util.function.IntConsumer q = System::exit; q.accept(1); result = 0;",
                "permissions.network=*\npermissions.files.read=/\npermissions.threads=true\n"
                        + "permissions.processes=true\npermissions.reflection=true\n");
        plugin(
                dir,
                "h-env",
                "Secret",
                "result = System.getenv(\"AWS_SECRET_ACCESS_KEY\");",
                "permissions.env=REGION\n");
        plugin(dir, "i-typo", "Typo", "result = target;", "permissions.netwrk=example.com\n");
        plugin(dir, "j-host", "BadHost", "result = target;", "permissions.network=exa*mple.com\n");
        plugin(
                dir,
                "k-loader",
                "Escape",
                "result = getClass().getClassLoader().getParent().loadClass(\"io.hetumind.core.engine.Engine\");",
                "");

        try (Plugins plugins = load(dir)) {
            assertThat(plugins.loaded()).isEmpty();
            assertThat(plugins.refused())
                    .extracting(RefusedPlugin::message)
                    .containsExactly(
                            "a-socket@1.0.0 (a-socket.jar): its code uses what its permissions do not allow:"
                                    + " acme.Raw.execute calls java.net.Socket.<init> (raw network access), which needs"
                                    + " permissions.network; acme.Raw.execute calls java.net.Socket.isConnected (raw"
                                    + " network access), which needs permissions.network; acme.Raw.execute calls"
                                    + " java.net.Socket.close (raw network access), which needs permissions.network",
                            "b-http@1.0.0 (b-http.jar): its code uses what its permissions do not allow:"
                                    + " acme.Http.execute calls java.net.http.HttpClient.newHttpClient (the JDK HTTP"
                                    + " client), which needs permissions.network",
                            "c-files@1.0.0 (c-files.jar): its code uses what its permissions do not allow:"
                                    + " acme.Reader.execute calls java.nio.file.Files.readString (file access), which"
                                    + " needs permissions.files.read or permissions.files.write",
                            "d-exec@1.0.0 (d-exec.jar): its code uses what its permissions do not allow:"
                                    + " acme.Exec.execute calls java.lang.ProcessBuilder.<init> (starting processes),"
                                    + " which needs permissions.processes=true; acme.Exec.execute calls"
                                    + " java.lang.ProcessBuilder.start (starting processes), which needs"
                                    + " permissions.processes=true",
                            "e-reflect@1.0.0 (e-reflect.jar): its code uses what its permissions do not allow:"
                                    + " acme.Reflect.execute calls java.lang.Class.forName (reflection), which needs"
                                    + " permissions.reflection=true; acme.Reflect.execute calls"
                                    + " java.lang.Class.getDeclaredFields (reflection), which needs"
                                    + " permissions.reflection=true",
                            "f-thread@1.0.0 (f-thread.jar): its code uses what its permissions do not allow:"
                                    + " acme.Spawn.execute calls java.lang.Thread.<init> (starting threads), which"
                                    + " needs permissions.threads=true",
                            "g-exit@1.0.0 (g-exit.jar): its code uses what its permissions do not allow:"
                                    + " acme.Quit.execute calls java.lang.System.exit (stopping the JVM), which no"
                                    + " plugin may do",
                            "h-env@1.0.0 (h-env.jar): its code uses what its permissions do not allow:"
                                    + " acme.Secret.execute reads environment variable AWS_SECRET_ACCESS_KEY"
                                    + " (System.getenv), which permissions.env does not declare",
                            "i-typo@1.0.0 (i-typo.jar): it declares an unknown permission key"
                                    + " 'permissions.netwrk' (known: permissions.env, permissions.files.read,"
                                    + " permissions.files.write, permissions.network, permissions.processes,"
                                    + " permissions.reflection, permissions.system-properties, permissions.threads)",
                            "j-host@1.0.0 (j-host.jar): permissions.network: host pattern 'exa*mple.com' may only"
                                    + " start with '*.'",
                            "k-loader@1.0.0 (k-loader.jar): its code uses what its permissions do not allow:"
                                    + " acme.Escape.execute calls java.lang.ClassLoader.getParent (class loaders),"
                                    + " which needs permissions.reflection=true; acme.Escape.execute calls"
                                    + " java.lang.ClassLoader.loadClass (class loaders), which needs"
                                    + " permissions.reflection=true");
        }
    }

    @Test
    void declaredUsesLoadAndTheHostsOtherClassesStayOutOfReach(@TempDir Path dir) throws Exception {
        // reflection declared, so the check lets it try: the class loader still shows only the SPI's packages
        plugin(
                dir,
                "peek",
                "Peek",
                "try { Class.forName(target); result = \"reached\"; } catch (ClassNotFoundException e) {"
                        + " result = e.getMessage(); }",
                "permissions.reflection=true\npermissions.env=REGION\n");
        try (Plugins plugins = load(dir)) {
            assertThat(plugins.refused()).isEmpty();
            NodeType peek = plugins.registry().find("acme.peek").orElseThrow();
            assertThat(NodeHarness.of(peek)
                            .parameters("{\"target\":\"io.hetumind.sdk.plugin.PluginLoader\"}")
                            .run()
                            .json())
                    .extracting(j -> j.get("result").asText())
                    .singleElement()
                    .asString()
                    .startsWith("io.hetumind.sdk.plugin.PluginLoader is neither in plugin peek@1.0.0's jar nor among"
                            + " the host classes plugins see");
            assertThat(NodeHarness.of(peek)
                            .parameters("{\"target\":\"io.hetumind.core.spi.NodeType\"}")
                            .run()
                            .json())
                    .extracting(j -> j.get("result").asText())
                    .containsExactly("reached");
            assertThat(plugins.loaded().getFirst().manifest().permissions().summary())
                    .isEqualTo("env=REGION; reflection");
        }
    }

    static final String CALL =
            """
            NetworkPolicy policy = ctx.service(NetworkPolicy.class).orElse(NetworkPolicy.allowAll());
            java.net.URI uri = java.net.URI.create(target);
            java.net.InetAddress address = policy.resolve(uri.getHost(), uri.getPort()).get(0);
            var client = java.net.http.HttpClient.newHttpClient();
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://" + address.getHostAddress() + ":" + uri.getPort() + uri.getPath())).build();
            result = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            """;

    @Test
    void aPluginNodeReachesOnlyTheHostsItDeclaresOnTopOfTheHostsPolicy(@TempDir Path dir) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hello", x -> {
            byte[] body = "hello from A".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            plugin(dir, "acme-net", "Fetch", CALL, "permissions.network=127.0.0.1:" + port + "\n");
            try (Plugins plugins = load(dir)) {
                assertThat(plugins.refused()).isEmpty();
                NodeType fetch = plugins.registry().find("acme.fetch").orElseThrow();
                NodeScopes scopes = plugins.scopes(null);

                // host A, as declared: the request goes through
                assertThat(run(fetch, scopes, null, "http://127.0.0.1:" + port + "/hello")
                                .json())
                        .extracting(j -> j.get("result").asText())
                        .containsExactly("hello from A");
                // host B (the same server by another name, or another port): refused before any connection
                NodeHarness.Outcome byName = run(fetch, scopes, null, "http://localhost:" + port + "/hello");
                assertThat(byName.succeeded()).isFalse();
                assertThat(byName.error().message())
                        .isEqualTo("refused to connect to localhost port " + port + " — plugin acme-net@1.0.0 may only"
                                + " connect to the hosts it declares (127.0.0.1:" + port + ")");
                assertThat(run(fetch, scopes, null, "http://127.0.0.1:" + (port == 65535 ? 1 : port + 1) + "/hello")
                                .error()
                                .message())
                        .contains("plugin acme-net@1.0.0 may only connect to the hosts it declares");
                // the host's own policy still applies to a declared host: a studio that refuses loopback refuses it
                NodeHarness.Outcome hostRefuses =
                        run(fetch, scopes, NetworkPolicy.publicOnly(), "http://127.0.0.1:" + port + "/hello");
                assertThat(hostRefuses.error().message())
                        .isEqualTo("refused to connect to 127.0.0.1 (a loopback address) — this instance does not"
                                + " allow connections to the loopback interface");

                // no way to the tenant's other credentials: only those assigned to the node (ctx.credentials)
                io.hetumind.core.spi.CredentialResolver resolver = (ref, t) -> java.util.Optional.empty();
                assertThat(scopes.service(fetch, io.hetumind.core.spi.CredentialResolver.class, resolver))
                        .isNull();

                // built-in node types see the host's services unchanged
                NodeType builtIn = new Echo();
                NetworkPolicy host = NetworkPolicy.publicOnly();
                assertThat(scopes.service(builtIn, NetworkPolicy.class, host)).isSameAs(host);
                assertThat(scopes.service(builtIn, ConfinedFiles.class, null)).isNull();
                assertThat(scopes.envVisible(builtIn, "ANYTHING")).isTrue();
                assertThat(scopes.service(builtIn, io.hetumind.core.spi.CredentialResolver.class, resolver))
                        .isSameAs(resolver);
            }
        } finally {
            server.stop(0);
        }
    }

    private static NodeHarness.Outcome run(NodeType type, NodeScopes scopes, NetworkPolicy host, String target) {
        NodeHarness h = NodeHarness.of(type)
                .service(NodeScopes.class, scopes)
                .parameters(io.hetumind.core.spi.Json.object().put("target", target));
        if (host != null) {
            h.service(NetworkPolicy.class, host);
        }
        return h.run();
    }

    @Test
    void environmentVariablesBeyondTheDeclaredOnesAreInvisibleToAPluginsNodes(@TempDir Path dir) throws Exception {
        plugin(
                dir,
                "acme-env",
                "Env",
                "result = ctx.evaluate(\"={{ Object.keys($env).sort().join(',') + '|' + $env.SECRET }}\", i).asText()"
                        + " + '|' + System.getenv(\"REGION\");",
                "permissions.env=REGION,HOME_REGION\n");
        try (Plugins plugins = load(dir)) {
            assertThat(plugins.refused()).isEmpty();
            NodeType env = plugins.registry().find("acme.env").orElseThrow();
            NodeHarness.Outcome out = NodeHarness.of(env)
                    .service(NodeScopes.class, plugins.scopes(null))
                    .env("REGION", "eu-west")
                    .env("SECRET", "s3cr3t")
                    .run();
            String result = out.json().getFirst().get("result").asText();
            assertThat(result).startsWith("REGION|undefined|").doesNotContain("s3cr3t");
            // the same host environment, seen by a built-in node's expression: both variables
            assertThat(NodeHarness.of(new Echo())
                            .service(NodeScopes.class, plugins.scopes(null))
                            .env("REGION", "eu-west")
                            .env("SECRET", "s3cr3t")
                            .parameters("{\"seen\":\"={{ Object.keys($env).sort().join(',') }}\"}")
                            .run()
                            .json())
                    .extracting(j -> j.get("seen").asText())
                    .containsExactly("REGION,SECRET");
        }
    }

    static final String FILES =
            """
            ConfinedFiles files = ctx.service(ConfinedFiles.class).orElseThrow();
            if (target.startsWith("write:")) {
                files.write(target.substring(6), "written".getBytes());
                result = "ok";
            } else {
                result = new String(files.read(target));
            }
            """;

    @Test
    void aPluginNodeReadsAndWritesOnlyUnderItsDeclaredRoots(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(data.resolve("in.txt"), "inside");
        Files.writeString(dir.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(data.resolve("link.txt"), dir.resolve("secret.txt"));
        plugin(
                plugins,
                "acme-files",
                "Files",
                FILES,
                "permissions.files.read=../data\npermissions.files.write=" + out + "\n");
        try (Plugins loaded = load(plugins)) {
            assertThat(loaded.refused()).isEmpty();
            NodeType files = loaded.registry().find("acme.files").orElseThrow();
            NodeScopes scopes = loaded.scopes(null);

            assertThat(file(files, scopes, data.resolve("in.txt").toString())
                            .json()
                            .getFirst()
                            .get("result")
                            .asText())
                    .isEqualTo("inside");
            assertThat(file(files, scopes, "in.txt")
                            .json()
                            .getFirst()
                            .get("result")
                            .asText())
                    .isEqualTo("inside"); // relative: against the first read root
            assertThat(file(files, scopes, "write:" + out.resolve("sub/x.txt")).succeeded())
                    .isTrue();
            assertThat(out.resolve("sub/x.txt")).hasContent("written");

            String roots = " — plugin acme-files@1.0.0 may only read files under the roots it declares ("
                    + data.toRealPath() + ", " + out.toRealPath() + ")";
            assertThat(file(files, scopes, dir.resolve("secret.txt").toString())
                            .error()
                            .message())
                    .isEqualTo("refused to read " + dir.resolve("secret.txt") + roots);
            assertThat(file(files, scopes, data + "/../secret.txt").error().message())
                    .isEqualTo("refused to read " + data + "/../secret.txt" + roots);
            assertThat(file(files, scopes, data.resolve("link.txt").toString())
                            .error()
                            .message())
                    .startsWith("refused to read " + data.resolve("link.txt") + " — ");
            assertThat(file(files, scopes, "write:" + data.resolve("new.txt"))
                            .error()
                            .message())
                    .isEqualTo("refused to write " + data.resolve("new.txt") + " — plugin acme-files@1.0.0 may only"
                            + " write files under the roots it declares (" + out.toRealPath() + ")");
            assertThat(data.resolve("new.txt")).doesNotExist();

            // an instance that allows no local files gives plugins none either
            NodeScopes noDisk = loaded.scopes(NodePolicy.builder()
                    .allow(NodePolicy.Capability.LOCAL_FILES, false)
                    .build());
            assertThat(file(files, noDisk, data.resolve("in.txt").toString())
                            .error()
                            .message())
                    .startsWith("refused to read " + data.resolve("in.txt") + " — plugin acme-files@1.0.0 on this"
                            + " instance (its administrator does not allow nodes to read or write the host's disk)");
        }
    }

    private static NodeHarness.Outcome file(NodeType type, NodeScopes scopes, String target) {
        return NodeHarness.of(type)
                .service(NodeScopes.class, scopes)
                .parameters(io.hetumind.core.spi.Json.object().put("target", target))
                .run();
    }

    static final String LEAKY =
            """
            package acme;

            public final class Leaky implements io.hetumind.sdk.PluginLifecycle {
                public void init(java.util.Map<String, String> config) {
                    Thread t = new Thread(() -> {
                        try {
                            Thread.sleep(600_000);
                        } catch (InterruptedException e) {
                            // stopped by the host
                        }
                    }, "acme-poller");
                    t.setDaemon(true);
                    t.start();
                }
            }
            """;

    @Test
    void threadsAPluginLeavesBehindAreNamedAndInterruptedWhenTheHostClosesIt(@TempDir Path dir) throws Exception {
        PluginJars.build(
                dir,
                "leaky.jar",
                Map.of("acme.GreetNode", PluginLoaderTest.GREET, "acme.Leaky", LEAKY),
                List.of("acme.GreetNode"),
                props("leaky", "permissions.threads=true\n"),
                Map.of("META-INF/services/io.hetumind.sdk.PluginLifecycle", "acme.Leaky\n"));
        Plugins plugins = load(dir);
        assertThat(plugins.refused()).isEmpty();
        Thread poller = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("acme-poller"))
                .findFirst()
                .orElseThrow();
        assertThat(plugins.close(java.time.Duration.ofSeconds(5)))
                .containsExactly("leaky@1.0.0: it left 1 thread(s) running after destroy, interrupted: acme-poller");
        poller.join(5_000);
        assertThat(poller.isAlive()).isFalse();
    }

    /** A built-in node type: defined by the test's own class loader. */
    static final class Echo implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("core.echo")
                    .displayName("Echo")
                    .property(io.hetumind.core.spi.PropertySpec.string("seen"))
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            return NodeResult.of(List.of(io.hetumind.core.model.Item.of(
                    io.hetumind.core.spi.Json.object().put("seen", ctx.param("seen", 0, String.class, "")))));
        }
    }
}
