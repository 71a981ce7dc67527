package io.hetumind.nodes.ai.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.hetumind.core.spi.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code $fromAI(...)} read as n8n-workflow's parser reads it, and the schema n8n's node-as-tool makes of it. */
class FromAiTest {

    private static Map<String, FromAi.Call> collect(String json) {
        Map<String, FromAi.Call> out = new LinkedHashMap<>();
        FromAi.collect(Json.parse(json), out);
        return out;
    }

    @Test
    void defaultsAreReadByTypeAsN8nDoes() {
        var calls = collect(
                """
                {"a":"={{ $fromAI('n', 'a count', 'number', '5') }}",
                 "b":"={{ $FromAi(\\"s\\", \\"text\\", \\"string\\", 7) }} and {{ $fromai(`t`) }}",
                 "c":["={{ $fromAI('flag', 'on?', 'Boolean', TRUE) }}", "={{ $fromAI('obj', 'opts', 'json', {\\"x\\": [1]}) }}", "={{ $fromAI('split', 's', 'json', [1, 2]) }}"],
                 "d":"={{ $fromAI('empty', 'zero', 'number', '') }} {{ $fromAI('word', 'w', 'number', 'many') }}",
                 "e":"={{ $fromAI('esc', 'it\\\\'s (nested)', 'string') }}"}
                """);
        assertThat(calls.get("n").defaultValue().isNumber()).isTrue();
        assertThat(calls.get("n").defaultValue().asInt()).isEqualTo(5);
        assertThat(calls.get("s").defaultValue()).isEqualTo(TextNode.valueOf("7"));
        assertThat(calls.get("t").type()).isEqualTo("string");
        assertThat(calls.get("t").description()).isNull();
        assertThat(calls.get("flag").defaultValue().asBoolean()).isTrue();
        assertThat(calls.get("obj").defaultValue().toString()).isEqualTo("{\"x\":[1]}");
        // n8n splits the arguments at every comma outside quotes, so a default with commas is cut
        assertThat(calls.get("split").defaultValue()).isEqualTo(TextNode.valueOf("[1"));
        assertThat(calls.get("empty").defaultValue().asInt()).isZero();
        assertThat(calls.get("word").defaultValue()).isEqualTo(TextNode.valueOf("many"));
        assertThat(calls.get("esc").description()).isEqualTo("it's (nested)");
    }

    @Test
    void theSchemaDescribesEachKeyAndRequiresThoseWithoutDefault() {
        var calls = collect(
                """
                {"a":"={{ $fromAI('q', 'the query', 'string') }}","b":"={{ $fromAI('opts', 'options', 'json') }}",
                 "c":"={{ $fromAI('limit', 'how many', 'number', 10) }}","d":"={{ $fromAI('q', 'the query', 'string') }}"}
                """);
        var schema = FromAi.schema(calls.values());
        assertThat(schema.get("required").toString()).isEqualTo("[\"q\",\"opts\"]");
        assertThat(schema.at("/properties/limit/default").asInt()).isEqualTo(10);
        assertThat(schema.at("/properties/opts/anyOf/0/minProperties").asInt()).isEqualTo(1);
        var spec = ToolSchemas.fromSchema("t", "d", schema);
        var sent = io.hetumind.core.spi.Json.valueToTree(
                dev.langchain4j.internal.JsonSchemaElementUtils.toMap(spec.parameters()));
        assertThat(sent.at("/properties/opts/anyOf/0/type").asText()).isEqualTo("object");
        assertThat(sent.at("/properties/opts/anyOf/1/type").asText()).isEqualTo("array");
        assertThat(sent.at("/properties/opts/description").asText()).isEqualTo("options");
    }

    @Test
    void valuesOfTheWrongTypeAreNamed() {
        var calls = collect("{\"a\":\"{{ $fromAI('o', '', 'json') }} {{ $fromAI('n', '', 'number') }}\"}");
        assertThat(FromAi.mismatch(calls.get("o"), Json.parse("{}")))
                .isEqualTo("the argument 'o' must be a non-empty object or array, not {}");
        assertThat(FromAi.mismatch(calls.get("o"), Json.parse("[1]"))).isNull();
        assertThat(FromAi.mismatch(calls.get("n"), TextNode.valueOf("3"))).contains("must be a number");
    }

    @Test
    void badCallsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> collect("{\"a\":\"{{ $fromAI('x', 'one') }} {{ $fromAI('x', 'two') }}\"}"))
                .hasMessage("$fromAI('x') is used twice with a different description or type");
        assertThatThrownBy(() -> collect("{\"a\":\"{{ $fromAI('', 'no key') }}\"}"))
                .hasMessage("you must specify a key when using $fromAI()");
        assertThatThrownBy(() -> collect("{\"a\":\"{{ $fromAI('a b') }}\"}"))
                .hasMessageContaining("key 'a b' is invalid");
        assertThatThrownBy(() -> collect("{\"a\":\"{{ $fromAI('x', 'open' }}\"}"))
                .hasMessageStartingWith("a $fromAI(...) call is not closed");
    }
}
