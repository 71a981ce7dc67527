package io.hetumind.nodes.email;

import static io.hetumind.nodes.email.FormPage.escape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.ResumeLinkHandler;
import io.hetumind.core.spi.trigger.WebhookResponse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * Send and Wait's custom form (n8n's {@code responseType: customForm}): the message's one button opens a page with the
 * node's form elements ({@code formFields.values}, or the JSON array in {@code jsonOutput} with {@code defineForm:
 * json}); element {@code i} is the input {@code field-i}, as n8n names them. A POST (url-encoded or multipart) is
 * checked here — required elements, numbers, email addresses, choices among the options, the checkbox selection limits
 * — and a refused one gets the page again with the reasons (400) and resumes nothing. An accepted one resumes the run
 * with n8n's item {@code {data: {<field name>: value, ...}}}: numbers as numbers, text trimmed, checkboxes and a
 * multiple-choice dropdown as arrays of the chosen labels, a radio choice as its label, dates as written
 * ({@code yyyy-MM-dd}), a hidden field under its field name, a custom HTML element only when it has an element name.
 * The host decides without running the node, so elements are read as written; {@link #unsupported} refuses
 * expressions in them.
 */
final class CustomForm {

    /** The keys n8n accepts in a JSON form definition. */
    private static final Set<String> JSON_KEYS = Set.of(
            "fieldLabel",
            "fieldName",
            "fieldValue",
            "fieldType",
            "elementName",
            "placeholder",
            "defaultValue",
            "requiredField",
            "fieldOptions",
            "multiselect",
            "limitSelection",
            "numberOfSelections",
            "minSelections",
            "maxSelections",
            "multipleFiles",
            "acceptFileTypes",
            "formatDate",
            "html");

    private static final Set<String> TYPES = Set.of(
            "checkbox",
            "html",
            "date",
            "dropdown",
            "email",
            "file",
            "hiddenField",
            "number",
            "password",
            "radio",
            "text",
            "textarea");

    /** JavaScript's Number() of a trimmed, non-empty text (no hex, no Infinity). */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** What n8n lets a custom HTML element hold. */
    private static final Safelist HTML = Safelist.none()
            .addTags(
                    "b", "div", "i", "iframe", "img", "video", "source", "em", "strong", "a", "h1", "h2", "h3", "h4",
                    "h5", "h6", "u", "sub", "sup", "code", "pre", "span", "br", "ul", "ol", "li", "p", "table", "thead",
                    "tbody", "tfoot", "td", "tr", "th")
            .addAttributes("a", "href", "target", "rel")
            .addAttributes("img", "src", "alt", "width", "height")
            .addAttributes("video", "controls", "autoplay", "loop", "muted", "poster", "width", "height")
            .addAttributes(
                    "iframe", "src", "width", "height", "frameborder", "allow", "allowfullscreen", "referrerpolicy")
            .addAttributes("source", "src", "type")
            .addAttributes("td", "colspan", "rowspan", "scope", "headers")
            .addAttributes("th", "colspan", "rowspan", "scope", "headers")
            .addProtocols("a", "href", "http", "https")
            .addProtocols("img", "src", "http", "https")
            .addProtocols("video", "poster", "http", "https")
            .addProtocols("iframe", "src", "http", "https")
            .addProtocols("source", "src", "http", "https")
            .addEnforcedAttribute("iframe", "referrerpolicy", "strict-origin-when-cross-origin")
            .addEnforcedAttribute("iframe", "allow", "fullscreen; autoplay; encrypted-media");

    private CustomForm() {}

    /** The form's elements as the node's parameters define them; a bad JSON definition is n8n's message. */
    static List<ObjectNode> fields(JsonNode params) {
        List<ObjectNode> out = new ArrayList<>();
        if ("json".equals(params.path("defineForm").asText("fields"))) {
            JsonNode raw = params.get("jsonOutput");
            String text = raw == null || raw.isNull() ? SendAndWaitSpec.JSON_FORM_EXAMPLE : raw.asText();
            return fromJson(text);
        }
        for (JsonNode f : params.path("formFields").path("values")) {
            if (f.isObject()) {
                out.add((ObjectNode) f);
            }
        }
        return out;
    }

    /** n8n's reading of a JSON form definition, with its messages. */
    static List<ObjectNode> fromJson(String text) {
        JsonNode parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Value is not valid JSON");
        }
        if (!parsed.isArray()) {
            throw new IllegalArgumentException("Value is not valid JSON");
        }
        List<ObjectNode> out = new ArrayList<>();
        int index = 0;
        for (JsonNode raw : parsed) {
            if (!raw.isObject()) {
                throw new IllegalArgumentException("Value is not valid JSON");
            }
            ObjectNode field = Json.object();
            for (var e : raw.properties()) {
                String key = e.getKey();
                JsonNode v = e.getValue();
                if (!JSON_KEYS.contains(key)) {
                    throw new IllegalArgumentException(
                            "Key '" + key + "' in field " + index + " is not valid for form fields");
                }
                if (key.equals("fieldOptions")) {
                    JsonNode options = v.isArray() ? Json.object().set("values", v) : v;
                    if (!options.isObject() || !options.path("values").isArray()) {
                        throw new IllegalArgumentException("Field dropdown in field " + index
                                + " does has no 'values' property that contain an array of options");
                    }
                    int o = 0;
                    for (JsonNode option : options.get("values")) {
                        if (!option.isObject()
                                || option.size() != 1
                                || !option.path("option").isTextual()) {
                            throw new IllegalArgumentException(
                                    "Field dropdown in field " + index + " has an invalid option " + o);
                        }
                        o++;
                    }
                    field.set(key, options);
                } else if (v.isTextual()) {
                    // as n8n: angle brackets in a JSON definition's texts are kept as entities
                    field.put(key, v.asText().replace("<", "&lt;").replace(">", "&gt;"));
                } else if (v.isNumber() || v.isBoolean()) {
                    field.set(key, v);
                } else {
                    field.put(key, v.isNull() ? "null" : v.isArray() ? join(v) : "[object Object]");
                }
                if (key.equals("fieldType") && !TYPES.contains(field.get(key).asText())) {
                    throw new IllegalArgumentException("Field type '"
                            + field.get(key).asText() + "' in field " + index + " is not valid for form fields");
                }
            }
            out.add(field);
            index++;
        }
        return out;
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(v -> parts.add(v.isValueNode() && !v.isNull() ? v.asText() : ""));
        return String.join(",", parts);
    }

    /** What this build cannot serve in a custom form: expressions (the link handler does not run the node). */
    static List<String> unsupported(JsonNode params) {
        List<String> out = new ArrayList<>();
        if ("json".equals(params.path("defineForm").asText("fields"))) {
            JsonNode raw = params.path("jsonOutput");
            if (raw.isTextual() && (raw.asText().startsWith("=") || raw.asText().contains("{{"))) {
                out.add("parameter 'jsonOutput': a custom form defined by an expression is not supported here yet;"
                        + " write the JSON itself");
            } else {
                try {
                    fields(params);
                } catch (IllegalArgumentException e) {
                    out.add("parameter 'jsonOutput': " + e.getMessage());
                }
            }
            return out;
        }
        int i = 0;
        for (JsonNode f : params.path("formFields").path("values")) {
            if (hasExpression(f)) {
                out.add("parameter 'formFields.values[" + i + "]': an expression in a custom form's element is not"
                        + " supported here yet");
            }
            i++;
        }
        return out;
    }

    /** An expression, or (in custom HTML, which n8n resolves as written) a {@code {{ }}} placeholder. */
    private static boolean hasExpression(JsonNode v) {
        if (v.isTextual()) {
            return v.asText().startsWith("=");
        }
        if (v.isObject()
                && "html".equals(v.path("fieldType").asText())
                && v.path("html").asText().contains("{{")) {
            return true;
        }
        for (JsonNode c : v) {
            if (hasExpression(c)) {
                return true;
            }
        }
        return false;
    }

    static ResumeLinkHandler.Outcome onLink(ResumeLinkHandler.Call call) {
        JsonNode params = call.node().parameters();
        List<ObjectNode> fields;
        try {
            fields = fields(params);
        } catch (IllegalArgumentException e) {
            return new ResumeLinkHandler.Answer(new WebhookResponse(
                    500,
                    Map.of("cache-control", "no-store"),
                    "The form of this node cannot be shown: " + e.getMessage(),
                    "text/plain; charset=utf-8"));
        }
        switch (call.method()) {
            case "GET" -> {
                return new ResumeLinkHandler.Answer(page(params, fields, null, List.of(), 200));
            }
            case "POST" -> {
                JsonNode body = call.body().isObject() ? call.body() : Json.object();
                List<String> problems = problems(fields, body);
                if (!problems.isEmpty()) {
                    return new ResumeLinkHandler.Answer(page(params, fields, body, problems, 400));
                }
                ObjectNode json = Json.object();
                json.set("data", item(fields, body));
                return new ResumeLinkHandler.Resume(List.of(Item.of(json)), SendAndWait.recordedPage());
            }
            default -> {
                return new ResumeLinkHandler.Answer(new WebhookResponse(200, Map.of(), "", "text/html; charset=utf-8"));
            }
        }
    }

    private static String type(JsonNode f) {
        String t = f.path("fieldType").asText("text");
        return t.isEmpty() ? "text" : t;
    }

    /** n8n's key of an element in the output: its label, else its field name. */
    private static String key(JsonNode f) {
        JsonNode label = f.get("fieldLabel");
        if (label != null && !label.isNull()) {
            return label.asText();
        }
        JsonNode name = f.get("fieldName");
        return name != null && !name.isNull() ? name.asText() : "";
    }

    private static String label(JsonNode f) {
        return type(f).equals("hiddenField")
                ? f.path("fieldName").asText("")
                : f.path("fieldLabel").asText("");
    }

    private static boolean multiple(JsonNode f) {
        String t = type(f);
        return t.equals("checkbox")
                || (t.equals("dropdown") && f.path("multiselect").asBoolean(false));
    }

    private static List<String> options(JsonNode f) {
        List<String> out = new ArrayList<>();
        for (JsonNode o : f.path("fieldOptions").path("values")) {
            out.add(o.path("option").asText(""));
        }
        return out;
    }

    /** The submitted text values of {@code field-i}: one, several (repeated keys), or n8n's JSON array text. */
    private static List<String> submitted(JsonNode body, int i, boolean asList) {
        JsonNode v = body.get("field-" + i);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isArray()) {
            v.forEach(x -> out.add(x.asText()));
        } else if (asList && v.isTextual() && v.asText().strip().startsWith("[")) {
            try {
                Json.parse(v.asText()).forEach(x -> out.add(x.asText()));
            } catch (IllegalArgumentException e) {
                out.add(v.asText());
            }
        } else {
            out.add(v.asText());
        }
        return out;
    }

    private static List<String> problems(List<ObjectNode> fields, JsonNode body) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            ObjectNode f = fields.get(i);
            String t = type(f);
            if (t.equals("html") || t.equals("hiddenField")) {
                continue;
            }
            String name = "\u201c" + label(f) + "\u201d";
            boolean required = f.path("requiredField").asBoolean(false);
            List<String> values = submitted(body, i, multiple(f) || t.equals("radio"));
            values.removeIf(String::isBlank);
            if (t.equals("file")) {
                if (required) {
                    out.add(name + ": files cannot be sent through this form here yet.");
                }
                continue;
            }
            if (values.isEmpty()) {
                if (required) {
                    out.add(name + " is required.");
                }
                continue;
            }
            String first = values.getFirst().strip();
            switch (t) {
                case "number" -> {
                    if (!NUMBER.matcher(first).matches()) {
                        out.add(name + " must be a number.");
                    }
                }
                case "email" -> {
                    if (!EMAIL.matcher(first).matches()) {
                        out.add(name + " must be an email address.");
                    }
                }
                case "date" -> {
                    if (!DATE.matcher(first).matches()) {
                        out.add(name + " must be a date (YYYY-MM-DD).");
                    }
                }
                case "dropdown", "radio", "checkbox" -> {
                    List<String> allowed = options(f);
                    for (String v : values) {
                        if (!allowed.contains(v)) {
                            out.add(name + ": \u201c" + v + "\u201d is not one of the choices.");
                            break;
                        }
                    }
                    if (!multiple(f) && values.size() > 1) {
                        out.add(name + " takes one choice.");
                    }
                    if (t.equals("checkbox")) {
                        limits(f, name, new LinkedHashSet<>(values).size(), out);
                    }
                }
                default -> {}
            }
        }
        return out;
    }

    private static void limits(JsonNode f, String name, int count, List<String> out) {
        switch (f.path("limitSelection").asText("unlimited")) {
            case "exact" -> {
                int n = f.path("numberOfSelections").asInt(1);
                if (count != n) {
                    out.add(name + ": select exactly " + n + ".");
                }
            }
            case "range" -> {
                int min = f.path("minSelections").asInt(0);
                int max = f.path("maxSelections").asInt(1);
                if (count < min || count > max) {
                    out.add(name + ": select from " + min + " to " + max + ".");
                }
            }
            default -> {}
        }
    }

    /** n8n's {@code data} of an accepted submission. */
    private static ObjectNode item(List<ObjectNode> fields, JsonNode body) {
        ObjectNode data = Json.object();
        for (int i = 0; i < fields.size(); i++) {
            ObjectNode f = fields.get(i);
            String t = type(f);
            String key = key(f);
            JsonNode raw = body.get("field-" + i);
            if (raw == null || raw.isNull()) {
                if (multiple(f)) {
                    data.putArray(key); // n8n's page always sends the (maybe empty) selection
                } else if (!t.equals("radio")) {
                    data.putNull(key); // an unselected radio is left out, as n8n's undefined
                }
                continue;
            }
            switch (t) {
                case "html" -> {
                    String element = f.path("elementName").asText("");
                    if (!element.isEmpty()) {
                        data.set(element, raw);
                    }
                }
                case "number" -> {
                    String s = raw.asText().strip();
                    if (s.isEmpty()) {
                        data.put(key, 0); // JavaScript's Number("")
                    } else {
                        BigDecimal d = new BigDecimal(s);
                        try {
                            data.put(key, d.longValueExact());
                        } catch (ArithmeticException notWhole) {
                            double v = d.doubleValue();
                            if (Double.isInfinite(v)) {
                                data.putNull(key); // JSON has no Infinity: n8n's item holds null
                            } else {
                                data.put(key, v);
                            }
                        }
                    }
                }
                case "text" ->
                    data.put(
                            key,
                            raw.isArray()
                                    ? raw.path(0).asText().strip()
                                    : raw.asText().strip());
                case "checkbox", "radio" -> {
                    List<String> values = submitted(body, i, true);
                    if (t.equals("radio")) {
                        if (!values.isEmpty()) {
                            data.put(key, values.getFirst());
                        }
                    } else {
                        ArrayNode a = data.putArray(key);
                        values.forEach(a::add);
                    }
                }
                case "dropdown" -> {
                    if (multiple(f)) {
                        ArrayNode a = data.putArray(key);
                        submitted(body, i, true).forEach(a::add);
                    } else {
                        data.put(key, raw.isArray() ? raw.path(0).asText() : raw.asText());
                    }
                }
                case "file" -> data.putNull(key);
                default -> data.set(key, raw);
            }
        }
        return data;
    }

    /**
     * The form, each element holding its default (n8n gives Send and Wait's form no query to prefill from); after a
     * refused submission, the values sent (never a password).
     */
    private static WebhookResponse page(
            JsonNode params, List<ObjectNode> fields, JsonNode body, List<String> problems, int status) {
        StringBuilder html = new StringBuilder();
        boolean multipart = false;
        for (int i = 0; i < fields.size(); i++) {
            ObjectNode f = fields.get(i);
            String t = type(f);
            String id = "field-" + i;
            String preset = f.path("defaultValue").asText("");
            List<String> sent = body == null ? null : submitted(body, i, multiple(f) || t.equals("radio"));
            String value = sent == null ? preset : sent.isEmpty() ? "" : sent.getFirst();
            boolean required = f.path("requiredField").asBoolean(false);
            String requiredAttr = required ? " required" : "";
            String placeholder = f.path("placeholder").asText("");
            String placeholderAttr = placeholder.isEmpty() ? "" : " placeholder=\"" + escape(placeholder) + "\"";
            switch (t) {
                case "html" -> {
                    String clean = clean(f.path("html").asText(""));
                    // sent along, as n8n's page does: the output holds it under the element name, if any
                    html.append("<div class=\"html-field\">").append(clean).append("</div>\n");
                    html.append(hidden(id, clean));
                }
                case "hiddenField" -> {
                    String v = preset.isEmpty() ? f.path("fieldValue").asText("") : preset;
                    html.append(hidden(id, v));
                }
                case "checkbox", "radio" -> {
                    List<String> chosen =
                            sent != null ? sent : t.equals("checkbox") ? splitComma(preset) : List.of(preset);
                    html.append("<fieldset id=\"")
                            .append(id)
                            .append("\">\n<legend")
                            .append(required ? " class=\"required\"" : "")
                            .append(">")
                            .append(escape(label(f)))
                            .append("</legend>\n");
                    List<String> options = options(f);
                    for (int o = 0; o < options.size(); o++) {
                        String optionId = "option" + o + "_" + id;
                        String option = options.get(o);
                        html.append("<div class=\"choice\"><input type=\"")
                                .append(t)
                                .append("\" id=\"")
                                .append(optionId)
                                .append("\" name=\"")
                                .append(id)
                                .append("\" value=\"")
                                .append(escape(option))
                                .append("\"")
                                .append(chosen.contains(option) ? " checked" : "")
                                .append(t.equals("radio") ? requiredAttr : "")
                                .append("><label for=\"")
                                .append(optionId)
                                .append("\">")
                                .append(escape(option))
                                .append("</label></div>\n");
                    }
                    html.append("</fieldset>\n");
                }
                default -> {
                    html.append(label(id, label(f), required));
                    switch (t) {
                        case "textarea" ->
                            html.append("<textarea id=\"")
                                    .append(id)
                                    .append("\" name=\"")
                                    .append(id)
                                    .append("\"")
                                    .append(placeholderAttr)
                                    .append(requiredAttr)
                                    .append(">")
                                    .append(escape(value))
                                    .append("</textarea>\n");
                        case "dropdown" -> {
                            boolean many = multiple(f);
                            List<String> chosen = sent != null ? sent : many ? splitComma(preset) : List.of(preset);
                            html.append("<select id=\"")
                                    .append(id)
                                    .append("\" name=\"")
                                    .append(id)
                                    .append("\"")
                                    .append(many ? " multiple" : "")
                                    .append(requiredAttr)
                                    .append(">\n");
                            if (!many) {
                                html.append("<option value=\"\">Select an option ...</option>\n");
                            }
                            for (String option : options(f)) {
                                html.append("<option value=\"")
                                        .append(escape(option))
                                        .append("\"")
                                        .append(chosen.contains(option) ? " selected" : "")
                                        .append(">")
                                        .append(escape(option))
                                        .append("</option>\n");
                            }
                            html.append("</select>\n");
                        }
                        case "file" -> {
                            multipart = true;
                            String accept = f.path("acceptFileTypes").asText("");
                            html.append("<input type=\"file\" id=\"")
                                    .append(id)
                                    .append("\" name=\"")
                                    .append(id)
                                    .append("\"")
                                    .append(accept.isEmpty() ? "" : " accept=\"" + escape(accept) + "\"")
                                    .append(f.path("multipleFiles").asBoolean(true) ? " multiple" : "")
                                    .append(requiredAttr)
                                    .append(">\n");
                        }
                        default -> {
                            String inputType = Set.of("number", "email", "password", "date")
                                            .contains(t)
                                    ? t
                                    : "text";
                            html.append("<input type=\"")
                                    .append(inputType)
                                    .append("\" id=\"")
                                    .append(id)
                                    .append("\" name=\"")
                                    .append(id)
                                    .append("\"")
                                    .append(t.equals("number") ? " step=\"any\"" : "")
                                    .append(
                                            t.equals("password") || value.isEmpty()
                                                    ? ""
                                                    : " value=\"" + escape(value) + "\"")
                                    .append(placeholderAttr)
                                    .append(requiredAttr)
                                    .append(">\n");
                        }
                    }
                }
            }
        }
        return FormPage.render(params, html.toString(), problems, status, multipart);
    }

    /** n8n's cleaning of custom HTML: its tags and attributes, http(s) links, every iframe sandboxed. */
    private static String clean(String html) {
        Document doc = Jsoup.parseBodyFragment(Jsoup.clean(html, HTML));
        doc.select("iframe").attr("sandbox", "");
        doc.outputSettings().prettyPrint(false);
        return doc.body().html();
    }

    private static String label(String id, String text, boolean required) {
        return "<label for=\"" + id + "\"" + (required ? " class=\"required\"" : "") + ">" + escape(text)
                + "</label>\n";
    }

    private static String hidden(String id, String value) {
        return "<input type=\"hidden\" id=\"" + id + "\" name=\"" + id + "\" value=\"" + escape(value) + "\">\n";
    }

    private static List<String> splitComma(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }
}
