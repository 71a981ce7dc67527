package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Error workflows and sub-workflows run as child executions of the same engine. */
class ChildExecutionTest {

    /** Runs the workflow named by {@code workflow} with its input and returns the child's last output. */
    static final class Call implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.call")
                    .displayName("Call")
                    .property(PropertySpec.string("workflow").required())
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            SubWorkflowRunner runner = ctx.service(SubWorkflowRunner.class).orElseThrow();
            ExecutionResult child = runner.run(ctx.param("workflow", String.class), ctx.items());
            return NodeResult.of(child.lastOutput());
        }
    }

    private static final List<RunEvent> FINISHED = new CopyOnWriteArrayList<>();
    private static final InMemoryCheckpointer STORE = new InMemoryCheckpointer();

    private static Engine engine(Map<String, Workflow> byId) {
        WorkflowResolver resolver = ref -> Optional.ofNullable(byId.get(ref));
        return Engine.builder()
                .registry(TestNodes.registry().with(List.of(new Call())))
                .workflows(resolver)
                .checkpointer(STORE)
                .listener(e -> {
                    if (e.kind() == RunEvent.Kind.EXECUTION_FINISHED) {
                        FINISHED.add(e);
                    }
                })
                .build();
    }

    @Test
    void aFailedRunStartsItsErrorWorkflowWithTheFailureSummary() throws InterruptedException {
        TestNodes.Flaky.TRIES.clear();
        Workflow onError = WorkflowFormat.readJson(
                """
                {"id":"on-error","name":"On error","nodes":[{"name":"Caught","type":"test.trigger"},
                  {"name":"Report","type":"test.tag"}],
                 "connections":{"Caught":{"main":[[{"node":"Report"}]]}}}""");
        Workflow failing = WorkflowFormat.readJson(
                """
                {"id":"main","name":"Main","settings":{"errorWorkflow":"on-error"},
                 "nodes":[{"name":"Start","type":"test.trigger"},
                  {"name":"Boom","type":"test.flaky","parameters":{"failures":9,"userError":true}}],
                 "connections":{"Start":{"main":[[{"node":"Boom"}]]}}}""");
        FINISHED.clear();
        Engine engine = engine(Map.of("on-error", onError));
        ExecutionResult r =
                engine.run(engine.prepare(failing), RunRequest.defaults().withExecutionId("failed-1"));
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        // the error workflow runs as an execution of its own, on its own thread
        long until = System.currentTimeMillis() + 10_000;
        while (FINISHED.stream().noneMatch(e -> e.executionId().equals("failed-1.error"))
                && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
        ExecutionState errorRun = engine.recover(engine.prepare(onError), "failed-1.error");
        assertThat(errorRun.mode()).isEqualTo("error");
        assertThat(errorRun.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(errorRun.parentExecutionId()).isEqualTo("failed-1");
        var summary = errorRun.runs("Report").getFirst().output(0).getFirst().json();
        assertThat(summary.at("/execution/id").asText()).isEqualTo("failed-1");
        assertThat(summary.at("/execution/error/message").asText()).isEqualTo("bad value in item");
        assertThat(summary.at("/execution/error/node").asText()).isEqualTo("Boom");
        assertThat(summary.at("/workflow/name").asText()).isEqualTo("Main");
    }

    @Test
    void aSubWorkflowReturnsItsOutputToTheParent() {
        Workflow child = WorkflowFormat.readJson(
                """
                {"id":"child","name":"Child","nodes":[{"name":"In","type":"test.trigger"},
                  {"name":"Work","type":"test.tag","parameters":{"note":"from child"}}],
                 "connections":{"In":{"main":[[{"node":"Work"}]]}}}""");
        Workflow parent = WorkflowFormat.readJson(
                """
                {"id":"parent","name":"Parent","nodes":[{"name":"Start","type":"test.trigger"},
                  {"name":"Call child","type":"test.call","parameters":{"workflow":"child"}},
                  {"name":"After","type":"test.tag"}],
                 "connections":{"Start":{"main":[[{"node":"Call child"}]]},"Call child":{"main":[[{"node":"After"}]]}}}""");
        Engine engine = engine(Map.of("child", child));
        ExecutionResult r = engine.run(
                engine.prepare(parent),
                RunRequest.defaults().withInput(List.of(Item.of(Json.object().put("n", 1)))));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.lastOutput().getFirst().json().toString())
                .isEqualTo("{\"n\":1,\"path\":[\"Work\",\"After\"],\"note\":\"from child\"}");
    }

    @Test
    void aMissingSubWorkflowFailsTheCallingNode() {
        Workflow parent = WorkflowFormat.readJson(
                """
                {"name":"Parent","nodes":[{"name":"Start","type":"test.trigger"},
                  {"name":"Call","type":"test.call","parameters":{"workflow":"nope"}}],
                 "connections":{"Start":{"main":[[{"node":"Call"}]]}}}""");
        Engine engine = engine(Map.of());
        ExecutionResult r = engine.run(engine.prepare(parent), RunRequest.defaults());
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message()).isEqualTo("sub-workflow 'nope' not found");
        assertThat(r.state().error().node()).isEqualTo("Call");
        assertThat(r.state().error().kind()).isEqualTo(io.hetumind.core.spi.ErrorKind.USER);
    }

    @Test
    void aParkedChildKeepsItsParentWaitingAndItsResumeFinishesTheParent() throws Exception {
        TestNodes.CALLS.clear();
        Workflow child = WorkflowFormat.readJson(
                """
                {"id":"approve","name":"Approve","nodes":[{"name":"In","type":"test.trigger"},
                  {"name":"Hold","type":"test.wait","parameters":{"ms":-1}},
                  {"name":"Work","type":"test.tag"}],
                 "connections":{"In":{"main":[[{"node":"Hold"}]]},"Hold":{"main":[[{"node":"Work"}]]}}}""");
        Workflow parent = WorkflowFormat.readJson(
                """
                {"id":"order","name":"Order","nodes":[{"name":"Start","type":"test.trigger"},
                  {"name":"Ask","type":"test.call","parameters":{"workflow":"approve"}},
                  {"name":"After","type":"test.tag"}],
                 "connections":{"Start":{"main":[[{"node":"Ask"}]]},"Ask":{"main":[[{"node":"After"}]]}}}""");
        Engine engine = engine(Map.of("approve", child, "order", parent));
        ExecutionResult parked =
                engine.run(engine.prepare(parent), RunRequest.defaults().withExecutionId("order-1"));
        // the child parked: its parent is not done (and its node neither succeeded nor failed)
        assertThat(parked.status()).isEqualTo(ExecutionStatus.WAITING);
        assertThat(parked.state().runs("Ask")).isEmpty();
        assertThat(parked.state().runs("After")).isEmpty();
        String childId = "order-1.c2.0"; // deterministic: parent id, task of "Ask", first child
        assertThat(engine.recover(engine.prepare(child), childId).status()).isEqualTo(ExecutionStatus.WAITING);

        ExecutionResult childDone =
                engine.resumeWaiting(engine.prepare(child), engine.resumeToken(childId), null, RunRequest.defaults());
        assertThat(childDone.status()).isEqualTo(ExecutionStatus.SUCCESS);
        long until = System.currentTimeMillis() + 10_000;
        ExecutionState order = engine.recover(engine.prepare(parent), "order-1");
        while (order.status() != ExecutionStatus.SUCCESS && System.currentTimeMillis() < until) {
            Thread.sleep(20);
            order = engine.recover(engine.prepare(parent), "order-1");
        }
        assertThat(order.status())
                .as("the parent is resumed once its child finished")
                .isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(order.runs("After")).hasSize(1);
        assertThat(order.runs("After")
                        .getFirst()
                        .output(0)
                        .getFirst()
                        .json()
                        .path("path")
                        .toString())
                .isEqualTo("[\"Work\",\"After\"]");
        // the child ran once: the parent's second run of "Ask" found it finished
        assertThat(TestNodes.calls("Hold")).isEqualTo(1);
        assertThat(TestNodes.calls("Work")).isEqualTo(1);
    }
}
