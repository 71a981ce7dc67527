package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.N8nImport;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.ActiveTriggers;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.WebhookRequestHandler;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Answer;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Call;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Start;
import io.hetumind.core.spi.trigger.WebhookResponder;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.core.spi.trigger.WebhookSpec;
import io.hetumind.core.spi.trigger.WebhookTrigger;
import io.hetumind.core.validate.WorkflowValidator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The Chat Trigger: n8n export import, what it registers, its answers per request, and runs with memory. */
class ChatTriggerTest {
    private static final String WEBHOOK_ID = "e0c6a8a2-5a7e-4f43-9b7e-2f2f8c1d9a10";
    private static final String TRIGGER = "When chat message received";

    static Workflow imported() throws Exception {
        try (var in = ChatTriggerTest.class.getResourceAsStream("/n8n/chat-agent-export.json")) {
            N8nImport.Result r =
                    N8nImport.convert(new String(in.readAllBytes(), StandardCharsets.UTF_8), AiRun.REGISTRY);
            assertThat(r.unsupported()).isEmpty();
            return r.workflow();
        }
    }

    private static Node chat(String params, double version) {
        return new Node(
                "node-1",
                "Chat",
                "hetumind.chatTrigger",
                version,
                null,
                (ObjectNode) Json.parse(params),
                null,
                null,
                null,
                false,
                false,
                false,
                null);
    }

    private static WebhookSpec spec(Node n) {
        return ((WebhookTrigger) AiRun.REGISTRY.find(n.type()).orElseThrow()).spec(new TriggerParams(n));
    }

    private static WebhookRequestHandler.Outcome handle(Node n, String method, boolean test, String body) {
        var handler = (WebhookRequestHandler) AiRun.REGISTRY.find(n.type()).orElseThrow();
        JsonNode parsed =
                body == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : Json.parse(body);
        return handler.handle(new Call(n, method, test, Map.of(), parsed, "http://localhost:8080/webhook/x/chat"));
    }

    @Test
    void multipartFilesBecomeN8nsFilesListAndDataNBinariesWithinTheAllowList() {
        Node n = chat(
                "{\"public\":true,\"mode\":\"hostedChat\",\"options\":{\"allowFileUploads\":true,"
                        + "\"allowedFilesMimeTypes\":\"image/*, text/plain,.pdf\"}}",
                1.4);
        var handler = (WebhookRequestHandler) AiRun.REGISTRY.find(n.type()).orElseThrow();
        ObjectNode fields =
                (ObjectNode) Json.parse("{\"action\":\"sendMessage\",\"sessionId\":\"s1\",\"chatInput\":\"Look\"}");
        List<WebhookRequestHandler.Upload> uploads = List.of(
                new WebhookRequestHandler.Upload("files", "cat.png", "image/png", 1234),
                new WebhookRequestHandler.Upload("other", "notes.txt", "text/plain; charset=utf-8", 12),
                new WebhookRequestHandler.Upload("files", "spec.pdf", "application/pdf", 2_500_000));
        var outcome = handler.handle(new Call(n, "POST", false, Map.of(), fields, "http://h/webhook/x/chat", uploads));

        var start = (WebhookRequestHandler.Start) outcome;
        assertThat(fields.has("files"))
                .as("the request's body is left as it came")
                .isFalse();
        // counted per form field as n8n does: the second field's file is data0 too (it replaces the first's binary)
        assertThat(start.binaryKeys()).containsExactly("data0", "data0", "data1");
        assertThat(start.json().get("chatInput").asText()).isEqualTo("Look");
        assertThat(start.json().get("files"))
                .isEqualTo(
                        Json.parse(
                                """
                        [{"fileName":"cat.png","fileSize":"1.23 kB","fileType":"image","mimeType":"image/png",
                          "fileExtension":"png","binaryKey":"data0"},
                         {"fileName":"spec.pdf","fileSize":"2.5 MB","fileType":"pdf","mimeType":"application/pdf",
                          "fileExtension":"pdf","binaryKey":"data1"},
                         {"fileName":"notes.txt","fileSize":"12 B","fileType":"text",
                          "mimeType":"text/plain; charset=utf-8","fileExtension":"txt","binaryKey":"data0"}]
                        """));
        // no files: the fields alone, no files list
        var plain = (WebhookRequestHandler.Start)
                handler.handle(new Call(n, "POST", false, Map.of(), fields, "http://h/webhook/x/chat"));
        assertThat(plain.json().has("files")).isFalse();
        assertThat(plain.binaryKeys()).isNull();

        // a type the list does not name: 415 naming the file, before any run
        var refused = handler.handle(new Call(
                n,
                "POST",
                false,
                Map.of(),
                fields.deepCopy(),
                "http://h/webhook/x/chat",
                List.of(new WebhookRequestHandler.Upload("files", "run.exe", "application/x-msdownload", 10))));
        var answer = ((WebhookRequestHandler.Answer) refused).response();
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.body())
                .contains("'run.exe' is application/x-msdownload")
                .contains("image/*, text/plain,.pdf");
        // the default list (*) takes everything
        var any = handler.handle(new Call(
                chat("{\"public\":true}", 1.4),
                "POST",
                false,
                Map.of(),
                fields.deepCopy(),
                "http://h/webhook/x/chat",
                List.of(new WebhookRequestHandler.Upload("files", "run.exe", null, 10))));
        assertThat(((WebhookRequestHandler.Start) any)
                        .json()
                        .get("files")
                        .get(0)
                        .get("mimeType")
                        .asText())
                .isEqualTo("application/octet-stream");
    }

    @Test
    void fileSizesReadAsPrettyBytesWrites() throws Exception {
        var m = Class.forName("io.hetumind.nodes.ai.trigger.ChatUploads").getDeclaredMethod("prettyBytes", long.class);
        m.setAccessible(true);
        long[] in = {0, 999, 1000, 1234, 1_000_000, 1_500_000, 999_500, 12_345_678, 1_000_000_000L};
        String[] out = {"0 B", "999 B", "1 kB", "1.23 kB", "1 MB", "1.5 MB", "1000 kB", "12.3 MB", "1 GB"};
        for (int i = 0; i < in.length; i++) {
            assertThat(m.invoke(null, in[i])).as("%d bytes", in[i]).isEqualTo(out[i]);
        }
    }

    @Test
    void importsTheN8nExportWithItsWebhookIdAndValidates() throws Exception {
        Workflow wf = imported();
        Node trigger = wf.nodes().getFirst();
        assertThat(trigger.type()).isEqualTo("hetumind.chatTrigger");
        assertThat(trigger.parameters().path("webhookId").asText()).isEqualTo(WEBHOOK_ID);
        assertThat(new WorkflowValidator(AiRun.REGISTRY).validate(wf).problems())
                .isEmpty();
        List<ActiveTriggers.Entry> entries = ActiveTriggers.of(wf, AiRun.REGISTRY);
        assertThat(entries).hasSize(1);
        WebhookSpec s = entries.getFirst().webhook();
        assertThat(s.path()).isEqualTo(WEBHOOK_ID + "/chat");
        assertThat(s.methods()).containsExactly("POST"); // embedded chat: no hosted page
        assertThat(s.responseMode()).isEqualTo(WebhookSpec.ResponseMode.LAST_NODE);
        assertThat(s.responseData()).isEqualTo("firstEntryJson");
        assertThat(s.authentication()).isEqualTo("none");
    }

    @Test
    void registersWhatN8nRegistersAndRefusesWhatHetumindLacks() {
        WebhookSpec hosted = spec(chat("{\"public\":true}", 1.4));
        assertThat(hosted.path()).isEqualTo("node-1/chat"); // no webhookId: the node's id
        assertThat(hosted.methods()).containsExactly("GET", "POST");
        assertThat(spec(chat("{\"public\":false}", 1.4)).methods()).containsExactly("POST");
        assertThat(spec(chat("{\"public\":true,\"options\":{\"responseMode\":\"responseNode\"}}", 1.1))
                        .responseMode())
                .isEqualTo(WebhookSpec.ResponseMode.RESPONSE_NODE);
        assertThat(spec(chat("{\"public\":true,\"authentication\":\"basicAuth\"}", 1))
                        .authentication())
                .isEqualTo("basicAuth");

        assertThatThrownBy(() -> spec(chat("{\"public\":true,\"authentication\":\"n8nUserAuth\"}", 1.1)))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("n8n login session");
        assertThat(spec(chat("{\"options\":{\"responseMode\":\"streaming\"}}", 1.2))
                        .responseMode())
                .isEqualTo(WebhookSpec.ResponseMode.STREAMING);
        // n8n: availableInChat without a response mode means streaming (1.2+)
        assertThat(spec(chat("{\"availableInChat\":true}", 1.3)).responseMode())
                .isEqualTo(WebhookSpec.ResponseMode.STREAMING);
        assertThat(spec(chat("{\"availableInChat\":true}", 1.1)).responseMode())
                .isEqualTo(WebhookSpec.ResponseMode.LAST_NODE);
        assertThatThrownBy(() -> spec(chat("{\"options\":{\"responseMode\":\"responseNodes\"}}", 1.4)))
                .hasMessageContaining("Chat node");
        assertThatThrownBy(() -> spec(chat("{\"options\":{\"loadPreviousSession\":\"sometimes\"}}", 1.4)))
                .hasMessageContaining("Invalid loadPreviousSession option: sometimes");
        assertThatThrownBy(() -> spec(chat("{\"webhookId\":\"={{ 1 }}\"}", 1.4)))
                .hasMessageContaining("expression");
    }

    @Test
    void answersRequestsAsN8nDoes() {
        Node hidden = chat("{\"public\":false}", 1.4);
        Answer notPublic = (Answer) handle(hidden, "POST", false, "{\"action\":\"sendMessage\"}");
        assertThat(notPublic.response().status()).isEqualTo(404);
        // the test URL answers a chat that is not public (the designer's chat)
        Start test = (Start)
                handle(hidden, "POST", true, "{\"action\":\"sendMessage\",\"sessionId\":\"s\",\"chatInput\":\"hi\"}");
        assertThat(test.json().toString())
                .isEqualTo("{\"action\":\"sendMessage\",\"sessionId\":\"s\",\"chatInput\":\"hi\"}");
        assertThat(test.respondFromRun()).isFalse();

        Node open = chat("{\"public\":true,\"mode\":\"webhook\"}", 1.4);
        Answer array = (Answer) handle(open, "POST", false, "[1,2]");
        assertThat(array.response().status()).isEqualTo(400);
        assertThat(array.response().contentType()).isEqualTo("application/problem+json");
        assertThat(Json.parse(array.response().body()).path("detail").asText()).contains("must be a JSON object");
        Answer none = (Answer) handle(open, "POST", false, null);
        assertThat(none.response().status()).isEqualTo(400);
        Answer unknown = (Answer) handle(open, "POST", false, "{\"action\":\"deleteEverything\"}");
        assertThat(Json.parse(unknown.response().body()).path("detail").asText())
                .contains("'action' must be \"sendMessage\" or \"loadPreviousSession\"");
        Answer noSession = (Answer) handle(open, "POST", false, "{\"action\":\"loadPreviousSession\"}");
        assertThat(noSession.response().status()).isEqualTo(400);
        // loading is off: an empty history, no run
        Answer off = (Answer) handle(open, "POST", false, "{\"action\":\"loadPreviousSession\",\"sessionId\":\"s\"}");
        assertThat(off.response().status()).isEqualTo(200);
        assertThat(off.response().body()).isEqualTo("{\"data\":[]}");
        Node fromMemory = chat("{\"public\":true,\"options\":{\"loadPreviousSession\":\"memory\"}}", 1.4);
        Start load =
                (Start) handle(fromMemory, "POST", false, "{\"action\":\"loadPreviousSession\",\"sessionId\":\"s\"}");
        assertThat(load.respondFromRun()).isTrue();
        Node manually = chat("{\"public\":true,\"options\":{\"loadPreviousSession\":\"manually\"}}", 1.4);
        assertThat(((Start) handle(manually, "POST", false, "{\"action\":\"loadPreviousSession\",\"sessionId\":\"s\"}"))
                        .respondFromRun())
                .isFalse();
    }

    @Test
    void servesItsOwnHostedPageWithEscapedTexts() {
        Node hosted = chat(
                "{\"public\":true,\"initialMessages\":\"Hello!\\nAsk me </script><b>x</b>\","
                        + "\"options\":{\"title\":\"Shop <help>\"}}",
                1.4);
        WebhookResponse page = ((Answer) handle(hosted, "GET", false, null)).response();
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).isEqualTo("text/html");
        assertThat(page.headers().get("content-security-policy")).contains("default-src 'none'");
        assertThat(page.body())
                .contains("\"webhookUrl\":\"/webhook/x/chat\"")
                .contains("Ask me \\u003c/script\\u003e\\u003cb\\u003ex\\u003c/b\\u003e")
                .contains("Shop \\u003chelp\\u003e")
                .doesNotContain("</script><b>")
                .doesNotContain("http://")
                .doesNotContain("https://");
    }

    @Test
    void runsTheAgentPerSessionAndLoadsTheSessionFromMemory() throws Exception {
        Workflow wf = imported();
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("Hello Ada! How can I help?"))
                    .thenJson(FakeProvider.openAiText("You are Ada."));
            AiRun run = AiRun.openAi(p);
            String session = "session-" + System.nanoTime();
            ExecutionResult first = run.run(
                    wf,
                    RunRequest.defaults()
                            .sequential()
                            .withInput(List.of(AiRun.item("{\"action\":\"sendMessage\",\"sessionId\":\"" + session
                                    + "\",\"chatInput\":\"Hi, I am Ada\"}"))));
            assertThat(first.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(first.lastOutput().getFirst().json().path("output").asText())
                    .isEqualTo("Hello Ada! How can I help?");
            assertThat(first.output(TRIGGER, 0)
                            .getFirst()
                            .json()
                            .path("chatInput")
                            .asText())
                    .isEqualTo("Hi, I am Ada");

            ExecutionResult second = run.run(
                    wf,
                    List.of(AiRun.item("{\"action\":\"sendMessage\",\"sessionId\":\"" + session
                            + "\",\"chatInput\":\"Who am I?\"}")));
            assertThat(second.lastOutput().getFirst().json().path("output").asText())
                    .isEqualTo("You are Ada.");
            JsonNode messages = p.requests.get(1).body().get("messages");
            assertThat(messages.toString()).contains("Hi, I am Ada").contains("Hello Ada! How can I help?");

            AtomicReference<WebhookResponse> answered = new AtomicReference<>();
            ExecutionResult load = run.run(
                    wf,
                    RunRequest.defaults()
                            .sequential()
                            .withService(WebhookResponder.class, (id, r) -> answered.set(r))
                            .withInput(List.of(AiRun.item(
                                    "{\"action\":\"loadPreviousSession\",\"sessionId\":\"" + session + "\"}"))));
            assertThat(load.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(load.state().runs("AI Agent")).isEmpty();
            assertThat(p.requests).hasSize(2); // no model call for loading
            JsonNode data = Json.parse(answered.get().body()).get("data");
            assertThat(data).hasSize(4);
            assertThat(data.get(0).path("id").toString())
                    .isEqualTo("[\"langchain_core\",\"messages\",\"HumanMessage\"]");
            assertThat(data.get(0).path("kwargs").path("content").asText()).isEqualTo("Hi, I am Ada");
            assertThat(data.get(1).path("id").get(2).asText()).isEqualTo("AIMessage");
            assertThat(data.get(3).path("kwargs").path("content").asText()).isEqualTo("You are Ada.");
        }
    }
}
