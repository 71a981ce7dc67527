package io.hetumind.nodes.data;

import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.ProcessedDataStore;
import io.hetumind.nodes.credentials.NodeRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Remove Duplicates v2 across executions (n8n's removeItemsSeenInPreviousExecutions / clearDeduplicationHistory) over
 * a history store: each run of the node is one execution of the same workflow.
 */
class RemoveDuplicatesHistoryTest {

    private final ProcessedDataStore store = ProcessedDataStore.inMemory();
    private final NodeRunner runner =
            new NodeRunner(new RemoveDuplicatesNode()).service(ProcessedDataStore.class, store);

    private ExecutionResult run(String params, String input) {
        return runner.run(2, json(params), items(input));
    }

    private static List<JsonNode> kept(ExecutionResult r) {
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        return r.output("Node", 0).stream()
                .map(i -> i.json().get("id"))
                .map(j -> (JsonNode) j)
                .toList();
    }

    private static String error(ExecutionResult r) {
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        return r.state().error().message();
    }

    private static final String SEEN =
            "{'operation':'removeItemsSeenInPreviousExecutions','dedupeValue':'={{ $json.id }}'}";

    @Test
    void valueIsNewKeepsOnlyValuesNoEarlierExecutionSawInJavaScriptKeyOrder() {
        // first run: every value is new; items come grouped by value, integer-like values first and ascending (the
        // order of an object's keys in JavaScript), then the rest as they came; a value twice in one input is kept
        // twice
        assertThat(kept(run(SEEN, "[{'id':10},{'id':'x'},{'id':2},{'id':10},{'id':'a'},{'id':1}]")))
                .containsExactly(
                        json("{'v':1}").get("v"),
                        json("{'v':2}").get("v"),
                        json("{'v':10}").get("v"),
                        json("{'v':10}").get("v"),
                        json("{'v':'x'}").get("v"),
                        json("{'v':'a'}").get("v"));
        // a later execution: 2 and 'x' were seen (the number 2 and the text '2' are the same value, as in n8n)
        assertThat(kept(run(SEEN, "[{'id':'2'},{'id':3},{'id':'x'},{'id':'y'}]")))
                .containsExactly(json("{'v':3}").get("v"), json("{'v':'y'}").get("v"));
        // each kept item is paired with its input item
        var r = run(SEEN, "[{'id':1},{'id':4}]");
        assertThat(r.output("Node", 0))
                .singleElement()
                .satisfies(i -> assertThat(i.pairedItem().item()).isEqualTo(1));
    }

    @Test
    void theNodesHistoryAndTheWorkflowsAreKeptApartAndCleared() {
        String workflowScope = "{'operation':'removeItemsSeenInPreviousExecutions','dedupeValue':'={{ $json.id }}',"
                + "'options':{'scope':'workflow'}}";
        assertThat(kept(run(SEEN, "[{'id':1}]"))).hasSize(1);
        assertThat(kept(run(workflowScope, "[{'id':1}]"))).hasSize(1); // another history
        assertThat(kept(run(SEEN, "[{'id':1}]"))).isEmpty();
        assertThat(kept(run(workflowScope, "[{'id':1}]"))).isEmpty();

        // clearing the node's history (Clean Database) leaves the workflow's, and passes its items on
        var cleared = run("{'operation':'clearDeduplicationHistory'}", "[{'id':9}]");
        assertThat(kept(cleared)).containsExactly(json("{'v':9}").get("v"));
        assertThat(kept(run(SEEN, "[{'id':1}]"))).hasSize(1);
        assertThat(kept(run(workflowScope, "[{'id':1}]"))).isEmpty();
        run("{'operation':'clearDeduplicationHistory','options':{'scope':'workflow'}}", "[{'id':9}]");
        assertThat(kept(run(workflowScope, "[{'id':1}]"))).hasSize(1);

        assertThat(error(run(
                        "{'operation':'removeItemsSeenInPreviousExecutions','dedupeValue':'x','options':{'scope':'team'}}",
                        "[{'id':1}]")))
                .isEqualTo("The scope 'team' is not supported. Please select either \"node\" or \"workflow\".");
    }

    @Test
    void higherThanAnyPreviousValueKeepsNumbersAboveTheLargestSeen() {
        String incremental = "{'operation':'removeItemsSeenInPreviousExecutions',"
                + "'logic':'removeItemsUpToStoredIncrementalKey','incrementalDedupeValue':'={{ $json.id }}'}";
        assertThat(kept(run(incremental, "[{'id':3},{'id':1},{'id':2}]")))
                .containsExactly(
                        json("{'v':1}").get("v"),
                        json("{'v':2}").get("v"),
                        json("{'v':3}").get("v"));
        // only values above 3 are new; they come in ascending order, '5' and 5 being one value
        assertThat(kept(run(incremental, "[{'id':5},{'id':3},{'id':4},{'id':'5'},{'id':0.5}]")))
                .containsExactly(
                        json("{'v':4}").get("v"),
                        json("{'v':5}").get("v"),
                        json("{'v':'5'}").get("v"));
        assertThat(kept(run(incremental, "[{'id':5}]"))).isEmpty();
        assertThat(error(run(incremental, "[{'id':'seven'}]")))
                .isEqualTo("The value 'seven' is not a number. Please provide a number.");
        assertThat(error(run(incremental, "[{'id':''}]")))
                .isEqualTo("The `Value to Dedupe` On is empty. Please provide a value.");
        // left out of the workflow (n8n's default is empty, not 0)
        assertThat(error(run(
                        "{'operation':'removeItemsSeenInPreviousExecutions','logic':'removeItemsUpToStoredIncrementalKey'}",
                        "[{'id':9}]")))
                .isEqualTo("The `Value to Dedupe` On is empty. Please provide a value.");
        // the history remembers its kind: another kind of value on it is refused until it is cleared
        assertThat(error(run(SEEN, "[{'id':7}]")))
                .isEqualTo("Deduplication data was originally saved with an incompatible setting of the ‘Keep Items"
                        + " Where’ parameter. Try ’Clean Database’ operation to reset.");
        run("{'operation':'clearDeduplicationHistory'}", "[{'id':0}]");
        assertThat(kept(run(SEEN, "[{'id':7}]"))).hasSize(1);
    }

    @Test
    void aDateLaterThanAnyPreviousDateKeepsLaterDatesOnly() {
        String dates = "{'operation':'removeItemsSeenInPreviousExecutions',"
                + "'logic':'removeItemsUpToStoredDate','dateDedupeValue':'={{ $json.id }}'}";
        assertThat(kept(run(dates, "[{'id':'2024-03-01T10:00:00Z'},{'id':'2024-02-01T10:00:00Z'}]")))
                .hasSize(2);
        // the same instant written another way is not later; a later one in another zone is
        assertThat(kept(run(
                        dates,
                        "[{'id':'2024-03-01T11:00:00+01:00'},{'id':'2024-03-01T10:30:00+01:00'},"
                                + "{'id':'2024-03-01T12:00:00+01:00'}]")))
                .containsExactly(json("{'v':'2024-03-01T12:00:00+01:00'}").get("v"));
        assertThat(error(run(dates, "[{'id':'last tuesday'}]")))
                .isEqualTo("The value 'last tuesday' is not a valid date. Please provide a valid date.");
    }

    @Test
    void theHistorySizeBoundsWhatIsRememberedAndRefusesRunsThatDoNotFit() {
        String small = "{'operation':'removeItemsSeenInPreviousExecutions','dedupeValue':'={{ $json.id }}',"
                + "'options':{'historySize':3}}";
        assertThat(kept(run(small, "[{'id':1},{'id':2}]"))).hasSize(2);
        // n8n counts the input items against the room left, whether new or not (2 kept + 2 > 3)
        assertThat(error(run(small, "[{'id':1},{'id':3}]")))
                .isEqualTo("The number of items to be processed exceeds the maximum history size. Please increase"
                        + " the history size or reduce the number of items to be processed.");
        assertThat(kept(run(small, "[{'id':3}]")))
                .containsExactly(json("{'v':3}").get("v"));
        // a larger size lets it go on, and what was remembered is still remembered
        String larger = small.replace("'historySize':3", "'historySize':4");
        assertThat(kept(run(larger, "[{'id':4}]"))).hasSize(1);
        assertThat(kept(run(larger.replace("'historySize':4", "'historySize':10"), "[{'id':1},{'id':5}]")))
                .hasSize(1);
    }

    @Test
    void withoutAHistoryStoreTheNodeSaysSoAndItIsNotReplaySafe() {
        var bare = new NodeRunner(new RemoveDuplicatesNode()).run(2, json(SEEN), items("[{'id':1}]"));
        assertThat(error(bare)).startsWith("This host keeps no deduplication history between executions");
        RemoveDuplicatesNode node = new RemoveDuplicatesNode();
        assertThat(node.replaySafe(Node.of("R", "hetumind.removeDuplicates", 2, json(SEEN))))
                .isFalse();
        assertThat(node.replaySafe(Node.of("R", "hetumind.removeDuplicates", 2, json("{}"))))
                .isTrue();
        assertThat(node.replaySafe(Node.of("R", "hetumind.removeDuplicates", 1, json("{}"))))
                .isTrue();
        // JavaScript's key order: canonical array indices (no leading zero, below 2^32 - 1) first, ascending
        var keys = new java.util.LinkedHashMap<String, Integer>();
        for (String k : List.of("b", "10", "01", "2", "4294967295", "0", "-1", "1.5")) {
            keys.put(k, 0);
        }
        assertThat(SeenBefore.jsKeyOrder(keys)).containsExactly("0", "2", "10", "b", "01", "4294967295", "-1", "1.5");
    }
}
