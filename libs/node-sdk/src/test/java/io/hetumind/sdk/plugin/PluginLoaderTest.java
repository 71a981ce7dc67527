package io.hetumind.sdk.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.sdk.NodeHarness;
import io.hetumind.sdk.NodeSdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoaderTest {

    static final String GREET =
            """
            package acme;

            import io.hetumind.core.model.Item;
            import io.hetumind.core.spi.*;
            import java.util.ArrayList;
            import java.util.List;

            public final class GreetNode implements NodeType {
                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("acme.greet")
                            .displayName("Greet")
                            .property(PropertySpec.string("name"))
                            .build();
                }

                public NodeResult execute(NodeContext ctx) {
                    List<Item> out = new ArrayList<>();
                    for (int i = 0; i < ctx.items().size(); i++) {
                        out.add(ctx.items().get(i).withJson(ctx.items().get(i).json().deepCopy()
                                .put("greeting", "Hello, " + ctx.param("name", i, String.class))));
                    }
                    return NodeResult.of(out);
                }
            }
            """;

    static final String THROWS =
            """
            package hostile;

            import io.hetumind.core.spi.*;

            public final class BrokenNode implements NodeType {
                public BrokenNode() {
                    throw new IllegalStateException("no licence key configured");
                }

                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("hostile.broken").displayName("Broken").build();
                }

                public NodeResult execute(NodeContext ctx) {
                    return NodeResult.of(ctx.items());
                }
            }
            """;

    static String props(String name, String version, String sdk) {
        return "name=" + name + "\nversion=" + version + "\nsdk-version=" + sdk + "\n";
    }

    /** A built-in node for clash tests. */
    static final class Echo implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("core.echo").displayName("Echo").build();
        }

        public NodeResult execute(NodeContext ctx) {
            return NodeResult.of(ctx.items());
        }
    }

    private static NodeRegistry builtIns() {
        return NodeRegistry.of(List.of(new Echo()));
    }

    @Test
    void aPluginsNodeTypesJoinTheRegistryFromTheirOwnClassLoaderAndRun(@TempDir Path dir) throws Exception {
        PluginJars.build(
                dir,
                "greet.jar",
                Map.of("acme.GreetNode", GREET),
                List.of("acme.GreetNode"),
                props("acme-greet", "1.2.0", NodeSdk.SDK_VERSION));

        try (Plugins plugins = PluginLoader.load(dir, builtIns(), getClass().getClassLoader())) {
            assertThat(plugins.refused()).isEmpty();
            assertThat(plugins.loaded()).singleElement().satisfies(p -> {
                assertThat(p.label()).isEqualTo("acme-greet@1.2.0");
                assertThat(p.nodeTypes()).hasSize(1);
            });
            NodeType greet = plugins.registry().find("acme.greet").orElseThrow();
            assertThat(greet.getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
            assertThat(greet.getClass().getClassLoader().getParent())
                    .isSameAs(getClass().getClassLoader());
            assertThat(Plugins.origin(greet)).contains("acme-greet@1.2.0");
            assertThat(Plugins.origin(plugins.registry().find("core.echo").orElseThrow()))
                    .isEmpty();

            NodeHarness.Outcome out = NodeHarness.of(greet)
                    .parameters("{\"name\":\"={{ $json.who }}\"}")
                    .input("[{\"who\":\"Ada\"},{\"who\":\"Grace\"}]")
                    .run();
            assertThat(out.succeeded()).isTrue();
            assertThat(out.json())
                    .extracting(j -> j.get("greeting").asText())
                    .containsExactly("Hello, Ada", "Hello, Grace");
        }
    }

    @Test
    void badPluginsAreRefusedWithTheirReasonAndTheOthersStillLoad(@TempDir Path dir) throws Exception {
        PluginJars.build(
                dir,
                "a-future.jar",
                Map.of("acme.GreetNode", GREET),
                List.of("acme.GreetNode"),
                props("future", "3.0.0", "2.0.0"));
        PluginJars.build(
                dir,
                "b-newer-minor.jar",
                Map.of("acme.GreetNode", GREET),
                List.of("acme.GreetNode"),
                props("newer", "1.0.0", "1.9.0"));
        PluginJars.build(
                dir,
                "c-hostile.jar",
                Map.of("hostile.BrokenNode", THROWS),
                List.of("hostile.BrokenNode"),
                props("hostile", "0.1.0", NodeSdk.SDK_VERSION));
        PluginJars.build(dir, "d-undeclared.jar", Map.of("acme.GreetNode", GREET), List.of("acme.GreetNode"), null);
        PluginJars.build(
                dir,
                "e-greet.jar",
                Map.of("acme.GreetNode", GREET),
                List.of("acme.GreetNode"),
                props("acme-greet", "1.0.0", "1.0"));
        PluginJars.build(
                dir,
                "f-greet-again.jar",
                Map.of("acme.GreetNode", GREET),
                List.of("acme.GreetNode"),
                props("greet-copy", "1.0.0", NodeSdk.SDK_VERSION));
        String echo =
                """
                package acme;
                import io.hetumind.core.spi.*;
                public final class Echo implements NodeType {
                    public NodeDescriptor descriptor() {
                        return NodeDescriptor.builder("core.echo").displayName("My Echo").build();
                    }
                    public NodeResult execute(NodeContext ctx) { return NodeResult.of(ctx.items()); }
                }
                """;
        PluginJars.build(
                dir,
                "g-clash.jar",
                Map.of("acme.Echo", echo),
                List.of("acme.Echo"),
                props("clash", "1.0.0", NodeSdk.SDK_VERSION));
        PluginJars.build(
                dir,
                "h-bad-version.jar",
                Map.of("acme.Echo", echo),
                List.of("acme.Echo"),
                props("odd", "1.0.0", "one"));
        Files.writeString(dir.resolve("i-not-a-jar.jar"), "hello");

        try (Plugins plugins = PluginLoader.load(dir, builtIns(), getClass().getClassLoader())) {
            assertThat(plugins.loaded()).extracting(LoadedPlugin::label).containsExactly("acme-greet@1.0.0");
            assertThat(plugins.refused())
                    .extracting(RefusedPlugin::message)
                    .containsExactly(
                            "future@3.0.0 (a-future.jar): it was built for node SDK 2.0.0 but this host provides node SDK "
                                    + NodeSdk.SDK_VERSION + " (major versions differ)",
                            "newer@1.0.0 (b-newer-minor.jar): it was built for node SDK 1.9.0 but this host provides node SDK "
                                    + NodeSdk.SDK_VERSION + " (the plugin needs a newer minor version)",
                            "hostile@0.1.0 (c-hostile.jar): node type hostile.BrokenNode failed to load: "
                                    + "java.lang.IllegalStateException: no licence key configured",
                            "d-undeclared.jar: it is not a Hetumind plugin: neither META-INF/hetumind-plugin.properties nor the"
                                    + " manifest attributes Hetumind-Plugin-Name, Hetumind-Plugin-Version, Hetumind-Sdk-Version"
                                    + " are present",
                            "greet-copy@1.0.0 (f-greet-again.jar): node type 'acme.greet' is already provided by plugin"
                                    + " acme-greet@1.0.0",
                            "clash@1.0.0 (g-clash.jar): node type 'core.echo' is already provided by a built-in node",
                            "odd@1.0.0 (h-bad-version.jar): SDK version 'one' is not MAJOR.MINOR[.PATCH]",
                            "i-not-a-jar.jar: it is not a readable jar: zip END header not found");
            // the built-in keeps its own class, the plugin's type is there
            assertThat(plugins.registry().find("core.echo").orElseThrow()).isInstanceOf(Echo.class);
            assertThat(plugins.registry().find("acme.greet")).isPresent();
            assertThat(plugins.registry().find("hostile.broken")).isEmpty();
        }
    }

    @Test
    void noDirectoryOrNoJarsMeansTheBuiltInsAsTheyAre(@TempDir Path dir) {
        NodeRegistry builtIns = builtIns();
        assertThat(PluginLoader.load(dir.resolve("absent"), builtIns, getClass().getClassLoader())
                        .registry())
                .isSameAs(builtIns);
        assertThat(PluginLoader.load(dir, builtIns, getClass().getClassLoader()).registry())
                .isSameAs(builtIns);
    }

    @Test
    void theManifestCanDeclareThePluginInsteadOfThePropertiesFile(@TempDir Path dir) throws Exception {
        Path jar = PluginJars.build(dir, "greet.jar", Map.of("acme.GreetNode", GREET), List.of("acme.GreetNode"), null);
        Path withManifest = dir.resolve("greet-m.jar");
        var mf = new java.util.jar.Manifest();
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue(PluginManifest.NAME_ATTRIBUTE, "acme-greet");
        mf.getMainAttributes().putValue(PluginManifest.VERSION_ATTRIBUTE, "2.0.0");
        mf.getMainAttributes().putValue(PluginManifest.SDK_ATTRIBUTE, NodeSdk.SDK_VERSION);
        try (var in = new java.util.jar.JarInputStream(Files.newInputStream(jar));
                var out = new java.util.jar.JarOutputStream(Files.newOutputStream(withManifest), mf)) {
            for (var e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                out.putNextEntry(new java.util.jar.JarEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
        }
        Files.delete(jar);
        try (Plugins plugins = PluginLoader.load(dir, builtIns(), getClass().getClassLoader())) {
            assertThat(plugins.refused()).isEmpty();
            assertThat(plugins.loaded()).extracting(LoadedPlugin::label).containsExactly("acme-greet@2.0.0");
        }
    }

    static final String LIFECYCLE =
            """
            package acme;

            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.Map;

            public final class Hooks implements io.hetumind.sdk.PluginLifecycle {
                static volatile Map<String, String> config;

                public void init(Map<String, String> c) throws Exception {
                    if (c.containsKey("fail")) {
                        throw new IllegalStateException(c.get("fail"));
                    }
                    if (c.containsKey("hang")) {
                        Thread.sleep(60_000);
                    }
                    config = c;
                }

                public String health() {
                    return config.get("unhealthy");
                }

                public void destroy() throws Exception {
                    Files.writeString(Path.of(config.get("marker")), "destroyed");
                }
            }
            """;

    static final String CONFIGURED =
            """
            package acme;

            import io.hetumind.core.spi.*;

            public final class Configured implements NodeType {
                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("acme.configured").displayName("Configured").build();
                }

                public NodeResult execute(NodeContext ctx) {
                    var json = ctx.items().get(0).json().deepCopy().put("region", Hooks.config.get("region"));
                    return NodeResult.of(java.util.List.of(io.hetumind.core.model.Item.of(json)));
                }
            }
            """;

    private static void hooked(Path dir, String name) throws Exception {
        Path jar = PluginJars.build(
                dir,
                name + ".jar",
                Map.of("acme.Hooks", LIFECYCLE, "acme.Configured", CONFIGURED),
                List.of("acme.Configured"),
                props(name, "1.0.0", NodeSdk.SDK_VERSION) + "permissions.files.write=" + dir.getParent() + "\n");
        // add the lifecycle's services file
        Path tmp = dir.resolve(name + ".tmp");
        try (var in = new java.util.jar.JarInputStream(Files.newInputStream(jar));
                var out = new java.util.jar.JarOutputStream(Files.newOutputStream(tmp))) {
            for (var e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                out.putNextEntry(new java.util.jar.JarEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new java.util.jar.JarEntry("META-INF/services/io.hetumind.sdk.PluginLifecycle"));
            out.write("acme.Hooks\n".getBytes());
            out.closeEntry();
        }
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theLifecycleIsInitialisedWithItsConfigurationAskedForHealthAndDestroyed(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        hooked(plugins, "weather");
        Path marker = dir.resolve("destroyed.txt");
        Files.writeString(plugins.resolve("weather.properties"), "region=eu-west\nmarker=" + marker + "\n");

        Plugins loaded = PluginLoader.load(plugins, builtIns(), getClass().getClassLoader());
        assertThat(loaded.refused()).isEmpty();
        NodeType node = loaded.registry().find("acme.configured").orElseThrow();
        assertThat(NodeHarness.of(node).run().json())
                .extracting(j -> j.get("region").asText())
                .containsExactly("eu-west");
        assertThat(loaded.health(java.time.Duration.ofSeconds(5))).hasSize(1).containsEntry("weather@1.0.0", null);
        assertThat(loaded.close(java.time.Duration.ofSeconds(5))).isEmpty();
        assertThat(marker).hasContent("destroyed");
    }

    @Test
    void aPluginWhoseInitThrowsOrHangsIsRefusedAndTheHostGoesOn(@TempDir Path dir) throws Exception {
        hooked(dir, "a-failing");
        Files.writeString(dir.resolve("a-failing.properties"), "fail=no API key in a-failing.properties\n");
        hooked(dir, "b-hanging");
        Files.writeString(dir.resolve("b-hanging.properties"), "hang=yes\n");

        long start = System.nanoTime();
        Plugins plugins =
                PluginLoader.load(dir, builtIns(), getClass().getClassLoader(), java.time.Duration.ofMillis(300));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(20));
        assertThat(plugins.loaded()).isEmpty();
        assertThat(plugins.refused())
                .extracting(RefusedPlugin::message)
                .containsExactly(
                        "a-failing@1.0.0 (a-failing.jar): its init failed: java.lang.IllegalStateException: no API key in"
                                + " a-failing.properties",
                        "b-hanging@1.0.0 (b-hanging.jar): its init did not finish within 300 ms");
        assertThat(plugins.registry().find("core.echo")).isPresent();
        assertThat(plugins.registry().find("acme.configured")).isEmpty();
    }

    @Test
    void aNodeTypeWhoseConstructorHangsIsRefusedWithoutHoldingTheHostsStart(@TempDir Path dir) throws Exception {
        PluginJars.build(
                dir,
                "a-stuck.jar",
                Map.of(
                        "acme.StuckNode",
                        GREET.replace("GreetNode", "StuckNode")
                                .replace("acme.greet", "acme.stuck")
                                .replace(
                                        "public NodeDescriptor descriptor() {",
                                        "public StuckNode() throws InterruptedException {\n"
                                                + "        Thread.sleep(600_000);\n    }\n\n"
                                                + "    public NodeDescriptor descriptor() {")),
                List.of("acme.StuckNode"),
                props("a-stuck", "1.0.0", NodeSdk.SDK_VERSION));
        PluginJars.build(
                dir,
                "b-greet.jar",
                Map.of("acme.GreetNode", GREET),
                List.of("acme.GreetNode"),
                props("b-greet", "1.0.0", NodeSdk.SDK_VERSION));

        long start = System.nanoTime();
        try (Plugins plugins =
                PluginLoader.load(dir, builtIns(), getClass().getClassLoader(), java.time.Duration.ofMillis(300))) {
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(java.time.Duration.ofSeconds(20));
            assertThat(plugins.refused())
                    .extracting(RefusedPlugin::message)
                    .containsExactly("a-stuck@1.0.0 (a-stuck.jar): creating its node types and listeners did not"
                            + " finish within 300 ms");
            assertThat(plugins.loaded()).extracting(LoadedPlugin::label).containsExactly("b-greet@1.0.0");
            assertThat(plugins.registry().find("acme.greet")).isPresent();
            assertThat(plugins.registry().find("acme.stuck")).isEmpty();
        }
    }
}
