package io.hetumind.nodes.ai.trigger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Answer;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Call;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Outcome;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Start;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Upload;
import io.hetumind.core.spi.trigger.WebhookResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files of a multipart chat message as n8n's Chat Trigger makes them: the binaries {@code data0}, {@code data1} …
 * (counted per form field, so a second field's {@code data0} replaces the first's, as in n8n) and a {@code files} list
 * in the item ({@code fileName, fileSize, fileType, mimeType, fileExtension, binaryKey}); each file's type is checked
 * against {@code options.allowedFilesMimeTypes} first.
 */
final class ChatUploads {

    /** The first extension the {@code mime-types} package gives a type, for the common ones. */
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("text/plain", "txt"),
            Map.entry("text/csv", "csv"),
            Map.entry("text/html", "html"),
            Map.entry("text/markdown", "md"),
            Map.entry("text/xml", "xml"),
            Map.entry("text/javascript", "js"),
            Map.entry("application/json", "json"),
            Map.entry("application/pdf", "pdf"),
            Map.entry("application/xml", "xml"),
            Map.entry("application/zip", "zip"),
            Map.entry("application/octet-stream", "bin"),
            Map.entry("application/msword", "doc"),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
            Map.entry("image/png", "png"),
            Map.entry("image/jpeg", "jpeg"),
            Map.entry("image/gif", "gif"),
            Map.entry("image/webp", "webp"),
            Map.entry("image/svg+xml", "svg"),
            Map.entry("audio/mpeg", "mpga"),
            Map.entry("audio/wav", "wav"),
            Map.entry("audio/ogg", "oga"),
            Map.entry("audio/webm", "weba"),
            Map.entry("video/mp4", "mp4"),
            Map.entry("video/webm", "webm"));

    private ChatUploads() {}

    /** A run with {@code message} as its item, the call's files added to it; or a refusal naming a file not allowed. */
    static Outcome start(Call call, ObjectNode message, boolean respondFromRun) {
        if (call.uploads().isEmpty()) {
            return new Start(message, respondFromRun);
        }
        String allowed = new TriggerParams(call.node()).string("options.allowedFilesMimeTypes", "*");
        for (Upload u : call.uploads()) {
            if (!allowed(allowed, u)) {
                return refused(u, allowed);
            }
        }
        List<String> keys = new ArrayList<>();
        Map<String, List<ObjectNode>> byField = new LinkedHashMap<>();
        for (Upload u : call.uploads()) {
            List<ObjectNode> field = byField.computeIfAbsent(u.field(), f -> new ArrayList<>());
            String key = "data" + field.size();
            keys.add(key);
            field.add(info(u, key));
        }
        ObjectNode item = message.deepCopy();
        ArrayNode files = item.putArray("files");
        byField.values().forEach(field -> field.forEach(files::add));
        return new Start(item, respondFromRun, keys);
    }

    /** What n8n keeps of the stored file in the item's {@code files} list (absent values left out). */
    private static ObjectNode info(Upload u, String key) {
        String mime = mime(u);
        ObjectNode o = Json.object();
        if (u.fileName() != null && !u.fileName().isEmpty()) {
            o.put("fileName", u.fileName());
        }
        o.put("fileSize", prettyBytes(u.size()));
        String type = BinaryRef.fileType(mime);
        if (type != null) {
            o.put("fileType", type);
        }
        o.put("mimeType", mime);
        String ext = EXTENSIONS.get(bare(mime));
        if (ext != null) {
            o.put("fileExtension", ext);
        }
        return o.put("binaryKey", key);
    }

    /**
     * Whether the comma-separated allow-list (the file input's {@code accept} syntax n8n's widget is given) takes the
     * file: {@code *} or {@code *}{@code /*} takes all, {@code image/*} a whole type, {@code .pdf} a name ending,
     * anything else one MIME type (parameters ignored). An empty list takes all, as an empty {@code accept} does.
     */
    static boolean allowed(String list, Upload u) {
        String mime = bare(mime(u));
        String name = u.fileName() == null ? "" : u.fileName().toLowerCase(Locale.ROOT);
        boolean any = false;
        for (String raw : list.split(",")) {
            String entry = bare(raw);
            if (entry.isEmpty()) {
                continue;
            }
            any = true;
            if (entry.equals("*") || entry.equals("*/*")) {
                return true;
            }
            boolean match;
            if (entry.startsWith(".")) {
                match = name.endsWith(entry);
            } else if (entry.endsWith("/*")) {
                match = mime.startsWith(entry.substring(0, entry.length() - 1));
            } else {
                match = mime.equals(entry);
            }
            if (match) {
                return true;
            }
        }
        return !any;
    }

    private static Answer refused(Upload u, String allowed) {
        ObjectNode problem = Json.object()
                .put("type", "about:blank")
                .put("title", "File type not allowed")
                .put("status", 415)
                .put(
                        "detail",
                        "the file '" + (u.fileName() == null ? u.field() : u.fileName()) + "' is " + mime(u)
                                + ", which this chat does not take (options.allowedFilesMimeTypes: " + allowed + ")");
        return new Answer(new WebhookResponse(415, Map.of(), Json.write(problem), "application/problem+json"));
    }

    private static String mime(Upload u) {
        return u.mimeType() == null || u.mimeType().isBlank() ? "application/octet-stream" : u.mimeType();
    }

    private static String bare(String type) {
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The {@code pretty-bytes} package's text n8n stores as {@code fileSize}: {@code 999 B}, {@code 1.23 kB} … */
    static String prettyBytes(long bytes) {
        return io.hetumind.core.model.BinaryRef.prettySize(bytes);
    }
}
