package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.WorkflowInvalidException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Versions of the chains, the Structured Output Parser and the HTTP Request Tool that n8n 2.8.4 offers beside those
 * the other tests run: Basic LLM Chain 1.8/1.9, Question and Answer Chain 1.7, Structured Output Parser 1,
 * HTTP Request Tool 1.
 */
class NodeVersionsTest {

    static final String GPT =
            """
            {"name":"GPT","type":"@n8n/n8n-nodes-langchain.lmChatOpenAi","typeVersion":1.2,"parameters":{
              "model":{"__rl":true,"mode":"id","value":"gpt-4o"},"options":{"maxRetries":0}},
             "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}}
            """;

    static String chain(double version, String parameters) {
        return "{\"name\":\"Chain\",\"type\":\"@n8n/n8n-nodes-langchain.chainLlm\",\"typeVersion\":" + version
                + ",\"parameters\":" + parameters + "}," + GPT;
    }

    static final String CHAIN_WIRES =
            """
            "Start":{"main":[[{"node":"Chain","type":"main","index":0}]]},
            "GPT":{"ai_languageModel":[[{"node":"Chain","type":"ai_languageModel","index":0}]]}
            """;

    @Test
    void basicLlmChain18And19ReadChatInputAndDefine() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText(" one ")).thenJson(FakeProvider.openAiText("two"));
            AiRun run = AiRun.openAi(p);
            ExecutionResult a = run.run(
                    AiRun.workflow(chain(1.8, "{}"), CHAIN_WIRES), List.of(AiRun.item("{\"chatInput\":\"say one\"}")));
            ExecutionResult b = run.run(
                    AiRun.workflow(chain(1.9, "{\"promptType\":\"define\",\"text\":\"={{ $json.q }}\"}"), CHAIN_WIRES),
                    List.of(AiRun.item("{\"q\":\"say two\"}")));
            assertThat(a.lastOutput().getFirst().json().toString()).isEqualTo("{\"text\":\"one\"}");
            assertThat(b.lastOutput().getFirst().json().toString()).isEqualTo("{\"text\":\"two\"}");
            assertThat(p.requests.get(0).body().get("messages").toString())
                    .isEqualTo("[{\"role\":\"user\",\"content\":\"say one\"}]");
            assertThat(p.requests.get(1).body().get("messages").toString())
                    .isEqualTo("[{\"role\":\"user\",\"content\":\"say two\"}]");
        }
    }

    @Test
    void guardrailsPromptUntil17AndRefusedFrom18() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("fine"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(chain(1.7, "{\"promptType\":\"guardrails\"}"), CHAIN_WIRES),
                            List.of(AiRun.item("{\"guardrailsInput\":\"screened\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests
                            .get(0)
                            .body()
                            .get("messages")
                            .get(0)
                            .get("content")
                            .asText())
                    .isEqualTo("screened");
            assertThatThrownBy(() -> AiRun.openAi(p)
                            .run(
                                    AiRun.workflow(chain(1.9, "{\"promptType\":\"guardrails\"}"), CHAIN_WIRES),
                                    List.of(AiRun.item("{}"))))
                    .isInstanceOf(WorkflowInvalidException.class)
                    .hasMessageContaining("got \"guardrails\"");
            ExecutionResult empty = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(chain(1.7, "{\"promptType\":\"guardrails\"}"), CHAIN_WIRES),
                            List.of(AiRun.item("{}")));
            assertThat(empty.state().runs("Chain").getFirst().error().message())
                    .contains("it reads the field 'guardrailsInput'");
        }
    }

    static final String SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"}},"
                    + "\"required\":[\"name\",\"age\"]}";

    private static ExecutionResult chainWithV1Parser(FakeProvider p) {
        String nodes = chain(1.9, "{\"promptType\":\"define\",\"text\":\"Who?\",\"hasOutputParser\":true}")
                + ",{\"name\":\"Parser\",\"type\":\"@n8n/n8n-nodes-langchain.outputParserStructured\",\"typeVersion\":1,"
                + "\"parameters\":{\"jsonSchema\":" + io.hetumind.core.spi.Json.F.textNode(SCHEMA) + "}}";
        String wires = CHAIN_WIRES
                + ",\"Parser\":{\"ai_outputParser\":[[{\"node\":\"Chain\",\"type\":\"ai_outputParser\",\"index\":0}]]}";
        return AiRun.openAi(p).run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{}")));
    }

    @Test
    void structuredParserV1AsksForTheWrapperAndReadsAnObjectOrAList() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("```json\n{\"__structured__output\":{\"__structured__output__object\":"
                            + "{\"name\":\"Ada\",\"age\":36}}}\n```"))
                    .thenJson(FakeProvider.openAiText("{\"__structured__output\":{\"__structured__output__array\":"
                            + "[{\"name\":\"Ada\",\"age\":36},{\"name\":\"Alan\",\"age\":41}]}}"));
            ExecutionResult one = chainWithV1Parser(p);
            assertThat(one.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(one.lastOutput().getFirst().json().toString())
                    .isEqualTo("{\"output\":{\"name\":\"Ada\",\"age\":36}}");
            String prompt = p.requests
                    .get(0)
                    .body()
                    .get("messages")
                    .get(0)
                    .get("content")
                    .asText();
            assertThat(prompt)
                    .startsWith("Who?\n\n")
                    .contains("\"__structured__output\"")
                    .contains("\"__structured__output__array\"")
                    .contains("Wrapper around the output data. It can only contain __structured__output__object or"
                            + " __structured__output__array but never both.");
            ExecutionResult list = chainWithV1Parser(p);
            assertThat(list.lastOutput().getFirst().json().get("output").toString())
                    .isEqualTo("[{\"name\":\"Ada\",\"age\":36},{\"name\":\"Alan\",\"age\":41}]");
        }
    }

    @Test
    void structuredParserV1RefusesAnswersThatDoNotFit() throws Exception {
        Map<String, String> answers = Map.of(
                "{\"name\":\"Ada\"", "the answer's JSON",
                "{\"name\":\"Ada\",\"age\":36}", "the answer has no object '__structured__output'",
                "{\"__structured__output\":{}}", "One and only one of __structured__output__object",
                "{\"__structured__output\":{\"__structured__output__array\":[{\"name\":\"Ada\",\"age\":\"old\"}]}}",
                        "[0] ");
        for (var e : answers.entrySet()) {
            try (FakeProvider p = new FakeProvider()) {
                p.thenJson(FakeProvider.openAiText(e.getKey()));
                ExecutionResult r = chainWithV1Parser(p);
                assertThat(r.status()).as(e.getKey()).isEqualTo(ExecutionStatus.ERROR);
                assertThat(r.state().runs("Chain").getFirst().error().message())
                        .as(e.getKey())
                        .startsWith("'Parser': model output doesn't fit required format: ")
                        .contains(e.getValue());
            }
        }
    }

    @Test
    void questionAndAnswerChain17AnswersFromTheRetrievedDocuments() throws Exception {
        try (FakeProvider p = RerankerTest.provider()) {
            AiRun run = AiRun.openAi(p);
            RerankerTest.insert(run, "qa-17");
            String nodes = VectorStoreTest.EMBEDDINGS
                    + """
                    ,{"name":"QA","type":"@n8n/n8n-nodes-langchain.chainRetrievalQa","typeVersion":1.7,"parameters":{}},
                    {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"parameters":{"options":{"maxRetries":0}},
                     "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                    {"name":"Retriever","type":"hetumind.retrieverVectorStore","parameters":{"topK":1}},
                    {"name":"Store","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{
                      "mode":"retrieve","memoryKey":"qa-17"}}
                    """;
            String wires =
                    """
                    "Start":{"main":[[{"node":"QA","type":"main","index":0}]]},
                    "GPT":{"ai_languageModel":[[{"node":"QA","type":"ai_languageModel","index":0}]]},
                    "Retriever":{"ai_retriever":[[{"node":"QA","type":"ai_retriever","index":0}]]},
                    "Store":{"ai_vectorStore":[[{"node":"Retriever","type":"ai_vectorStore","index":0}]]},
                    "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]}
                    """;
            p.thenJson(FakeProvider.openAiText("They hunt mice."));
            ExecutionResult r = run.run(
                    AiRun.workflow(nodes, wires), List.of(AiRun.item("{\"chatInput\":\"what do cats do at night\"}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().toString()).isEqualTo("{\"response\":\"They hunt mice.\"}");
            JsonNode messages = p.requests.stream()
                    .filter(q -> q.path().endsWith("/chat/completions"))
                    .findFirst()
                    .orElseThrow()
                    .body()
                    .get("messages");
            assertThat(messages.get(0).get("content").asText())
                    .endsWith("\n----------------\nContext: Cats sleep all day");
            assertThat(messages.get(messages.size() - 1).get("content").asText())
                    .isEqualTo("what do cats do at night");
        }
    }

    static String agentWithV1Tool(String apiUrl, String extraValues) {
        return """
                {"name":"Agent","type":"hetumind.agent","typeVersion":3.1,"parameters":{"promptType":"define","text":"weather?","options":{"systemMessage":"You are a helpful assistant"}}},
                %s,
                {"name":"Weather","type":"@n8n/n8n-nodes-langchain.toolHttpRequest","typeVersion":1,"parameters":{
                  "toolDescription":"Gets the weather","url":"%s/api/weather/{city}",
                  "sendQuery":true,"parametersQuery":{"values":[
                    {"name":"units","valueProvider":"fieldValue","value":"metric"}%s]},
                  "placeholderDefinitions":{"values":[{"name":"city","description":"the city name","type":"string"}]}}}
                """
                .formatted(GPT, apiUrl, extraValues);
    }

    static final String TOOL_WIRES =
            """
            "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
            "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
            "Weather":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
            """;

    @Test
    void httpRequestToolV1TakesOneTextInputHoldingJson() throws Exception {
        try (FakeProvider llm = new FakeProvider();
                FakeProvider api = new FakeProvider()) {
            api.then(new FakeProvider.Reply(200, Map.of(), "{\"forecast\":\"rain\"}"))
                    .then(new FakeProvider.Reply(200, Map.of(), "{\"forecast\":\"sun\"}"));
            llm.thenJson(FakeProvider.openAiToolCalls(
                            "Weather", "{\"input\":\"{\\\"city\\\":\\\"Oslo\\\",\\\"days\\\":\\\"3\\\"}\"}"))
                    .thenJson(FakeProvider.openAiText("Rain."));
            ExecutionResult r = AiRun.openAi(llm)
                    .run(
                            AiRun.workflow(
                                    agentWithV1Tool(
                                            api.url(), ",{\"name\":\"days\",\"valueProvider\":\"modelOptional\"}"),
                                    TOOL_WIRES),
                            List.of(AiRun.item("{}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            JsonNode tool = llm.requests.getFirst().body().get("tools").get(0).get("function");
            assertThat(tool.get("parameters").get("properties").fieldNames())
                    .toIterable()
                    .containsExactly("input");
            assertThat(tool.get("description").asText())
                    .isEqualTo("Gets the weather\n\tTool expects valid stringified JSON object with 2 properties.\n"
                            + "\tProperty names with description, type and required status:\n"
                            + "\tcity: (description: the city name, type: string, required: true),\n"
                            + " days: (description: , type: string, required: false)\n"
                            + "\tALL parameters marked as required must be provided");
            assertThat(api.requests.getFirst().path()).isEqualTo("/api/weather/Oslo");
            assertThat(api.requests.getFirst().query()).isEqualTo("units=metric&days=3");
            assertThat(r.lastOutput().getFirst().json().get("output").asText()).isEqualTo("Rain.");

            // one value: text that is not JSON is that value
            llm.thenJson(FakeProvider.openAiToolCalls("Weather", "{\"input\":\"Bergen\"}"))
                    .thenJson(FakeProvider.openAiText("Sun."));
            ExecutionResult single = AiRun.openAi(llm)
                    .run(AiRun.workflow(agentWithV1Tool(api.url(), ""), TOOL_WIRES), List.of(AiRun.item("{}")));
            assertThat(single.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(api.requests.get(1).path()).isEqualTo("/api/weather/Bergen");
        }
    }

    @Test
    void httpRequestToolV1TellsTheModelItsInputIsNotJson() throws Exception {
        try (FakeProvider llm = new FakeProvider();
                FakeProvider api = new FakeProvider()) {
            llm.thenJson(FakeProvider.openAiToolCalls("Weather", "{\"input\":\"Oslo for 3 days\"}"))
                    .thenJson(FakeProvider.openAiText("I could not ask."));
            ExecutionResult r = AiRun.openAi(llm)
                    .run(
                            AiRun.workflow(
                                    agentWithV1Tool(
                                            api.url(), ",{\"name\":\"days\",\"valueProvider\":\"modelOptional\"}"),
                                    TOOL_WIRES),
                            List.of(AiRun.item("{}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(api.requests).isEmpty();
            assertThat(llm.requests
                            .get(1)
                            .body()
                            .get("messages")
                            .get(3)
                            .get("content")
                            .asText())
                    .startsWith("There was an error: \"Input is not a valid JSON: ");
        }
    }

    @Test
    void basicLlmChainFallsBackToTheModelOnSlotOne() throws Exception {
        String backup =
                """
                {"name":"Backup","type":"@n8n/n8n-nodes-langchain.lmChatOpenAi","typeVersion":1.2,"parameters":{
                  "model":{"__rl":true,"mode":"id","value":"gpt-4o-mini"},"options":{"maxRetries":0}},
                 "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                """;
        String wires = CHAIN_WIRES
                + ",\"Backup\":{\"ai_languageModel\":[[{\"node\":\"Chain\",\"type\":\"ai_languageModel\",\"index\":1}]]}";
        try (FakeProvider p = new FakeProvider()) {
            p.then(new FakeProvider.Reply(503, Map.of(), "{\"error\":{\"message\":\"busy\"}}"))
                    .thenJson(FakeProvider.openAiText("backup text"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(
                                    backup
                                            + chain(
                                                    1.9,
                                                    "{\"promptType\":\"define\",\"text\":\"hi\",\"needsFallback\":true}"),
                                    wires),
                            List.of(AiRun.item("{}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.lastOutput().getFirst().json().toString()).isEqualTo("{\"text\":\"backup text\"}");
            assertThat(p.requests)
                    .extracting(q -> q.body().get("model").asText())
                    .containsExactly("gpt-4o", "gpt-4o-mini");
        }
        try (FakeProvider p = new FakeProvider()) {
            p.then(new FakeProvider.Reply(503, Map.of(), "{\"error\":{\"message\":\"busy\"}}"));
            ExecutionResult r = AiRun.openAi(p)
                    .run(
                            AiRun.workflow(backup + chain(1.9, "{\"promptType\":\"define\",\"text\":\"hi\"}"), wires),
                            List.of(AiRun.item("{}")));
            assertThat(r.status()).as("switched off, no fallback").isEqualTo(ExecutionStatus.ERROR);
            assertThat(p.requests).hasSize(1);
        }
    }
}
