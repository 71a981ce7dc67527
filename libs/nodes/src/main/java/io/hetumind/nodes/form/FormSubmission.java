package io.hetumind.nodes.form;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.WebhookRequestHandler;
import io.hetumind.nodes.internal.Js;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A form submission as the run's item, by n8n's rules ({@code prepareFormReturnItem}): each element's value under its
 * key ({@code field-<index>} in the body; null when absent), numbers as JavaScript's {@code Number()}, text trimmed,
 * choices parsed from their JSON array (a radio's first), files as {@code {filename, mimetype, size}} (a list when an
 * element has several, or allows several) with the bytes as binary attachments named after the element, then {@code
 * submittedAt}, {@code formMode} and the query parameters.
 */
final class FormSubmission {

    private static final DateTimeFormatter ISO_LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");

    private FormSubmission() {}

    /** Thrown for a submission that cannot be read: the client gets a 400 with the message. */
    static final class BadSubmission extends RuntimeException {
        BadSubmission(String message) {
            super(message);
        }
    }

    static WebhookRequestHandler.Start read(FormConfig config, WebhookRequestHandler.Call call, Instant now) {
        String type = call.headers().getOrDefault("content-type", "");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new BadSubmission("a form submission is sent as multipart/form-data (got "
                    + (type.isEmpty() ? "no content type" : "'" + type + "'") + ")");
        }
        ObjectNode body = call.body().isObject() ? ((ObjectNode) call.body()).deepCopy() : Json.object();
        List<FormFields.Field> fields = config.fields();
        // the files of each element, in the order they came
        Map<String, List<Integer>> files = new LinkedHashMap<>();
        for (int i = 0; i < call.uploads().size(); i++) {
            files.computeIfAbsent(call.uploads().get(i).field(), k -> new ArrayList<>())
                    .add(i);
        }
        String[] binaryKeys = new String[call.uploads().size()];
        files.forEach((field, indexes) -> {
            FormFields.Field f = element(fields, field);
            String base = nonWord(f == null ? field : f.key(config.version()));
            boolean several = indexes.size() > 1;
            ArrayNode list = Json.array();
            for (int n = 0; n < indexes.size(); n++) {
                WebhookRequestHandler.Upload u = call.uploads().get(indexes.get(n));
                ObjectNode meta = list.addObject();
                meta.put("filename", u.fileName());
                meta.put("mimetype", u.mimeType());
                meta.set("size", Js.number(u.size()));
                binaryKeys[indexes.get(n)] = several ? base + "_" + n : base;
            }
            body.set(field, several ? list : list.get(0));
        });
        ObjectNode json = Json.object();
        for (int i = 0; i < fields.size(); i++) {
            put(json, fields.get(i), i, body.get("field-" + i), config.version());
        }
        ZoneId zone = config.useWorkflowTimezone() ? call.zone() : ZoneOffset.UTC;
        json.put("submittedAt", luxonIso(now.atZone(zone)));
        json.put("formMode", call.test() ? "test" : "production");
        if (config.trigger() && !call.query().isEmpty()) {
            json.set("formQueryParameters", call.query());
        }
        return new WebhookRequestHandler.Start(json, false, List.of(binaryKeys));
    }

    private static void put(ObjectNode json, FormFields.Field f, int index, JsonNode value, double version) {
        String key = f.key(version);
        if (value == null || value.isNull()) {
            json.putNull(key);
            return;
        }
        JsonNode out = value;
        switch (f.type()) {
            case "html" -> {
                if (!f.elementName().isEmpty()) {
                    json.set(f.elementName(), value);
                }
                return;
            }
            case "number" -> out = Js.number(Js.toNumber(value));
            case "text" -> out = Json.F.textNode(Js.trim(Js.toString(value, false)));
            default -> {}
        }
        if (f.choices() && out.isTextual()) {
            try {
                out = Json.parse(out.textValue());
            } catch (IllegalArgumentException e) {
                throw new BadSubmission("field-" + index + " ('" + key + "') must hold the JSON array of the chosen"
                        + " options, got '" + abbreviate(out.textValue()) + "'");
            }
            if (f.type().equals("radio") && out.isArray()) {
                if (out.isEmpty()) {
                    return; // n8n sets the key to undefined, which the item does not keep
                }
                out = out.get(0);
            }
        }
        if (f.type().equals("file") && f.multipleFiles() && !out.isArray()) {
            out = Json.array().add(out);
        }
        json.set(key, out);
    }

    /** The element {@code field-<index>} names, or null for another field name. */
    private static FormFields.Field element(List<FormFields.Field> fields, String field) {
        if (!field.startsWith("field-")) {
            return null;
        }
        try {
            int i = Integer.parseInt(field.substring(6));
            return i >= 0 && i < fields.size() ? fields.get(i) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** JavaScript's {@code text.replace(/\W/g, '_')}: every UTF-16 unit but ASCII letters, digits and _ becomes _. */
    static String nonWord(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            out.append(word ? c : '_');
        }
        return out.toString();
    }

    /** Luxon's {@code toISO()}: milliseconds, and {@code Z} only for UTC itself (a zone at +00:00 writes it). */
    static String luxonIso(ZonedDateTime t) {
        String offset = t.getZone() instanceof ZoneOffset o && o.getTotalSeconds() == 0
                        || t.getZone().getId().equals("UTC")
                ? "Z"
                : t.getOffset().getId().equals("Z") ? "+00:00" : t.getOffset().getId();
        return ISO_LOCAL.format(t) + offset;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
