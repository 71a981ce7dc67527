package io.hetumind.nodes.email;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.trigger.WebhookResponse;
import java.util.List;
import java.util.Map;

/**
 * The page Send and Wait's forms share (free text, custom form): title, description, the problems of a refused
 * submission, the fields and the submit button, with texts from the node's options as n8n takes them. Every text is
 * HTML-escaped here; the CSP allows no script and posts only to the same link.
 */
final class FormPage {

    /** No scripts, no outside requests; the form posts to the link it was opened from. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:;"
            + " media-src https: http:; frame-src https: http:; form-action 'self'; frame-ancestors 'none';"
            + " base-uri 'none'";

    private FormPage() {}

    /**
     * The page around {@code fields} (HTML already escaped by the caller). {@code multipart} makes the form post
     * {@code multipart/form-data} (a file input needs it), else {@code application/x-www-form-urlencoded}.
     */
    static WebhookResponse render(
            JsonNode params, String fields, List<String> problems, int status, boolean multipart) {
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
                .append("label, legend { display: block; color: #555555; font-size: 14px; margin: 16px 0 8px; }\n")
                .append("fieldset { border: 0; padding: 0; margin: 0; }\n")
                .append("fieldset label { display: inline; margin: 0 0 0 4px; }\n")
                .append(".choice { margin: 4px 0; }\n")
                .append("input:not([type=checkbox]):not([type=radio]), select, textarea { box-sizing: border-box;")
                .append(" width: 100%; padding: 8px; border: 1px solid #dbdfe7; border-radius: 6px; font: inherit; }\n")
                .append("textarea { min-height: 120px; }\n")
                .append(".required::after { content: \" *\"; color: #ea1f30; }\n")
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
        for (String problem : problems) {
            html.append("<p class=\"problem\" role=\"alert\">")
                    .append(escape(problem))
                    .append("</p>\n");
        }
        html.append("<form method=\"post\" action=\"\"")
                .append(multipart ? " enctype=\"multipart/form-data\"" : "")
                .append(">\n")
                .append(fields)
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
    static String literal(JsonNode value) {
        String text = value.isValueNode() ? value.asText() : "";
        return text.startsWith("=") ? "" : text;
    }

    /** Text for an element's content or a quoted attribute. */
    static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
