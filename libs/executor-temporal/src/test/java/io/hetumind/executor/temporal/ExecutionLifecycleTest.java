package io.hetumind.executor.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.TestNodes;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Waits on durable timers, resumes from outside by signal, and cancellation, on the Temporal test service. */
@Timeout(90)
class ExecutionLifecycleTest {

    private static TemporalHarness h;

    @BeforeAll
    static void start() {
        h = new TemporalHarness(TemporalOptions.defaults().withHeartbeatTimeout(Duration.ofSeconds(3)));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    static Workflow chain(String name, String middleType, String middleParams) {
        return WorkflowFormat.readJson(
                """
                { "name": "%1$s", "nodes": [
                    { "name": "%1$s Start", "type": "test.trigger" },
                    { "name": "%1$s Middle", "type": "%2$s", "parameters": %3$s },
                    { "name": "%1$s End", "type": "test.tag" } ],
                  "connections": {
                    "%1$s Start": { "main": [[ { "node": "%1$s Middle" } ]] },
                    "%1$s Middle": { "main": [[ { "node": "%1$s End" } ]] } } }
                """
                        .formatted(name, middleType, middleParams));
    }

    private static RunRequest request(String id) {
        return RunRequest.defaults()
                .withExecutionId(id)
                .withInput(List.of(Item.of(Json.object().put("n", 1))));
    }

    @Test
    void aOneDayWaitEndsInTestTime() {
        // an environment of its own: time skipping stalls while another test's node try is in flight
        try (TemporalHarness h = new TemporalHarness()) {
            oneDay(h);
        }
    }

    private static void oneDay(TemporalHarness h) {
        Workflow wf =
                chain("Day", "hetumind.wait", "{\"resume\": \"timeInterval\", \"amount\": 1, \"unit\": \"days\"}");
        long realStart = System.nanoTime();

        ExecutionResult r = h.run(wf, request("wait-1d"));

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.state().finishedAt() - r.state().startedAt())
                .as("the execution spans a day of (skipped) time")
                .isGreaterThanOrEqualTo(Duration.ofDays(1).toMillis());
        assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(60));
        NodeRun waited = r.state().runs("Day Middle").getFirst();
        assertThat(waited.status().wire()).isEqualTo("success");
        assertThat(waited.executionTimeMs())
                .isGreaterThanOrEqualTo(Duration.ofDays(1).toMillis() - 1000);
        assertThat(r.output("Day End", 0))
                .singleElement()
                .satisfies(i -> assertThat(i.json().path("n").asInt()).isEqualTo(1));
    }

    @Test
    void aWebhookWaitResumesBySignalWithNewOutputs() throws Exception {
        Workflow wf = chain("Hook", "test.wait", "{\"ms\": -1}");
        h.executor.start(wf, request("hook-1"));
        var parked = h.awaitState("hook-1", s -> s.status() == ExecutionStatus.WAITING);
        assertThat(parked.pauseReason()).isEqualTo("wait");
        assertThat(parked.runs("Hook End")).isEmpty();

        h.executor.resume(
                "hook-1", "Hook Middle", List.of(List.of(Item.of(Json.object().put("resumed", true)))));
        ExecutionResult r = h.executor.await("hook-1");

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Hook End", 0).getFirst().json().path("resumed").asBoolean())
                .isTrue();
        assertThat(r.state()
                        .runs("Hook Middle")
                        .getFirst()
                        .outputs()
                        .getFirst()
                        .getFirst()
                        .json()
                        .path("resumed")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void cancelingAWaitingExecutionEndsItCanceled() throws Exception {
        Workflow wf = chain("CancelWait", "test.wait", "{\"ms\": -1}");
        h.executor.start(wf, request("cancel-wait"));
        h.awaitState("cancel-wait", s -> s.status() == ExecutionStatus.WAITING);

        h.executor.cancel("cancel-wait");
        ExecutionResult r = h.executor.await("cancel-wait");

        assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(r.state().error().message()).contains("canceled");
        assertThat(r.state().runs("CancelWait End")).isEmpty();
    }

    @Test
    void cancelingARunningNodeStopsItAndNothingAfterItRuns() throws Exception {
        Workflow wf = chain("CancelRun", "test.sleep", "{\"ms\": 600000}");
        h.executor.start(wf, request("cancel-run"));
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (TestNodes.calls("CancelRun Middle") == 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(TestNodes.calls("CancelRun Middle")).isEqualTo(1);

        h.executor.cancel("cancel-run");
        ExecutionResult r = h.executor.await("cancel-run");

        assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(r.state().runs("CancelRun Start")).hasSize(1);
        assertThat(r.state().runs("CancelRun End")).isEmpty();
        assertThat(TestNodes.calls("CancelRun End")).isZero();
    }
}
