package io.hetumind.executor.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.TestNodes;
import io.hetumind.core.engine.WorkflowResolver;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Execute Workflow on Temporal: each sub-workflow runs as a child workflow of its parent's, with run data equal to a
 * native run of the same parent (children by id and inline, once and per item, nested, a failing child), the child in
 * the parent's history, a long Wait inside a child, and cancellation of the parent reaching the child.
 */
@Timeout(120)
class SubWorkflowTest {

    private static final Map<String, Workflow> LIBRARY = new ConcurrentHashMap<>();
    private static final WorkflowResolver RESOLVER = ref -> Optional.ofNullable(LIBRARY.get(ref));

    private static TemporalHarness h;

    @BeforeAll
    static void start() {
        LIBRARY.put(
                "square",
                child(
                        "square",
                        """
                { "name": "Square", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "parameters": {
                    "assignments": { "assignments": [ { "id": "s", "name": "square",
                      "value": "={{ $json.n * $json.n }}", "type": "number" } ] },
                    "includeOtherFields": true, "options": {} } }"""));
        LIBRARY.put("nested", child("nested", call("Inner", "database", "once", "square")));
        LIBRARY.put(
                "broken",
                child(
                        "broken",
                        """
                { "name": "Boom", "type": "test.flaky", "parameters": { "failures": 99, "userError": true } }"""));
        LIBRARY.put(
                "slow",
                child(
                        "slow",
                        """
                { "name": "SubSlow", "type": "test.sleep", "parameters": { "ms": 600000 } }"""));
        LIBRARY.put(
                "day",
                child(
                        "day",
                        """
                { "name": "SubDay", "type": "hetumind.wait", "parameters": {
                    "resume": "timeInterval", "amount": 1, "unit": "days" } }"""));
        h = new TemporalHarness(engine(), TemporalOptions.defaults(), true, true);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void onceByIdEqualsNative() {
        sameAsNative("once-id", parent(call("Call", "database", "once", "square")));
    }

    @Test
    void eachItemInlineEqualsNative() {
        String inline = Json.write(Json.parse(WorkflowFormat.writeJson(LIBRARY.get("square"))));
        sameAsNative("each-inline", parent(call("Call", "parameter", "each", inline)));
    }

    @Test
    void nestedChildrenEqualNative() {
        sameAsNative("nested", parent(call("Call", "database", "each", "nested")));
    }

    @Test
    void aFailingChildFailsTheNodeAsNatively() {
        ExecutionResult r = sameAsNative("broken", parent(call("Call", "database", "once", "broken")));
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().runs("After")).isEmpty();
    }

    @Test
    void aMissingChildFailsTheNodeAsNatively() {
        ExecutionResult r = sameAsNative("missing", parent(call("Call", "database", "once", "nope")));
        assertThat(r.state().error().message()).contains("sub-workflow 'nope' not found");
    }

    @Test
    void eachChildIsAChildWorkflowInTheParentsHistory() {
        ExecutionResult r = h.run(parent(call("Call", "database", "each", "square")), request("history"));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        List<HistoryEvent> events =
                h.env.getWorkflowClient().fetchHistory("history").getEvents();
        List<String> children = events.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED)
                .map(e -> e.getChildWorkflowExecutionCompletedEventAttributes()
                        .getWorkflowExecution()
                        .getWorkflowId())
                .toList();

        long task = children.isEmpty()
                ? -1
                : Long.parseLong(children.getFirst().split("\\.")[1].substring(1));
        assertThat(children).containsExactly("history.c" + task + ".0", "history.c" + task + ".1");
        ExecutionResult child = h.executor.await("history.c" + task + ".1");
        assertThat(child.state().info().mode()).isEqualTo("child");
        assertThat(child.state().info().parentExecutionId()).isEqualTo("history");
        assertThat(child.lastOutput())
                .singleElement()
                .satisfies(i -> assertThat(i.json().path("square").asInt()).isEqualTo(9));
    }

    @Test
    void aDayLongWaitInAChildEndsInTestTime() {
        ExecutionResult r = h.run(parent(call("Call", "database", "once", "day")), request("day"));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Call", 0)).hasSize(2);
        assertThat(r.state().runs("After")).hasSize(1);
    }

    @Test
    void cancelingTheParentCancelsTheChild() throws Exception {
        // a harness of its own: the canceled child's node may still be stopping when other tests skip time
        try (TemporalHarness h = new TemporalHarness(engine(), TemporalOptions.defaults(), true, true)) {
            cancelingTheParentCancelsTheChild(h);
        }
    }

    private static void cancelingTheParentCancelsTheChild(TemporalHarness h) throws Exception {
        h.executor.start(parent(call("Call", "database", "once", "slow")), request("cancel"));
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (TestNodes.calls("SubSlow") == 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(TestNodes.calls("SubSlow")).isEqualTo(1);
        String childId = h.env.getWorkflowClient().fetchHistory("cancel").getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
                .map(e -> e.getStartChildWorkflowExecutionInitiatedEventAttributes()
                        .getWorkflowId())
                .findFirst()
                .orElseThrow();

        h.executor.cancel("cancel");
        ExecutionResult r = h.executor.await("cancel");
        ExecutionResult child = h.executor.await(childId);

        assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(r.state().runs("After")).isEmpty();
        assertThat(child.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(child.state().runs("Out")).isEmpty();
        assertThat(h.env.getWorkflowClient().fetchHistory("cancel").getEvents())
                .extracting(HistoryEvent::getEventType)
                .contains(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED);
    }

    private static ExecutionResult sameAsNative(String id, Workflow wf) {
        RunRequest req = request(id);
        TestNodes.Flaky.TRIES.clear();
        Engine nativeEngine = engine();
        ExecutionResult expected = nativeEngine.run(nativeEngine.prepare(wf), req);
        TestNodes.Flaky.TRIES.clear();
        ExecutionResult actual = h.run(wf, req);
        assertThat(actual.status()).isEqualTo(expected.status());
        assertThat(TemporalHarness.comparable(actual)).isEqualTo(TemporalHarness.comparable(expected));
        return actual;
    }

    private static Engine engine() {
        return Engine.builder()
                .registry(TemporalHarness.REGISTRY)
                .workflows(RESOLVER)
                .build();
    }

    private static RunRequest request(String id) {
        return RunRequest.defaults()
                .withExecutionId(id)
                .withInput(List.of(
                        Item.of(Json.object().put("n", 2)),
                        Item.of(Json.object().put("n", 3))))
                .sequential();
    }

    /** Start → Call → After, {@code call} the Execute Workflow node named Call. */
    private static Workflow parent(String call) {
        return WorkflowFormat.readJson(
                """
                { "name": "parent", "nodes": [
                    { "name": "Start", "type": "test.trigger" }, %s,
                    { "name": "After", "type": "n8n-nodes-base.noOp", "typeVersion": 1 } ],
                  "connections": {
                    "Start": { "main": [[ { "node": "Call" } ]] },
                    "Call": { "main": [[ { "node": "After" } ]] } } }"""
                        .formatted(call));
    }

    /** An Execute Workflow node; {@code target} a workflow id or, for source {@code parameter}, the JSON. */
    private static String call(String name, String source, String mode, String target) {
        var params = Json.object().put("source", source).put("mode", mode);
        params.put(source.equals("parameter") ? "workflowJson" : "workflowId", target);
        return Json.write(Json.object()
                .put("name", name)
                .put("type", "n8n-nodes-base.executeWorkflow")
                .put("typeVersion", 1)
                .set("parameters", params));
    }

    /** In (Execute Workflow Trigger) → {@code middle} (named in it) → Out. */
    private static Workflow child(String id, String middle) {
        String name = Json.parse(middle).path("name").asText();
        return WorkflowFormat.readJson(
                """
                { "id": "%s", "name": "%s", "nodes": [
                    { "name": "In", "type": "n8n-nodes-base.executeWorkflowTrigger", "typeVersion": 1 }, %s,
                    { "name": "Out", "type": "n8n-nodes-base.noOp", "typeVersion": 1 } ],
                  "connections": {
                    "In": { "main": [[ { "node": "%s" } ]] },
                    "%s": { "main": [[ { "node": "Out" } ]] } } }"""
                        .formatted(id, id, middle, name, name));
    }
}
