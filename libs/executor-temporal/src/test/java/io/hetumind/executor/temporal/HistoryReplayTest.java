package io.hetumind.executor.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.TestNodes;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replays a recorded history (committed under {@code src/test/resources/histories}) against the current workflow code:
 * a change that alters what the workflow code issues (activities, timers, their order) fails here. Re-record with
 * {@code -Drecord.history=true} only for a change guarded by {@code Workflow.getVersion}.
 */
@Timeout(120)
class HistoryReplayTest {

    private static final Path HISTORY = Path.of("src/test/resources/histories/retry-wait-parallel.json");

    private static final Path CALLER_V1 = Path.of("src/test/resources/histories/awaiting-caller-v1.json");

    static final Workflow WORKFLOW = WorkflowFormat.readJson(
            """
            { "name": "Replay", "nodes": [
                { "name": "R Start", "type": "test.trigger" },
                { "name": "R Flaky", "type": "test.flaky", "parameters": { "failures": 1 },
                  "retry": { "maxTries": 3, "waitMs": 5, "backoff": 2.0 } },
                { "name": "R Wait", "type": "test.wait", "parameters": { "ms": 3600000 } },
                { "name": "R Left", "type": "test.tag" },
                { "name": "R Right", "type": "test.tag" },
                { "name": "R Merge", "type": "test.merge" } ],
              "connections": {
                "R Start": { "main": [[ { "node": "R Flaky" } ]] },
                "R Flaky": { "main": [[ { "node": "R Wait" } ]] },
                "R Wait": { "main": [[ { "node": "R Left" }, { "node": "R Right" } ]] },
                "R Left": { "main": [[ { "node": "R Merge", "index": 0 } ]] },
                "R Right": { "main": [[ { "node": "R Merge", "index": 1 } ]] } } }
            """);

    @Test
    void theCommittedHistoryReplaysOnTheCurrentCode() throws Exception {
        if (Boolean.getBoolean("record.history")) {
            record();
        }
        String json = Files.readString(HISTORY);
        // the version marker, the retried node as one activity, the wait's durable timer, its resume, the parallel pair
        assertThat(json).contains("EVENT_TYPE_MARKER_RECORDED", "EVENT_TYPE_TIMER_STARTED", "\"RecordResume\"");
        assertThat(json.split("\"name\": \"RunNode\"", -1)).hasSize(7);
        try (TemporalHarness h = new TemporalHarness(TemporalOptions.defaults(), false)) {
            Worker worker = h.env.newWorker("replay");
            TemporalWorkers.register(worker, h.engine, h.store, h.options);
            WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(json), worker);
        }
    }

    /**
     * A history of continue-as-new version 1, recorded by the code of commit 2a2d929 (before waiting callers were
     * handed on): Loop Over Items over 30 items, then Respond to Webhook, with {@code continueAsNewAfter} 100 and a
     * caller waiting on the legacy {@code awaitResponse} update from the start. The run did not continue while the
     * caller waited, went far past 100 events and continued as new only once it had answered; the current code takes
     * the same decisions for it (a legacy caller still holds a run back, on either version).
     */
    @Test
    void aVersionOneHistoryWhoseWaitingCallerHeldItBackReplays() throws Exception {
        String json = Files.readString(CALLER_V1);
        WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(json);
        List<HistoryEvent> events = history.getHistory().getEventsList();
        assertThat(events).hasSizeGreaterThan(300);
        assertThat(events.stream()
                        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED))
                .hasSize(1);
        assertThat(events.getLast().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
        try (TemporalHarness h = new TemporalHarness(TemporalOptions.defaults(), false)) {
            Worker worker = h.env.newWorker("replay-caller-v1");
            TemporalWorkers.register(worker, h.engine, h.store, h.options);
            WorkflowReplayer.replayWorkflowExecution(history, worker);
        }
    }

    @Test
    void aChangeInWhatTheWorkflowIssuesIsCaughtOnReplay() throws Exception {
        String json = Files.readString(HISTORY);
        // one node at a time instead of the recorded parallel pair: the commands no longer match the history
        TemporalOptions sequential = new TemporalOptions(
                TemporalOptions.DEFAULT_TARGET,
                TemporalOptions.DEFAULT_NAMESPACE,
                TemporalOptions.DEFAULT_TASK_QUEUE,
                java.time.Duration.ofHours(1),
                java.time.Duration.ofSeconds(30),
                1);
        try (TemporalHarness h = new TemporalHarness(sequential, false)) {
            Worker worker = h.env.newWorker("replay-changed");
            TemporalWorkers.register(worker, h.engine, h.store, sequential);
            assertThatThrownBy(() ->
                            WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(json), worker))
                    .hasStackTraceContaining("NonDeterministic");
        }
    }

    private static void record() throws Exception {
        TestNodes.Flaky.TRIES.clear();
        try (TemporalHarness h = new TemporalHarness()) {
            var r = h.run(
                    WORKFLOW,
                    RunRequest.defaults()
                            .withExecutionId("replay-1")
                            .withInput(List.of(Item.of(Json.object().put("n", 1)))));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.state().runs("R Flaky").getFirst().tries()).isEqualTo(2);
            assertThat(r.state().runs("R Merge")).hasSize(1);
            Files.createDirectories(HISTORY.getParent());
            Files.writeString(
                    HISTORY, h.env.getWorkflowClient().fetchHistory("replay-1").toJson(true));
        }
    }
}
