package io.hetumind.studio.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Breakpoints;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * How an execution was asked for, stored with its record and queue row ({@code launch} jsonb): what any worker needs to
 * start it, and what a retry repeats. {@code destination}: run only up to that node ({@code WorkflowSlice});
 * {@code breakpoints}: where the run pauses for a debugger, honoured on every claim of it. {@code temporal}: the
 * execution runs on Temporal ({@code hetumind.executor=temporal} when it started); every claim keeps to the backend it
 * started on, so switching the setting never moves a waiting execution.
 */
public record LaunchDoc(
        String mode,
        String startNode,
        List<Item> items,
        UUID startedBy,
        UUID retryOf,
        String destination,
        Breakpoints breakpoints,
        boolean temporal) {

    public LaunchDoc {
        breakpoints = breakpoints == null ? Breakpoints.NONE : breakpoints;
    }

    public String toJson() {
        ObjectNode o = Json.object();
        o.put("mode", mode);
        if (startNode != null) {
            o.put("startNode", startNode);
        }
        if (items != null) {
            o.set("items", ItemCodec.writeAll(items));
        }
        if (startedBy != null) {
            o.put("startedBy", startedBy.toString());
        }
        if (retryOf != null) {
            o.put("retryOf", retryOf.toString());
        }
        if (destination != null) {
            o.put("destination", destination);
        }
        if (breakpoints.any()) {
            ObjectNode b = o.putObject("breakpoints");
            breakpoints.before().stream().sorted().forEach(b.putArray("before")::add);
            breakpoints.after().stream().sorted().forEach(b.putArray("after")::add);
            b.put("step", breakpoints.step());
        }
        if (temporal) {
            o.put("executor", "temporal");
        }
        return o.toString();
    }

    public static LaunchDoc parse(String json) {
        JsonNode o = Json.parse(json);
        return new LaunchDoc(
                o.path("mode").asText("manual"),
                o.hasNonNull("startNode") ? o.get("startNode").asText() : null,
                o.hasNonNull("items") ? ItemCodec.readAll(o.get("items"), "items") : null,
                o.hasNonNull("startedBy") ? UUID.fromString(o.get("startedBy").asText()) : null,
                o.hasNonNull("retryOf") ? UUID.fromString(o.get("retryOf").asText()) : null,
                o.hasNonNull("destination") ? o.get("destination").asText() : null,
                breakpoints(o.path("breakpoints")),
                "temporal".equals(o.path("executor").asText()));
    }

    private static Breakpoints breakpoints(JsonNode b) {
        if (!b.isObject()) {
            return Breakpoints.NONE;
        }
        Set<String> before = new HashSet<>();
        b.path("before").forEach(n -> before.add(n.asText()));
        Set<String> after = new HashSet<>();
        b.path("after").forEach(n -> after.add(n.asText()));
        return new Breakpoints(before, after, b.path("step").asBoolean(false));
    }
}
