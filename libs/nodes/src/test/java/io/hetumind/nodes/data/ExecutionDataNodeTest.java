package io.hetumind.nodes.data;

import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.ExecutionCustomData;
import io.hetumind.nodes.credentials.NodeRunner;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Execution Data: n8n 2.8's custom data rules (execution-metadata.ts) and the node's pass-through. */
class ExecutionDataNodeTest {

    private final ExecutionCustomData store = ExecutionCustomData.inMemory();
    private final NodeRunner runner = new NodeRunner(new ExecutionDataNode()).service(ExecutionCustomData.class, store);

    private static String save(String entries) {
        return "{'operation':'save','dataToSave':{'values':[" + entries + "]}}";
    }

    private Map<String, String> saved(ExecutionResult r) {
        return store.getAll(r.executionId());
    }

    @Test
    void savesEachItemsValuesAndPassesTheItemsOn() {
        ExecutionResult r = runner.run(
                1.1,
                json(save(
                        "{'key':'customer','value':'={{ $json.name }}'},{'key':'total','value':'={{ $json.total }}'}")),
                items("[{'name':'Ada','total':12.5},{'name':'Grace','total':100}]"));
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Node", 0)).hasSize(2);
        assertThat(r.output("Node", 0).getFirst().json().get("name").asText()).isEqualTo("Ada");
        // the later item's values replace the earlier's; numbers as JavaScript writes them
        assertThat(saved(r)).containsExactly(Map.entry("customer", "Grace"), Map.entry("total", "100"));
    }

    @Test
    void keepsTenKeysCutsLongOnesAndRefusesBadKeysAndValues() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            many.append(i == 0 ? "" : ",")
                    .append("{'key':'k")
                    .append(i)
                    .append("','value':'v")
                    .append(i)
                    .append("'}");
        }
        ExecutionResult r = runner.run(1.1, json(save(many.toString())), items("[{}]"));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        // an 11th new key is dropped without an error, as n8n does
        assertThat(saved(r)).hasSize(10).containsKeys("k0", "k9").doesNotContainKeys("k10", "k11");

        String longKey = "k".repeat(60);
        String longValue = "v".repeat(600);
        r = runner.run(1.1, json(save("{'key':'" + longKey + "','value':'" + longValue + "'}")), items("[{}]"));
        assertThat(saved(r)).containsExactly(Map.entry("k".repeat(50), "v".repeat(512)));

        // a key with other characters fails naming it; the valid entries of the item are kept all the same
        r = runner.run(1.1, json(save("{'key':'ok','value':'yes'},{'key':'not ok','value':'x'}")), items("[{'a':1}]"));
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message())
                .isEqualTo("Custom date key can only contain characters \"A-Za-z0-9_\" (key \"not ok\")");
        assertThat(saved(r)).containsExactly(Map.entry("ok", "yes"));

        // a value that is neither text nor a number fails
        r = runner.run(1.1, json(save("{'key':'flag','value':'={{ true }}'}")), items("[{}]"));
        assertThat(r.state().error().message()).isEqualTo("Custom data values must be a string (key \"flag\")");
    }

    @Test
    void falsyValuesAreEmptyFromVersionOnePointOneAndKeptBefore() {
        String nullValue = save("{'key':'a','value':'={{ null }}'},{'key':'zero','value':'={{ 0 }}'}");
        ExecutionResult v11 = runner.run(1.1, json(nullValue), items("[{}]"));
        assertThat(saved(v11)).containsExactly(Map.entry("a", ""), Map.entry("zero", ""));
        ExecutionResult v1 = runner.run(1, json(nullValue), items("[{}]"));
        assertThat(v1.state().error().message()).isEqualTo("Custom data values must be a string (key \"a\")");
        assertThat(saved(v1)).containsExactly(Map.entry("zero", "0"));
    }

    @Test
    void continueOnFailGivesTheErrorAsTheItem() {
        ExecutionResult r = new NodeRunner(new ExecutionDataNode())
                .service(ExecutionCustomData.class, store)
                .onError(OnError.CONTINUE)
                .run(1.1, json(save("{'key':'bad key','value':'x'}")), items("[{'a':1},{'a':2}]"));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Node", 0)).hasSize(2);
        assertThat(r.output("Node", 0).getFirst().json().get("error").asText()).contains("bad key");
    }

    @Test
    void expressionsAndCodeReachTheSameDataThroughExecutionCustomData() {
        // an expression sets a key, the next entry reads it back (entries are evaluated in order); ` is a quote here
        ExecutionResult r = runner.run(
                1.1,
                json(save("{'key':'a','value':'={{ $execution.customData.set(`viaExpr`, 7) || `v` }}'},"
                        + "{'key':'b','value':'={{ $execution.customData.get(`viaExpr`) }}'}")),
                items("[{}]"));
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(saved(r)).containsExactly(Map.entry("viaExpr", "7"), Map.entry("a", "v"), Map.entry("b", "7"));

        // the Code node: setAll, then getAll as an item; a bad key is the code's error
        ExecutionResult code = new NodeRunner(new io.hetumind.nodes.code.CodeNode())
                .service(ExecutionCustomData.class, store)
                .run(
                        2,
                        json("{'mode':'runOnceForAllItems','jsCode':'$execution.customData.setAll({order: `A-1`,"
                                + " total: 2.5}); return [{json: $execution.customData.getAll()}];'}"),
                        items("[{}]"));
        assertThat(code.status()).as("%s", code.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(code.output("Node", 0).getFirst().json().toString())
                .isEqualTo("{\"order\":\"A-1\",\"total\":\"2.5\"}");
        ExecutionResult bad = new NodeRunner(new io.hetumind.nodes.code.CodeNode())
                .service(ExecutionCustomData.class, store)
                .run(
                        2,
                        json("{'mode':'runOnceForAllItems','jsCode':'$execution.customData.set(`no way`, `x`);"
                                + " return [];'}"),
                        items("[{}]"));
        assertThat(bad.state().error().message()).contains("Custom date key can only contain characters");
    }
}
