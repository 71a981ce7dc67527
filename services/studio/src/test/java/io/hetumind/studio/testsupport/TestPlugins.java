package io.hetumind.studio.testsupport;

import io.hetumind.core.spi.NodeType;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Builds the node plugin the studio's tests load, before any test (and so before the one shared Quarkus app) starts:
 * its sources are compiled with javac against the SPI and jarred into {@link #DIR}, which {@code %test} points
 * {@code hetumind.studio.plugins.dir} at. Building it here instead of starting a second app with another profile
 * keeps every studio test on the one app start.
 */
public final class TestPlugins implements LauncherSessionListener {

    /** Where the test plugins are written ({@code %test.hetumind.studio.plugins.dir}). */
    public static final Path DIR = Path.of("target", "test-plugins");

    /** The sample plugin: {@code acme-shout@1.0.0}. */
    public static final String LABEL = "acme-shout@1.0.0";

    static final String SHOUT =
            """
            package acme.shout;

            import io.hetumind.core.model.Item;
            import io.hetumind.core.spi.*;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.Locale;

            /** Upper-cases one field of every item. */
            public final class ShoutNode implements NodeType {
                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("acme-shout.shout")
                            .displayName("Shout")
                            .description("Upper-cases a field")
                            .property(PropertySpec.string("field").required())
                            .build();
                }

                public NodeResult execute(NodeContext ctx) {
                    List<Item> out = new ArrayList<>();
                    for (int i = 0; i < ctx.items().size(); i++) {
                        String field = ctx.param("field", i, String.class);
                        var json = ctx.items().get(i).json().deepCopy();
                        json.put(field, json.path(field).asText().toUpperCase(Locale.ROOT));
                        out.add(ctx.items().get(i).withJson(json));
                    }
                    return NodeResult.of(out);
                }
            }
            """;

    static final String RESOLVE =
            """
            package acme.shout;

            import io.hetumind.core.model.Item;
            import io.hetumind.core.spi.*;
            import java.util.ArrayList;
            import java.util.List;

            /** Resolves a host through the node's network policy, as a node about to connect does. */
            public final class ResolveNode implements NodeType {
                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("acme-shout.resolve")
                            .displayName("Resolve")
                            .property(PropertySpec.string("host").required())
                            .build();
                }

                public NodeResult execute(NodeContext ctx) throws Exception {
                    NetworkPolicy policy = ctx.service(NetworkPolicy.class).orElse(NetworkPolicy.allowAll());
                    List<Item> out = new ArrayList<>();
                    for (int i = 0; i < ctx.items().size(); i++) {
                        int n = policy.resolve(ctx.param("host", i, String.class), 443).size();
                        out.add(Item.of(Json.object().put("addresses", n)));
                    }
                    return NodeResult.of(out);
                }

                /** Design-time lists: "addresses" resolves {@code host} through the policy, "broken" throws. */
                public java.util.Map<String, OptionLoader> optionLoaders() {
                    return java.util.Map.of(
                            "addresses", r -> {
                                NetworkPolicy policy = r.service(NetworkPolicy.class).orElse(NetworkPolicy.allowAll());
                                String host = r.parameters().path("host").asText();
                                return List.of(OptionSpec.of(host, host + " (" + policy.resolve(host, 443).size() + ")"));
                            },
                            "broken", r -> {
                                throw new IllegalStateException("the plugin's loader broke");
                            });
                }
            }
            """;

    static final String PROBE =
            """
            package acme.shout;

            import io.hetumind.core.model.Item;
            import io.hetumind.core.spi.*;
            import io.hetumind.core.spi.trigger.*;
            import java.util.List;

            /** A listening trigger that resolves its host through the policy it is handed, then emits one event. */
            public final class ProbeTrigger implements NodeType, ListenTrigger {
                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("acme-shout.probe")
                            .displayName("Probe")
                            .trigger(TriggerSpec.of(TriggerKind.LISTEN, "Starts a run per probe").with("host", "host"))
                            .property(PropertySpec.string("host").required())
                            .build();
                }

                public String target(TriggerParams params) {
                    if ("broken".equals(params.string("host", ""))) { // a plugin bug, for the activation tests
                        throw new IllegalStateException("the probe's target broke");
                    }
                    return "probes of " + params.string("host", "");
                }

                public AutoCloseable listen(TriggerParams params, ListenContext ctx) throws Exception {
                    String host = params.string("host", "");
                    NetworkPolicy policy = ctx.service(NetworkPolicy.class).orElse(NetworkPolicy.allowAll());
                    int n = "none".equals(host) ? 0 : policy.resolve(host, 443).size(); // "none": no network
                    ctx.emit(List.of(Item.of(Json.object().put("addresses", n))));
                    return () -> {};
                }

                public NodeResult execute(NodeContext ctx) {
                    return passEvent(ctx, "Probe", "a probe");
                }
            }
            """;

    static final String HEARD =
            """
            package acme.shout;

            import io.hetumind.core.engine.ExecutionListener;
            import io.hetumind.core.engine.RunEvent;
            import java.util.List;
            import java.util.concurrent.CopyOnWriteArrayList;

            /** Keeps "KIND node executionId" of every event it hears. */
            public final class Heard implements ExecutionListener {
                public static final List<String> SEEN = new CopyOnWriteArrayList<>();

                public void onEvent(RunEvent e) {
                    SEEN.add(e.kind() + " " + e.node() + " " + e.executionId());
                }
            }
            """;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            build(
                    DIR,
                    "acme-shout.jar",
                    Map.of(
                            "acme.shout.ShoutNode",
                            SHOUT,
                            "acme.shout.ResolveNode",
                            RESOLVE,
                            "acme.shout.ProbeTrigger",
                            PROBE,
                            "acme.shout.Heard",
                            HEARD),
                    Map.of(
                            "META-INF/services/" + NodeType.class.getName(),
                            "acme.shout.ShoutNode\nacme.shout.ResolveNode\nacme.shout.ProbeTrigger\n",
                            "META-INF/services/io.hetumind.core.engine.ExecutionListener",
                            "acme.shout.Heard\n",
                            "META-INF/hetumind-plugin.properties",
                            "name=acme-shout\nversion=1.0.0\nsdk-version=1.0.0\n"
                                    + "permissions.network=api.example.com:443\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the studio's test plugin", e);
        }
    }

    /** Compiles {@code sources} (class → text) and writes {@code dir/fileName} with the classes and {@code entries}. */
    public static void build(Path dir, String fileName, Map<String, String> sources, Map<String, String> entries)
            throws IOException {
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory("hetumind-test-plugin-");
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classPath(), "-proc:none"));
        for (var e : sources.entrySet()) {
            Path src = work.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, e.getValue());
            args.add(src.toString());
        }
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("the test plugin's sources do not compile (javac exit " + rc + ")");
        }
        Path tmp = work.resolve(fileName);
        try (OutputStream out = Files.newOutputStream(tmp);
                JarOutputStream j = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
            for (var e : entries.entrySet()) {
                j.putNextEntry(new JarEntry(e.getKey()));
                j.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        Files.move(tmp, dir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The class path plus the jars of the SPI and Jackson (Surefire may hide them behind a manifest jar). */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>(
                List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (Class<?> c : List.of(
                NodeType.class,
                com.fasterxml.jackson.databind.JsonNode.class,
                com.fasterxml.jackson.core.JsonParser.class,
                com.fasterxml.jackson.annotation.JsonProperty.class)) {
            try {
                entries.add(Path.of(c.getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI())
                        .toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
