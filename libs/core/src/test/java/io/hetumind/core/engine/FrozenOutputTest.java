package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A node's output is frozen: the nodes after it share its items, and the run data records them as they were. */
class FrozenOutputTest {

    /** A node whose output {@code behaviour} makes from its context. */
    record Doing(String type, Function<NodeContext, List<Item>> behaviour) implements NodeType {
        @Override
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder(type).displayName(type).build();
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
            return NodeResult.of(behaviour.apply(ctx));
        }
    }

    private static ExecutionResult run(NodeType second, List<Item> input) {
        Engine engine = Engine.builder()
                .registry(NodeRegistry.of(List.of(new TestNodes.Trigger(), second)))
                .build();
        var wf = WorkflowFormat.readJson(
                """
                {"name":"frozen","nodes":[{"name":"T","type":"test.trigger"},{"name":"N","type":"%s"}],
                 "connections":{"T":{"main":[[{"node":"N"}]]}}}
                """
                        .formatted(second.descriptor().type()));
        return engine.run(engine.prepare(wf), RunRequest.defaults().withInput(input));
    }

    private static List<Item> input() {
        ObjectNode json = Json.object().put("name", "Ada");
        json.putObject("address").put("city", "London");
        json.putArray("tags").add("a").addObject().put("deep", true);
        return List.of(Item.of(json));
    }

    @Test
    void aNodeThatChangesItsInputInPlaceFailsAndThePreviousOutputStaysAsItWas() {
        for (Function<ObjectNode, Object> change : List.<Function<ObjectNode, Object>>of(
                json -> json.put("name", "Grace"),
                json -> json.remove("name"),
                json -> json.with("address").put("city", "Paris"),
                json -> json.withArray("tags").add("b"),
                json -> json.withArray("tags").remove(0),
                json -> ((ObjectNode) json.withArray("tags").get(1)).put("deep", false),
                json -> {
                    json.properties().iterator().next().setValue(Json.F.textNode("x"));
                    return null;
                },
                json -> {
                    var it = json.fieldNames();
                    it.next();
                    it.remove();
                    return null;
                },
                ObjectNode::removeAll)) {
            var r = run(
                    new Doing("test.mutate", ctx -> {
                        change.apply(ctx.items().getFirst().json());
                        return ctx.items();
                    }),
                    input());
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().error().message()).contains("cannot be changed");
            assertThat(Json.write(r.output("T", 0).getFirst().json()))
                    .isEqualTo("{\"name\":\"Ada\",\"address\":{\"city\":\"London\"},\"tags\":[\"a\",{\"deep\":true}]}");
        }
    }

    @Test
    void aCopyMayBeChangedAndAPassedOnItemStaysTheSameObject() {
        var r = run(
                new Doing("test.copy", ctx -> {
                    Item in = ctx.items().getFirst();
                    ObjectNode copy = in.json().deepCopy();
                    copy.put("name", "Grace");
                    copy.with("address").put("city", "Paris");
                    return List.of(in.withJson(copy), in);
                }),
                input());
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("N", 0).get(0).json().get("name").asText()).isEqualTo("Grace");
        assertThat(r.output("N", 0).get(1).json())
                .isSameAs(r.output("T", 0).getFirst().json());
        assertThat(r.output("T", 0).getFirst().json().get("name").asText()).isEqualTo("Ada");
        for (Item item : r.output("N", 0)) {
            assertThat(Json.isFrozen(item.json())).isTrue();
            assertThat(Json.isFrozen(item.json().get("address"))).isTrue();
        }
    }

    @Test
    void jsonMadeByAnotherMapperIsCopiedFrozenWithTheSameContent() throws Exception {
        ObjectNode foreign = (ObjectNode) new ObjectMapper().readTree("{\"a\":{\"b\":[1,{\"c\":2}]}}");
        var r = run(new Doing("test.foreign", ctx -> List.of(Item.of(foreign))), input());
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        ObjectNode out = r.output("N", 0).getFirst().json();
        assertThat(out).isEqualTo(foreign).isNotSameAs(foreign);
        assertThat(Json.isFrozen(out)).isTrue();
        assertThatThrownBy(() -> ((ObjectNode) out.get("a")).put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
        foreign.put("still", "mine");
        assertThat(out.has("still")).isFalse();
    }
}
