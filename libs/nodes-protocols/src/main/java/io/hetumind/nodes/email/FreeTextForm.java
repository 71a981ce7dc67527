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

    /** No scripts, no outside requests; the form posts to the link it was opened from. */
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

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

    /** n8n's form texts: the title and description options, else the message; the button label, else "Submit". */
    private static WebhookResponse page(JsonNode params, String problem, int status) {
        JsonNode options = params.path("options");
        String title = literal(options.path("responseFormTitle"));
        String description = literal(options.path("responseFormDescription"));
        if (description.isEmpty()) {
            description = literal(params.path("message"));
        }
        description = description.replace("\\n", "\n").replace("<br>", "\n");
        String button = literal(options.path("responseFormButtonLabel"));
        if (button.isEmpty()) {
            button = "Submit";
        }
        String css = literal(options.path("responseFormCustomCss")).replace("</", "<\\/");
        StringBuilder html = new StringBuilder()
                .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n")
                .append("<title>")
                .append(escape(title.isEmpty() ? "Response" : title))
                .append("</title>\n<style>\n")
                .append("body { margin: 0; background-color: #fbfcfe; font-family: sans-serif; }\n")
                .append(".card { max-width: 448px; margin: 24px auto; padding: 24px; background-color: #ffffff;")
                .append(" border: 1px solid #dbdfe7; border-radius: 8px; }\n")
                .append("h1 { color: #525356; font-size: 20px; font-weight: 400; }\n")
                .append("p { color: #7e8186; font-size: 14px; white-space: pre-line; }\n")
                .append("label { display: block; color: #555555; font-size: 14px; margin: 16px 0 8px; }\n")
                .append("textarea { box-sizing: border-box; width: 100%; min-height: 120px; padding: 8px;")
                .append(" border: 1px solid #dbdfe7; border-radius: 6px; font: inherit; }\n")
                .append("button { margin-top: 16px; width: 100%; padding: 12px; border: 0; border-radius: 6px;")
                .append(" background-color: #ff6d5a; color: #ffffff; font-size: 14px; font-weight: 600; }\n")
                .append(".problem { color: #ea1f30; }\n")
                .append(css)
                .append("\n</style>\n</head>\n<body>\n<div class=\"card\">\n");
        if (!title.isEmpty()) {
            html.append("<h1>").append(escape(title)).append("</h1>\n");
        }
        if (!description.isEmpty()) {
            html.append("<p>").append(escape(description)).append("</p>\n");
        }
        if (problem != null) {
            html.append("<p class=\"problem\">").append(escape(problem)).append("</p>\n");
        }
        html.append("<form method=\"post\" action=\"\">\n")
                .append("<label for=\"")
                .append(FIELD)
                .append("\">Response</label>\n")
                .append("<textarea id=\"")
                .append(FIELD)
                .append("\" name=\"")
                .append(FIELD)
                .append("\" required></textarea>\n")
                .append("<button type=\"submit\">")
                .append(escape(button))
                .append("</button>\n</form>\n</div>\n</body>\n</html>\n");
        return new WebhookResponse(
                status,
                Map.of("content-security-policy", CSP, "cache-control", "no-store"),
                html.toString(),
                "text/html; charset=utf-8");
    }

    /** A parameter's text when it is not an expression (those only the node run can evaluate). */
    private static String literal(JsonNode value) {
        String text = value.isValueNode() ? value.asText() : "";
        return text.startsWith("=") ? "" : text;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
