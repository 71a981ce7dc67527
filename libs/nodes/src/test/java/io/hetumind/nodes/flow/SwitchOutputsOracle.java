package io.hetumind.nodes.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.PortSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Switch's outputs as the Java code derived them before they became the descriptor's output
 * rule: the oracle {@code SwitchOutputsTest} compares the rule with.
 */
final class SwitchOutputsOracle {

    private SwitchOutputsOracle() {}

    static List<PortSpec> of(Node node) {
        JsonNode p = node.parameters();
        boolean expression = "expression".equals(p.path("mode").asText("rules"));
        double v = node.typeVersion();
        if (v < 2) {
            return numbered(4);
        }
        if (expression) {
            JsonNode n = p.get(v >= 3 ? "numberOutputs" : "outputsAmount");
            return numbered(n != null && n.isNumber() ? Math.max(1, Math.min(n.intValue(), 64)) : 4);
        }
        if (v < 3) {
            // SwitchV2.node.ts: rules.map(value => ({displayName: value.outputKey}))
            List<PortSpec> ports = new ArrayList<>();
            JsonNode rules = p.path("rules").path("rules");
            for (int r = 0; r < rules.size(); r++) {
                String key = rules.get(r).path("outputKey").asText("");
                ports.add(PortSpec.of(String.valueOf(r), key.isEmpty() ? String.valueOf(r) : key));
            }
            return ports;
        }
        List<PortSpec> ports = new ArrayList<>();
        JsonNode values = p.path("rules").path("values");
        for (int r = 0; r < values.size(); r++) {
            JsonNode rule = values.get(r);
            String key = rule.path("renameOutput").asBoolean(false)
                    ? rule.path("outputKey").asText("")
                    : "";
            ports.add(PortSpec.of(String.valueOf(r), key.isEmpty() ? String.valueOf(r) : key));
        }
        JsonNode options = p.path("options");
        if ("extra".equals(options.path("fallbackOutput").asText(""))) {
            String name = options.path("renameFallbackOutput").asText("");
            ports.add(PortSpec.of("fallback", name.isEmpty() ? "Fallback" : name));
        }
        return ports.isEmpty() ? numbered(1) : ports;
    }

    private static List<PortSpec> numbered(int n) {
        List<PortSpec> ports = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ports.add(PortSpec.of(String.valueOf(i), String.valueOf(i)));
        }
        return ports;
    }
}
