package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * n8n declares one parameter name several times, each under its own show rules and with its own
 * default (one per version, or per operation). An unset parameter takes the default of the
 * declaration shown for the node's version and parameters, as n8n's getNodeParameters does.
 */
class DuplicateDeclarationDefaultsTest {

    /** Writes its {@code label} parameter (usually unset) into one item. */
    static final class Labeller implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.labeller")
                    .displayName("Labeller")
                    .versions(1, 2)
                    .property(PropertySpec.options("mode")
                            .option("a", "A")
                            .option("b", "B")
                            .defaultValue("a"))
                    .property(PropertySpec.string("label").defaultValue("v1").showWhen(PropertySpec.VERSION, 1))
                    .property(PropertySpec.string("label")
                            .defaultValue("v2a")
                            .showWhen(PropertySpec.VERSION, 2)
                            .showWhen("mode", "a"))
                    .property(PropertySpec.string("label")
                            .defaultValue("v2b")
                            .showWhen(PropertySpec.VERSION, 2)
                            .showWhen("mode", "b"))
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            return NodeResult.of(List.of(Item.of(Json.object().put("label", ctx.param("label", 0, String.class)))));
        }
    }

    @ParameterizedTest(name = "version {0}, parameters {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1|{}|v1",
                "1|{\"mode\":\"b\"}|v1",
                "2|{}|v2a",
                "2|{\"mode\":\"a\"}|v2a",
                "2|{\"mode\":\"b\"}|v2b",
                "2|{\"mode\":\"b\",\"label\":\"set\"}|set",
                "1|{\"label\":\"set\"}|set"
            })
    void anUnsetParameterTakesTheDefaultOfTheDeclarationShownForTheNode(
            double version, String parameters, String expected) {
        NodeRegistry registry = NodeRegistry.of(List.of(new TestNodes.Trigger(), new Labeller()));
        Engine engine = Engine.builder().registry(registry).build();
        var wf = WorkflowFormat.readJson(
                """
                {"name":"dup","nodes":[
                  {"name":"T","type":"test.trigger"},
                  {"name":"L","type":"test.labeller","typeVersion":%s,"parameters":%s}],
                 "connections":{"T":{"main":[[{"node":"L"}]]}}}
                """
                        .formatted(version, parameters));
        ExecutionResult r = engine.run(engine.prepare(wf), RunRequest.defaults());
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.lastOutput().getFirst().json().get("label").asText()).isEqualTo(expected);
    }
}
