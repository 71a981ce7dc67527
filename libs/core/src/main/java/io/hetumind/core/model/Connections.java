package io.hetumind.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connections keyed as in n8n: source node name → connection type → output index → targets.
 */
public record Connections(Map<String, Map<String, List<List<ConnectionTarget>>>> bySource) {

    public static final Connections EMPTY = new Connections(Map.of());

    public Connections {
        Map<String, Map<String, List<List<ConnectionTarget>>>> copy = new LinkedHashMap<>();
        bySource.forEach((src, byType) -> {
            Map<String, List<List<ConnectionTarget>>> types = new LinkedHashMap<>();
            byType.forEach((type, outputs) -> {
                List<List<ConnectionTarget>> outs = new ArrayList<>();
                for (List<ConnectionTarget> targets : outputs) {
                    outs.add(targets == null ? List.of() : List.copyOf(targets));
                }
                types.put(type, List.copyOf(outs));
            });
            copy.put(src, java.util.Collections.unmodifiableMap(types));
        });
        bySource = java.util.Collections.unmodifiableMap(copy);
    }

    /** The main-type outputs of a node: output index → targets. */
    public List<List<ConnectionTarget>> main(String source) {
        Map<String, List<List<ConnectionTarget>>> byType = bySource.get(source);
        if (byType == null) {
            return List.of();
        }
        return byType.getOrDefault(ConnectionTarget.MAIN, List.of());
    }

    /** A mutable builder, for tests, the CLI's starter and importers. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects main connections in insertion order. */
    public static final class Builder {
        private final Map<String, Map<String, List<List<ConnectionTarget>>>> map = new LinkedHashMap<>();

        public Builder connect(String from, int output, String to, int input) {
            List<List<ConnectionTarget>> outs = map.computeIfAbsent(from, k -> new LinkedHashMap<>())
                    .computeIfAbsent(ConnectionTarget.MAIN, k -> new ArrayList<>());
            while (outs.size() <= output) {
                outs.add(new ArrayList<>());
            }
            outs.get(output).add(ConnectionTarget.main(to, input));
            return this;
        }

        public Builder connect(String from, String to) {
            return connect(from, 0, to, 0);
        }

        public Connections build() {
            return new Connections(map);
        }
    }
}
