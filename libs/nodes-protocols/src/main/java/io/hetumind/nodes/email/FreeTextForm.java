package io.hetumind.nodes.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.ResumeLinkHandler;
import io.hetumind.core.spi.trigger.WebhookResponse;
import java.util.List;
import java.util.Map;

/**
 * Send and Wait's free-text response (n8n's {@code responseType: freeText}): the message's button opens a page with
 * one required text box ({@code field-0}, as n8n names its first form field); its submission (a POST to the same signed
 * link) resumes the run with {@code {data: {text}}}. The page's title, description and button come from the node's
 * options as written: the host decides on a link without running the node, so a value that is an expression is left
 * out (the title and description are empty, the button reads "Submit").
 */
final class FreeTextForm {

    static final String FIELD = "field-0";

    private FreeTextForm() {}

    static ResumeLinkHandler.Outcome onLink(ResumeLinkHandler.Call call) {
        switch (call.method()) {
            case "GET" -> {
                return new ResumeLinkHandler.Answer(page(call.node().parameters(), null, 200));
            }
            case "POST" -> {
                JsonNode body = call.body();
                JsonNode text =
                        body.has(FIELD) ? body.get(FIELD) : body.path("data").path(FIELD);
                if (!text.isValueNode() || text.asText().isBlank()) {
                    return new ResumeLinkHandler.Answer(page(call.node().parameters(), "A response is required.", 400));
                }
                ObjectNode json = Json.object();
                json.putObject("data").put("text", text.asText());
                return new ResumeLinkHandler.Resume(List.of(Item.of(json)), SendAndWait.recordedPage());
            }
            default -> {
                return new ResumeLinkHandler.Answer(new WebhookResponse(200, Map.of(), "", "text/html; charset=utf-8"));
            }
        }
    }

    private static WebhookResponse page(JsonNode params, String problem, int status) {
        String field = "<label for=\"" + FIELD + "\" class=\"required\">Response</label>\n<textarea id=\"" + FIELD
                + "\" name=\"" + FIELD + "\" required></textarea>\n";
        return FormPage.render(params, field, problem == null ? List.of() : List.of(problem), status, false);
    }
}
