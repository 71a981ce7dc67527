package io.hetumind.core.expr;

import static io.hetumind.core.expr.TestScope.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.expr.TestScope.TestNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.spi.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VariablesTest extends EngineTestSupport {

    TestScope scope;

    @BeforeEach
    void setUp() {
        scope = new TestScope();
        scope.input.add(item("{\"n\":1}"));
        scope.input.add(item("{\"n\":2}")
                .withBinary(Map.of("data", new BinaryRef("bin-1", "image/png", "cat.png", "png", "image", 2048))));
        scope.input.add(item("{\"n\":3}"));
        scope.itemIndex = 1;
        scope.runIndex = 2;
        var http = TestNode.ran(item("{\"id\":10}"), item("{\"id\":20}"), item("{\"id\":30}"));
        http.runs.add(List.of(List.of(item("{\"id\":11}"), item("{\"id\":21}")), List.of(item("{\"err\":true}"))));
        http.paired = item("{\"id\":21}");
        http.parameters = Json.parse("{\"url\":\"https://example.com\",\"method\":\"GET\"}");
        scope.node("HTTP Request", http);
        scope.node("Later", TestNode.notRun());
        scope.vars.put("region", "eu");
        scope.env.put("API_BASE", "https://api.local");
        scope.parameters = Json.parse("{\"field\":\"n\",\"limit\":5}");
        scope.previousNode = "Set";
    }

    @Test
    void currentItem() {
        assertThat(eval("{{ $json.n }}", scope).intValue()).isEqualTo(2);
        // n8n 2.x: fileSize is pretty-bytes text, bytes the exact count
        assertThat(text(
                        "{{ $binary.data.fileName }} {{ $binary.data.mimeType }} {{ $binary.data.fileSize }}"
                                + " {{ $binary.data.bytes }}",
                        scope))
                .isEqualTo("cat.png image/png 2.05 kB 2048");
        assertThat(eval("{{ $itemIndex }}", scope).intValue()).isEqualTo(1);
        assertThat(eval("{{ $position }}", scope).intValue()).isEqualTo(1);
        assertThat(eval("{{ $runIndex }}", scope).intValue()).isEqualTo(2);
    }

    @Test
    void input() {
        assertThat(eval("{{ $input.item.json.n }}", scope).intValue()).isEqualTo(2);
        assertThat(eval("{{ $input.first().json.n }}", scope).intValue()).isEqualTo(1);
        assertThat(eval("{{ $input.last().json.n }}", scope).intValue()).isEqualTo(3);
        assertThat(json("{{ $input.all().map(i => i.json.n) }}", scope)).isEqualTo("[1,2,3]");
        assertThat(eval("{{ $input.all().length }}", scope).intValue()).isEqualTo(3);
        assertThat(text("{{ $input.item.binary.data.fileName }}", scope)).isEqualTo("cat.png");
        assertThat(json("{{ $input.params }}", scope)).isEqualTo("{\"field\":\"n\",\"limit\":5}");
        assertThat(json("{{ $input.all()[0] }}", scope)).isEqualTo("{\"json\":{\"n\":1}}");
        assertThat(json("{{ $items().map(i => i.json.n) }}", scope)).isEqualTo("[1,2,3]");
    }

    @Test
    void otherNodes() {
        assertThat(eval("{{ $('HTTP Request').item.json.id }}", scope).intValue())
                .isEqualTo(21);
        assertThat(eval("{{ $('HTTP Request').first().json.id }}", scope).intValue())
                .isEqualTo(11);
        assertThat(eval("{{ $('HTTP Request').last().json.id }}", scope).intValue())
                .isEqualTo(21);
        assertThat(json("{{ $('HTTP Request').all().map(i => i.json.id) }}", scope))
                .isEqualTo("[11,21]");
        assertThat(json("{{ $('HTTP Request').all(0, 0).map(i => i.json.id) }}", scope))
                .isEqualTo("[10,20,30]");
        assertThat(json("{{ $('HTTP Request').first(1).json }}", scope)).isEqualTo("{\"err\":true}");
        assertThat(eval("{{ $('HTTP Request').itemMatching(0).json.id }}", scope)
                        .intValue())
                .isEqualTo(21);
        assertThat(text("{{ $('HTTP Request').params.url }}", scope)).isEqualTo("https://example.com");
        assertThat(eval("{{ $('HTTP Request').isExecuted }}", scope).booleanValue())
                .isTrue();
        assertThat(eval("{{ $('Later').isExecuted }}", scope).booleanValue()).isFalse();
    }

    @Test
    void legacyNodeAccess() {
        // the item at the evaluated item's index (1), as n8n's nodeDataGetter reads it: no pairing
        assertThat(eval("{{ $node[\"HTTP Request\"].json.id }}", scope).intValue())
                .isEqualTo(21);
        scope.itemIndex = 2;
        assertThatThrownBy(() -> eval("{{ $node[\"HTTP Request\"].json.id }}", scope))
                .hasMessageContaining("\"HTTP Request\" node has 2 item(s) but you're trying to access item 2");
        scope.itemIndex = 1;
        assertThat(text("{{ $node[\"HTTP Request\"].parameter.method }}", scope))
                .isEqualTo("GET");
        assertThat(json("{{ $items('HTTP Request').map(i => i.json.id) }}", scope))
                .isEqualTo("[11,21]");
        assertThat(json("{{ $items('HTTP Request', 0, 0).map(i => i.json.id) }}", scope))
                .isEqualTo("[10,20,30]");
        assertThat(json("{{ $items('HTTP Request', 1).map(i => i.json) }}", scope))
                .isEqualTo("[{\"err\":true}]");
    }

    @Test
    void missingAndUnexecutedNodesFailLikeN8n() {
        assertThatThrownBy(() -> eval("{{ $('Nope').item.json.x }}", scope))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("Referenced node doesn't exist: 'Nope'");
        assertThatThrownBy(() -> eval("{{ $('Later').first() }}", scope))
                .hasMessage("Node 'Later' hasn't been executed");
        assertThatThrownBy(() -> eval("{{ $('Later').item }}", scope)).hasMessage("Node 'Later' hasn't been executed");
        // a run index past the node's runs is an error in n8n (loops stop collecting on it), not the last run
        assertThatThrownBy(() -> eval("{{ $('HTTP Request').all(0, 2) }}", scope))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("Run 2 of node \"HTTP Request\" not found");
        assertThatThrownBy(() -> eval("{{ $('HTTP Request').first(0, 7) }}", scope))
                .hasMessage("Run 7 of node \"HTTP Request\" not found");
        assertThatThrownBy(() -> eval("{{ $items('HTTP Request', 0, 2) }}", scope))
                .hasMessage("Run 2 of node \"HTTP Request\" not found");
        assertThatThrownBy(() -> eval("{{ $node['Nope'].json }}", scope))
                .hasMessage("Referenced node doesn't exist: 'Nope'");
        assertThat(text("{{ (() => { try { return $('Nope').item } catch (e) { return 'fallback' } })() }}", scope))
                .isEqualTo("fallback");
    }

    @Test
    void pairedItemComesFromTheScope() {
        scope.nodes.get("HTTP Request").paired = null;
        assertThatThrownBy(() -> eval("{{ $('HTTP Request').item }}", scope))
                .hasMessageContaining("Paired item data for item from node 'Test' is unavailable");
    }

    @Test
    void executionAndWorkflow() {
        assertThat(text("{{ $execution.id }}/{{ $execution.mode }}", scope)).isEqualTo("exec-42/test");
        assertThat(text("{{ $workflow.id }}|{{ $workflow.name }}|{{ $workflow.active }}", scope))
                .isEqualTo("wf-7|My Flow|true");
        assertThat(text("{{ $prevNode.name }}", scope)).isEqualTo("Set");
    }

    @Test
    void varsEnvAndParameters() {
        assertThat(text("{{ $vars.region }}", scope)).isEqualTo("eu");
        assertThat(text("{{ $env.API_BASE }}/v1", scope)).isEqualTo("https://api.local/v1");
        assertThat(eval("{{ $env.PATH }}", scope).isMissingNode())
                .as("not exposed: undefined")
                .isTrue();
        assertThat(eval("{{ Object.keys($env).length }}", scope).intValue()).isEqualTo(1);
        assertThat(eval("{{ $parameter.limit }}", scope).intValue()).isEqualTo(5);
        assertThat(eval("{{ $json[$parameter.field] }}", scope).intValue()).isEqualTo(2);
    }

    @Test
    void clock() {
        assertThat(text("{{ $now }}", scope)).isEqualTo("2024-03-10T14:30:15.123Z");
        assertThat(eval("{{ $now }}", scope).textValue()).isEqualTo("2024-03-10T14:30:15.123Z");
        assertThat(text("{{ $today }}", scope)).isEqualTo("2024-03-10T00:00:00.000Z");
    }

    @Test
    void variablesDoNotLeakBetweenEvaluations() {
        assertThat(text("{{ leak = 1; var other = 2; typeof leak + typeof other }}", scope))
                .isEqualTo("numbernumber");
        assertThat(text("{{ typeof leak + typeof other }}", scope)).isEqualTo("undefinedundefined");
    }
}
