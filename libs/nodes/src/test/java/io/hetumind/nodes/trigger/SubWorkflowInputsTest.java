package io.hetumind.nodes.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.NodeTests;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * n8n's typed sub-workflow inputs: Execute Workflow 1.2's {@code workflowInputs} mapper on the
 * parent side, Execute Workflow Trigger 1.1's {@code inputSource} on the child side, as n8n saves them.
 */
class SubWorkflowInputsTest {

    private final NodeRegistry registry = NodeRegistry.load();
    private final Map<String, Workflow> library = new HashMap<>();

    /** A child: the trigger with these parameters, then a No Op. */
    private void child(String id, String triggerVersion, String triggerParams) {
        library.put(
                id,
                WorkflowFormat.readJson(
                        """
                        {"id":"%s","name":"%s","nodes":[
                          {"parameters":%s,"name":"When Executed by Another Workflow",
                           "type":"n8n-nodes-base.executeWorkflowTrigger","typeVersion":%s,"position":[0,0]},
                          {"parameters":{},"name":"Out","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0]}],
                         "connections":{"When Executed by Another Workflow":{"main":[[{"node":"Out","type":"main","index":0}]]}}}
                        """
                                .formatted(id, id, triggerParams, triggerVersion)));
    }

    /** A parent as n8n 1.x/2.x saves it: Execute Workflow with the given version and parameters. */
    private ExecutionResult parent(String version, String callParams, String input) {
        Workflow wf = WorkflowFormat.readJson(
                """
                {"id":"parent","name":"parent","nodes":[
                  {"parameters":{},"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0]},
                  {"parameters":%s,"name":"Call","type":"n8n-nodes-base.executeWorkflow","typeVersion":%s,"position":[200,0]}],
                 "connections":{"Start":{"main":[[{"node":"Call","type":"main","index":0}]]}}}
                """
                        .formatted(callParams, version));
        Engine e = Engine.builder()
                .registry(registry)
                .expressions(NodeTests.expressions())
                .workflows(ref -> Optional.ofNullable(library.get(ref)))
                .build();
        List<Item> items = NodeTests.items(input);
        return e.run(e.prepare(wf), RunRequest.defaults().sequential().withInput(items));
    }

    private static final String TYPED_FIELDS =
            """
            {"inputSource":"workflowInputs","workflowInputs":{"values":[
              {"name":"name"},{"name":"age","type":"number"},{"name":"tags","type":"array"},{"name":"extra","type":"any"}]}}
            """;

    private static String mapper(boolean convert) {
        return """
                {"workflowId":{"__rl":true,"value":"typed","mode":"list","cachedResultName":"typed"},
                 "workflowInputs":{"mappingMode":"defineBelow",
                   "value":{"name":"={{ $json.n }}","age":"={{ $json.a }}","tags":"={{ $json.t }}"},
                   "matchingColumns":[],
                   "schema":[
                     {"id":"name","displayName":"name","required":false,"defaultMatch":false,"display":true,"canBeUsedToMatch":true,"type":"string","removed":false},
                     {"id":"age","displayName":"age","required":false,"defaultMatch":false,"display":true,"canBeUsedToMatch":true,"type":"number","removed":false},
                     {"id":"tags","displayName":"tags","required":false,"defaultMatch":false,"display":true,"canBeUsedToMatch":true,"type":"array","removed":false},
                     {"id":"extra","displayName":"extra","required":false,"defaultMatch":false,"display":true,"canBeUsedToMatch":true,"removed":true}],
                   "attemptToConvertTypes":%s,"convertFieldsToString":true},
                 "mode":"each","options":{}}
                """
                .formatted(convert);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    void definedFieldsGetConvertedValuesPerItemAndNullForTheMissingOnes(String version) {
        child("typed", "1.1", TYPED_FIELDS);
        ExecutionResult r =
                parent(version, mapper(true), "[{'n':'Ann','a':'42','t':'[1,2]','other':1},{'n':'Bob','a':7,'t':[3]}]");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Call", 0))
                .extracting(i -> Json.write(i.json()))
                .containsExactly(
                        "{\"name\":\"Ann\",\"age\":42,\"tags\":[1,2],\"extra\":null}",
                        "{\"name\":\"Bob\",\"age\":7,\"tags\":[3],\"extra\":null}");
        assertThat(r.output("Call", 0)).extracting(i -> i.pairedItem().item()).containsExactly(0, 1);
    }

    @Test
    void aValueOfTheWrongTypeFailsNamingNodeFieldAndItemAsN8nDoes() {
        child("typed", "1.1", TYPED_FIELDS);
        ExecutionResult r = parent("1.2", mapper(false), "[{'n':'Ann','a':42,'t':[1]},{'n':'Bob','a':'abc','t':[3]}]");
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        var error = r.state().error();
        assertThat(error.message()).isEqualTo("Invalid input for 'age' [item 1]");
        assertThat(error.description()).isEqualTo("'age' expects a number but we got 'abc'");
        assertThat(error.node()).isEqualTo("Call");
        assertThat(error.itemIndex()).isEqualTo(1);
        // converting types: text that is no number still fails, with n8n's words
        ExecutionResult loose = parent("1.2", mapper(true), "[{'n':'Ann','a':'x1','t':[1]}]");
        assertThat(loose.state().error().message()).isEqualTo("Invalid input for 'age' [item 0]");
        assertThat(loose.state().error().description()).isEqualTo("'age' expects a number but we got 'x1'");
    }

    @Test
    void jsonExampleDeclaresItsFieldsAndPassthroughKeepsEverything() {
        child(
                "typed",
                "1.1",
                "{\"inputSource\":\"jsonExample\",\"jsonExample\":\"{\\n  \\\"name\\\": \\\"a\\\",\\n  \\\"age\\\": 1,\\n  \\\"anything\\\": null\\n}\"}");
        ExecutionResult r = parent("1.2", mapper(true), "[{'n':'Ann','a':'3','t':[]}]");
        assertThat(r.output("Call", 0))
                .extracting(i -> Json.write(i.json()))
                .containsExactly("{\"name\":\"Ann\",\"age\":3,\"anything\":null}");

        child("typed", "1.1", "{\"inputSource\":\"passthrough\"}");
        ExecutionResult all = parent("1.2", mapper(true), "[{'n':'Ann','a':'3','t':'[]','other':1}]");
        assertThat(all.output("Call", 0))
                .extracting(i -> Json.write(i.json()))
                .containsExactly(
                        "{\"n\":\"Ann\",\"a\":\"3\",\"t\":\"[]\",\"other\":1,\"name\":\"Ann\",\"age\":3,\"tags\":[]}");
    }

    @Test
    void aLegacyCallerSendsEverythingAndTheTypedTriggerKeepsOnlyItsFields() {
        child("typed", "1.1", TYPED_FIELDS);
        ExecutionResult r = parent(
                "1.1",
                "{\"workflowId\":{\"__rl\":true,\"value\":\"typed\",\"mode\":\"id\"},\"options\":{}}",
                "[{'name':'Ann','age':'9','more':true}]");
        assertThat(r.output("Call", 0))
                .extracting(i -> Json.write(i.json()))
                .containsExactly("{\"name\":\"Ann\",\"age\":\"9\",\"tags\":null,\"extra\":null}");
        // a v1.1 trigger saved without inputSource has n8n's default, fields below: none declared
        child("typed", "1.1", "{}");
        assertThat(parent("1.1", "{\"workflowId\":\"typed\"}", "[{'a':1}]").output("Call", 0))
                .extracting(i -> Json.write(i.json()))
                .containsExactly("{}");
        // v1 has no input modes: everything passes
        child("typed", "1", "{}");
        assertThat(parent("1.1", "{\"workflowId\":\"typed\"}", "[{'a':1}]").output("Call", 0))
                .extracting(i -> Json.write(i.json()))
                .containsExactly("{\"a\":1}");
    }

    @Test
    void aJsonExampleThatIsNoObjectIsRefused() {
        child("typed", "1.1", "{\"inputSource\":\"jsonExample\",\"jsonExample\":\"[1]\"}");
        ExecutionResult r = parent("1.1", "{\"workflowId\":\"typed\"}", "[{'a':1}]");
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message())
                .contains("Invalid JSON schema type. Only object type is supported, but got array");
    }
}
