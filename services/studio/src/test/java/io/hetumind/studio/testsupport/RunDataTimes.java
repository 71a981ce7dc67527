package io.hetumind.studio.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/** Run data made comparable between two runs of the same workflow (natively and on Temporal, say): times removed. */
public final class RunDataTimes {
    private RunDataTimes() {}

    /** A copy of an execution detail's {@code runData} without what differs between any two runs: times. */
    public static JsonNode comparable(JsonNode detail) {
        return removed(detail.path("runData").deepCopy());
    }

    /** Removes every run's times from {@code node}, in place, and answers it. */
    public static JsonNode removed(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove(List.of("startTime", "executionTime", "cpuTime", "allocatedBytes"));
            for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
                removed(it.next());
            }
        } else if (node.isArray()) {
            node.forEach(RunDataTimes::removed);
        }
        return node;
    }
}
