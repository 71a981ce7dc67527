package io.hetumind.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerSource;
import io.hetumind.core.spi.trigger.TriggerSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry refuses descriptors a form designer could not render, and publishes the rest completely. */
class DescriptorCheckTest {

    private static NodeDescriptor.Builder node() {
        return NodeDescriptor.builder("test.node").versions(1, 2).displayName("Node");
    }

    private static List<String> problems(NodeDescriptor d) {
        return DescriptorCheck.check(d);
    }

    @Test
    void aDefaultMapWithoutAnOrderIsRefusedAndAnOrderedOneKeepsItsOrder() {
        assertThatThrownBy(() -> PropertySpec.fixedCollection("limit")
                        .defaultValue(Map.of("values", List.of(Map.of("a", 1, "b", 2)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the default of 'limit' is a map without an order");
        var ordered = new java.util.LinkedHashMap<String, Object>();
        ordered.put("z", 1);
        ordered.put("a", 2);
        assertThat(PropertySpec.fixedCollection("limit")
                        .defaultValue(Map.of("values", ordered))
                        .child(PropertySpec.collection("values").child(PropertySpec.number("z")))
                        .build()
                        .defaultValue()
                        .toString())
                .isEqualTo("{\"values\":{\"z\":1,\"a\":2}}");
    }

    @Test
    void aCollectionWithoutChildrenIsRefused() {
        assertThat(problems(node().property(PropertySpec.collection("options")).build()))
                .containsExactly("test.node: property 'options': a collection must declare its children");
        assertThat(problems(node().property(PropertySpec.filter("conditions")).build()))
                .containsExactly("test.node: property 'conditions': a filter must declare its children");
    }

    @Test
    void aFixedCollectionGroupMustBeACollection() {
        var d = node().property(PropertySpec.fixedCollection("rules").child(PropertySpec.string("name")))
                .build();
        assertThat(problems(d))
                .containsExactly("test.node: property 'rules': group 'name' of a fixedCollection must be a collection");
    }

    @Test
    void versionRulesNameOnlyVersionsTheNodeHas() {
        var d = node().property(PropertySpec.string("a").showWhen(PropertySpec.VERSION, 3))
                .build();
        assertThat(problems(d)).containsExactly("test.node: property 'a' names version 3 the node lacks");
    }

    @Test
    void portRulesTriggerSpecsAndCredentialRulesNameDeclaredParameters() {
        var d = node().outputRule(new PortRule.Count("outputs", 1, 1, 4, "{i}", "{i}", 0))
                .credential(new CredentialSlot("basic", true).showWhen("auth", "basic"))
                .build();
        assertThat(problems(d))
                .containsExactly(
                        "test.node: output rule names undeclared parameter 'outputs'",
                        "test.node: credential basic names undeclared parameter 'auth'");
        var t = NodeDescriptor.builder("test.hook")
                .displayName("Hook")
                .trigger(TriggerSpec.of(TriggerKind.WEBHOOK, "x").with("path", "path"))
                .build();
        assertThat(problems(t)).containsExactly("test.hook: triggerSpec names undeclared parameter 'path'");
    }

    @Test
    void aTriggerSpecMustMatchTheTypesKindAndLoadersMustExist() {
        NodeType wrongKind = new Type(NodeDescriptor.builder("test.trigger")
                .displayName("T")
                .trigger(TriggerSpec.of(TriggerKind.MANUAL, "by hand"))
                .build());
        assertThatThrownBy(() -> NodeRegistry.of(List.of(wrongKind)))
                .hasMessageContaining("test.trigger: triggerSpec kind must be SCHEDULE");
        NodeType noLoader =
                new Plain(node().property(PropertySpec.options("table").loadOptions("tables"))
                        .build());
        assertThatThrownBy(() -> NodeRegistry.of(List.of(noLoader)))
                .hasMessageContaining("property 'table' loads options from unknown loader \"tables\"");
    }

    @Test
    void theJsonCarriesRulesTypeOptionsCredentialsAndTriggerSpecs() {
        var d = NodeDescriptor.builder("test.hook")
                .displayName("Hook")
                .trigger(TriggerSpec.of(TriggerKind.WEBHOOK, "on request").with("path", "path"))
                .credential(new CredentialSlot("basic", true).showWhen("auth", "basic"))
                .property(PropertySpec.string("path").rows(2).password())
                .property(PropertySpec.options("auth")
                        .option("none", "None")
                        .option("basic", "Basic")
                        .defaultValue("none"))
                .build();
        ObjectNode json = DescriptorJson.write(d);
        assertThat(json.path("triggerSpec").toString())
                .isEqualTo("{\"kind\":\"webhook\",\"summary\":\"on request\",\"parameters\":{\"path\":\"path\"}}");
        assertThat(json.path("credentials").get(0).path("showWhen").toString()).isEqualTo("{\"auth\":[\"basic\"]}");
        assertThat(json.path("properties").get(0).path("typeOptions").toString())
                .isEqualTo("{\"rows\":2,\"password\":true}");
        assertThat(json.path("outputRule").toString())
                .isEqualTo("{\"fixed\":[{\"name\":\"main\",\"displayName\":\"\"}]}");
        assertThat(json.has("errorOutput"))
                .as("a trigger offers no error output")
                .isFalse();
        assertThat(DescriptorJson.write(node().build())
                        .path("errorOutput")
                        .path("name")
                        .asText())
                .isEqualTo("error");
    }

    @Test
    void portRulesReadRawParametersWithDefaults() {
        var d = node().property(PropertySpec.number("n").defaultValue(3))
                .property(PropertySpec.string("label"))
                .outputRule(new PortRule.When(
                        List.of(new PortRule.When.Case(
                                Map.of(PropertySpec.VERSION, List.of(Json.toNode(1))),
                                new PortRule.Labeled("only", "Only", "label"))),
                        new PortRule.Count("n", 2, 1, 5, "out{i}", "Out {i}", 1)))
                .build();
        assertThat(d.outputs(node(1, "{\"label\":\"\"}"))).containsExactly(PortSpec.of("only", "Only"));
        assertThat(d.outputs(node(1, "{\"label\":\"Mine\"}"))).containsExactly(PortSpec.of("only", "Mine"));
        assertThat(d.outputs(node(2, "{\"n\":9}"))).hasSize(5).last().isEqualTo(PortSpec.of("out5", "Out 5"));
        assertThat(d.outputs(node(2, "{\"n\":\"={{ 4 }}\"}"))).hasSize(2); // an expression is not evaluated
        var max = new PortRule.MaxIndex(
                List.of(new PortRule.MaxIndex.IndexSource("r.*.o", 0), new PortRule.MaxIndex.IndexSource("f", -1)), 1);
        var scope = new PortRule.Scope(Json.parse("{\"r\":[{\"o\":\"2\"},{\"o\":\"=x\"},{}],\"f\":-1}"), 1, null);
        assertThat(max.ports(scope)).hasSize(3);
    }

    @Test
    void theValidatorTakesAnyValueOfLoadedChoicesAndStillChecksFixedOnes() {
        NodeType loaded =
                new Plain(NodeDescriptor.builder("test.loaded")
                        .displayName("Loaded")
                        .property(PropertySpec.options("table").loadOptions("tables"))
                        .property(PropertySpec.options("mode").option("a", "A").defaultValue("a"))
                        .build()) {
                    @Override
                    public Map<String, OptionLoader> optionLoaders() {
                        return Map.of("tables", r -> List.of());
                    }
                };
        NodeType start = new Plain(NodeDescriptor.builder("test.start")
                .displayName("Start")
                .trigger()
                .build());
        var wf = new io.hetumind.core.model.Workflow(
                "w",
                "w",
                1,
                List.of(Node.of("Start", "test.start", 1, Json.object()), Node.of("L", "test.loaded", 1, (ObjectNode)
                        Json.parse("{\"table\":\"people\",\"mode\":\"z\"}"))),
                io.hetumind.core.model.Connections.builder()
                        .connect("Start", 0, "L", 0)
                        .build(),
                new io.hetumind.core.model.WorkflowSettings(0, null, "UTC", 0, "v1"),
                null);
        var report =
                new io.hetumind.core.validate.WorkflowValidator(NodeRegistry.of(List.of(start, loaded))).validate(wf);
        assertThat(report.errors()).extracting(p -> p.path()).containsExactly("$.nodes[1].parameters.mode");
    }

    private static Node node(double version, String params) {
        return Node.of("N", "test.node", version, (ObjectNode) Json.parse(params));
    }

    /** A schedule trigger whose descriptor may say otherwise. */
    private record Type(NodeDescriptor descriptor) implements NodeType, TriggerSource {
        @Override
        public TriggerKind triggerKind() {
            return TriggerKind.SCHEDULE;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
            return NodeResult.empty();
        }
    }

    private static class Plain implements NodeType {
        private final NodeDescriptor descriptor;

        Plain(NodeDescriptor descriptor) {
            this.descriptor = descriptor;
        }

        @Override
        public NodeDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
            return NodeResult.empty();
        }
    }
}
