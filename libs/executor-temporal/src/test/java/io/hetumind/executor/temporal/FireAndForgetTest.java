package io.hetumind.executor.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.SubWorkflowStarter;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Execute Workflow without waiting (fire and forget) on Temporal: the host's starter is handed a key per start that is
 * the same on every attempt of the try, so an attempt repeated after the first one started its children (here: a
 * worker that fails the attempt once the node has run, as a worker lost before it reported would) starts nothing new
 * with a host that keeps keys. Natively the starter is called as before, without a key.
 */
@Timeout(120)
class FireAndForgetTest {

    /** What the host's starter saw: one call per start, with its key and time (null: started without a key). */
    record Call(String reference, int n, String key, Long at) {}

    /** A host that starts each key once, as the studio's starter does. */
    static final class Host implements SubWorkflowStarter {
        final List<Call> calls = new CopyOnWriteArrayList<>();
        final Map<String, Integer> started = new ConcurrentHashMap<>();

        @Override
        public void start(String reference, List<Item> input) {
            calls.add(new Call(reference, input.getFirst().json().path("n").asInt(), null, null));
        }

        @Override
        public void start(String reference, List<Item> input, String key, long at) {
            int n = input.getFirst().json().path("n").asInt();
            calls.add(new Call(reference, n, key, at));
            started.putIfAbsent(key, n);
        }
    }

    @Test
    void anAttemptRepeatedAfterTheStartsRepeatsTheirKeys() {
        Host host = new Host();
        AtomicBoolean lostOnce = new AtomicBoolean();
        WorkerHooks hooks = new WorkerHooks() {
            @Override
            public RunRequest request(ExecutionInput input, RunRequest request) {
                return request.withService(SubWorkflowStarter.class, host);
            }

            @Override
            public void nodeEnded(ExecutionInput input, String node, String status, long at) {
                if (node.equals("Call") && lostOnce.compareAndSet(false, true)) {
                    throw new IllegalStateException("the worker is lost before it reports the try");
                }
            }
        };
        try (TemporalHarness h = new TemporalHarness(engine(), TemporalOptions.defaults(), false, true)) {
            Worker worker = h.env.newWorker(h.options.taskQueue());
            TemporalWorkers.register(worker, h.engine, h.store, h.options, hooks);
            h.env.start();

            ExecutionResult r = h.run(parent(), request("fire"));

            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(lostOnce).isTrue();
            assertThat(r.state().runs("Call")).singleElement().satisfies(run -> assertThat(run.tries())
                    .as("the lost attempt counts as a try")
                    .isEqualTo(2));
            assertThat(r.state().runs("After")).hasSize(1);
            assertThat(host.calls).as("each item started on both attempts").hasSize(4);
            assertThat(host.calls).allSatisfy(c -> assertThat(c.key()).startsWith("fire.s"));
            assertThat(host.calls.subList(2, 4))
                    .as("the second attempt names its starts as the first did, with the same time")
                    .isEqualTo(host.calls.subList(0, 2));
            assertThat(host.calls.get(0).key()).isNotEqualTo(host.calls.get(1).key());
            assertThat(host.started)
                    .as("so a host that keeps keys started each child once")
                    .hasSize(2);
            assertThat(host.started.values()).containsExactlyInAnyOrder(2, 3);
        }
    }

    @Test
    void nativelyTheStarterIsCalledWithoutAKeyAsBefore() {
        Host host = new Host();
        Engine engine = engine();
        ExecutionResult r = engine.run(
                engine.prepare(parent()), request("native-fire").withService(SubWorkflowStarter.class, host));

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(host.calls).containsExactly(new Call("square", 2, null, null), new Call("square", 3, null, null));
    }

    private static Engine engine() {
        return Engine.builder().registry(TemporalHarness.REGISTRY).build();
    }

    private static RunRequest request(String id) {
        return RunRequest.defaults()
                .withExecutionId(id)
                .withInput(List.of(
                        Item.of(Json.object().put("n", 2)),
                        Item.of(Json.object().put("n", 3))))
                .sequential();
    }

    /** Start → Call (Execute Workflow 'square' per item, not waiting) → After. */
    private static Workflow parent() {
        return WorkflowFormat.readJson(
                """
                { "name": "parent", "nodes": [
                    { "name": "Start", "type": "test.trigger" },
                    { "name": "Call", "type": "n8n-nodes-base.executeWorkflow", "typeVersion": 1, "parameters": {
                        "source": "database", "workflowId": "square", "mode": "each",
                        "options": { "waitForSubWorkflow": false } } },
                    { "name": "After", "type": "n8n-nodes-base.noOp", "typeVersion": 1 } ],
                  "connections": {
                    "Start": { "main": [[ { "node": "Call" } ]] },
                    "Call": { "main": [[ { "node": "After" } ]] } } }""");
    }
}
