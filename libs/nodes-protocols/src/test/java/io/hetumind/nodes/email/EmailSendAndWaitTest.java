package io.hetumind.nodes.email;

import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.InMemoryCheckpointer;
import io.hetumind.core.engine.InvalidResumeTokenException;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.WaitingCall;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.core.expr.ExpressionEngine;
import io.hetumind.core.model.Connections;
import io.hetumind.core.model.CredentialRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.model.WorkflowSettings;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.trigger.ManualTriggerNode;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Send Email's Send and Wait for Response through the real engine: GreenMail receives the message, the test opens the
 * link in it as a host does ({@link Engine#decide}) and the run goes on with n8n's {@code {data: {approved}}}.
 */
class EmailSendAndWaitTest {

    private static final String BASE = "https://studio.example/webhook-waiting/";
    private static final String BROWSER =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

    private GreenMail mail;
    private Engine engine;

    @BeforeEach
    void start() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        engine = engine(BASE);
    }

    @AfterEach
    void stop() {
        mail.stop();
    }

    private Engine engine(String base) {
        ObjectNode smtp = Json.object()
                .put("host", "127.0.0.1")
                .put("port", mail.getSmtp().getPort())
                .put("secure", false);
        Engine.Builder b = Engine.builder()
                .registry(NodeRegistry.of(List.of(new ManualTriggerNode(), new EmailSendNode(2_000, 2_000))))
                .expressions(
                        ServiceLoader.load(ExpressionEngine.class).findFirst().orElse(null))
                .checkpointer(new InMemoryCheckpointer())
                .credentials((ref, type) -> type.equals("smtp") ? Optional.of(smtp.deepCopy()) : Optional.empty());
        if (base != null) {
            b.resumeUrlBase(base);
        }
        return b.build();
    }

    private static Workflow workflow(String params) {
        return workflow(params, null);
    }

    /** With {@code jsonOutput} set to {@code definition}, its {@code '} read as {@code "}. */
    private static Workflow workflow(String params, String definition) {
        ObjectNode p = json("{'resource':'email','operation':'sendAndWait','fromEmail':'bot@example.com',"
                + "'toEmail':'boss@example.com','subject':'Approve &amp; ship?','message':'Ship release 1.2?\\\\nIt is"
                + " ready.'," + params + "}");
        if (definition != null) {
            p.put("jsonOutput", definition.replace('\'', '"'));
        }
        Node send = new Node(
                "6f1c0a52-41a4-4b8e-9a55-0d1f3c9e2b77",
                "Ask",
                "n8n-nodes-base.emailSend",
                2.1,
                null,
                p,
                Map.of("smtp", new CredentialRef("c1", "SMTP account")),
                null,
                null,
                false,
                false,
                false,
                null);
        return new Workflow(
                "wf",
                "send and wait",
                1,
                List.of(Node.of("Trigger", new ManualTriggerNode().descriptor().type(), 1, null), send),
                Connections.builder().connect("Trigger", 0, "Ask", 0).build(),
                new WorkflowSettings(0, null, "UTC", 0, "v1"),
                null);
    }

    private static RunRequest request() {
        return RunRequest.defaults()
                .sequential()
                .withInput(List.of(Item.of(Json.object().put("ticket", 7))));
    }

    private record Parked(PreparedWorkflow prepared, ExecutionResult run, String url) {}

    /** Runs {@code wf} until it waits; the one signed link of the email it sent, whose button reads {@code button}. */
    private Parked parkWithOneLink(Workflow wf, String button) throws Exception {
        PreparedWorkflow prepared = engine.prepare(wf);
        ExecutionResult parked = engine.run(prepared, request());
        assertThat(parked.status()).isEqualTo(ExecutionStatus.WAITING);
        List<String> links = links(html());
        assertThat(links).hasSize(1);
        assertThat(links.getFirst()).contains("?approved=true&signature=").endsWith(" " + button);
        return new Parked(
                prepared, parked, links.getFirst().substring(0, links.getFirst().indexOf(' ')));
    }

    private String html() throws Exception {
        assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getContentType()).startsWith("text/html");
        return ((String) m.getContent()).replace("\r\n", "\n");
    }

    private static List<String> links(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<a href=\"([^\"]+)\"[^>]*>([^<]*)</a>").matcher(html);
        while (m.find()) {
            if (m.group(1).startsWith(BASE)) {
                out.add(m.group(1).replace("&amp;", "&") + " " + m.group(2));
            }
        }
        return out;
    }

    /** What a host does with a request to {@code url}: the engine's decision for the node the run waits at. */
    private WaitingCall.Decision open(Workflow wf, String executionId, String url, String userAgent) {
        URI u = URI.create(url);
        String[] parts = WaitingCall.split(
                u.getRawPath().substring(URI.create(BASE).getRawPath().length()));
        String waiting = engine.recover(engine.prepare(wf), executionId)
                .waiting()
                .getFirst()
                .task()
                .node();
        return engine.decide(
                wf,
                waiting,
                new WaitingCall(
                        parts[0],
                        parts[1],
                        "GET",
                        u.getRawQuery(),
                        Map.of("user-agent", userAgent),
                        MissingNode.getInstance()));
    }

    private ExecutionResult resume(PreparedWorkflow wf, ExecutionResult parked, WaitingCall.Decision d) {
        assertThat(d).isInstanceOf(WaitingCall.Resume.class);
        WaitingCall.Resume r = (WaitingCall.Resume) d;
        assertThat(r.executionId()).isEqualTo(parked.executionId());
        assertThat(r.response().status()).isEqualTo(200);
        assertThat(r.response().contentType()).startsWith("text/html");
        assertThat(r.response().body()).contains("Got it, thanks");
        return engine.resumeWaiting(wf, parked.executionId(), "Ask", List.of(r.items()), request());
    }

    @Test
    void theApproveLinkInTheMessageResumesTheRunWithApprovedTrue() throws Exception {
        Workflow wf = workflow("'approvalOptions':{'values':{'approveLabel':'Ship it'}}");
        PreparedWorkflow prepared = engine.prepare(wf);
        ExecutionResult parked = engine.run(prepared, request());
        assertThat(parked.status()).isEqualTo(ExecutionStatus.WAITING);
        assertThat(parked.state().wakeAt()).isNegative();

        String html = html();
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("Approve & ship?");
        assertThat(m.getFrom()[0].toString()).isEqualTo("bot@example.com");
        assertThat(html).contains("Ship release 1.2?\nIt is ready.");
        assertThat(html).contains("Automated with n8n");
        List<String> links = links(html);
        assertThat(links).hasSize(1);
        String approve = links.getFirst();
        assertThat(approve).endsWith(" Ship it");
        String url = approve.substring(0, approve.indexOf(' '));
        assertThat(url)
                .startsWith(BASE + engine.resumeToken(parked.executionId()) + "/6f1c0a52-41a4-4b8e-9a55-0d1f3c9e2b77"
                        + "?approved=true&signature=")
                .matches(".*signature=[0-9a-f]{64}$");

        // a link previewer's fetch records nothing
        assertThat(open(wf, parked.executionId(), url, "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"))
                .isInstanceOf(WaitingCall.Answer.class);

        ExecutionResult done = resume(prepared, parked, open(wf, parked.executionId(), url, BROWSER));
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        List<Item> out = done.output("Ask", 0);
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().json().toString()).isEqualTo("{\"data\":{\"approved\":true}}");

        // the link again, now that the run went on: nothing to do
        WaitingCall.Decision again = engine.decide(
                wf,
                null,
                new WaitingCall(
                        engine.resumeToken(parked.executionId()),
                        "6f1c0a52-41a4-4b8e-9a55-0d1f3c9e2b77",
                        "GET",
                        URI.create(url).getRawQuery(),
                        Map.of("user-agent", BROWSER),
                        MissingNode.getInstance()));
        assertThat(again).isInstanceOf(WaitingCall.Answer.class);
        assertThat(((WaitingCall.Answer) again).response().body()).contains("No action required");
    }

    @Test
    void doubleApprovalSendsDeclineThenApproveAndTheDeclineLinkResumesWithApprovedFalse() throws Exception {
        Workflow wf = workflow("'approvalOptions':{'values':{'approvalType':'double',"
                + "'buttonDisapprovalStyle':'primary'}},'options':{'appendAttribution':false}");
        PreparedWorkflow prepared = engine.prepare(wf);
        ExecutionResult parked = engine.run(prepared, request());
        assertThat(parked.status()).isEqualTo(ExecutionStatus.WAITING);
        String html = html();
        assertThat(html).doesNotContain("n8n");
        List<String> links = links(html);
        assertThat(links).hasSize(2);
        assertThat(links.get(0)).contains("?approved=false&signature=").endsWith(" Decline");
        assertThat(links.get(1)).contains("?approved=true&signature=").endsWith(" Approve");
        assertThat(html).doesNotContain("border:1px solid #d1d1d1"); // both buttons primary

        String decline = links.get(0).substring(0, links.get(0).indexOf(' '));
        ExecutionResult done = resume(prepared, parked, open(wf, parked.executionId(), decline, BROWSER));
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(done.output("Ask", 0).getFirst().json().toString()).isEqualTo("{\"data\":{\"approved\":false}}");
    }

    @Test
    void aForgedMissingOrPlainLinkIsRefusedAndResumesNothing() throws Exception {
        Workflow wf = workflow("'approvalOptions':{'values':{'approvalType':'double'}}");
        ExecutionResult parked = engine.run(engine.prepare(wf), request());
        List<String> links = links(html());
        String decline = links.get(0).substring(0, links.get(0).indexOf(' '));
        String id = parked.executionId();

        // the decline link turned into an approval keeps its signature, which no longer matches
        WaitingCall.Decision forged = open(wf, id, decline.replace("approved=false", "approved=true"), BROWSER);
        assertThat(forged).isInstanceOfSatisfying(WaitingCall.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.detail()).contains("signature does not match");
        });
        String unsigned = decline.substring(0, decline.indexOf("&signature="));
        assertThat(open(wf, id, unsigned, BROWSER))
                .isInstanceOfSatisfying(
                        WaitingCall.Refused.class, r -> assertThat(r.detail()).contains("no signature"));
        assertThat(open(wf, id, decline.replaceAll("signature=[0-9a-f]{8}", "signature=00000000"), BROWSER))
                .isInstanceOf(WaitingCall.Refused.class);
        // the plain resume URL ($execution.resumeUrl) does not resume a node that waits for its links
        assertThat(open(wf, id, BASE + engine.resumeToken(id), BROWSER))
                .isInstanceOfSatisfying(
                        WaitingCall.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
        // a forged token is not even an execution
        assertThatThrownBy(() -> open(wf, id, decline.replace(id + ".", id + "x."), BROWSER))
                .isInstanceOf(InvalidResumeTokenException.class);
        assertThat(engine.recover(engine.prepare(wf), id).status()).isEqualTo(ExecutionStatus.WAITING);
    }

    @Test
    void aLimitedWaitGoesOnWithTheInputItemsWhenNobodyAnswers() throws Exception {
        // 0.01 minutes: short enough for the engine to sleep through instead of parking
        Workflow wf = workflow("'options':{'limitWaitTime':{'values':{'limitType':'afterTimeInterval',"
                + "'resumeAmount':0.01,'resumeUnit':'minutes'}}}");
        long before = System.currentTimeMillis();
        ExecutionResult done = engine.run(engine.prepare(wf), request());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(System.currentTimeMillis() - before).isGreaterThanOrEqualTo(550);
        assertThat(done.output("Ask", 0).getFirst().json().toString()).isEqualTo("{\"ticket\":7}");
        assertThat(html()).contains("approved=true");

        // an hour: the run parks until then
        Workflow hour = workflow("'options':{'limitWaitTime':{'values':{'limitType':'afterTimeInterval',"
                + "'resumeAmount':1,'resumeUnit':'hours'}}}");
        ExecutionResult parked = engine.run(engine.prepare(hour), request());
        assertThat(parked.status()).isEqualTo(ExecutionStatus.WAITING);
        assertThat(parked.state().wakeAt()).isBetween(before + 3_500_000, System.currentTimeMillis() + 3_600_000);

        Workflow bad = workflow("'options':{'limitWaitTime':{'values':{'limitType':'atSpecifiedTime',"
                + "'maxDateAndTime':'not a date'}}}");
        ExecutionResult failed = engine.run(engine.prepare(bad), request());
        assertThat(failed.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(failed.state().error().message()).contains("Could not configure Limit Wait Time");
    }

    /** {@link #open} with another method and a parsed body. */
    private WaitingCall.Decision submit(Workflow wf, String executionId, String url, String method, String body) {
        URI u = URI.create(url);
        String[] parts = WaitingCall.split(
                u.getRawPath().substring(URI.create(BASE).getRawPath().length()));
        return engine.decide(
                wf,
                "Ask",
                new WaitingCall(
                        parts[0], parts[1], method, u.getRawQuery(), Map.of("user-agent", BROWSER), Json.parse(body)));
    }

    @Test
    void freeTextSendsARespondButtonToAFormWhoseAnswerResumesTheRunWithTheText() throws Exception {
        Workflow wf = workflow("'responseType':'freeText','options':{'messageButtonLabel':'Answer',"
                + "'responseFormTitle':'Release <1.2>','responseFormButtonLabel':'={{ $json.label }}'}");
        Parked p = parkWithOneLink(wf, "Answer");
        PreparedWorkflow prepared = p.prepared();
        ExecutionResult parked = p.run();
        String url = p.url();

        WaitingCall.Decision form = submit(wf, parked.executionId(), url, "GET", "{}");
        assertThat(form).isInstanceOfSatisfying(WaitingCall.Answer.class, a -> {
            assertThat(a.response().status()).isEqualTo(200);
            assertThat(a.response().headers()).containsKey("content-security-policy");
            assertThat(a.response().body())
                    .contains("<h1>Release &lt;1.2&gt;</h1>")
                    .contains("<p>Ship release 1.2?\nIt is ready.</p>")
                    .contains("<textarea id=\"field-0\" name=\"field-0\" required>")
                    .contains("<button type=\"submit\">Submit</button>"); // an expression label is left out
        });
        assertThat(submit(wf, parked.executionId(), url, "POST", "{'field-0':'  '}".replace('\'', '"')))
                .isInstanceOfSatisfying(
                        WaitingCall.Answer.class,
                        a -> assertThat(a.response().status()).isEqualTo(400));

        WaitingCall.Decision answer =
                submit(wf, parked.executionId(), url, "POST", "{'field-0':'Ship on Friday'}".replace('\'', '"'));
        ExecutionResult done = resume(prepared, parked, answer);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(done.output("Ask", 0).getFirst().json().toString())
                .isEqualTo("{\"data\":{\"text\":\"Ship on Friday\"}}");
    }

    private static final String EVERY_ELEMENT = "'responseType':'customForm','options':{'messageButtonLabel':'Fill in',"
            + "'responseFormTitle':'Release form'},'formFields':{'values':["
            + "{'fieldLabel':'Name','placeholder':'Your name','requiredField':true},"
            + "{'fieldLabel':'Age','fieldType':'number','defaultValue':'30'},"
            + "{'fieldLabel':'Email','fieldType':'email','requiredField':true},"
            + "{'fieldLabel':'Notes','fieldType':'textarea','defaultValue':'none'},"
            + "{'fieldLabel':'When','fieldType':'date'},"
            + "{'fieldLabel':'Pick','fieldType':'dropdown','fieldOptions':{'values':[{'option':'a'},{'option':'b'}]},"
            + "'defaultValue':'b'},"
            + "{'fieldLabel':'Many','fieldType':'dropdown','multiselect':true,"
            + "'fieldOptions':{'values':[{'option':'x'},{'option':'y'},{'option':'z'}]}},"
            + "{'fieldLabel':'Boxes','fieldType':'checkbox','fieldOptions':{'values':[{'option':'p'},{'option':'q'}]},"
            + "'defaultValue':'p, q','limitSelection':'range','minSelections':1,'maxSelections':1},"
            + "{'fieldLabel':'Radio','fieldType':'radio','fieldOptions':{'values':[{'option':'r1'},{'option':'r2'}]}},"
            + "{'fieldType':'hiddenField','fieldName':'source','fieldValue':'mail'},"
            + "{'fieldType':'html','elementName':'intro','html':'<b>Hi</b><script>alert(1)</script>'},"
            + "{'fieldLabel':'Secret','fieldType':'password'},"
            + "{'fieldLabel':'<script>alert(1)</script>','fieldType':'text'},"
            + "{'fieldLabel':'Upload','fieldType':'file','acceptFileTypes':'.pdf','multipleFiles':false}"
            + "]}";

    @Test
    void aCustomFormShowsEveryElementRefusesABadAnswerAndResumesWithN8nsItem() throws Exception {
        Workflow wf = workflow(EVERY_ELEMENT);
        Parked p = parkWithOneLink(wf, "Fill in");
        PreparedWorkflow prepared = p.prepared();
        ExecutionResult parked = p.run();
        String url = p.url();

        WaitingCall.Decision form = submit(wf, parked.executionId(), url, "GET", "{}");
        assertThat(form).isInstanceOfSatisfying(WaitingCall.Answer.class, a -> {
            assertThat(a.response().status()).isEqualTo(200);
            assertThat(a.response().headers()).containsKey("content-security-policy");
            assertThat(a.response().body())
                    .contains("<h1>Release form</h1>")
                    .contains("<form method=\"post\" action=\"\" enctype=\"multipart/form-data\">")
                    .contains("<label for=\"field-0\" class=\"required\">Name</label>")
                    .contains("<input type=\"text\" id=\"field-0\" name=\"field-0\" placeholder=\"Your name\""
                            + " required>")
                    .contains("<input type=\"number\" id=\"field-1\" name=\"field-1\" step=\"any\" value=\"30\">")
                    .contains("<input type=\"email\" id=\"field-2\" name=\"field-2\" required>")
                    .contains("<textarea id=\"field-3\" name=\"field-3\">none</textarea>")
                    .contains("<input type=\"date\" id=\"field-4\" name=\"field-4\">")
                    .contains("<select id=\"field-5\" name=\"field-5\">")
                    .contains("<option value=\"b\" selected>b</option>")
                    .contains("<select id=\"field-6\" name=\"field-6\" multiple>")
                    .contains("<input type=\"checkbox\" id=\"option0_field-7\" name=\"field-7\" value=\"p\" checked>")
                    .contains("<input type=\"checkbox\" id=\"option1_field-7\" name=\"field-7\" value=\"q\" checked>")
                    .contains("<input type=\"radio\" id=\"option1_field-8\" name=\"field-8\" value=\"r2\">")
                    .contains("<input type=\"hidden\" id=\"field-9\" name=\"field-9\" value=\"mail\">")
                    .contains("<div class=\"html-field\"><b>Hi</b></div>")
                    .contains("<input type=\"password\" id=\"field-11\" name=\"field-11\">")
                    .contains("<label for=\"field-12\">&lt;script&gt;alert(1)&lt;/script&gt;</label>")
                    .contains("<input type=\"file\" id=\"field-13\" name=\"field-13\" accept=\".pdf\">")
                    .doesNotContain("<script");
        });

        String bad = "{'field-0':'  ','field-1':'abc','field-2':'nope','field-5':'c','field-7':['p','q'],"
                + "'field-11':'secret'}";
        WaitingCall.Decision refused = submit(wf, parked.executionId(), url, "POST", bad.replace('\'', '"'));
        assertThat(refused).isInstanceOfSatisfying(WaitingCall.Answer.class, a -> {
            assertThat(a.response().status()).isEqualTo(400);
            assertThat(a.response().body())
                    .contains("\u201cName\u201d is required.")
                    .contains("\u201cAge\u201d must be a number.")
                    .contains("\u201cEmail\u201d must be an email address.")
                    .contains("\u201cPick\u201d: \u201cc\u201d is not one of the choices.")
                    .contains("\u201cBoxes\u201d: select from 1 to 1.")
                    .contains("value=\"abc\"") // what was sent is kept
                    .doesNotContain("secret"); // but never a password
        });
        assertThat(engine.recover(prepared, parked.executionId()).status()).isEqualTo(ExecutionStatus.WAITING);

        String good = "{'field-0':' Ada ','field-1':'36.5','field-2':'ada@example.com','field-3':'none',"
                + "'field-4':'2026-12-24','field-5':'b','field-6':['x','z'],'field-7':'q','field-8':'r2',"
                + "'field-9':'mail','field-10':'<b>Hi</b>','field-11':'pw','field-12':'x'}";
        ExecutionResult done =
                resume(prepared, parked, submit(wf, parked.executionId(), url, "POST", good.replace('\'', '"')));
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(done.output("Ask", 0).getFirst().json().toString())
                .isEqualTo("{\"data\":{\"Name\":\"Ada\",\"Age\":36.5,\"Email\":\"ada@example.com\","
                        + "\"Notes\":\"none\",\"When\":\"2026-12-24\",\"Pick\":\"b\",\"Many\":[\"x\",\"z\"],"
                        + "\"Boxes\":[\"q\"],\"Radio\":\"r2\",\"source\":\"mail\",\"intro\":\"<b>Hi</b>\","
                        + "\"Secret\":\"pw\",\"<script>alert(1)</script>\":\"x\",\"Upload\":null}}");
    }

    @Test
    void aCustomFormTakesN8nsJsonSelectionTextAndGivesWholeNumbersAsIntegers() throws Exception {
        Workflow wf = workflow(
                "'responseType':'customForm','defineForm':'json'",
                "[{'fieldLabel':'Count','fieldType':'number','requiredField':true},"
                        + "{'fieldLabel':'Tags','fieldType':'checkbox','fieldOptions':[{'option':'a'},{'option':'b'}]},"
                        + "{'fieldLabel':'One','fieldType':'radio','fieldOptions':{'values':[{'option':'u'}]}},"
                        + "{'fieldLabel':'Opt'}]");
        Parked p = parkWithOneLink(wf, "Respond");
        PreparedWorkflow prepared = p.prepared();
        ExecutionResult parked = p.run();
        String url = p.url();
        assertThat(((WaitingCall.Answer) submit(wf, parked.executionId(), url, "GET", "{}"))
                        .response()
                        .body())
                .contains("<form method=\"post\" action=\"\">")
                .contains("<input type=\"checkbox\" id=\"option1_field-1\" name=\"field-1\" value=\"b\">");
        // as n8n's own page sends a selection: JSON array text; an unselected radio is left out, an empty text kept
        ObjectNode body = Json.object()
                .put("field-0", "12")
                .put("field-1", "[\"a\",\"b\"]")
                .put("field-3", "");
        ExecutionResult done = resume(prepared, parked, submit(wf, parked.executionId(), url, "POST", body.toString()));
        assertThat(done.output("Ask", 0).getFirst().json().toString())
                .isEqualTo("{\"data\":{\"Count\":12,\"Tags\":[\"a\",\"b\"],\"Opt\":\"\"}}");
    }

    @Test
    void aCustomFormLinkWithAForgedSignatureIsRefused() throws Exception {
        Workflow wf = workflow(EVERY_ELEMENT);
        ExecutionResult parked = engine.run(engine.prepare(wf), request());
        String url = links(html()).getFirst().split(" ")[0];
        String forged = url.replaceAll("signature=[0-9a-f]{8}", "signature=00000000");
        assertThat(submit(wf, parked.executionId(), forged, "POST", "{\"field-0\":\"Ada\"}"))
                .isInstanceOfSatisfying(
                        WaitingCall.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
        assertThat(engine.recover(engine.prepare(wf), parked.executionId()).status())
                .isEqualTo(ExecutionStatus.WAITING);
    }

    @Test
    void aBadCustomFormIsRefusedByValidationAndAHostWithoutResumeLinksByTheNode() {
        String json = "'responseType':'customForm','defineForm':'json'";
        assertThatThrownBy(() -> engine.prepare(workflow(json, "[{'fieldLabel':'A','colour':'red'}]")))
                .isInstanceOf(WorkflowInvalidException.class)
                .hasMessageContaining("parameter 'jsonOutput': Key 'colour' in field 0 is not valid for form fields");
        assertThatThrownBy(() -> engine.prepare(workflow(json, "[{'fieldType':'colour'}]")))
                .isInstanceOf(WorkflowInvalidException.class)
                .hasMessageContaining("Field type 'colour' in field 0 is not valid for form fields");
        assertThatThrownBy(() -> engine.prepare(workflow(json, "[{'fieldLabel':")))
                .isInstanceOf(WorkflowInvalidException.class)
                .hasMessageContaining("Value is not valid JSON");
        assertThatThrownBy(() -> engine.prepare(workflow(
                        "'responseType':'customForm','formFields':{'values':[{'fieldLabel':'={{ $json.x }}'}]}")))
                .isInstanceOf(WorkflowInvalidException.class)
                .hasMessageContaining("an expression in a custom form's element is not supported here yet");

        Engine noLinks = engine(null);
        ExecutionResult r = noLinks.run(noLinks.prepare(workflow("'approvalOptions':{}")), request());
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message()).contains("needs a host that serves resume links");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }
}
