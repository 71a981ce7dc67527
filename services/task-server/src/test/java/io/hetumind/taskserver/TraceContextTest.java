package io.hetumind.taskserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Protocol;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * W3C trace context from a traced trigger to the agent: the dispatch carries the context of a server span that is a
 * child of the trigger's request span, so the agent's run span (see the agent's RunnerTest) joins the same trace.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class TraceContextTest {
    static Iam acme;

    @Inject
    RecordedSpans spans;

    @BeforeAll
    static void tenant() {
        acme = Iam.newTenant();
    }

    static io.restassured.specification.RequestSpecification api() {
        return io.restassured.RestAssured.given()
                .header("Authorization", "Bearer " + acme.ownerToken())
                .contentType(io.restassured.http.ContentType.JSON);
    }

    static String trigger(String job) {
        return api().post("/api/v1/jobs/" + job + "/trigger")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    record Traceparent(String traceId, String spanId) {
        static Traceparent parse(String s) {
            assertThat(s).as("a W3C traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
            String[] p = s.split("-");
            return new Traceparent(p[1], p[2]);
        }
    }

    private SpanData span(String spanId) throws Exception {
        return SchedulingTest.eventually(
                        () -> spans.bySpanId(spanId), java.util.Optional::isPresent, Duration.ofSeconds(5))
                .orElseThrow();
    }

    @Test
    void aTracedTriggerReachesTheAgentAsTheParentOfItsDispatchAndRetriesStayInTheTrace() throws Exception {
        String job = api().body(Map.of(
                        "name",
                        "traced",
                        "namespace",
                        "traced",
                        "command",
                        "true",
                        "timeoutMs",
                        60_000,
                        "maxRetries",
                        1,
                        "retryBackoffMs",
                        0))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        String traceId = hex(16);
        String callerSpan = hex(8);
        String instance = api().header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .post("/api/v1/jobs/" + job + "/trigger")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        try (AgentClient agent = AgentClient.connect(acme.agentToken("traced"))) {
            agent.register("tracer", Map.of(), 1, List.of(), List.of(Protocol.TRACE_CONTEXT));
            Messages.Dispatch d = agent.acquire(1, 5000).instances().getFirst();
            assertThat(d.instanceId().toString()).isEqualTo(instance);
            Traceparent sent = Traceparent.parse(d.traceparent());
            assertThat(sent.traceId()).as("the caller's trace").isEqualTo(traceId);
            SpanData dispatch = span(sent.spanId());
            assertThat(dispatch.getName()).isEqualTo("sched dispatch");
            assertThat(dispatch.getAttributes().asMap().toString()).contains(instance);
            SpanData request = span(dispatch.getParentSpanId());
            assertThat(request.getTraceId()).isEqualTo(traceId);
            assertThat(request.getParentSpanId())
                    .as("the trigger's request span, child of the caller's")
                    .isEqualTo(callerSpan);

            // The attempt fails; its retry, queued by the agent's update (no request span), stays in the trace.
            agent.update(AgentClient.event(d.instanceId(), "started", null));
            agent.update(AgentClient.event(d.instanceId(), "failed", 1));
            Messages.Dispatch retry = agent.acquire(1, 5000).instances().getFirst();
            assertThat(retry.attempt()).isEqualTo(2);
            Traceparent again = Traceparent.parse(retry.traceparent());
            assertThat(again.traceId()).isEqualTo(traceId);
            assertThat(again.spanId()).isNotEqualTo(sent.spanId());
            assertThat(span(again.spanId()).getParentSpanId()).isEqualTo(request.getSpanId());
            agent.update(AgentClient.event(retry.instanceId(), "started", null));
            agent.update(AgentClient.event(retry.instanceId(), "succeeded", 0));
        }
        // An agent that does not announce trace_context gets no traceparent (a protocol 1 agent could not read it).
        String plain = trigger(job);
        try (AgentClient agent = AgentClient.connect(acme.agentToken("traced"))) {
            agent.register("untraced", Map.of(), 1, List.of());
            Messages.Dispatch d = agent.acquire(1, 5000).instances().getFirst();
            assertThat(d.instanceId().toString()).isEqualTo(plain);
            assertThat(d.traceparent()).isNull();
            agent.update(AgentClient.event(d.instanceId(), "started", null));
            agent.update(AgentClient.event(d.instanceId(), "succeeded", 0));
        }
    }
}
