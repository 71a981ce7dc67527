package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileCheckpointer;
import io.hetumind.core.engine.HostedSteps;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.RunDataView;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Workflow;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each call an AI Agent makes of its sub-nodes is a run of that sub-node in run data, in the shape n8n's {@code
 * SupplyDataContext.addExecutionDataFunctions} writes ({@code N8nLlmTracing} for models, {@code logWrapper} for memory
 * and tools): {@code startTime, executionTime, executionStatus, source: [{previousNode, previousNodeRun}], data:
 * {<type>: [[items]]}, inputOverride: {<type>: [[items]]}}, one entry per call; a failing call is an error entry.
 */
class SubNodeRunDataTest {

    private static final String WF = AiRun.workflow(
            AgentTest.nodes("{\"systemMessage\":\"Be brief\"}", "return String(query.length)"), AgentTest.WIRES);

    @Test
    void modelMemoryAndToolCallsAreRunsOfTheirSubNodesInN8nsShape() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls("Word_length", "{\"input\":\"banana\"}"))
                    .thenJson(FakeProvider.openAiText("banana has 6 letters"));
            ExecutionResult r =
                    AiRun.openAi(p).run(WF, List.of(AiRun.item("{\"q\":\"How long is banana?\",\"user\":\"rd1\"}")));
            assertThat(r.status()).as(String.valueOf(r.state().error())).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode runData = r.toJson().get("runData");

            assertThat(runData.get("Agent")).hasSize(1);
            assertThat(r.state().runs("Agent").getFirst().console())
                    .as("the root no longer records the model calls itself (n8n does not)")
                    .noneMatch(l -> l.contains("ai_languageModel"));
            assertThat(r.state().lastNodeExecuted()).isEqualTo("Agent");

            JsonNode gpt = runData.get("GPT");
            assertThat(gpt).as("one entry per model call").hasSize(2);
            for (JsonNode call : gpt) {
                assertN8nEntry(call, "ai_languageModel");
            }
            JsonNode firstIn = in(gpt.get(0), "ai_languageModel");
            assertThat(firstIn.get("messages")).hasSize(1);
            assertThat(firstIn.get("messages").get(0).asText())
                    .isEqualTo("System: Be brief\nHuman: How long is banana?");
            assertThat(firstIn.get("estimatedTokens").asInt()).isPositive();
            assertThat(firstIn.get("options").get("model").asText()).isEqualTo("gpt-4o");
            JsonNode firstOut = out(gpt.get(0), "ai_languageModel");
            assertThat(firstOut.get("tokenUsage").toString())
                    .isEqualTo("{\"completionTokens\":7,\"promptTokens\":11,\"totalTokens\":18}");
            JsonNode generation =
                    firstOut.get("response").get("generations").get(0).get(0);
            assertThat(generation.get("text").asText()).isEmpty();
            assertThat(generation
                            .get("generationInfo")
                            .get("tool_calls")
                            .get(0)
                            .get("name")
                            .asText())
                    .isEqualTo("Word_length");
            assertThat(in(gpt.get(1), "ai_languageModel").get("messages").get(0).asText())
                    .contains("Tool: 6");
            assertThat(out(gpt.get(1), "ai_languageModel")
                            .get("response")
                            .get("generations")
                            .get(0)
                            .get(0)
                            .get("text")
                            .asText())
                    .isEqualTo("banana has 6 letters");

            JsonNode memory = runData.get("Memory");
            assertThat(memory)
                    .as("load before the first call, save after the answer")
                    .hasSize(2);
            memory.forEach(e -> assertN8nEntry(e, "ai_memory"));
            assertThat(in(memory.get(0), "ai_memory").toString())
                    .isEqualTo("{\"action\":\"loadMemoryVariables\",\"values\":{\"input\":\"How long is banana?\"}}");
            assertThat(out(memory.get(0), "ai_memory").toString())
                    .isEqualTo("{\"action\":\"loadMemoryVariables\",\"chatHistory\":[]}");
            assertThat(in(memory.get(1), "ai_memory").toString())
                    .isEqualTo("{\"action\":\"saveContext\",\"input\":{\"input\":\"How long is banana?\"},"
                            + "\"output\":{\"output\":\"banana has 6 letters\"}}");
            JsonNode history = out(memory.get(1), "ai_memory").get("chatHistory");
            assertThat(history).hasSize(2);
            assertThat(history.get(0).get("id").get(2).asText()).isEqualTo("HumanMessage");
            assertThat(history.get(1).get("kwargs").get("content").asText()).isEqualTo("banana has 6 letters");

            JsonNode tool = runData.get("Word length");
            assertThat(tool).hasSize(1);
            assertN8nEntry(tool.get(0), "ai_tool");
            assertThat(in(tool.get(0), "ai_tool").toString()).isEqualTo("{\"query\":\"banana\"}");
            assertThat(out(tool.get(0), "ai_tool").toString()).isEqualTo("{\"response\":\"6\"}");

            // calls are in the order they started: memory load, model, tool, model, memory save
            List<String> order = r.state().runs("Agent").getFirst().subRuns().stream()
                    .map(io.hetumind.core.engine.SubRun::node)
                    .toList();
            assertThat(order).containsExactly("Memory", "GPT", "Word length", "GPT", "Memory");
            assertThat(AiRun.modelCalls(r, "Agent"))
                    .as("Hetumind's call record stays, in the model entry's console")
                    .hasSize(2);
        }
    }

    @Test
    void aFailingModelCallIsAnErrorEntryOfTheModel() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.then(new FakeProvider.Reply(401, Map.of(), "{\"error\":{\"message\":\"bad key\"}}"));
            ExecutionResult r = AiRun.openAi(p).run(WF, List.of(AiRun.item("{\"q\":\"hi\",\"user\":\"rd2\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            JsonNode runData = r.toJson().get("runData");
            JsonNode gpt = runData.get("GPT");
            assertThat(gpt).hasSize(1);
            JsonNode entry = gpt.get(0);
            assertThat(entry.get("executionStatus").asText()).isEqualTo("error");
            assertThat(entry.get("error").get("message").asText())
                    .contains("401")
                    .contains("bad key");
            assertThat(entry.get("error").get("node").asText()).isEqualTo("GPT");
            assertThat(entry.get("source").get(0).get("previousNode").asText()).isEqualTo("Agent");
            assertThat(entry.get("inputOverride")
                            .get("ai_languageModel")
                            .get(0)
                            .get(0)
                            .get("json")
                            .has("messages"))
                    .isTrue();
            assertThat(entry.get("data").get("ai_languageModel")).isEmpty();
            assertThat(runData.get("Agent").get(0).get("executionStatus").asText())
                    .isEqualTo("error");
            assertThat(runData.get("Memory"))
                    .as("the memory was loaded before the call failed")
                    .hasSize(1);
        }
    }

    @Test
    void subNodeRunsSurviveTheJournalTheSnapshotAndTheRunDataStoreCodec() throws Exception {
        Checkpointer files = new FileCheckpointer(Files.createTempDirectory("ai-cp"), false);
        Checkpointer journalOnly = new JournalOnly(files);
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls("Word_length", "{\"input\":\"kiwi\"}"))
                    .thenJson(FakeProvider.openAiText("kiwi has 4 letters"))
                    .thenJson(FakeProvider.openAiToolCalls("Word_length", "{\"input\":\"fig\"}"))
                    .thenJson(FakeProvider.openAiText("fig has 3 letters"));
            Workflow wf = WorkflowFormat.readJson(WF);
            AiRun run = AiRun.openAi(p, journalOnly);
            ExecutionResult r = run.run(
                    wf,
                    RunRequest.defaults()
                            .sequential()
                            .withExecutionId("sub-runs-journal")
                            .withInput(List.of(AiRun.item("{\"q\":\"kiwi?\",\"user\":\"rd3\"}"))));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            Checkpointer.Checkpoint stored = files.load("sub-runs-journal").orElseThrow();
            assertThat(stored.snapshotJson())
                    .as("nothing but the journal is kept")
                    .isNull();
            assertThat(RunDataView.toJson(run.recover(wf, "sub-runs-journal")))
                    .as("replaying the journal rebuilds the sub-node entries")
                    .isEqualTo(RunDataView.toJson(r.state()));

            AiRun snapshots = AiRun.openAi(p, new FileCheckpointer(Files.createTempDirectory("ai-cp"), false));
            ExecutionResult again = snapshots.run(
                    wf,
                    RunRequest.defaults()
                            .sequential()
                            .withExecutionId("sub-runs-snapshot")
                            .withInput(List.of(AiRun.item("{\"q\":\"fig?\",\"user\":\"rd3\"}"))));
            assertThat(again.toJson().get("runData").get("GPT")).hasSize(2);
            assertThat(RunDataView.toJson(snapshots.recover(wf, "sub-runs-snapshot")))
                    .isEqualTo(RunDataView.toJson(again.state()));

            // the Temporal executor's run-data store keeps runs as HostedSteps writes them
            NodeRun agent = again.state().runs("Agent").getFirst();
            NodeRun back = HostedSteps.runFromJson(HostedSteps.runToJson(agent));
            assertThat(back.subRuns()).hasSize(agent.subRuns().size()).isEqualTo(agent.subRuns());
        }
    }

    private static void assertN8nEntry(JsonNode entry, String type) {
        assertThat(entry.has("startTime")).isTrue();
        assertThat(entry.has("executionTime")).isTrue();
        assertThat(entry.get("executionStatus").asText()).isEqualTo("success");
        assertThat(entry.get("source")).hasSize(1);
        assertThat(entry.get("source").get(0).get("previousNode").asText()).isEqualTo("Agent");
        assertThat(entry.get("source").get(0).get("previousNodeRun").asInt()).isZero();
        assertThat(entry.get("data").fieldNames()).toIterable().containsExactly(type);
        assertThat(entry.get("inputOverride").fieldNames()).toIterable().containsExactly(type);
        assertThat(entry.get("data").get(type)).hasSize(1);
        assertThat(entry.get("data").get(type).get(0)).hasSize(1);
        assertThat(entry.get("error").isNull()).isTrue();
    }

    private static JsonNode in(JsonNode entry, String type) {
        return entry.get("inputOverride").get(type).get(0).get(0).get("json");
    }

    private static JsonNode out(JsonNode entry, String type) {
        return entry.get("data").get(type).get(0).get(0).get("json");
    }

    /** Keeps every commit's events but never a snapshot, so recovering replays the whole journal. */
    private record JournalOnly(Checkpointer store) implements Checkpointer {
        @Override
        public Optional<Checkpoint> load(String executionId) {
            return store.load(executionId);
        }

        @Override
        public Version commit(String executionId, Commit commit) {
            return store.commit(
                    executionId,
                    new Commit(commit.expected(), commit.events(), null, commit.status(), commit.wakeAt()));
        }

        @Override
        public void delete(String executionId) {
            store.delete(executionId);
        }

        @Override
        public List<Unfinished> unfinished() {
            return store.unfinished();
        }

        @Override
        public void release(String executionId) {
            store.release(executionId);
        }
    }
}
