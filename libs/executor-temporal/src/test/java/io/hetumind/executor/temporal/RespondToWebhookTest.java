package io.hetumind.executor.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Respond to Webhook on Temporal: the try writes the answer to the run-data store and says so in its outcome, and
 * {@code awaitResponse} (an update of the execution's workflow) returns it before the run ends — also when the run
 * parked on a Wait and was resumed before it answered — or empty once a run ends without answering.
 */
@Timeout(120)
class RespondToWebhookTest {

    private static final String RESPOND =
            """
            { "name": "Respond", "type": "n8n-nodes-base.respondToWebhook", "typeVersion": 1, "parameters": {
                "respondWith": "text", "responseBody": "accepted", "options": { "responseCode": 202,
                "responseHeaders": { "entries": [ { "name": "X-Run", "value": "temporal" } ] } } } }""";

    /** Start → {@code first} → {@code second} → End, each a node JSON named in it. */
    private static Workflow chain(String first, String second) {
        String a = Json.parse(first).path("name").asText();
        String b = Json.parse(second).path("name").asText();
        return WorkflowFormat.readJson(
                """
                { "name": "respond", "nodes": [ { "name": "Start", "type": "test.trigger" }, %s, %s,
                    { "name": "End", "type": "test.tag" } ],
                  "connections": { "Start": { "main": [[ { "node": "%s" } ]] },
                    "%s": { "main": [[ { "node": "%s" } ]] }, "%s": { "main": [[ { "node": "End" } ]] } } }"""
                        .formatted(first, second, a, a, b, b));
    }

    private static RunRequest request(String id) {
        return RunRequest.defaults()
                .withExecutionId(id)
                .withInput(List.of(Item.of(Json.object().put("n", 1))));
    }

    @Test
    void theAnswerComesBeforeTheRunEnds() {
        try (TemporalHarness h = new TemporalHarness()) {
            h.executor.start(
                    chain(
                            RESPOND,
                            "{ \"name\": \"Slow\", \"type\": \"test.sleep\", \"parameters\": { \"ms\": 4000 } }"),
                    request("respond-1"));

            Optional<WebhookResponse> answer = h.executor.awaitResponse("respond-1");

            assertThat(h.executor.summary("respond-1").orElseThrow().status())
                    .as("Slow still runs when the answer is out")
                    .isEqualTo("RUNNING");
            assertThat(answer).hasValueSatisfying(r -> {
                assertThat(r.status()).isEqualTo(202);
                assertThat(r.body()).isEqualTo("accepted");
                assertThat(r.headers()).containsEntry("x-run", "temporal");
            });
            assertThat(h.executor.await("respond-1").status()).isEqualTo(ExecutionStatus.SUCCESS);
        }
    }

    @Test
    void aRunThatParksAndResumesBeforeAnsweringStillAnswers() throws Exception {
        try (TemporalHarness h = new TemporalHarness()) {
            h.executor.start(
                    chain("{ \"name\": \"Hold\", \"type\": \"test.wait\", \"parameters\": { \"ms\": -1 } }", RESPOND),
                    request("respond-2"));
            CompletableFuture<Optional<WebhookResponse>> answer =
                    CompletableFuture.supplyAsync(() -> h.executor.awaitResponse("respond-2"));
            h.awaitState("respond-2", s -> s.status() == ExecutionStatus.WAITING);
            Thread.sleep(300);
            assertThat(answer).as("parked: nobody has answered yet").isNotDone();

            h.executor.resume("respond-2", "Hold", null);

            assertThat(answer.get(30, TimeUnit.SECONDS))
                    .as("the caller waiting through the park gets the answer given after the resume")
                    .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(202));
            ExecutionResult r = h.executor.await("respond-2");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.state().runs("End")).hasSize(1);
        }
    }

    @Test
    void aResponseWaitTimesOutWhileParkedAndAnswersOnTheSameUpdate() throws Exception {
        try (TemporalHarness h = new TemporalHarness()) {
            h.executor.start(
                    chain("{ \"name\": \"Hold\", \"type\": \"test.wait\", \"parameters\": { \"ms\": -1 } }", RESPOND),
                    request("respond-4"));
            TemporalExecutor.ResponseWait wait = h.executor.responseWait("respond-4");
            h.awaitState("respond-4", s -> s.status() == ExecutionStatus.WAITING);
            assertThatThrownBy(() -> wait.get(Duration.ofMillis(300)))
                    .as("parked: no answer yet, the host may stop waiting")
                    .isInstanceOf(TimeoutException.class);
            assertThatThrownBy(() -> wait.get(Duration.ofMillis(300))).isInstanceOf(TimeoutException.class);

            h.executor.resume("respond-4", "Hold", null);

            assertThat(wait.get(Duration.ofSeconds(30)))
                    .hasValueSatisfying(r -> assertThat(r.body()).isEqualTo("accepted"));
            assertThat(h.executor.await("respond-4").status()).isEqualTo(ExecutionStatus.SUCCESS);
            long updates = h.env.getWorkflowClient().fetchHistory("respond-4").getEvents().stream()
                    .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
                    .count();
            assertThat(updates).as("polled three times, one update in history").isEqualTo(1);
            assertThat(h.executor.responseWait("respond-4").get(Duration.ofMillis(300)))
                    .as("a wait started after the end reads the store")
                    .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(202));
        }
    }

    @Test
    void aRunEndingWithoutAnAnswerAnswersEmpty() {
        try (TemporalHarness h = new TemporalHarness()) {
            h.executor.start(
                    chain(
                            "{ \"name\": \"A\", \"type\": \"test.tag\" }",
                            "{ \"name\": \"B\", \"type\": \"test.sleep\", \"parameters\": { \"ms\": 500 } }"),
                    request("respond-3"));
            assertThat(h.executor.awaitResponse("respond-3")).isEmpty();
            assertThat(h.executor.await("respond-3").status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(h.executor.awaitResponse("respond-3"))
                    .as("asked after the end")
                    .isEmpty();
        }
    }
}
