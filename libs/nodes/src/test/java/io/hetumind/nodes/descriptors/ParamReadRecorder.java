package io.hetumind.nodes.descriptors;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.ParameterReads;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.Extension;

/**
 * Records every parameter read of the test run (registered for all test classes by JUnit's
 * extension auto-detection): which node type and version read which path, with the raw
 * parameter trees it was read from. {@link DescriptorWalkTest} checks them against descriptors.
 */
public final class ParamReadRecorder implements Extension {

    /** One read: the node type id as written in the workflow, its version and the path. */
    public record Read(String type, double version, String path) {}

    /** Distinct parameter trees kept per read, enough to see each shape a test wrote. */
    private static final int TREES_PER_READ = 64;

    private static final Map<Read, Set<JsonNode>> READS = new ConcurrentHashMap<>();

    static {
        // Installed once for the JVM; the handle is never closed while tests run.
        ParameterReads.install(ParamReadRecorder::record);
    }

    public ParamReadRecorder() {}

    private static void record(String type, double version, JsonNode parameters, String path) {
        Set<JsonNode> trees = READS.computeIfAbsent(
                new Read(type, version, path),
                r -> Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>())));
        if (trees.size() < TREES_PER_READ) {
            trees.add(parameters);
        }
    }

    /** Makes sure the hook is installed (a test run on its own). */
    static void ensureInstalled() {
        // class initialisation installs it
    }

    static Map<Read, List<JsonNode>> snapshot() {
        Map<Read, List<JsonNode>> copy = new java.util.HashMap<>();
        READS.forEach((k, v) -> {
            synchronized (v) {
                copy.put(k, List.copyOf(v));
            }
        });
        return copy;
    }
}
