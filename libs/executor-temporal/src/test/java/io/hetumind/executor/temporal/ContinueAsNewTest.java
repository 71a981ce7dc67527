package io.hetumind.executor.temporal;

import static io.hetumind.executor.temporal.TemporalHarness.comparable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Continue-as-new: a run with many node steps goes on as new runs of its workflow once its history is long, handing
 * the machine's state on through the run-data store, and ends with the run data of a native run — node state (Loop
 * Over Items), the run index and a durable timer crossing generations included.
 */
@Timeout(180)
class ContinueAsNewTest {

    /** Loop Over Items one by one over {@code n} items, each a Set, then a two-second Wait and a Set after the loop. */
    private static final String LOOP =
            """
            { "name": "Long loop", "nodes": [
                { "id": "t", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {} },
                { "id": "l", "name": "Loop Over Items", "type": "hetumind.splitInBatches", "typeVersion": 3, "position": [220, 0],
                  "parameters": { "batchSize": 1, "options": {} } },
                { "id": "w", "name": "Work", "type": "hetumind.set", "typeVersion": 3.4, "position": [440, 100],
                  "parameters": { "mode": "manual", "includeOtherFields": true,
                    "assignments": { "assignments": [
                      { "id": "a1", "name": "squared", "value": "={{ $json.n * $json.n }}", "type": "number" },
                      { "id": "a2", "name": "batch", "value": "={{ $runIndex }}", "type": "number" } ] },
                    "options": {} } },
                { "id": "h", "name": "Hold", "type": "hetumind.wait", "typeVersion": 1.1, "position": [440, -100],
                  "parameters": { "resume": "timeInterval", "amount": 2, "unit": "seconds" } },
                { "id": "d", "name": "Done", "type": "hetumind.set", "typeVersion": 3.4, "position": [660, -100],
                  "parameters": { "mode": "manual", "includeOtherFields": false,
                    "assignments": { "assignments": [
                      { "id": "a3", "name": "total", "value": "={{ $('Work').all().length }}", "type": "number" } ] },
                    "options": {} } } ],
              "connections": {
                "Manual Trigger": { "main": [[ { "node": "Loop Over Items", "type": "main", "index": 0 } ]] },
                "Loop Over Items": { "main": [ [ { "node": "Hold", "type": "main", "index": 0 } ],
                                               [ { "node": "Work", "type": "main", "index": 0 } ] ] },
                "Work": { "main": [[ { "node": "Loop Over Items", "type": "main", "index": 0 } ]] },
                "Hold": { "main": [[ { "node": "Done", "type": "main", "index": 0 } ]] } },
              "settings": { "executionOrder": "v1" } }""";

    private static RunRequest request(String id, int items) {
        List<Item> input = IntStream.rangeClosed(1, items)
                .mapToObj(n -> Item.of(Json.object().put("n", n)))
                .toList();
        return RunRequest.defaults().withExecutionId(id).withInput(input).sequential();
    }

    @Test
    void aRunWithManyStepsContinuesAsNewAndEndsWithTheNativeRunData() throws Exception {
        Workflow wf = WorkflowFormat.readJson(LOOP);
        Engine nativeEngine =
                Engine.builder().registry(TemporalHarness.REGISTRY).build();
        ExecutionResult expected = nativeEngine.run(nativeEngine.prepare(wf), request("can-native", 30));
        assertThat(expected.status()).isEqualTo(ExecutionStatus.SUCCESS);

        try (TemporalHarness h = new TemporalHarness(TemporalOptions.defaults().withContinueAsNewAfter(100))) {
            ExecutionResult actual = h.run(wf, request("can-1", 30));

            assertThat(actual.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(actual.state().runs("Work")).hasSize(30);
            assertThat(actual.state().runs("Loop Over Items")).hasSize(31);
            assertThat(actual.state().runs("Done")).hasSize(1);
            assertThat(comparable(actual).toString().replace("can-1", "X"))
                    .as("run data as natively")
                    .isEqualTo(comparable(expected).toString().replace("can-native", "X"));

            // the last run went on from an earlier one, several generations on, and kept its own history short
            History last = h.env.getWorkflowClient().fetchHistory("can-1").getHistory();
            WorkflowExecutionStartedEventAttributes started =
                    last.getEvents(0).getWorkflowExecutionStartedEventAttributes();
            assertThat(started.getContinuedExecutionRunId()).isNotEmpty();
            int generation = Json.parse(
                            started.getInput().getPayloads(0).getData().toStringUtf8())
                    .path("generation")
                    .asInt();
            assertThat(generation).as("61 node steps at about 6 events each").isGreaterThanOrEqualTo(3);
            assertThat(last.getEventsCount()).isLessThan(200);

            // every generation's history replays on the current code, the first one ending in continue-as-new
            List<WorkflowExecutionHistory> runs = generations(h, "can-1", started);
            assertThat(runs).hasSize(generation + 1);
            HistoryEvent end = runs.getFirst()
                    .getHistory()
                    .getEvents(runs.getFirst().getHistory().getEventsCount() - 1);
            assertThat(end.getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
            try (TemporalHarness replay = new TemporalHarness(h.options, false)) {
                Worker worker = replay.env.newWorker("replay-can");
                TemporalWorkers.register(worker, replay.engine, h.store, replay.options);
                for (WorkflowExecutionHistory run : runs) {
                    WorkflowReplayer.replayWorkflowExecution(run, worker);
                }
            }
        }
    }

    /**
     * A webhook caller waits for Respond to Webhook, which comes only after the loop, several generations on: the run
     * does not wait for its caller to continue as new (the caller's update returns {@code HANDED_ON} and the wait goes
     * on with the next run), and the caller gets the answer once, from the generation that gave it.
     */
    @Test
    void aCallerWaitingForTheAnswerIsHandedOnToTheGenerationThatAnswers() throws Exception {
        ObjectNode doc = (ObjectNode) Json.parse(LOOP);
        ((ArrayNode) doc.path("nodes"))
                .add(
                        Json.parse(
                                """
                        { "id": "r", "name": "Respond", "type": "n8n-nodes-base.respondToWebhook", "typeVersion": 1,
                          "position": [440, -200], "parameters": { "respondWith": "text",
                          "responseBody": "={{ 'looped ' + $input.all().length }}", "options": { "responseCode": 201 } } }"""));
        ObjectNode connections = (ObjectNode) doc.path("connections");
        ((ObjectNode) connections.path("Loop Over Items").path("main").get(0).get(0)).put("node", "Respond");
        connections.set(
                "Respond", Json.parse("{ \"main\": [[ { \"node\": \"Hold\", \"type\": \"main\", \"index\": 0 } ]] }"));
        Workflow wf = WorkflowFormat.readJson(Json.write(doc));

        try (TemporalHarness h = new TemporalHarness(TemporalOptions.defaults().withContinueAsNewAfter(100))) {
            h.executor.start(wf, request("can-answer", 30));
            TemporalExecutor.ResponseWait wait = h.executor.responseWait("can-answer");
            var answer = wait.get(Duration.ofSeconds(60));

            assertThat(answer).hasValueSatisfying(r -> {
                assertThat(r.status()).isEqualTo(201);
                assertThat(r.body()).isEqualTo("looped 30");
            });
            assertThat(wait.handOns()).as("the wait went on across generations").isGreaterThanOrEqualTo(3);
            ExecutionResult end = h.executor.await("can-answer");
            assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(end.state().runs("Respond")).hasSize(1);
            assertThat(end.state().runs("Work")).hasSize(30);
            assertThat(end.state().runs("Done")).hasSize(1);

            WorkflowExecutionStartedEventAttributes started = h.env.getWorkflowClient()
                    .fetchHistory("can-answer")
                    .getHistory()
                    .getEvents(0)
                    .getWorkflowExecutionStartedEventAttributes();
            List<WorkflowExecutionHistory> runs = generations(h, "can-answer", started);
            assertThat(runs.size()).isEqualTo(wait.handOns() + 1);
            // one update per generation the caller waited on, each completed before its run went on (or ended)
            for (WorkflowExecutionHistory run : runs) {
                List<HistoryEvent> events = run.getHistory().getEventsList();
                assertThat(count(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED))
                        .isEqualTo(1);
                assertThat(count(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED))
                        .isEqualTo(1);
            }
            assertThat(runs.getFirst()
                            .getHistory()
                            .getEvents(runs.getFirst().getHistory().getEventsCount() - 1)
                            .getEventType())
                    .as("the first run went on while its caller waited")
                    .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
            assertThat(h.executor.responseWait("can-answer").get(Duration.ofMillis(300)))
                    .as("a wait started after the end reads the one answer from the store")
                    .isEqualTo(answer);
            try (TemporalHarness replay = new TemporalHarness(h.options, false)) {
                Worker worker = replay.env.newWorker("replay-can-answer");
                TemporalWorkers.register(worker, replay.engine, h.store, replay.options);
                for (WorkflowExecutionHistory run : runs) {
                    WorkflowReplayer.replayWorkflowExecution(run, worker);
                }
            }
        }
    }

    private static long count(List<HistoryEvent> events, EventType type) {
        return events.stream().filter(e -> e.getEventType() == type).count();
    }

    /** Start → A1 … An and Start → B1 … Bn: two independent chains of {@code test.tag} nodes. */
    private static Workflow twoChains(int n) {
        ObjectNode wf = Json.object().put("name", "two chains");
        ArrayNode nodes = wf.putArray("nodes");
        ObjectNode connections = wf.putObject("connections");
        nodes.addObject().put("name", "Start").put("type", "test.trigger");
        ArrayNode fromStart = connections.putObject("Start").putArray("main").addArray();
        for (String chain : List.of("A", "B")) {
            fromStart.addObject().put("node", chain + 1);
            for (int i = 1; i <= n; i++) {
                nodes.addObject().put("name", chain + i).put("type", "test.tag");
                if (i < n) {
                    connections
                            .putObject(chain + i)
                            .putArray("main")
                            .addArray()
                            .addObject()
                            .put("node", chain + (i + 1));
                }
            }
        }
        return WorkflowFormat.readJson(Json.write(wf));
    }

    @Test
    void parallelBranchesDrainTheirTriesBeforeContinuingAsNew() throws Exception {
        Workflow wf = twoChains(25);
        RunRequest parallel = RunRequest.defaults()
                .withExecutionId("can-native-2")
                .withInput(List.of(Item.of(Json.object().put("n", 1))));
        Engine nativeEngine =
                Engine.builder().registry(TemporalHarness.REGISTRY).build();
        ExecutionResult expected = nativeEngine.run(nativeEngine.prepare(wf), parallel);
        assertThat(expected.status()).isEqualTo(ExecutionStatus.SUCCESS);

        try (TemporalHarness h = new TemporalHarness(TemporalOptions.defaults().withContinueAsNewAfter(100))) {
            ExecutionResult actual = h.run(wf, parallel.withExecutionId("can-2"));

            assertThat(actual.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(actual.state().runs("A25")).hasSize(1);
            assertThat(actual.state().runs("B25")).hasSize(1);
            assertThat(sortedRunData(actual).toString().replace("can-2", "X"))
                    .as("run data as natively (branch order aside, as in CorpusEqualityTest)")
                    .isEqualTo(sortedRunData(expected).toString().replace("can-native-2", "X"));
            WorkflowExecutionStartedEventAttributes started = h.env.getWorkflowClient()
                    .fetchHistory("can-2")
                    .getHistory()
                    .getEvents(0)
                    .getWorkflowExecutionStartedEventAttributes();
            assertThat(started.getContinuedExecutionRunId()).isNotEmpty();
            // every run but the last ended in continue-as-new with no activity left open: scheduled = completed
            for (WorkflowExecutionHistory run : generations(h, "can-2", started)) {
                List<HistoryEvent> events = run.getHistory().getEventsList();
                assertThat(events.stream()
                                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                                .count())
                        .isEqualTo(events.stream()
                                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
                                .count());
            }
        }
    }

    /** Run data with nodes in name order and no last node: parallel branches end in any order on either backend. */
    private static JsonNode sortedRunData(ExecutionResult r) {
        ObjectNode json = (ObjectNode) comparable(r);
        json.remove("lastNodeExecuted");
        ObjectNode sorted = Json.object();
        List<String> names = new ArrayList<>();
        json.path("runData").fieldNames().forEachRemaining(names::add);
        names.stream().sorted().forEach(n -> sorted.set(n, json.path("runData").get(n)));
        json.set("runData", sorted);
        return json;
    }

    /** The histories of all runs of the execution, first to last, following each run back to the one it continued. */
    private static List<WorkflowExecutionHistory> generations(
            TemporalHarness h, String workflowId, WorkflowExecutionStartedEventAttributes lastStarted) {
        List<WorkflowExecutionHistory> runs = new ArrayList<>();
        runs.add(h.env.getWorkflowClient().fetchHistory(workflowId));
        String previous = lastStarted.getContinuedExecutionRunId();
        while (!previous.isEmpty()) {
            WorkflowExecutionHistory run = h.env.getWorkflowClient().fetchHistory(workflowId, previous);
            runs.addFirst(run);
            previous = run.getHistory()
                    .getEvents(0)
                    .getWorkflowExecutionStartedEventAttributes()
                    .getContinuedExecutionRunId();
        }
        return runs;
    }
}
