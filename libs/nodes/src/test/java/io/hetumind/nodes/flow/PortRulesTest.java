package io.hetumind.nodes.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.DescriptorJson;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.PortSpec;
import io.hetumind.nodes.flow.merge.MergeNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Outputs and inputs as data: Switch's and Merge's port rules give exactly the ports the former
 * Java code derived, over a grid of parameters and every such node of the n8n corpus, and the
 * published JSON alone ({@link PortRuleJson}, as a browser evaluates it) gives the same.
 */
class PortRulesTest {

    private static final NodeDescriptor SWITCH = new SwitchNode().descriptor();
    private static final NodeDescriptor MERGE = new MergeNode().descriptor();

    @Test
    void switchOutputsMatchTheFormerCodeAndTheJson() throws IOException {
        List<ObjectNode> grid = switchGrid();
        grid.addAll(corpus("n8n-nodes-base.switch"));
        int checked = 0;
        for (ObjectNode params : grid) {
            for (double v : SWITCH.versions()) {
                Node node = Node.of("S", "hetumind.switch", v, params);
                List<PortSpec> expected = SwitchOutputsOracle.of(node);
                assertThat(SWITCH.outputs(node)).as("v%s %s", v, params).isEqualTo(expected);
                assertThat(fromJson(SWITCH, "outputRule", params, v))
                        .as("json v%s %s", v, params)
                        .isEqualTo(expected);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(500);
    }

    @Test
    void mergeInputsMatchTheFormerCodeAndTheJson() throws IOException {
        List<ObjectNode> grid = new ArrayList<>(corpus("n8n-nodes-base.merge"));
        for (Object n : new Object[] {null, -1, 0, 1, 2, 2.9, 3, 7, 10, 11, 99, "4", "={{ 3 }}"}) {
            ObjectNode p = Json.object();
            if (n != null) {
                p.set("numberInputs", Json.toNode(n));
            }
            grid.add(p);
        }
        for (ObjectNode params : grid) {
            for (double v : MERGE.versions()) {
                Node node = Node.of("M", "hetumind.merge", v, params);
                List<PortSpec> expected = formerMergeInputs(node);
                assertThat(MERGE.inputs(node)).as("v%s %s", v, params).isEqualTo(expected);
                assertThat(fromJson(MERGE, "inputRule", params, v))
                        .as("json v%s %s", v, params)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void descriptorJsonPublishesRulesErrorOutputAndTypeOptions() {
        ObjectNode json = DescriptorJson.write(SWITCH);
        assertThat(json.path("outputRule").path("when").path("cases")).hasSize(4);
        assertThat(json.path("errorOutput").path("name").asText()).isEqualTo("error");
        assertThat(json.path("errorOutput").path("when").path("@onError").toString())
                .contains("continueErrorOutput");
        JsonNode numberOutputs = json.path("properties").get(1);
        assertThat(numberOutputs.path("name").asText()).isEqualTo("numberOutputs");
        assertThat(numberOutputs.path("typeOptions").path("maxValue").asInt()).isEqualTo(64);
        assertThat(numberOutputs.path("showWhen").path("@version").size()).isEqualTo(5);
    }

    /** The ports the published JSON gives, evaluated without the Java rule classes. */
    private static List<PortSpec> fromJson(NodeDescriptor d, String field, JsonNode params, double v) {
        Map<String, JsonNode> defaults = new HashMap<>();
        for (String path : List.of("mode", "options.fallbackOutput", "options.renameFallbackOutput", "rules.values")) {
            var spec = d.propertyAt(path, v);
            if (spec != null) {
                defaults.put(path, spec.defaultValue());
            }
        }
        return new PortRuleJson(params, v, defaults)
                .eval(DescriptorJson.write(d).get(field));
    }

    private static List<PortSpec> formerMergeInputs(Node node) {
        JsonNode n = node.parameters().get("numberInputs");
        if (node.typeVersion() < 3 || n == null || !n.isNumber() || n.intValue() <= 2) {
            return List.of(PortSpec.of("input1", "Input 1"), PortSpec.of("input2", "Input 2"));
        }
        List<PortSpec> ports = new ArrayList<>();
        for (int i = 1; i <= Math.min(n.intValue(), 10); i++) {
            ports.add(PortSpec.of("input" + i, "Input " + i));
        }
        return ports;
    }

    private static List<ObjectNode> switchGrid() {
        List<ObjectNode> out = new ArrayList<>();
        Object[] counts = {null, 0, 1, 3, 7.9, 64, 65, "5", "={{ 2 }}"};
        for (String mode : new String[] {null, "rules", "expression"}) {
            for (Object n : counts) {
                ObjectNode p = Json.object();
                if (mode != null) {
                    p.put("mode", mode);
                }
                if (n != null) {
                    p.set("numberOutputs", Json.toNode(n));
                    p.set("outputsAmount", Json.toNode(n));
                }
                out.add(p);
            }
        }
        Object[] outputs = {0, 3, "2", "={{ 1 }}", null};
        Object[] fallbacks = {null, -1, 5, "3", "x"};
        for (int k = 0; k < outputs.length; k++) {
            for (Object fb : fallbacks) {
                ObjectNode p = Json.object().put("mode", "rules");
                var rules = p.putObject("rules").putArray("rules");
                for (int r = 0; r <= k; r++) {
                    ObjectNode rule = rules.addObject();
                    if (outputs[r] != null) {
                        rule.set("output", Json.toNode(outputs[r]));
                    }
                }
                if (fb != null) {
                    p.set("fallbackOutput", Json.toNode(fb));
                }
                out.add(p);
            }
        }
        Object[] flags = {true, false, "true", null, 1};
        Object[] keys = {"Big", "", null};
        for (int entries = 0; entries <= 3; entries++) {
            for (Object flag : flags) {
                for (Object key : keys) {
                    for (String fb : new String[] {null, "extra", "none", "1"}) {
                        for (String rename : new String[] {null, "", "Other"}) {
                            ObjectNode p = Json.object();
                            var values = p.putObject("rules").putArray("values");
                            for (int e = 0; e < entries; e++) {
                                ObjectNode v = values.addObject();
                                if (flag != null) {
                                    v.set("renameOutput", Json.toNode(flag));
                                }
                                if (key != null) {
                                    v.set("outputKey", Json.toNode(key + (e == 1 ? "" : String.valueOf(e))));
                                }
                            }
                            ObjectNode options = p.putObject("options");
                            if (fb != null) {
                                options.put("fallbackOutput", fb);
                            }
                            if (rename != null) {
                                options.put("renameFallbackOutput", rename);
                            }
                            out.add(p);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Parameters of every node of this n8n type in the conformance corpus beside the repository. */
    private static List<ObjectNode> corpus(String type) throws IOException {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("shared/conformance/n8n"))) {
            p = p.getParent();
        }
        List<ObjectNode> out = new ArrayList<>();
        if (p == null) {
            return out;
        }
        try (Stream<Path> files = Files.walk(p.resolve("shared/conformance/n8n"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".json")).toList()) {
                JsonNode wf = Json.parse(Files.readString(f));
                for (JsonNode n : wf.path("nodes")) {
                    if (type.equals(n.path("type").asText())
                            && n.path("parameters").isObject()) {
                        out.add((ObjectNode) n.get("parameters"));
                    }
                }
            }
        }
        return out;
    }
}
