package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Attached;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.core.validate.Problem;
import io.hetumind.core.validate.ValidationReport;
import io.hetumind.core.validate.WorkflowValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** n8n's cluster-node model: sub-nodes supply their root, are validated, and are never scheduled. */
class SubNodeTest {

    static final AtomicInteger SUPPLIED = new AtomicInteger();

    /** A root that needs one model, takes any number of tools and optionally a parser. */
    static final class Root implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.root")
                    .displayName("Root")
                    .property(PropertySpec.bool("hasOutputParser").defaultValue(false))
                    .subInput(SubPort.required(ConnectionTypes.AI_LANGUAGE_MODEL, "Chat Model"))
                    .subInput(SubPort.many(ConnectionTypes.AI_TOOL, "Tool"))
                    .subInput(SubPort.required(ConnectionTypes.AI_OUTPUT_PARSER, "Output Parser")
                            .showWhen("hasOutputParser", true))
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            List<Item> out = new ArrayList<>();
            for (int i = 0; i < ctx.items().size(); i++) {
                Attached<UnaryOperator> model =
                        ctx.attachedOne(ConnectionTypes.AI_LANGUAGE_MODEL, i, UnaryOperator.class, "a chat model");
                var json = Json.object().put("answer", (String) model.value().apply("q" + i));
                json.put("model", model.nodeName());
                var tools = json.putArray("tools");
                ctx.attached(ConnectionTypes.AI_TOOL, i, String.class).forEach(t -> tools.add(t.value()));
                out.add(Item.of(json));
            }
            return NodeResult.of(out);
        }
    }

    /** Supplies a "model" that prefixes its prompt with the rendered {@code reply} parameter. */
    static final class Model implements SupplierNode {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.model")
                    .displayName("Model")
                    .subNode(ConnectionTypes.AI_LANGUAGE_MODEL)
                    .property(PropertySpec.string("reply").defaultValue("hi"))
                    .build();
        }

        public Object supply(NodeContext ctx, String type, int item) {
            SUPPLIED.incrementAndGet();
            String reply = ctx.param("reply", item, String.class);
            ctx.log("built");
            return (UnaryOperator<String>) p -> reply + ":" + p;
        }
    }

    static final class Tool implements SupplierNode {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.tool")
                    .displayName("Tool")
                    .subNode(ConnectionTypes.AI_TOOL)
                    .property(PropertySpec.string("name").defaultValue("t"))
                    .build();
        }

        public Object supply(NodeContext ctx, String type, int item) {
            return ctx.param("name", String.class);
        }
    }

    /** A root that records each model call as a run of the model (n8n's addInputData / addOutputData). */
    static final class CallingRoot implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.callingRoot")
                    .displayName("Calling root")
                    .subInput(SubPort.required(ConnectionTypes.AI_LANGUAGE_MODEL, "Chat Model"))
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            List<Item> out = new ArrayList<>();
            for (int i = 0; i < ctx.items().size(); i++) {
                Attached<UnaryOperator> model =
                        ctx.attachedOne(ConnectionTypes.AI_LANGUAGE_MODEL, i, UnaryOperator.class, "a chat model");
                String prompt = ctx.items().get(i).json().path("q").asText();
                var call = model.call(
                        ConnectionTypes.AI_LANGUAGE_MODEL,
                        List.of(Item.of(Json.object().put("prompt", prompt))));
                call.log("calling with " + prompt);
                if (prompt.equals("abandon")) { // the root breaks off with the call under way
                    throw io.hetumind.core.spi.NodeException.operational("gave up", null);
                }
                if (prompt.equals("fail")) {
                    var e = io.hetumind.core.spi.NodeException.user("the model refused", i);
                    call.failed(e);
                    throw e;
                }
                String answer = (String) model.value().apply(prompt);
                call.succeeded(List.of(Item.of(Json.object().put("answer", answer))));
                call.succeeded(List.of()); // a call ends once
                out.add(Item.of(Json.object().put("answer", answer)));
            }
            return NodeResult.of(out);
        }
    }

    static NodeRegistry registry() {
        return TestNodes.registry().with(List.of(new Root(), new Model(), new Tool(), new CallingRoot()));
    }

    static final String NODES =
            """
            {"name":"T","type":"test.trigger"},
            {"name":"Agent","type":"test.root"},
            {"name":"GPT","type":"test.model","parameters":{"reply":"={{ $json.who }}"}},
            {"name":"Search","type":"test.tool","parameters":{"name":"search"}},
            {"name":"Calc","type":"test.tool","parameters":{"name":"calc"}}
            """;

    static final String CONNECTIONS =
            """
            "T":{"main":[[{"node":"Agent","type":"main","index":0}]]},
            "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
            "Search":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]},
            "Calc":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
            """;

    static io.hetumind.core.model.Workflow wf(String nodes, String connections) {
        return WorkflowFormat.readJson(
                "{\"name\":\"ai\",\"nodes\":[" + nodes + "],\"connections\":{" + connections + "}}");
    }

    static List<Problem> problems(String nodes, String connections) {
        ValidationReport r = new WorkflowValidator(registry()).validate(wf(nodes, connections));
        return r.problems();
    }

    @Test
    void rootGetsWhatItsSubNodesSupplyPerItemAndSubNodesNeverRun() {
        Engine engine = Engine.builder().registry(registry()).build();
        var items = List.of(
                Item.of(Json.object().put("who", "ann")), Item.of(Json.object().put("who", "bob")));
        ExecutionResult r = engine.run(
                engine.prepare(wf(NODES, CONNECTIONS)), RunRequest.defaults().withInput(items));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        List<Item> out = r.output("Agent", 0);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).json().toString())
                .isEqualTo("{\"answer\":\"ann:q0\",\"model\":\"GPT\",\"tools\":[\"search\",\"calc\"]}");
        assertThat(out.get(1).json().get("answer").asText()).isEqualTo("bob:q1");
        assertThat(r.state().runs("GPT")).isEmpty();
        assertThat(r.state().runs("Search")).isEmpty();
        assertThat(r.state().runs("Agent").getFirst().console()).contains("[GPT] built");
    }

    static final String CALLING =
            """
            {"name":"T","type":"test.trigger"},
            {"name":"Agent","type":"test.callingRoot"},
            {"name":"GPT","type":"test.model","parameters":{"reply":"ok"}}
            """;

    static final String CALLING_WIRES =
            """
            "T":{"main":[[{"node":"Agent","type":"main","index":0}]]},
            "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]}
            """;

    @Test
    void callsOfASubNodeAreItsRunsInRunDataInN8nsShape() {
        Engine engine = Engine.builder().registry(registry()).build();
        var items = List.of(
                Item.of(Json.object().put("q", "a")), Item.of(Json.object().put("q", "b")));
        ExecutionResult r = engine.run(
                engine.prepare(wf(CALLING, CALLING_WIRES)),
                RunRequest.defaults().withInput(items));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        NodeRun agent = r.state().runs("Agent").getFirst();
        assertThat(agent.subRuns()).extracting(SubRun::node).containsExactly("GPT", "GPT");
        assertThat(r.state().runs("GPT"))
                .as("kept with the root's run, not scheduled")
                .isEmpty();

        var gpt = r.toJson().get("runData").get("GPT");
        assertThat(gpt).hasSize(2);
        var first = gpt.get(0);
        assertThat(first.get("executionStatus").asText()).isEqualTo("success");
        assertThat(first.get("data").toString())
                .isEqualTo("{\"ai_languageModel\":[[{\"json\":{\"answer\":\"ok:a\"}}]]}");
        assertThat(first.get("inputOverride").toString())
                .isEqualTo("{\"ai_languageModel\":[[{\"json\":{\"prompt\":\"a\"}}]]}");
        assertThat(first.get("source").toString())
                .isEqualTo("[{\"previousNode\":\"Agent\",\"previousNodeOutput\":0,\"previousNodeRun\":0}]");
        assertThat(first.get("console").toString()).isEqualTo("[\"calling with a\"]");
        assertThat(gpt.get(1)
                        .get("data")
                        .get("ai_languageModel")
                        .get(0)
                        .get(0)
                        .get("json")
                        .get("answer")
                        .asText())
                .isEqualTo("ok:b");
        assertThat(agent.console()).doesNotContain("calling with a");

        ExecutionState back =
                io.hetumind.core.engine.internal.StateCodec.read(r.state().toJson());
        assertThat(RunDataView.toJson(back)).isEqualTo(r.toJson());
    }

    @Test
    void listenersAreToldAsEachCallStartsAndEnds() throws InterruptedException {
        List<RunEvent> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        Engine engine =
                Engine.builder().registry(registry()).listener(heard::add).build();
        var items = List.of(
                Item.of(Json.object().put("q", "a")),
                Item.of(Json.object().put("q", "b")),
                Item.of(Json.object().put("q", "fail")));
        ExecutionResult r = engine.run(
                engine.prepare(wf(CALLING, CALLING_WIRES)),
                RunRequest.defaults().withInput(items));
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(engine.awaitListeners(java.time.Duration.ofSeconds(5))).isTrue();
        assertThat(heard)
                .filteredOn(e -> !e.kind().name().startsWith("EXECUTION") && !"T".equals(e.node()))
                .as("as the calls happen, between the root's start and end (n8n's nodeExecuteBefore/After)")
                .extracting(e -> e.kind() + " " + e.node()
                        + (e.error() == null ? "" : " " + e.error().message()))
                .containsExactly(
                        "NODE_STARTED Agent",
                        "SUB_NODE_STARTED GPT",
                        "SUB_NODE_FINISHED GPT",
                        "SUB_NODE_STARTED GPT",
                        "SUB_NODE_FINISHED GPT",
                        "SUB_NODE_STARTED GPT",
                        "SUB_NODE_FINISHED GPT the model refused",
                        "NODE_FAILED Agent the model refused");
        RunEvent started = heard.stream()
                .filter(e -> e.kind() == RunEvent.Kind.SUB_NODE_STARTED)
                .findFirst()
                .orElseThrow();
        assertThat(started.executionId()).isEqualTo(r.executionId());
        assertThat(started.seq()).as("not journaled").isZero();
        assertThat(started.runIndex()).isEqualTo(-1);
        assertThat(started.startTime()).isPositive();

        heard.clear();
        ExecutionResult abandoned = engine.run(
                engine.prepare(wf(CALLING, CALLING_WIRES)),
                RunRequest.defaults().withInput(List.of(Item.of(Json.object().put("q", "abandon")))));
        assertThat(abandoned.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(engine.awaitListeners(java.time.Duration.ofSeconds(5))).isTrue();
        assertThat(heard)
                .as("a call never ended is told as ended in error when its root stops")
                .filteredOn(e -> "GPT".equals(e.node()))
                .extracting(e ->
                        e.kind() + " " + (e.error() == null ? "" : e.error().message()))
                .containsExactly(
                        "SUB_NODE_STARTED ", "SUB_NODE_FINISHED the call did not finish before 'Agent' stopped");
    }

    @Test
    void aFailedCallIsAnErrorRunOfTheSubNodeWhetherTheRootGoesOnOrStops() throws InterruptedException {
        List<RunEvent> ends = new java.util.concurrent.CopyOnWriteArrayList<>();
        Engine engine = Engine.builder()
                .registry(registry())
                .listener(e -> {
                    if (e.kind() == RunEvent.Kind.NODE_FINISHED || e.kind() == RunEvent.Kind.NODE_FAILED) {
                        ends.add(e);
                    }
                })
                .build();
        String retried = CALLING.replace(
                "\"type\":\"test.callingRoot\"", "\"type\":\"test.callingRoot\",\"onError\":\"continueRegularOutput\"");
        var items = List.of(
                Item.of(Json.object().put("q", "a")), Item.of(Json.object().put("q", "fail")));
        ExecutionResult r = engine.run(
                engine.prepare(wf(retried, CALLING_WIRES)),
                RunRequest.defaults().withInput(items));
        var gpt = r.toJson().get("runData").get("GPT");
        assertThat(gpt).hasSize(2);
        assertThat(gpt.get(0).get("executionStatus").asText()).isEqualTo("success");
        var failed = gpt.get(1);
        assertThat(failed.get("executionStatus").asText()).isEqualTo("error");
        assertThat(failed.get("error").get("message").asText()).isEqualTo("the model refused");
        assertThat(failed.get("error").get("node").asText()).isEqualTo("GPT");
        assertThat(failed.get("data").get("ai_languageModel")).isEmpty();
        assertThat(failed.get("inputOverride")
                        .get("ai_languageModel")
                        .get(0)
                        .get(0)
                        .get("json")
                        .get("prompt")
                        .asText())
                .isEqualTo("fail");

        ExecutionResult stopped = engine.run(
                engine.prepare(wf(CALLING, CALLING_WIRES)),
                RunRequest.defaults().withInput(items));
        assertThat(stopped.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(stopped.toJson().get("runData").get("GPT"))
                .as("a root that failed for good keeps its calls")
                .hasSize(2);
        assertThat(engine.awaitListeners(java.time.Duration.ofSeconds(5))).isTrue();
        assertThat(ends)
                .as("listeners (the live feed) learn which sub-nodes the root called and how their last call ended")
                .filteredOn(e -> e.node().equals("Agent"))
                .extracting(e -> e.kind() + " " + e.subNodes())
                .containsExactly("NODE_FINISHED {GPT=error}", "NODE_FAILED {GPT=error}");
        assertThat(ends).filteredOn(e -> e.node().equals("T")).allSatisfy(e -> assertThat(e.subNodes())
                .isEmpty());
    }

    @Test
    void aDisabledSubNodeCountsAsMissing() {
        Engine engine = Engine.builder().registry(registry()).build();
        String nodes = NODES.replace("\"type\":\"test.model\",", "\"type\":\"test.model\",\"disabled\":true,");
        assertThatThrownBy(() -> engine.prepare(wf(nodes, CONNECTIONS)))
                .hasMessageContaining("'Agent' needs a Chat Model connected to its ai_languageModel input");
    }

    @Test
    void aValidClusterHasNoProblems() {
        assertThat(problems(NODES, CONNECTIONS)).isEmpty();
    }

    @Test
    void aRootWithoutItsModelIsAProblemNamingTheNode() {
        String connections = CONNECTIONS.replace(
                "\"GPT\":{\"ai_languageModel\":[[{\"node\":\"Agent\",\"type\":\"ai_languageModel\",\"index\":0}]]},",
                "");
        List<Problem> p = problems(NODES, connections);
        assertThat(p).anySatisfy(x -> {
            assertThat(x.code()).isEqualTo("missing-sub-node");
            assertThat(x.node()).isEqualTo("Agent");
            assertThat(x.message()).isEqualTo("'Agent' needs a Chat Model connected to its ai_languageModel input");
        });
        assertThat(p).anySatisfy(x -> assertThat(x.code()).isEqualTo("unattached-sub-node"));
    }

    @Test
    void anInputShownByAParameterIsRequiredOnlyThen() {
        String nodes = NODES.replace(
                "\"type\":\"test.root\"", "\"type\":\"test.root\",\"parameters\":{\"hasOutputParser\":true}");
        assertThat(problems(nodes, CONNECTIONS))
                .extracting(Problem::message)
                .containsExactly("'Agent' needs a Output Parser connected to its ai_outputParser input");
    }

    @Test
    void anInputShownForSomeVersionsIsOfferedOnlyInThem() {
        NodeDescriptor d = NodeDescriptor.builder("test.versioned")
                .versions(1, 2)
                .displayName("Versioned")
                .subInput(SubPort.required(ConnectionTypes.AI_DOCUMENT, "Document")
                        .showWhen(PropertySpec.VERSION, 1))
                .build();
        var v1 = wf("{\"name\":\"R\",\"type\":\"test.versioned\",\"typeVersion\":1}", "")
                .nodes()
                .getFirst();
        var v2 = wf("{\"name\":\"R\",\"type\":\"test.versioned\",\"typeVersion\":2}", "")
                .nodes()
                .getFirst();
        assertThat(d.subInputs(v1)).extracting(SubPort::type).containsExactly(ConnectionTypes.AI_DOCUMENT);
        assertThat(d.subInputs(v2)).isEmpty();
    }

    @Test
    void badSubConnectionsAreReported() {
        // a tool wired as a model, a model wired twice, a sub-node also wired by main, an unknown type
        String connections =
                """
                "T":{"main":[[{"node":"Agent","type":"main","index":0},{"node":"Calc","type":"main","index":0}]]},
                "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
                "Search":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
                "Calc":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]], "ai_banana":[[{"node":"Agent"}]]}
                """;
        List<Problem> p = problems(NODES, connections);
        assertThat(p).extracting(Problem::code).contains("bad-connection", "too-many-sub-nodes", "sub-node-wired");
        assertThat(p)
                .extracting(Problem::message)
                .contains(
                        "'Search' (Tool) cannot be attached as ai_languageModel; it supplies [ai_tool]",
                        "'Calc' is attached to a root node as a sub-node, so it cannot also be connected by main:"
                                + " a sub-node never runs on its own")
                .anyMatch(m -> m.startsWith("connection type 'ai_banana' is not supported"));
    }

    @Test
    void aRegularNodeCannotBeAttachedAndARootCannotTakeWhatItDoesNotAccept() {
        String nodes = NODES + ",{\"name\":\"Tag\",\"type\":\"test.tag\"}";
        String connections = CONNECTIONS
                + ",\"Tag\":{\"ai_tool\":[[{\"node\":\"Agent\",\"type\":\"ai_tool\",\"index\":0}]]}".replace("}", "}");
        assertThat(problems(nodes, connections))
                .extracting(Problem::message)
                .contains("'Tag' (Tag) cannot be attached as ai_tool; it is not a sub-node");
        String memory = CONNECTIONS
                .replace("\"Calc\":{\"ai_tool\"", "\"Calc\":{\"ai_memory\"")
                .replace("\"type\":\"ai_tool\",\"index\":0}]]}\n", "\"type\":\"ai_memory\",\"index\":0}]]}\n");
        assertThat(problems(NODES, memory)).extracting(Problem::message).contains("'Agent' has no ai_memory input");
    }

    @Test
    void aSubNodeIsNeverAStartNode() {
        Engine engine = Engine.builder().registry(registry()).build();
        var prepared = engine.prepare(wf(NODES, CONNECTIONS));
        assertThatThrownBy(() -> engine.run(prepared, RunRequest.defaults().withStartNode("GPT")))
                .hasMessageContaining("'GPT' is a sub-node");
    }
}
