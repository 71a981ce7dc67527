package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP Request tool's "Optimize Response" (n8n's json and html optimizers); the model hears the result. */
class HttpToolOptimizeTest {

    private static String nodes(String apiUrl, String options) {
        return """
                {"name":"Agent","type":"@n8n/n8n-nodes-langchain.agent","typeVersion":2,"parameters":{"promptType":"define","text":"go","options":{"systemMessage":"You are a helpful assistant"}}},
                {"name":"GPT","type":"@n8n/n8n-nodes-langchain.lmChatOpenAi","typeVersion":1.2,"parameters":{"options":{"maxRetries":0}},
                 "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                {"name":"Fetch","type":"@n8n/n8n-nodes-langchain.toolHttpRequest","typeVersion":1.1,"parameters":{
                  "toolDescription":"Fetches the page","url":"%s/page","optimizeResponse":true,%s}}
                """
                .formatted(apiUrl, options);
    }

    private static final String WIRES =
            """
            "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
            "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
            "Fetch":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
            """;

    /** The tool's answer to one call, for a response {@code body} and the optimizer {@code options}. */
    private static String answer(String options, String body) throws Exception {
        try (FakeProvider llm = new FakeProvider();
                FakeProvider api = new FakeProvider()) {
            api.then(new FakeProvider.Reply(200, Map.of(), body));
            llm.thenJson(FakeProvider.openAiToolCalls("Fetch", "{}")).thenJson(FakeProvider.openAiText("ok"));
            ExecutionResult r = new AiRun(HttpToolTest.creds(llm))
                    .run(AiRun.workflow(nodes(api.url(), options), WIRES), List.of(AiRun.item("{}")));
            assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            return llm.requests
                    .get(1)
                    .body()
                    .get("messages")
                    .get(3) // system, user, tool call, tool answer
                    .get("content")
                    .asText();
        }
    }

    @Test
    void jsonKeepsTheDataFieldsRecordsAndTheSelectedOrOtherFields() throws Exception {
        String body =
                "{\"records\":[{\"id\":1,\"name\":\"a\",\"meta\":{\"x\":1.5,\"y\":2}},{\"id\":2,\"name\":\"b\"}],\"total\":2}";
        assertThat(answer(
                        "\"responseType\":\"json\",\"dataField\":\"records\",\"fieldsToInclude\":\"selected\",\"fields\":\"name, meta.x\"",
                        body))
                .isEqualTo("[\n  {\n    \"name\": \"a\",\n    \"meta\": {\n      \"x\": 1.5\n    }\n  },\n"
                        + "  {\n    \"name\": \"b\",\n    \"meta\": {}\n  }\n]");
        assertThat(answer(
                        "\"responseType\":\"json\",\"dataField\":\"records\",\"fieldsToInclude\":\"except\",\"fields\":\"meta,id\"",
                        body))
                .isEqualTo("[\n  {\n    \"name\": \"a\"\n  },\n  {\n    \"name\": \"b\"\n  }\n]");
        assertThat(answer("\"responseType\":\"json\"", "<html>not json</html>"))
                .isEqualTo("There was an error: \"The response type must be an object or an array of objects\"");
    }

    @Test
    void htmlAnswersTheSelectedElementsTextAsHtmlToTextWritesItWithoutTheOmittedOnes() throws Exception {
        String page = "<html><body><div class=\"post\"><h2>First</h2><p>Hello <a href=\"https://a.b/\">link</a>"
                + " <img src=\"x.png\"></p></div><div class=\"post\"><p>Second   post</p><p class=\"ad\">Buy!</p></div>"
                + "</body></html>";
        String options = "\"responseType\":\"html\",\"cssSelector\":\"div.post\",\"onlyContent\":true,"
                + "\"elementsToOmit\":\"img, .ad\"";
        // n8n removes the line breaks html-to-text writes, without a space in their place
        assertThat(answer(options, page)).isEqualTo("[\n  \"FIRSTHello link [https://a.b/]\",\n  \"Second post\"\n]");
        assertThat(answer(options + ",\"truncateResponse\":true,\"maxLength\":12", page))
                .isEqualTo("[\n  \"FIRSTHe"); // 12 characters
        // without onlyContent: the elements' inner HTML, whitespace collapsed
        assertThat(answer("\"responseType\":\"html\",\"cssSelector\":\"p.ad\"", page))
                .isEqualTo("[\n  \"Buy!\"\n]");
    }

    @Test
    void theTextTypeAndABadSelectorAreUserErrorsBeforeAnyCall() throws Exception {
        for (var c : List.of(
                List.of("\"responseType\":\"text\"", "the 'Text' response type (Mozilla Readability in n8n)"),
                List.of(
                        "\"responseType\":\"html\",\"cssSelector\":\"div[\"",
                        "'Fetch': 'div[' is not a CSS selector"))) {
            try (FakeProvider llm = new FakeProvider()) {
                ExecutionResult r = new AiRun(HttpToolTest.creds(llm))
                        .run(AiRun.workflow(nodes("http://127.0.0.1:9", c.get(0)), WIRES), List.of(AiRun.item("{}")));
                assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
                assertThat(r.toJson().toString()).contains(c.get(1));
                assertThat(llm.requests).isEmpty();
            }
        }
    }
}
