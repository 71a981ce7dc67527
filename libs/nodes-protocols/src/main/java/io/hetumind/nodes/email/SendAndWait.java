package io.hetumind.nodes.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.ResumeLinkHandler;
import io.hetumind.core.spi.ResumeLinks;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.nodes.internal.Dates;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Send Email's "Send and Wait for Response" (n8n's {@code sendAndWait}, v2 and v2.1): one message with approval
 * buttons, each a signed link to this node ({@link ResumeLinks}), then the execution waits — for a click, or until the
 * optional limit, when it goes on with the node's input items as n8n does. A click resumes it with one item {@code
 * {data: {approved: true|false}}}. Free text ({@link FreeTextForm}): one "Respond" button to a form page whose answer
 * resumes it with {@code {data: {text}}}. Custom form ({@link CustomForm}): the same button to a page of the node's
 * form elements, whose answer resumes it with {@code {data: {<field name>: value, ...}}}.
 */
final class SendAndWait {

    static final String OPERATION = "sendAndWait";

    private static final String BUTTON_PRIMARY = "display:inline-block; text-decoration:none; background-color:#ff6d5a;"
            + " color:#ffffff; padding:12px 24px; font-family:Arial,sans-serif; font-size:14px; font-weight:600;"
            + " border-radius:6px; min-width:120px; margin:12px 4px 0 4px;";
    private static final String BUTTON_SECONDARY = "display:inline-block; text-decoration:none;"
            + " background-color:#ffffff; color:#4a4a4a; padding:12px 24px; font-family:Arial,sans-serif;"
            + " font-size:14px; font-weight:600; border:1px solid #d1d1d1; border-radius:6px; min-width:120px;"
            + " margin:12px 4px 0 4px;";

    /** Link previewers and mail scanners open links on their own; an approval is never recorded for them. */
    private static final Pattern BOT =
            Pattern.compile("(?i)bot\\b|bot/|crawler|spider|slurp|preview|scanner|facebookexternalhit|embedly|whatsapp|"
                    + "skypeuripreview|outlook-link|proofpoint|mimecast|barracuda|headlesschrome|phantomjs|"
                    + "python-requests|curl/|wget/|go-http-client|okhttp|java/|apache-httpclient");

    private SendAndWait() {}

    /** Whether {@code node} parks for a click on its links: Send Email v2+ with operation {@code sendAndWait}. */
    static boolean waitsForLink(Node node) {
        return node.typeVersion() >= 2
                && OPERATION.equals(node.parameters().path("operation").asText("send"));
    }

    /** What this build cannot run in {@code node} although n8n accepts it. */
    static List<String> unsupported(Node node) {
        if (!waitsForLink(node)) {
            return List.of();
        }
        String type = node.parameters().path("responseType").asText("approval");
        if (type.equals("customForm")) {
            return CustomForm.unsupported(node.parameters());
        }
        return List.of();
    }

    static NodeResult execute(EmailSendNode sender, NodeContext ctx, ObjectNode cred) {
        String type = ctx.param("responseType", 0, String.class, "approval");
        if (!type.equals("approval") && !type.equals("freeText") && !type.equals("customForm")) {
            throw NodeException.user(
                    "parameter 'responseType': '" + type + "' is not one of approval, freeText, customForm", 0);
        }
        if (type.equals("customForm")) {
            try {
                CustomForm.fields(ctx.node().parameters());
            } catch (IllegalArgumentException e) {
                throw NodeException.user("parameter 'jsonOutput': " + e.getMessage(), 0);
            }
        }
        ResumeLinks links = ctx.service(ResumeLinks.class)
                .orElseThrow(() -> NodeException.user(
                        "Send and Wait for Response needs a host that serves resume links (the studio); this run has"
                                + " none, so no answer could reach it",
                        0));
        String from = ctx.param("fromEmail", 0, String.class, "");
        String to = ctx.param("toEmail", 0, String.class, "");
        String subject = unescape(ctx.param("subject", 0, String.class, ""));
        String message = unescape(ctx.param("message", 0, String.class, "").strip())
                .replace("\\n", "\n")
                .replace("<br>", "\n");
        JsonNode approval = ctx.paramTree("approvalOptions", 0).path("values");
        JsonNode options = ctx.paramTree("options", 0);
        String buttons = !type.equals("approval")
                ? button(
                        links.signed(ctx.node().id(), Map.of("approved", "true")),
                        ctx.param("options.messageButtonLabel", 0, String.class, "Respond"),
                        "primary")
                : buttons(ctx, links, approval);
        String html = body(message, buttons, options.path("appendAttribution"));
        Instant until = limit(ctx, options.path("limitWaitTime").path("values"));
        sender.sendHtml(ctx, cred, from, to, subject, html);
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < ctx.items().size(); i++) {
            out.add(ctx.items().get(i).withPairedItem(i));
        }
        return new NodeResult.Wait(until, List.of(out));
    }

    private static String buttons(NodeContext ctx, ResumeLinks links, JsonNode approval) {
        String nodeId = ctx.node().id();
        String approveUrl = links.signed(nodeId, Map.of("approved", "true"));
        String approveLabel = unescape(text(approval, "approveLabel", "Approve", "Approve"));
        String approveStyle = text(approval, "buttonApprovalStyle", "primary", "primary");
        if ("double".equals(text(approval, "approvalType", "single", "single"))) {
            String disapproveUrl = links.signed(nodeId, Map.of("approved", "false"));
            return button(
                            disapproveUrl,
                            unescape(text(approval, "disapproveLabel", "Decline", "Disapprove")),
                            text(approval, "buttonDisapprovalStyle", "secondary", "secondary"))
                    + "\n" + button(approveUrl, approveLabel, approveStyle);
        }
        return button(approveUrl, approveLabel, approveStyle);
    }

    /**
     * A field of the approval options as n8n reads it: an absent one takes the form's default (n8n fills a group's
     * defaults in), an empty one the node's own fallback.
     */
    private static String text(JsonNode values, String field, String formDefault, String fallback) {
        JsonNode v = values.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return formDefault;
        }
        return v.asText("").isEmpty() ? fallback : v.asText();
    }

    private static String button(String url, String label, String style) {
        return "<a href=\"" + url.replace("&", "&amp;").replace("\"", "&quot;") + "\" target=\"_blank\" style=\""
                + ("secondary".equals(style) ? BUTTON_SECONDARY : BUTTON_PRIMARY) + "\">" + label + "</a>";
    }

    private static String body(String message, String buttons, JsonNode appendAttribution) {
        boolean attribution =
                appendAttribution.isMissingNode() || appendAttribution.isNull() || appendAttribution.asBoolean(true);
        StringBuilder b = new StringBuilder()
                .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n")
                .append("<title>My form</title>\n</head>\n")
                .append("<body style=\"margin:0; padding:0; background-color:#fbfcfe; font-family:Arial,sans-serif;")
                .append(" font-size:12px;\">\n")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\">\n<tr>\n")
                .append("<td align=\"center\" style=\"padding:24px 0;\">\n")
                .append("<table role=\"presentation\" width=\"448\" cellpadding=\"0\" cellspacing=\"0\"")
                .append(" style=\"width:100%; max-width:448px; background-color:#ffffff; border:1px solid #dbdfe7;")
                .append(" border-radius:8px; padding:24px;\">\n")
                .append("<tr><td style=\"text-align:center; font-size:14px; color:#7e8186;\">")
                .append("<p style=\"white-space:pre-line;\">")
                .append(message)
                .append("</p></td></tr>\n")
                .append("<tr><td align=\"center\" style=\"padding-top:12px;\">\n")
                .append(buttons)
                .append("\n</td></tr>\n</table>\n");
        if (attribution) {
            b.append("<p style=\"text-align:center; font-size:12px; color:#7e8186; margin-top:24px;\">")
                    .append("<a href=\"https://n8n.io/?utm_source=n8n-internal&amp;utm_medium=send-and-wait\"")
                    .append(" target=\"_blank\" style=\"color:#7e8186; text-decoration:none;\">")
                    .append("Automated with n8n</a></p>\n");
        }
        return b.append("</td>\n</tr>\n</table>\n</body>\n</html>\n").toString();
    }

    /** n8n's Limit Wait Time: null waits for the click however long. */
    private static Instant limit(NodeContext ctx, JsonNode values) {
        if (!values.isObject() || values.isEmpty()) {
            return null;
        }
        // an absent field takes its form default, as n8n fills a group's defaults in
        if ("afterTimeInterval".equals(values.path("limitType").asText("afterTimeInterval"))) {
            JsonNode amount = values.has("resumeAmount") ? values.get("resumeAmount") : Json.F.numberNode(1);
            if (!amount.isNumber()
                    && !(amount.isTextual() && amount.asText().strip().matches("-?[0-9.]+"))) {
                throw limitError("'resumeAmount' is not a number: " + amount);
            }
            double seconds = amount.asDouble();
            switch (values.path("resumeUnit").asText("hours")) {
                case "minutes" -> seconds *= 60;
                case "hours" -> seconds *= 3600;
                case "days" -> seconds *= 86_400;
                default -> {
                    // as n8n: another unit counts the amount in seconds
                }
            }
            return ctx.now().plusMillis(Math.round(seconds * 1000));
        }
        String text = values.path("maxDateAndTime").asText("");
        ZonedDateTime at = text.isBlank() ? null : Dates.parse(text, ctx.zone());
        if (at == null) {
            throw limitError("'maxDateAndTime' is not a date: '" + text + "'");
        }
        return at.toInstant();
    }

    private static NodeException limitError(String why) {
        return NodeException.user("Could not configure Limit Wait Time: " + why, 0);
    }

    /** n8n's {@code escapeHtml}, which in fact turns five entities back into their characters. */
    static String unescape(String s) {
        return s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
    }

    static ResumeLinkHandler.Outcome onLink(ResumeLinkHandler.Call call) {
        String type = call.node().parameters().path("responseType").asText("approval");
        if (type.equals("freeText")) {
            return FreeTextForm.onLink(call);
        }
        if (type.equals("customForm")) {
            return CustomForm.onLink(call);
        }
        if (!type.equals("approval")) {
            return new ResumeLinkHandler.Answer(new WebhookResponse(
                    501,
                    Map.of(),
                    "This build does not serve the '" + type + "' response form.",
                    "text/plain; charset=utf-8"));
        }
        if (call.method().equals("HEAD")
                || !(call.method().equals("GET") || call.method().equals("POST"))) {
            // a HEAD is a link check, not a click
            return new ResumeLinkHandler.Answer(new WebhookResponse(200, Map.of(), "", "text/html; charset=utf-8"));
        }
        String agent = call.headers().getOrDefault("user-agent", "");
        if (BOT.matcher(agent).find()) {
            return new ResumeLinkHandler.Answer(new WebhookResponse(200, Map.of(), "", "text/html; charset=utf-8"));
        }
        ObjectNode json = Json.object();
        json.putObject("data").put("approved", "true".equals(call.query().get("approved")));
        return new ResumeLinkHandler.Resume(List.of(Item.of(json)), recordedPage());
    }

    static WebhookResponse recordedPage() {
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n"
                + "<title>Action recorded</title>\n</head>\n"
                + "<body style=\"margin:0; background-color:#fbfcfe; font-family:sans-serif;\">\n"
                + "<div style=\"max-width:448px; margin:24px auto; padding:24px; text-align:center;"
                + " background-color:#ffffff; border:1px solid #dbdfe7; border-radius:8px;\">\n"
                + "<h1 style=\"color:#525356; font-size:20px; font-weight:400;\">Got it, thanks</h1>\n"
                + "<p style=\"color:#7e8186; font-size:14px;\">This page can be closed now</p>\n"
                + "</div>\n</body>\n</html>\n";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("cache-control", "no-store");
        return new WebhookResponse(200, headers, html, "text/html; charset=utf-8");
    }
}
