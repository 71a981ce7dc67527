package io.hetumind.sdk.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.InMemoryCheckpointer;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.sdk.NodeSdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloading a plugins directory with real jars: a new version replaces the old for new runs while a run in flight
 * finishes on the old one, which is destroyed only then; a removed jar unloads its nodes; a refused new version leaves
 * the old one serving; an unchanged directory changes nothing.
 */
class PluginReloadTest {

    /** Sleeps {@code ms}, then stamps every item with its version. */
    static final String STAMP =
            """
            package acme;

            import io.hetumind.core.model.Item;
            import io.hetumind.core.spi.*;
            import java.util.ArrayList;
            import java.util.List;

            public final class StampNode implements NodeType {
                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("acme.stamp")
                            .displayName("Stamp")
                            .property(PropertySpec.string("ms"))
                            .build();
                }

                public NodeResult execute(NodeContext ctx) throws Exception {
                    Thread.sleep(Long.parseLong(ctx.param("ms", 0, String.class)));
                    List<Item> out = new ArrayList<>();
                    for (Item it : ctx.items()) {
                        out.add(it.withJson(it.json().deepCopy().put("stamp", "VERSION")));
                    }
                    return NodeResult.of(out);
                }
            }
            """;

    /** A built-in trigger to start the test workflows. */
    static final class Start implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.start")
                    .displayName("Start")
                    .trigger()
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            return NodeResult.of(ctx.items());
        }
    }

    @TempDir
    Path root;

    private LivePlugins live;

    @AfterEach
    void close() {
        if (live != null) {
            live.close(Duration.ofSeconds(5));
        }
    }

    private Path plugins() throws Exception {
        return Files.createDirectories(root.resolve("plugins"));
    }

    /** Builds {@code file} elsewhere and moves it into the directory at once, as an administrator should. */
    private void stamp(String file, String name, String version, String sdk, String hooks) throws Exception {
        Path staging = Files.createTempDirectory(root, "staging-");
        Map<String, String> sources = hooks == null
                ? Map.of("acme.StampNode", STAMP.replace("VERSION", version))
                : Map.of("acme.StampNode", STAMP.replace("VERSION", version), "acme.Hooks", hooks);
        PluginJars.build(
                staging,
                file,
                sources,
                List.of("acme.StampNode"),
                PluginLoaderTest.props(name, version, sdk) + "permissions.files.write=" + root + "\n",
                hooks == null ? Map.of() : Map.of("META-INF/services/io.hetumind.sdk.PluginLifecycle", "acme.Hooks\n"));
        Files.move(
                staging.resolve(file),
                plugins().resolve(file),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private void greet() throws Exception {
        Path staging = Files.createTempDirectory(root, "staging-");
        PluginJars.build(
                staging,
                "greet.jar",
                Map.of("acme.GreetNode", PluginLoaderTest.GREET),
                List.of("acme.GreetNode"),
                PluginLoaderTest.props("acme-greet", "1.0.0", NodeSdk.SDK_VERSION));
        Files.move(staging.resolve("greet.jar"), plugins().resolve("greet.jar"));
    }

    private LivePlugins load() throws Exception {
        live = LivePlugins.load(
                plugins(), NodeRegistry.of(List.of(new Start())), getClass().getClassLoader(), Duration.ofSeconds(5));
        return live;
    }

    private Engine engine() {
        return Engine.builder()
                .registry(live.registry())
                .checkpointer(new InMemoryCheckpointer())
                .listener(live.listener())
                .build();
    }

    private static PreparedWorkflow workflow(Engine engine, String type, long ms) {
        return engine.prepare(WorkflowFormat.readJson(
                """
                {"id":"w","name":"reload","nodes":[
                  {"name":"Start","type":"test.start"},
                  {"name":"Node","type":"%s","parameters":{"ms":"%d","name":"Ada"}}],
                 "connections":{"Start":{"main":[[{"node":"Node","type":"main","index":0}]]}}}
                """
                        .formatted(type, ms)));
    }

    /** Runs as a host does: holding the plugins the prepared workflow uses until the run ends. */
    private String run(Engine engine, PreparedWorkflow wf) {
        try (LivePlugins.Use use = live.use(wf).orElseThrow()) {
            ExecutionResult r =
                    engine.run(wf, RunRequest.defaults().sequential().withInput(List.of(Item.of(Json.object()))));
            return r.output("Node", 0).getFirst().json().path("stamp").asText();
        }
    }

    private String marker() {
        return "marker=" + root.resolve("destroyed.txt") + "\n";
    }

    @Test
    void aNewVersionServesNewRunsWhileARunInFlightFinishesOnTheOldOneWhichIsDestroyedOnlyThen() throws Exception {
        stamp("stamp.jar", "acme-stamp", "1.0.0", NodeSdk.SDK_VERSION, PluginLoaderTest.LIFECYCLE);
        Files.writeString(plugins().resolve("acme-stamp.properties"), marker());
        greet();
        load();
        Engine engine = engine();
        assertThat(run(engine, workflow(engine, "acme.stamp", 0))).isEqualTo("1.0.0");
        NodeType greetBefore = live.registry().find("acme.greet").orElseThrow();

        PreparedWorkflow slow = workflow(engine, "acme.stamp", 3000);
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> run(engine, slow));
        Thread.sleep(500); // the run holds v1 and its node is sleeping
        stamp("stamp.jar", "acme-stamp", "2.0.0", NodeSdk.SDK_VERSION, PluginLoaderTest.LIFECYCLE);

        PluginReload reload = live.reload();

        assertThat(reload.loaded()).singleElement().satisfies(l -> {
            assertThat(l.plugin().label()).isEqualTo("acme-stamp@2.0.0");
            assertThat(l.replaces()).isEqualTo("acme-stamp@1.0.0");
        });
        assertThat(reload.unloaded()).singleElement().satisfies(u -> {
            assertThat(u.plugin().label()).isEqualTo("acme-stamp@1.0.0");
            assertThat(u.replacedBy()).isEqualTo("acme-stamp@2.0.0");
            assertThat(u.runsInFlight()).isEqualTo(1);
        });
        assertThat(reload.kept()).extracting(LoadedPlugin::label).containsExactly("acme-greet@1.0.0");
        assertThat(reload.refused()).isEmpty();
        // unchanged plugins are the very same objects: not created, initialised or destroyed again
        assertThat(live.registry().find("acme.greet")).containsSame(greetBefore);

        assertThat(run(engine, workflow(engine, "acme.stamp", 0))).isEqualTo("2.0.0");
        CompletableFuture<List<String>> destroyed = reload.unloaded().getFirst().destroyed();
        assertThat(inFlight).isNotDone();
        assertThat(destroyed).isNotDone();
        assertThat(root.resolve("destroyed.txt")).doesNotExist();

        assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo("1.0.0");
        assertThat(destroyed.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(root.resolve("destroyed.txt")).hasContent("destroyed");
        assertThat(live.current().loaded())
                .extracting(LoadedPlugin::label)
                .containsExactly("acme-greet@1.0.0", "acme-stamp@2.0.0");
    }

    @Test
    void aWorkflowPreparedBeforeAReloadCannotHoldTheUnloadedVersion() throws Exception {
        stamp("stamp.jar", "acme-stamp", "1.0.0", NodeSdk.SDK_VERSION, null);
        load();
        Engine engine = engine();
        PreparedWorkflow stale = workflow(engine, "acme.stamp", 0);
        stamp("stamp.jar", "acme-stamp", "2.0.0", NodeSdk.SDK_VERSION, null);
        PluginReload reload = live.reload();

        assertThat(live.use(stale)).isEmpty(); // the host prepares it again
        reload.unloaded().getFirst().destroyed().get(10, TimeUnit.SECONDS);
        assertThat(live.use(stale)).isEmpty(); // still, once v1 is destroyed and forgotten
        assertThat(run(engine, workflow(engine, "acme.stamp", 0))).isEqualTo("2.0.0");
    }

    @Test
    void aRemovedJarUnloadsItsNodesAndWorkflowsUsingThemNoLongerValidate() throws Exception {
        stamp("stamp.jar", "acme-stamp", "1.0.0", NodeSdk.SDK_VERSION, PluginLoaderTest.LIFECYCLE);
        Files.writeString(plugins().resolve("acme-stamp.properties"), marker());
        load();
        Engine engine = engine();
        Files.delete(plugins().resolve("stamp.jar"));

        PluginReload reload = live.reload();

        assertThat(reload.unloaded()).singleElement().satisfies(u -> {
            assertThat(u.plugin().label()).isEqualTo("acme-stamp@1.0.0");
            assertThat(u.replacedBy()).isNull();
            assertThat(u.runsInFlight()).isZero();
        });
        assertThat(reload.unloaded().getFirst().destroyed().get(10, TimeUnit.SECONDS))
                .isEmpty();
        assertThat(root.resolve("destroyed.txt")).hasContent("destroyed");
        assertThat(live.registry().find("acme.stamp")).isEmpty();
        assertThatThrownBy(() -> workflow(engine, "acme.stamp", 0))
                .isInstanceOf(WorkflowInvalidException.class)
                .hasMessageContaining("unknown node type 'acme.stamp'");
    }

    @Test
    void anIncompatibleOrFailingNewVersionIsRefusedAndTheOldOneKeepsServing() throws Exception {
        stamp("stamp.jar", "acme-stamp", "1.0.0", NodeSdk.SDK_VERSION, PluginLoaderTest.LIFECYCLE);
        Files.writeString(plugins().resolve("acme-stamp.properties"), marker());
        load();
        Engine engine = engine();

        stamp("stamp.jar", "acme-stamp", "2.0.0", "2.0.0", PluginLoaderTest.LIFECYCLE);
        PluginReload incompatible = live.reload();
        assertThat(incompatible.loaded()).isEmpty();
        assertThat(incompatible.unloaded()).isEmpty();
        assertThat(incompatible.refused()).singleElement().satisfies(r -> {
            assertThat(r.refusal().message())
                    .startsWith("acme-stamp@2.0.0 (stamp.jar): it was built for node SDK 2.0.0");
            assertThat(r.stillServing()).isEqualTo("acme-stamp@1.0.0");
        });
        assertThat(run(engine, workflow(engine, "acme.stamp", 0))).isEqualTo("1.0.0");
        assertThat(live.current().refused())
                .extracting(RefusedPlugin::jar)
                .containsExactly(plugins().resolve("stamp.jar"));
        // the same refused jar again: not tried again, nothing changes
        assertThat(live.reload().nothingChanged()).isTrue();

        // a compatible v2 whose init throws (its configuration changed too: that alone is a change)
        stamp("stamp.jar", "acme-stamp", "2.0.1", NodeSdk.SDK_VERSION, PluginLoaderTest.LIFECYCLE);
        Files.writeString(plugins().resolve("acme-stamp.properties"), marker() + "fail=no API key\n");
        PluginReload failing = live.reload();
        assertThat(failing.refused()).singleElement().satisfies(r -> {
            assertThat(r.refusal().message())
                    .isEqualTo(
                            "acme-stamp@2.0.1 (stamp.jar): its init failed: java.lang.IllegalStateException: no API key");
            assertThat(r.stillServing()).isEqualTo("acme-stamp@1.0.0");
        });
        assertThat(failing.unloaded()).isEmpty();
        assertThat(run(engine, workflow(engine, "acme.stamp", 0))).isEqualTo("1.0.0");
        assertThat(root.resolve("destroyed.txt")).doesNotExist();
        assertThat(live.current().loaded()).extracting(LoadedPlugin::label).containsExactly("acme-stamp@1.0.0");

        // fixed: the next reload replaces v1
        Files.writeString(plugins().resolve("acme-stamp.properties"), marker());
        PluginReload fixed = live.reload();
        assertThat(fixed.loaded()).extracting(l -> l.plugin().label()).containsExactly("acme-stamp@2.0.1");
        assertThat(run(engine, workflow(engine, "acme.stamp", 0))).isEqualTo("2.0.1");
    }

    @Test
    void aNewPluginClaimingATypeInServiceIsRefusedAgainstTheSetAfterTheReload() throws Exception {
        stamp("a-stamp.jar", "acme-stamp", "1.0.0", NodeSdk.SDK_VERSION, null);
        load();
        stamp("b-copycat.jar", "copycat", "1.0.0", NodeSdk.SDK_VERSION, null);
        PluginReload clash = live.reload();
        assertThat(clash.refused())
                .extracting(r -> r.refusal().message())
                .containsExactly("copycat@1.0.0 (b-copycat.jar): node type 'acme.stamp' is already provided by plugin"
                        + " acme-stamp@1.0.0");

        // the type's owner goes in the same reload as the copycat changes: the copycat now fits
        Files.delete(plugins().resolve("a-stamp.jar"));
        stamp("b-copycat.jar", "copycat", "1.0.1", NodeSdk.SDK_VERSION, null);
        PluginReload moved = live.reload();
        assertThat(moved.unloaded()).extracting(u -> u.plugin().label()).containsExactly("acme-stamp@1.0.0");
        assertThat(moved.loaded()).extracting(l -> l.plugin().label()).containsExactly("copycat@1.0.1");
        assertThat(Plugins.origin(live.registry().find("acme.stamp").orElseThrow()))
                .contains("copycat@1.0.1");
        assertThat(live.current().refused()).isEmpty();
    }

    @Test
    void aReloadWithNothingChangedIsANoOp() throws Exception {
        stamp("stamp.jar", "acme-stamp", "1.0.0", NodeSdk.SDK_VERSION, PluginLoaderTest.LIFECYCLE);
        Files.writeString(plugins().resolve("acme-stamp.properties"), marker());
        load();
        Plugins before = live.current();
        NodeType type = live.registry().find("acme.stamp").orElseThrow();
        Files.setLastModifiedTime(plugins().resolve("stamp.jar"), java.nio.file.attribute.FileTime.fromMillis(0));

        PluginReload reload = live.reload();

        assertThat(reload.nothingChanged()).isTrue();
        assertThat(reload.kept()).extracting(LoadedPlugin::label).containsExactly("acme-stamp@1.0.0");
        assertThat(live.current()).isSameAs(before);
        assertThat(live.registry().find("acme.stamp")).containsSame(type);
        assertThat(root.resolve("destroyed.txt")).doesNotExist();
    }
}
