package io.hetumind.executor.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Attached;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.SubPort;
import io.hetumind.core.spi.SupplierNode;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On Temporal, as under the coordinator, the host hears each call a node makes of a sub-node as it starts and ends
 * ({@link WorkerHooks#subNodeStarted}, {@link WorkerHooks#subNodeEnded}), between the node's own start and end.
 */
@Timeout(120)
class SubNodeCallsTest {

    /** A root asking its model once per item; the item {@code fail} makes the model refuse. */
    static final class Root implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.subCallRoot")
                    .displayName("Root")
                    .subInput(SubPort.required(ConnectionTypes.AI_LANGUAGE_MODEL, "Chat Model"))
                    .build();
        }

        @SuppressWarnings("unchecked")
        public NodeResult execute(NodeContext ctx) {
            List<Item> out = new ArrayList<>();
            for (int i = 0; i < ctx.items().size(); i++) {
                Attached<UnaryOperator> model =
                        ctx.attachedOne(ConnectionTypes.AI_LANGUAGE_MODEL, i, UnaryOperator.class, "a chat model");
                String q = ctx.items().get(i).json().path("q").asText();
                var call = model.call(
                        ConnectionTypes.AI_LANGUAGE_MODEL,
                        List.of(Item.of(Json.object().put("q", q))));
                if (q.equals("fail")) {
                    var e = NodeException.user("refused", i);
                    call.failed(e);
                    out.add(Item.of(Json.object().put("error", "refused")));
                    continue;
                }
                String answer = (String) model.value().apply(q);
                call.succeeded(List.of(Item.of(Json.object().put("a", answer))));
                out.add(Item.of(Json.object().put("a", answer)));
            }
            return NodeResult.of(out);
        }
    }

    static final class Model implements SupplierNode {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.subCallModel")
                    .displayName("Model")
                    .subNode(ConnectionTypes.AI_LANGUAGE_MODEL)
                    .build();
        }

        public Object supply(NodeContext ctx, String type, int item) {
            return (UnaryOperator<String>) p -> "re:" + p;
        }
    }

    private static final String WORKFLOW =
            """
            {"name":"sub-calls","nodes":[
              {"name":"Start","type":"test.trigger"},
              {"name":"Agent","type":"test.subCallRoot"},
              {"name":"GPT","type":"test.subCallModel"}],
             "connections":{
              "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
              "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]}}}
            """;

    private static ExecutionResult run(WorkerHooks hooks, String id) {
        Engine engine = Engine.builder()
                .registry(TemporalHarness.REGISTRY.with(List.of(new Root(), new Model())))
                .build();
        try (TemporalHarness h = new TemporalHarness(engine, TemporalOptions.defaults(), false, true)) {
            Worker worker = h.env.newWorker(h.options.taskQueue());
            TemporalWorkers.register(worker, h.engine, h.store, h.options, hooks);
            h.env.start();
            return h.run(
                    WorkflowFormat.readJson(WORKFLOW),
                    RunRequest.defaults()
                            .withExecutionId(id)
                            .withInput(List.of(
                                    Item.of(Json.object().put("q", "a")),
                                    Item.of(Json.object().put("q", "fail"))))
                            .sequential());
        }
    }

    @Test
    void theHostHearsEachSubNodeCallAsItStartsAndEnds() {
        List<String> heard = new CopyOnWriteArrayList<>();
        WorkerHooks hooks = new WorkerHooks() {
            @Override
            public void nodeStarted(ExecutionInput input, String node, long at) {
                heard.add("started " + node);
            }

            @Override
            public void nodeEnded(ExecutionInput input, String node, String status, long at) {
                heard.add("ended " + node + " " + status);
            }

            @Override
            public void subNodeStarted(ExecutionInput input, String node, long at) {
                heard.add("sub started " + node);
            }

            @Override
            public void subNodeEnded(ExecutionInput input, String node, String status, long at) {
                heard.add("sub ended " + node + " " + status);
            }
        };
        ExecutionResult r = run(hooks, "sub-calls");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.toJson().get("runData").get("GPT")).hasSize(2);
        assertThat(heard)
                .filteredOn(e -> !e.contains("Start"))
                .containsExactly(
                        "started Agent",
                        "sub started GPT",
                        "sub ended GPT success",
                        "sub started GPT",
                        "sub ended GPT error",
                        "ended Agent success");
    }

    @Test
    void aHookThatThrowsChangesNothing() {
        WorkerHooks hooks = new WorkerHooks() {
            @Override
            public void subNodeStarted(ExecutionInput input, String node, long at) {
                throw new IllegalStateException("the live view is down");
            }

            @Override
            public void subNodeEnded(ExecutionInput input, String node, String status, long at) {
                throw new IllegalStateException("the live view is down");
            }
        };
        ExecutionResult r = run(hooks, "sub-calls-throwing");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.toJson().get("runData").get("GPT"))
                .extracting(e -> e.get("executionStatus").asText())
                .containsExactly("success", "error");
    }
}
