package io.hetumind.nodes.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Answer;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Call;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Start;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Upload;
import io.hetumind.core.spi.trigger.WebhookSpec;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Form Trigger's registration, page and submissions, by the rules of n8n 2.8's form utilities. */
class FormTriggerNodeTest {
    private static final FormTriggerNode TYPE = new FormTriggerNode();
    private static final Map<String, String> MULTIPART = Map.of("content-type", "multipart/form-data; boundary=x");

    /** One element of each kind, as n8n's editor saves them. */
    private static final String FIELDS =
            """
            {"values": [
              {"fieldLabel": "Name", "fieldName": "name", "requiredField": true},
              {"fieldLabel": "Age", "fieldName": "age", "fieldType": "number"},
              {"fieldLabel": "Colours", "fieldName": "colours", "fieldType": "checkbox",
               "fieldOptions": {"values": [{"option": "red"}, {"option": "green"}, {"option": "blue"}]}},
              {"fieldLabel": "Size", "fieldName": "size", "fieldType": "radio",
               "fieldOptions": {"values": [{"option": "S"}, {"option": "M"}]}},
              {"fieldLabel": "Country", "fieldType": "dropdown",
               "fieldOptions": {"values": [{"option": "NL"}, {"option": "FR"}]}},
              {"fieldName": "campaign", "fieldType": "hiddenField", "fieldValue": "spring"},
              {"fieldType": "html", "elementName": "terms", "html": "<p>Terms</p>"},
              {"fieldLabel": "CV file", "fieldName": "cv", "fieldType": "file"},
              {"fieldLabel": "Photo", "fieldType": "file", "multipleFiles": false}
            ]}""";

    private static Node form(double version, String params) {
        ObjectNode p = (ObjectNode) Json.parse(params);
        return new Node(
                "node-1",
                "Form",
                "hetumind.formTrigger",
                version,
                null,
                p,
                null,
                null,
                null,
                false,
                false,
                false,
                null);
    }

    /** The contact form; its path is a parameter up to 2.1 and an option from 2.2, as n8n declares it. */
    private static Node contact(double version) {
        String path = version <= 2.1 ? "\"path\": \"contact\"," : "\"options\": {\"path\": \"contact\"},";
        return form(version, "{" + path + " \"formTitle\": \"Contact <us>\", \"formFields\": " + FIELDS + "}");
    }

    private static WebhookSpec spec(Node n) {
        return TYPE.spec(new TriggerParams(n));
    }

    private static Call post(Node n, ObjectNode body, List<Upload> uploads, ObjectNode query, boolean test) {
        return new Call(
                n, "POST", test, MULTIPART, body, "http://h/form/contact", uploads, query, ZoneId.of("Europe/Berlin"));
    }

    private static ObjectNode body(String json) {
        return (ObjectNode) Json.parse(json);
    }

    @Test
    void registersGetAndPostOnItsPathPerVersion() {
        WebhookSpec v1 = spec(contact(1));
        assertThat(v1.path()).isEqualTo("contact/n8n-form");
        assertThat(v1.methods()).containsExactly("GET", "POST");
        assertThat(v1.responseData()).isEqualTo("noData");
        assertThat(spec(contact(2.1)).path()).isEqualTo("contact");
        // from 2.2 the path is an option; without one the form id, else the node id
        assertThat(spec(form(2.5, "{\"options\": {\"path\": \"/join\"}}")).path())
                .isEqualTo("join");
        assertThat(spec(form(2.5, "{\"webhookId\": \"f1d2\"}")).path()).isEqualTo("f1d2");
        assertThat(spec(form(2.5, "{}")).path()).isEqualTo("node-1");
        assertThat(spec(form(2.5, "{\"responseMode\": \"lastNode\"}")).responseMode())
                .isEqualTo(WebhookSpec.ResponseMode.LAST_NODE);
        assertThat(spec(form(2.1, "{\"path\": \"a\", \"responseMode\": \"responseNode\"}"))
                        .responseMode())
                .isEqualTo(WebhookSpec.ResponseMode.RESPONSE_NODE);
        assertThat(spec(form(2, "{\"path\": \"a\", \"authentication\": \"basicAuth\"}"))
                        .authentication())
                .isEqualTo("basicAuth");
        // version 1 has no authentication: n8n checks it from version 2
        assertThat(spec(form(1, "{\"path\": \"a\", \"authentication\": \"basicAuth\"}"))
                        .authentication())
                .isEqualTo("none");
    }

    @Test
    void refusesWhatAVersionDoesNotOffer() {
        assertThatThrownBy(() -> spec(form(2.2, "{\"responseMode\": \"responseNode\"}")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("responseMode")
                .hasMessageContaining("version 2.2");
        assertThatThrownBy(() -> spec(form(2.5, "{\"formTitle\": \"={{ $now }}\"}")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("formTitle")
                .hasMessageContaining("expression");
        assertThatThrownBy(() -> spec(form(2, "{\"path\": \"a\", \"authentication\": \"headerAuth\"}")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("headerAuth");
    }

    @Test
    void submissionBecomesTheItemWithN8nsConversions() {
        Node n = contact(2.3);
        ObjectNode query = body("{\"ref\": \"mail\"}");
        var start = (Start) TYPE.handle(post(
                n,
                body(
                        """
                        {"field-0": "  Ada  ", "field-1": " 42 ", "field-2": "[\\"red\\",\\"blue\\"]",
                         "field-3": "[\\"M\\"]", "field-4": "FR", "field-5": "spring", "field-6": "<p>Terms</p>"}"""),
                List.of(
                        new Upload("field-7", "cv.pdf", "application/pdf", 10),
                        new Upload("field-8", "me.png", "image/png", 20),
                        new Upload("field-8", "me2.png", "image/png", 30)),
                query,
                false));
        ObjectNode json = start.json();
        // before 2.4 an element goes by its label
        assertThat(json.fieldNames())
                .toIterable()
                .containsExactly(
                        "Name",
                        "Age",
                        "Colours",
                        "Size",
                        "Country",
                        "campaign",
                        "terms",
                        "CV file",
                        "Photo",
                        "submittedAt",
                        "formMode",
                        "formQueryParameters");
        assertThat(json.get("Name").asText()).isEqualTo("Ada");
        assertThat(json.get("Age").isNumber()).isTrue();
        assertThat(json.get("Age").asInt()).isEqualTo(42);
        assertThat(json.get("Colours")).isEqualTo(Json.parse("[\"red\",\"blue\"]"));
        assertThat(json.get("Size").asText()).isEqualTo("M");
        assertThat(json.get("Country").asText()).isEqualTo("FR");
        assertThat(json.get("terms").asText()).isEqualTo("<p>Terms</p>");
        // a file element that allows several files lists even one; two files under one element are a list anyway
        assertThat(json.get("CV file"))
                .isEqualTo(Json.parse("[{\"filename\":\"cv.pdf\",\"mimetype\":\"application/pdf\",\"size\":10}]"));
        assertThat(json.get("Photo").size()).isEqualTo(2);
        assertThat(start.binaryKeys()).containsExactly("CV_file", "Photo_0", "Photo_1");
        assertThat(json.get("formMode").asText()).isEqualTo("production");
        assertThat(json.get("formQueryParameters")).isEqualTo(query);
        // 2.3 defaults to the workflow's zone (Berlin here)
        assertThat(json.get("submittedAt").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0[12]:00");
        assertThat(start.respondFromRun()).isFalse();
    }

    @Test
    void keysFollowTheVersion() {
        var fields = body("{\"field-0\": \"Ada\", \"field-1\": \"\", \"field-2\": \"[]\", \"field-3\": \"[]\"}");
        ObjectNode v24 = ((Start) TYPE.handle(post(contact(2.4), fields, List.of(), null, true))).json();
        // from 2.4 by Field Name where one is set; an empty number is 0 (Number('')); a radio with nothing chosen is
        // left out (undefined in n8n); absent elements are null
        assertThat(v24.get("name").asText()).isEqualTo("Ada");
        assertThat(v24.get("age").asInt()).isZero();
        assertThat(v24.get("colours")).isEqualTo(Json.array());
        assertThat(v24.has("size")).isFalse();
        assertThat(v24.get("Country").isNull()).isTrue();
        assertThat(v24.get("cv").isNull()).isTrue();
        assertThat(v24.get("formMode").asText()).isEqualTo("test");
        assertThat(v24.has("formQueryParameters")).isFalse();
    }

    @Test
    void submittedAtIsUtcUnlessTheWorkflowZoneIsAsked() {
        Instant at = Instant.parse("2026-01-15T10:00:00.123Z");
        Call call = post(contact(2), body("{}"), List.of(), null, false);
        // version 2 keeps UTC unless the option is set; later versions use the workflow's zone
        assertThat(FormSubmission.read(FormConfig.of(contact(2)), call, at)
                        .json()
                        .get("submittedAt")
                        .asText())
                .isEqualTo("2026-01-15T10:00:00.123Z");
        Node zoned = form(2, "{\"path\": \"a\", \"options\": {\"useWorkflowTimezone\": true}}");
        assertThat(FormSubmission.read(FormConfig.of(zoned), post(zoned, body("{}"), List.of(), null, false), at)
                        .json()
                        .get("submittedAt")
                        .asText())
                .isEqualTo("2026-01-15T11:00:00.123+01:00");
    }

    @Test
    void badSubmissionsAreRefusedWithTheirReason() {
        Node n = contact(2.5);
        var wrongType = (Answer) TYPE.handle(new Call(
                n, "POST", false, Map.of("content-type", "application/json"), body("{}"), "http://h/form/contact"));
        assertThat(wrongType.response().status()).isEqualTo(400);
        assertThat(wrongType.response().body()).contains("multipart/form-data").contains("application/json");
        var badChoice = (Answer) TYPE.handle(post(n, body("{\"field-2\": \"red\"}"), List.of(), null, false));
        assertThat(badChoice.response().status()).isEqualTo(400);
        assertThat(badChoice.response().body())
                .contains("field-2")
                .contains("colours")
                .contains("JSON array");
    }

    @Test
    void pageShowsTheFormWithPresetsAndNothingTheBuilderCanScript() {
        Node n = form(
                2.5,
                """
                {"formTitle": "Join <b>us</b>",
                 "formDescription": "Hi<script>alert(1)</script>\\\\n<img src=x onerror=alert(2)>",
                 "formFields": {"values": [
                   {"fieldLabel": "Name", "fieldName": "name", "placeholder": "\\" onfocus=\\"x"},
                   {"fieldLabel": "Colours", "fieldName": "colours", "fieldType": "checkbox",
                    "defaultValue": "red, blue",
                    "fieldOptions": {"values": [{"option": "red"}, {"option": "green"}, {"option": "blue"}]}},
                   {"fieldName": "ref", "fieldType": "hiddenField"},
                   {"fieldType": "html",
                    "html": "<iframe src=\\"https://v.example/1\\"></iframe><a href=\\"javascript:x()\\">x</a>"}
                 ]},
                 "options": {"customCss": "body{color:red}</style><script>alert(3)</script>", "buttonLabel": "Go"}}""");
        var answer = (Answer) TYPE.handle(new Call(
                n,
                "GET",
                true,
                Map.of(),
                Json.object(),
                "http://h/form-test/x",
                List.of(),
                body("{\"name\": \"Ada\"," + " \"ref\": \"mail\"}"),
                null));
        assertThat(answer.response().status()).isEqualTo(200);
        assertThat(answer.response().contentType()).startsWith("text/html");
        String html = answer.response().body();
        String csp = answer.response().headers().get("content-security-policy");
        String nonce = csp.replaceAll(".*script-src 'nonce-([^']+)'.*", "$1");
        assertThat(csp).contains("default-src 'none'");
        // every script on the page carries the nonce; the builder's script never made it in
        assertThat(html.split("<script nonce=\"" + nonce + "\">", -1)).hasSize(2);
        // two script elements: the page's settings (data) and its code; tags of the builder's are gone (their text,
        // inert, may stay: the description's meta text keeps it, as in n8n)
        assertThat(html.split("<script", -1)).hasSize(3);
        assertThat(html).doesNotContain("onerror").doesNotContain("javascript:");
        assertThat(html).doesNotContain("</style><script>alert(3)");
        assertThat(html).contains("<title>Join &lt;b&gt;us&lt;/b&gt;</title>");
        assertThat(html).contains("This is a test version of your form");
        assertThat(html).contains("value=\"Ada\"").contains("placeholder=\"&quot; onfocus=&quot;x\"");
        assertThat(html).contains("value=\"red\" checked").contains("value=\"blue\" checked");
        assertThat(html).doesNotContain("value=\"green\" checked");
        assertThat(html).contains("<input type=\"hidden\" name=\"field-2\" value=\"mail\">");
        assertThat(html).contains("sandbox=\"\"");
        assertThat(html).contains(">Go</button>");
        // the description's written \n is a line break
        assertThat(html).contains("<p class=\"description\">Hi\n<img src=\"x\"></p>");
    }

    @Test
    void aWaitOnFormSubmittedReadsItsOwnCalls() {
        var wait = new io.hetumind.nodes.flow.WaitNode();
        Node n = new Node(
                "node-9",
                "Wait",
                "hetumind.wait",
                1.1,
                null,
                (ObjectNode) Json.parse("{\"resume\": \"form\", \"formTitle\": \"Approve\", \"responseMode\":"
                        + " \"lastNode\", \"incomingAuthentication\": \"basicAuth\", \"options\":"
                        + " {\"webhookSuffix\": \"/ok/\"}, \"formFields\": {\"values\": [{\"fieldLabel\":"
                        + " \"Decision\", \"fieldName\": \"d\"}]}}"),
                null,
                null,
                null,
                false,
                false,
                false,
                null);
        assertThat(wait.waitsForCall(n)).isTrue();
        WebhookSpec spec = wait.callSpec(n);
        assertThat(spec.path()).isEqualTo("ok");
        assertThat(spec.methods()).containsExactly("GET", "POST");
        assertThat(spec.responseMode()).isEqualTo(WebhookSpec.ResponseMode.LAST_NODE);
        assertThat(spec.authentication()).isEqualTo("basicAuth");
        var handler = wait.callHandler(n).orElseThrow();
        var page = (Answer) handler.handle(new Call(
                n, "GET", false, Map.of(), Json.object(), "http://h/w", List.of(), body("{\"d\": \"x\"}"), null));
        // a Wait's form is not prefilled from its query (n8n reads the query only for the trigger)
        assertThat(page.response().body()).contains("<h1>Approve</h1>").doesNotContain("value=\"x\"");
        var start = (Start)
                handler.handle(post(n, body("{\"field-0\": \" yes \"}"), List.of(), body("{\"q\": \"1\"}"), false));
        // Wait 1.1 names by label; no query parameters; UTC
        assertThat(start.json().fieldNames()).toIterable().containsExactly("Decision", "submittedAt", "formMode");
        assertThat(start.json().get("Decision").asText()).isEqualTo("yes");
        assertThat(start.json().get("submittedAt").asText()).endsWith("Z");
        // a webhook wait keeps the Webhook node's handling
        Node hook = n.withParameters((ObjectNode) Json.parse("{\"resume\": \"webhook\"}"));
        assertThat(wait.callHandler(hook)).isEmpty();
        assertThat(wait.callSpec(hook).methods()).containsExactly("GET");
    }
}
