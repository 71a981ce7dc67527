package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.ResumeLinkHandler;
import io.hetumind.core.spi.ResumeLinks;
import io.hetumind.core.spi.WaitsForCall;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.core.spi.trigger.WebhookSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signed node links ({@link ResumeLinks}) and what {@link Engine#decide} makes of requests to them. */
class ResumeLinksTest {

    private static final String BASE = "https://hooks.example/resume/";
    private static final byte[] KEY = "a-key-of-32-bytes-for-the-tests!".getBytes(StandardCharsets.UTF_8);

    /** Parks after emitting its signed link; a call to the link resumes it with the link's {@code answer}. */
    static final class Ask implements NodeType, ResumeLinkHandler {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.ask").displayName("Ask").build();
        }

        public NodeResult execute(NodeContext ctx) {
            ResumeLinks links =
                    ctx.service(ResumeLinks.class).orElseThrow(() -> NodeException.user("no resume links here", 0));
            Map<String, String> query = new LinkedHashMap<>();
            query.put("answer", "yes please");
            query.put("note", "a&b=c");
            String link = links.signed(ctx.node().id(), query);
            return new NodeResult.Wait(
                    null, List.of(List.of(Item.of(Json.object().put("link", link)))));
        }

        public boolean waitsForLink(Node node) {
            return true;
        }

        public Outcome onLink(Call call) {
            return new Resume(
                    List.of(Item.of(Json.object().put("answer", call.query().get("answer")))),
                    new WebhookResponse(200, Map.of(), "thanks", "text/plain"));
        }
    }

    /** Parks until a call to the resume URL: PUT with the suffix {@code done}, as a Wait "On Webhook Call" says. */
    static final class CallWait implements NodeType, WaitsForCall {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.callwait")
                    .displayName("Call Wait")
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            return new NodeResult.Wait(null, List.of(ctx.items()));
        }

        public boolean waitsForCall(Node node) {
            return true;
        }

        public WebhookSpec callSpec(Node node) {
            if (node.parameters().path("broken").asBoolean()) {
                throw new IllegalArgumentException("parameter 'broken': is set");
            }
            return new WebhookSpec(
                    "done", List.of("PUT"), WebhookSpec.ResponseMode.ON_RECEIVED, 200, "firstEntryJson", "none");
        }
    }

    private static Engine engine(byte[] key) {
        List<NodeType> types = new ArrayList<>(TestNodes.registry().all());
        types.add(new Ask());
        types.add(new CallWait());
        return Engine.builder()
                .registry(io.hetumind.core.spi.NodeRegistry.of(types))
                .checkpointer(new InMemoryCheckpointer())
                .resumeKey(key)
                .resumeUrlBase(BASE)
                .build();
    }

    private static final Workflow ASKS = WorkflowFormat.readJson(
            """
            {"name":"asks","nodes":[{"name":"Start","type":"test.trigger"},
              {"id":"ask me","name":"Ask","type":"test.ask"},{"name":"After","type":"test.tag"}],
             "connections":{"Start":{"main":[[{"node":"Ask"}]]},"Ask":{"main":[[{"node":"After"}]]}}}""");

    private static WaitingCall call(String url) {
        URI u = URI.create(url);
        String[] parts = WaitingCall.split(u.getRawPath().substring("/resume/".length()));
        return new WaitingCall(parts[0], parts[1], "GET", u.getRawQuery(), Map.of(), MissingNode.getInstance());
    }

    @Test
    void aSignedLinkResumesItsNodeAndAnyChangeToItIsRefused() {
        Engine engine = engine(KEY);
        PreparedWorkflow wf = engine.prepare(ASKS);
        ExecutionResult parked = engine.run(wf, RunRequest.defaults().withExecutionId("ask-1"));
        assertThat(parked.status()).isEqualTo(ExecutionStatus.WAITING);
        assertThat(Engine.nodeResumedByUrl(parked.state())).isEqualTo("Ask");
        String link = parked.state()
                .waiting()
                .getFirst()
                .outputs()
                .getFirst()
                .getFirst()
                .json()
                .path("link")
                .asText();
        assertThat(link)
                .startsWith(
                        BASE + engine.resumeToken("ask-1") + "/ask%20me?answer=yes+please&note=a%26b%3Dc&signature=")
                .matches(".*&signature=[0-9a-f]{64}$");

        String q = link.substring(link.indexOf('?') + 1);
        String signature = q.substring(q.indexOf("signature="));
        String base = link.substring(0, link.indexOf('?') + 1);
        for (String changed : List.of(
                base + "answer=no&note=a%26b%3Dc&" + signature,
                base + "note=a%26b%3Dc&answer=yes+please&" + signature,
                base + "answer=yes+please&note=a%26b%3Dc&extra=1&" + signature,
                link.replace("/ask%20me?", "/ask%20you?"),
                link.substring(0, link.length() - 1) + (link.endsWith("0") ? "1" : "0"))) {
            assertThat(engine.decide(ASKS, "Ask", call(changed)))
                    .as(changed)
                    .isInstanceOfSatisfying(WaitingCall.Refused.class, r -> assertThat(r.status())
                            .isEqualTo(401));
        }
        // the plain resume URL does not resume a node that waits for its links
        assertThat(engine.decide(
                        ASKS,
                        "Ask",
                        new WaitingCall(
                                engine.resumeToken("ask-1"), null, "POST", null, Map.of(), MissingNode.getInstance())))
                .isInstanceOf(WaitingCall.Refused.class);
        // another worker with the same key accepts the link; another installation's key does not
        assertThat(engine(KEY).decide(ASKS, "Ask", call(link))).isInstanceOf(WaitingCall.Resume.class);
        assertThatThrownBy(() -> engine("another-key-of-32-bytes-for-test".getBytes(StandardCharsets.UTF_8))
                        .decide(ASKS, "Ask", call(link)))
                .isInstanceOf(InvalidResumeTokenException.class);

        WaitingCall.Decision d = engine.decide(ASKS, "Ask", call(link));
        assertThat(d).isInstanceOfSatisfying(WaitingCall.Resume.class, r -> {
            assertThat(r.executionId()).isEqualTo("ask-1");
            assertThat(r.response().body()).isEqualTo("thanks");
        });
        ExecutionResult done = engine.resumeWaiting(
                wf, "ask-1", "Ask", List.of(((WaitingCall.Resume) d).items()), RunRequest.defaults());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(done.output("After", 0).getFirst().json().path("answer").asText())
                .isEqualTo("yes please");
        // once it went on, the link finds nothing to do
        assertThat(engine.decide(ASKS, null, call(link)))
                .isInstanceOfSatisfying(
                        WaitingCall.Answer.class,
                        a -> assertThat(a.response().body()).contains("No action required"));
    }

    @Test
    void aWaitOnWebhookIsResumedByThePlainUrlAndAnExtraPathIsNotFound() {
        Engine engine = engine(KEY);
        Workflow waits = WorkflowFormat.readJson(
                """
                {"name":"waits","nodes":[{"name":"Start","type":"test.trigger"},
                  {"name":"Hold","type":"test.wait","parameters":{"ms":-1}}],
                 "connections":{"Start":{"main":[[{"node":"Hold"}]]}}}""");
        ExecutionResult parked =
                engine.run(engine.prepare(waits), RunRequest.defaults().withExecutionId("w-1"));
        String token = engine.resumeToken("w-1");
        assertThat(engine.decide(
                        waits,
                        Engine.nodeResumedByUrl(parked.state()),
                        new WaitingCall(token, null, "POST", "a=1", Map.of(), MissingNode.getInstance())))
                .isEqualTo(new WaitingCall.Plain("w-1", false));
        assertThat(engine.decide(
                        waits,
                        "Hold",
                        new WaitingCall(token, "Hold", "GET", "signature=00", Map.of(), MissingNode.getInstance())))
                .isInstanceOfSatisfying(
                        WaitingCall.Refused.class, r -> assertThat(r.status()).isEqualTo(404));
        assertThat(WaitingCall.split("a/b/c")).isNull();
    }

    @Test
    void aWaitForACallIsResumedOnlyWithItsMethodAndSuffix() {
        Engine engine = engine(KEY);
        Workflow waits = WorkflowFormat.readJson(
                """
                {"name":"waits","nodes":[{"name":"Start","type":"test.trigger"},{"name":"Hold","type":"test.callwait"},
                  {"name":"Broken","type":"test.callwait","parameters":{"broken":true}}],
                 "connections":{"Start":{"main":[[{"node":"Hold"}]]}}}""");
        String token = engine.resumeToken("w-2");
        String noMatch =
                "The workflow for execution \"w-2\" does not contain a waiting webhook with a matching path/method.";
        for (String[] call : new String[][] {{"GET", "done"}, {"POST", "done"}, {"PUT", null}, {"PUT", "other"}}) {
            assertThat(engine.decide(
                            waits,
                            "Hold",
                            new WaitingCall(token, call[1], call[0], null, Map.of(), MissingNode.getInstance())))
                    .as("%s %s", call[0], call[1])
                    .isEqualTo(new WaitingCall.Refused(404, "webhook-not-found", "Not found", noMatch));
        }
        assertThat(engine.decide(
                        waits,
                        "Hold",
                        new WaitingCall(token, "done", "PUT", null, Map.of(), MissingNode.getInstance())))
                .isEqualTo(new WaitingCall.Plain("w-2", true));
        assertThat(engine.decide(
                        waits,
                        "Broken",
                        new WaitingCall(token, "done", "PUT", null, Map.of(), MissingNode.getInstance())))
                .isEqualTo(new WaitingCall.Refused(
                        500,
                        "webhook-misconfigured",
                        "Webhook misconfigured",
                        "Node 'Broken': parameter 'broken': is set"));
    }
}
