package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code $('Node').item} and its siblings follow every pairing of an item back, as n8n's WorkflowDataProxy
 * {@code getPairedItem} does (the rules and messages are n8n 2.8.4's; the recorded corpus in libs/nodes checks them
 * against real n8n).
 */
class PairedItemResolutionTest {

    /** Runs T (three items a, b, c) → E (emits {@code emitted}, n8n-shaped items) → R (Tag, note = expression). */
    private static ExecutionResult run(String emitted, String expression) {
        List<Item> out = new ArrayList<>();
        for (JsonNode i : Json.parse(emitted)) {
            out.add(ItemCodec.read(i, "$"));
        }
        Engine engine = Engine.builder()
                .registry(NodeRegistry.of(List.of(
                        new TestNodes.Trigger(),
                        new FrozenOutputTest.Doing("test.emit", ctx -> out),
                        new TestNodes.Tag())))
                .build();
        var wf = WorkflowFormat.readJson(
                """
                {"name":"pairing","nodes":[{"name":"T","type":"test.trigger"},{"name":"E","type":"test.emit"},
                  {"name":"R","type":"test.tag","parameters":{"note":"=%s"}}],
                 "connections":{"T":{"main":[[{"node":"E"}]]},"E":{"main":[[{"node":"R"}]]}}}
                """
                        .formatted(expression.replace("\"", "\\\"")));
        List<Item> input = List.of(
                Item.of(Json.object().put("name", "a")),
                Item.of(Json.object().put("name", "b")),
                Item.of(Json.object().put("name", "c")));
        return engine.run(engine.prepare(wf), RunRequest.defaults().sequential().withInput(input));
    }

    private static List<String> notes(ExecutionResult r) {
        return r.state().runs("R").getFirst().output(0).stream()
                .map(i -> i.json().path("note").asText("(none)"))
                .toList();
    }

    private static String error(ExecutionResult r) {
        return r.state().runs("R").getFirst().error().message();
    }

    @Test
    void pairingsThatLeadToTheSameItemAgree() {
        var r = run(
                "[{\"json\":{},\"pairedItem\":[{\"item\":1},{\"item\":1}]},{\"json\":{},\"pairedItem\":2}]",
                "{{ $('T').item.json.name }}");
        assertThat(notes(r)).containsExactly("b", "c");
    }

    @Test
    void pairingsThatLeadToDifferentItemsFailWithMultipleMatches() {
        var r = run("[{\"json\":{},\"pairedItem\":[{\"item\":0},{\"item\":1}]}]", "{{ $('T').item.json.name }}");
        assertThat(error(r)).isEqualTo("Multiple matches found");
        // the same item read through the node in between is one item
        assertThat(notes(run(
                        "[{\"json\":{\"x\":\"e\"},\"pairedItem\":[{\"item\":0},{\"item\":1}]}]",
                        "{{ $('E').item.json.x }}")))
                .containsExactly("e");
    }

    @Test
    void anUnpairedItemFailsNamingTheNodeAndTheAccessor() {
        String two = "[{\"json\":{}},{\"json\":{}}]";
        assertThat(error(run(two, "{{ $('T').item.json.name }}")))
                .isEqualTo("Paired item data for item from node 'E' is unavailable. Ensure 'E' is providing the"
                        + " required output.");
        assertThat(error(run(two, "{{ $('T').itemMatching(1).json.name }}")))
                .startsWith("Paired item data for itemMatching from node 'E'");
        assertThat(error(run(two, "{{ $('T').pairedItem().json.name }}")))
                .startsWith("Paired item data for pairedItem from node 'E'");
        // first(), last() and all() do not pair
        assertThat(notes(run(two, "{{ $('T').first().json.name + $('T').last().json.name + $('T').all().length }}")))
                .containsExactly("ac3", "ac3");
        assertThat(error(run(two, "{{ $('T').itemMatching() }}"))).contains("Missing item index for .itemMatching()");
    }

    @Test
    void aPairingPastTheTargetsItemsIsUnavailableThere() {
        assertThat(error(run("[{\"json\":{},\"pairedItem\":7}]", "{{ $('T').item.json.name }}")))
                .startsWith("Paired item data for item from node 'T' is unavailable");
    }

    @Test
    void aPairingThroughAnInputTheNodeDidNotHaveHasNoValue() {
        // n8n drops the pairing; with none left its resolution stumbles on a TypeError, which an expression
        // turns into no value; another pairing that leads somewhere wins
        var r = run(
                "[{\"json\":{},\"pairedItem\":{\"item\":0,\"input\":1}},"
                        + "{\"json\":{},\"pairedItem\":[{\"item\":1,\"input\":3},{\"item\":2}]}]",
                "{{ $('T').item.json.name }}");
        assertThat(notes(r)).containsExactly("(none)", "c");
    }

    @Test
    void aSourceOverwriteNamesTheOutputThePairingPointsInto() {
        var r = run(
                "[{\"json\":{},\"pairedItem\":{\"item\":2,\"sourceOverwrite\":{\"previousNode\":\"T\","
                        + "\"previousNodeOutput\":0,\"previousNodeRun\":0}}}]",
                "{{ $('T').item.json.name }}");
        assertThat(notes(r)).containsExactly("c");
        assertThat(ItemCodec.write(r.state().runs("E").getFirst().output(0).getFirst())
                        .get("pairedItem")
                        .toString())
                .isEqualTo("{\"item\":2,\"sourceOverwrite\":{\"previousNode\":\"T\",\"previousNodeOutput\":0,"
                        + "\"previousNodeRun\":0}}");
    }

    @Test
    void aNodeThatIsNotAParentCannotBeReferenced() {
        assertThat(error(run("[{\"json\":{},\"pairedItem\":0}]", "{{ $('R').item.json.name }}")))
                .isEqualTo("Invalid expression");
    }
}
