package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.ForwardingNodeContext;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeEnvironment;
import io.hetumind.core.spi.NodeInputs;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeResources;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A wrapper over a real node context changes only what it overrides: the answers the capabilities derive from others
 * ({@code param(path, type)}, {@code items()}, {@code onError()}) follow its overrides, the rest is the engine's.
 */
class ForwardingNodeContextTest {

    /** Reads its greeting through a wrapper that shouts parameters and sees only the first item. */
    static final class Wrapping implements NodeType {
        @Override
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.wrapping")
                    .displayName("Wrapping")
                    .build();
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
            NodeContext shouting = new ForwardingNodeContext(ctx) {
                @Override
                public <T> T param(String path, int itemIndex, Class<T> type) {
                    T v = super.param(path, itemIndex, type);
                    return v instanceof String s ? type.cast(s.toUpperCase(java.util.Locale.ROOT)) : v;
                }

                @Override
                public List<Item> input(int index) {
                    return delegate().input(index).subList(0, 1);
                }
            };
            ObjectNode out = Json.object();
            out.put("greeting", greeting(shouting));
            out.put("items", shouting.items().size());
            out.put("node", shouting.node().name());
            out.put("sameExecution", shouting.executionId().equals(ctx.executionId()));
            out.put("sameRun", shouting.runIndex() == ctx.runIndex());
            out.put("continueOnFail", shouting.continueOnFail());
            out.put("raw", shouting.rawParam("greeting").asText());
            return NodeResult.of(List.of(Item.of(out)));
        }

        /** A helper that reads parameters takes only that capability. */
        private static String greeting(NodeParameters params) {
            return params.param("greeting", String.class);
        }
    }

    @Test
    void aWrapperAnswersAsItsDelegateExceptWhereItOverrides() {
        Engine engine = Engine.builder()
                .registry(NodeRegistry.of(List.of(new TestNodes.Trigger(), new Wrapping())))
                .build();
        var wf = WorkflowFormat.readJson(
                """
                {"name":"forwarding","nodes":[{"name":"T","type":"test.trigger"},
                  {"name":"W","type":"test.wrapping","onError":"continueRegularOutput",
                   "parameters":{"greeting":"=hi {{ $json.name }}"}}],
                 "connections":{"T":{"main":[[{"node":"W"}]]}}}
                """);
        ExecutionResult r = engine.run(
                engine.prepare(wf),
                RunRequest.defaults()
                        .withInput(List.of(
                                Item.of(Json.object().put("name", "Ada")),
                                Item.of(Json.object().put("name", "Grace")))));
        assertThat(r.state().status()).isEqualTo(ExecutionStatus.SUCCESS);
        var json = r.output("W", 0).getFirst().json();
        assertThat(json.get("greeting").asText()).isEqualTo("HI ADA");
        assertThat(json.get("items").asInt()).isEqualTo(1);
        assertThat(json.get("node").asText()).isEqualTo("W");
        assertThat(json.get("sameExecution").asBoolean()).isTrue();
        assertThat(json.get("sameRun").asBoolean()).isTrue();
        assertThat(json.get("continueOnFail").asBoolean()).isTrue();
        assertThat(json.get("raw").asText()).isEqualTo("=hi {{ $json.name }}");
    }

    @Test
    void everyCapabilityIsPartOfTheContext() {
        for (Class<?> capability :
                List.of(NodeEnvironment.class, NodeInputs.class, NodeParameters.class, NodeResources.class)) {
            assertThat(capability).isAssignableFrom(NodeContext.class);
        }
        // the context adds nothing of its own: every method comes from a capability
        assertThat(NodeContext.class.getDeclaredMethods()).isEmpty();
    }
}
