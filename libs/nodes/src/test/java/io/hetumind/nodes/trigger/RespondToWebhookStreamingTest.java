package io.hetumind.nodes.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.trigger.ChunkSink;
import io.hetumind.core.spi.trigger.WebhookResponder;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.nodes.NodeTests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Respond to Webhook 1.2–1.5 as n8n 2.8's: 1.5 streams its answer (n8n's {@code sendChunk}: begin, item, end per item)
 * when the run streams (a per-run {@link ChunkSink}) and then does not answer through the responder; {@code
 * enableStreaming} off, an older version or no sink answers as before; All Incoming Items sends its chunks in any
 * version, as n8n's does; 1.3 and 1.4+ with {@code enableResponseOutput} output the response on a second branch; {@code
 * responseKey} puts the answer in a field.
 */
class RespondToWebhookStreamingTest {

    private final List<WebhookResponse> responses = new CopyOnWriteArrayList<>();
    private final List<ChunkSink.Chunk> chunks = new CopyOnWriteArrayList<>();

    private ExecutionResult run(double version, String parameters, boolean streaming) {
        String wf =
                """
                {"id":"rtw","name":"rtw","nodes":[
                 {"id":"h","name":"Hook","type":"n8n-nodes-base.webhook","typeVersion":2.1,
                  "parameters":{"httpMethod":"POST","path":"s","responseMode":"streaming"}},
                 {"id":"r","name":"Reply","type":"n8n-nodes-base.respondToWebhook","typeVersion":%s,"parameters":%s}],
                 "connections":{"Hook":{"main":[[{"node":"Reply","type":"main","index":0}]]}}}
                """
                        .formatted(version, Json.write(NodeTests.json(parameters)));
        Engine engine = Engine.builder()
                .registry(NodeRegistry.load())
                .expressions(NodeTests.expressions())
                .service(WebhookResponder.class, (id, r) -> responses.add(r))
                .build();
        List<Item> request = List.of(
                Item.of(NodeTests.json("{'headers':{},'params':{},'query':{},'body':{'n':1}}")),
                Item.of(NodeTests.json("{'headers':{},'params':{},'query':{},'body':{'n':2}}")));
        RunRequest req = RunRequest.defaults().sequential().withInput(request);
        if (streaming) {
            req = req.withService(ChunkSink.class, chunks::add);
        }
        ExecutionResult r = engine.run(engine.prepare(WorkflowFormat.readJson(wf)), req);
        assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
        return r;
    }

    private List<String> chunks() {
        List<String> out = new ArrayList<>();
        for (ChunkSink.Chunk c : chunks) {
            out.add(c.type().wire() + " " + c.itemIndex() + (c.content() == null ? "" : " " + c.content()));
        }
        return out;
    }

    @Test
    void version15StreamsItsAnswerInsteadOfResponding() {
        run(1.5, "{'respondWith':'json','responseBody':'={{ JSON.stringify({ok: $json.body.n}) }}'}", true);
        assertThat(chunks()).containsExactly("begin 0", "item 0 {\"ok\":1}", "end 0");
        assertThat(responses).as("the stream is the answer").isEmpty();
        ChunkSink.Chunk item = chunks.get(1);
        assertThat(item.nodeName()).isEqualTo("Reply");
        assertThat(item.nodeId()).isEqualTo("r");
        assertThat(item.toJson().get("metadata").get("runIndex").asInt()).isZero();

        chunks.clear();
        run(1.5, "{'respondWith':'text','responseBody':'=Thanks, {{ $json.body.n }}'}", true);
        assertThat(chunks()).as("text goes as it is").containsExactly("begin 0", "item 0 Thanks, 1", "end 0");

        chunks.clear();
        run(1.5, "{'respondWith':'firstIncomingItem','options':{'responseKey':'data'}}", true);
        assertThat(chunks())
                .as("the item, not the field n8n's responseKey builds for the plain answer")
                .containsExactly(
                        "begin 0", "item 0 {\"headers\":{},\"params\":{},\"query\":{},\"body\":{\"n\":1}}", "end 0");
        assertThat(responses).isEmpty();
    }

    @Test
    void allIncomingItemsSendsAnAnswerPerItemInEveryVersion() {
        run(1.5, "{'respondWith':'allIncomingItems'}", true);
        assertThat(chunks()).hasSize(6).startsWith("begin 0").contains("begin 1", "end 1");
        assertThat(responses).isEmpty();
        chunks.clear();
        run(1.1, "{'respondWith':'allIncomingItems'}", true);
        assertThat(chunks()).as("n8n sends these chunks whatever the version").hasSize(6);
        assertThat(responses)
                .as("and, below 1.5, answers through the responder too")
                .hasSize(1);
    }

    @Test
    void streamingOffAnOlderVersionOrNoSinkAnswersThroughTheResponder() {
        run(1.5, "{'respondWith':'json','responseBody':{'a':1},'options':{'enableStreaming':false}}", true);
        run(1.4, "{'respondWith':'json','responseBody':{'a':1}}", true);
        run(1.5, "{'respondWith':'json','responseBody':{'a':1}}", false);
        assertThat(chunks).isEmpty();
        assertThat(responses).hasSize(3).allSatisfy(r -> assertThat(r)
                .isEqualTo(new WebhookResponse(200, Map.of(), "{\"a\":1}", "application/json")));
        responses.clear();
        run(1.5, "{'respondWith':'redirect','redirectURL':'https://example.com/done'}", true);
        assertThat(chunks).as("a redirect is not streamed").isEmpty();
        assertThat(responses).isEmpty();
    }

    @Test
    void theResponseBranchOf13AndOf14WhenEnabled() {
        ExecutionResult v13 = run(1.3, "{'respondWith':'json','responseBody':{'a':1}}", false);
        assertThat(v13.output("Reply", 0)).hasSize(2);
        assertThat(v13.output("Reply", 1).getFirst().json().toString())
                .isEqualTo("{\"response\":{\"body\":{\"a\":1},\"headers\":{},\"statusCode\":200}}");
        ExecutionResult v14 = run(
                1.4,
                "{'enableResponseOutput':true,'respondWith':'text','responseBody':'hi',"
                        + "'options':{'responseCode':201,'responseHeaders':{'entries':[{'name':'X-A','value':'b'}]}}}",
                false);
        assertThat(v14.output("Reply", 1).getFirst().json().toString())
                .isEqualTo("{\"response\":{\"body\":\"hi\",\"headers\":{\"x-a\":\"b\"},\"statusCode\":201}}");
        ExecutionResult off = run(1.4, "{'respondWith':'noData'}", false);
        assertThat(off.state().runs("Reply").getFirst().outputs()).hasSize(1);
        ExecutionResult noData = run(1.3, "{'respondWith':'noData','options':{'responseCode':204}}", false);
        assertThat(noData.output("Reply", 1).getFirst().json().toString())
                .as("no body, as n8n's undefined body")
                .isEqualTo("{\"response\":{\"headers\":{},\"statusCode\":204}}");
    }

    @Test
    void responseKeyPutsTheAnswerInAField() {
        run(1.5, "{'respondWith':'allIncomingItems','options':{'responseKey':'data.items'}}", false);
        assertThat(responses).hasSize(1);
        var body = Json.parse(responses.getFirst().body());
        assertThat(body.get("data").get("items")).hasSize(2);
        assertThat(body.get("data").get("items").get(1).get("body").get("n").asInt())
                .isEqualTo(2);
    }

    @Test
    void aBodyLeftAtItsDefaultIsN8nsSampleForJsonAndNothingForText() {
        // n8n 2.8's defaults; its exports leave the default out
        run(1.1, "{'respondWith':'json'}", false);
        assertThat(Json.parse(responses.getFirst().body())).isEqualTo(NodeTests.json("{'myField':'value'}"));
        responses.clear();
        run(1.1, "{'respondWith':'text'}", false);
        assertThat(responses.getFirst().body()).isEmpty();
    }
}
