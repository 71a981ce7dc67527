package io.hetumind.sdk.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import io.hetumind.sdk.NodeHarness;
import io.hetumind.sdk.NodeSdk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Execution listeners from plugins: they hear a run's events, and a throwing or hanging one holds nothing up. */
class PluginListenersTest {

    static final String RECORDER =
            """
            package acme;

            import io.hetumind.core.engine.*;
            import java.util.List;
            import java.util.concurrent.CopyOnWriteArrayList;

            public final class Recorder implements ExecutionListener {
                public static final List<String> SEEN = new CopyOnWriteArrayList<>();

                public void onEvent(RunEvent e) {
                    SEEN.add(e.kind() + (e.node() == null ? "" : " " + e.node()));
                }
            }
            """;

    static final String THROWS =
            """
            package hostile;

            public final class Throws implements io.hetumind.core.engine.ExecutionListener {
                public void onEvent(io.hetumind.core.engine.RunEvent e) {
                    throw new StackOverflowError("deliberately broken on " + e.kind());
                }
            }
            """;

    static final String HANGS =
            """
            package hostile;

            public final class Hangs implements io.hetumind.core.engine.ExecutionListener {
                public void onEvent(io.hetumind.core.engine.RunEvent e) {
                    while (true) {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException ie) {
                            // a listener that will not stop: the host must not wait for it
                        }
                    }
                }
            }
            """;

    private static final String SERVICES = "META-INF/services/io.hetumind.core.engine.ExecutionListener";

    @Test
    void aPluginListenerHearsNodeEventsAndABrokenOrHungOneHoldsNothingUp(@TempDir Path dir) throws Exception {
        PluginJars.build(
                dir,
                "a-recorder.jar",
                Map.of("acme.GreetNode", PluginLoaderTest.GREET, "acme.Recorder", RECORDER),
                List.of("acme.GreetNode"),
                PluginLoaderTest.props("acme-recorder", "1.0.0", NodeSdk.SDK_VERSION),
                Map.of(SERVICES, "acme.Recorder\n"));
        // listeners only, no node types: a plugin of its own
        PluginJars.build(
                dir,
                "b-hostile.jar",
                Map.of("hostile.Throws", THROWS, "hostile.Hangs", HANGS),
                List.of(),
                PluginLoaderTest.props("hostile-listeners", "1.0.0", NodeSdk.SDK_VERSION),
                Map.of(SERVICES, "hostile.Throws\nhostile.Hangs\n"));

        Plugins plugins =
                PluginLoader.load(dir, NodeRegistry.of(List.of()), getClass().getClassLoader());
        try {
            assertThat(plugins.refused()).isEmpty();
            assertThat(plugins.loaded())
                    .extracting(LoadedPlugin::label)
                    .containsExactly("acme-recorder@1.0.0", "hostile-listeners@1.0.0");
            assertThat(plugins.listeners()).hasSize(3);
            NodeType greet = plugins.registry().find("acme.greet").orElseThrow();

            long start = System.nanoTime();
            NodeHarness harness = NodeHarness.of(greet).parameters("{\"name\":\"Ada\"}");
            plugins.listeners().forEach(harness::listener);
            for (int run = 0; run < 3; run++) {
                assertThat(harness.run().succeeded()).isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

            @SuppressWarnings("unchecked")
            List<String> seen = (List<String>) plugins.loaded()
                    .getFirst()
                    .loader()
                    .loadClass("acme.Recorder")
                    .getField("SEEN")
                    .get(null);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (seen.stream().filter("EXECUTION_FINISHED"::equals).count() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(seen.subList(0, 6))
                    .containsExactly(
                            "EXECUTION_STARTED",
                            "NODE_STARTED Trigger",
                            "NODE_FINISHED Trigger",
                            "NODE_STARTED Node",
                            "NODE_FINISHED Node",
                            "EXECUTION_FINISHED");
            assertThat(seen).filteredOn("NODE_FINISHED Node"::equals).hasSize(3);

            PluginListener broken =
                    (PluginListener) plugins.loaded().get(1).listeners().get(0);
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (broken.failed() < 18 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(broken.failed()).isEqualTo(18); // every event of the three runs, each one logged and survived
        } finally {
            long closing = System.nanoTime();
            plugins.close(Duration.ofSeconds(1));
            // the hung listener gets its grace period, then is left behind: shutdown is bounded
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
