package io.hetumind.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One HTTP request before it is sent: kept as parts (query, headers, body fields) rather than
 * bytes so authentication and pagination can change a parameter and send it again.
 */
final class RequestSpec {

    /** How the body is encoded. */
    enum BodyKind {
        NONE,
        JSON,
        FORM,
        MULTIPART,
        RAW
    }

    /** A multipart part: text, or bytes with a file name and type. */
    record Part(String name, String text, byte[] bytes, String fileName, String mimeType) {}

    String method = "GET";
    String url;
    /** Query parameters as n8n's {@code qs} object: a value may be an array or an object. */
    final Map<String, JsonNode> query = new LinkedHashMap<>();
    /** How {@code qs} writes arrays: indices, brackets or repeat. */
    String arrayFormat = "indices";

    private final Map<String, String> headers = new LinkedHashMap<>();
    BodyKind kind = BodyKind.NONE;
    JsonNode json;
    final Map<String, String> form = new LinkedHashMap<>();
    final List<Part> parts = new ArrayList<>();
    byte[] raw;
    /** Whether the node's own body fields and query parameters win over Custom Auth's {@code body} and {@code qs}. */
    boolean ownBodyFieldsWin;

    RequestSpec copy() {
        RequestSpec c = new RequestSpec();
        c.ownBodyFieldsWin = ownBodyFieldsWin;
        c.method = method;
        c.url = url;
        c.query.putAll(query);
        c.arrayFormat = arrayFormat;
        c.headers.putAll(headers);
        c.kind = kind;
        c.json = json == null ? null : json.deepCopy();
        c.form.putAll(form);
        c.parts.addAll(parts);
        c.raw = raw;
        return c;
    }

    /** Sets a query parameter to one text value. */
    void query(String name, String value) {
        query.put(name, Json.F.textNode(value));
    }

    /** Sets a header, replacing one of the same name in any letter case. */
    void header(String name, String value) {
        headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        headers.put(name, value);
    }

    void headerIfAbsent(String name, String value) {
        if (header(name) == null) {
            headers.put(name, value);
        }
    }

    String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The header stored under exactly this name (letter case included), or null. */
    String headerExact(String name) {
        return headers.get(name);
    }

    void removeHeader(String name) {
        headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    }

    Map<String, String> headers() {
        return headers;
    }

    /** The URL with the query parameters appended; throws IllegalArgumentException when invalid. */
    URI uri() {
        StringBuilder sb = new StringBuilder(url.strip());
        List<String> pairs = QueryStrings.qsPairs(query, arrayFormat);
        if (!pairs.isEmpty()) {
            int hash = sb.indexOf("#");
            String fragment = hash < 0 ? "" : sb.substring(hash);
            if (hash >= 0) {
                sb.setLength(hash);
            }
            sb.append(sb.indexOf("?") >= 0 ? '&' : '?');
            sb.append(String.join("&", pairs)).append(fragment);
        }
        return URI.create(sb.toString());
    }

    /** The encoded body; sets the matching Content-Type unless one was given. */
    byte[] body() {
        return switch (kind) {
            case NONE -> null;
            case JSON -> {
                headerIfAbsent("Content-Type", "application/json");
                yield Json.write(json == null ? Json.object() : json).getBytes(StandardCharsets.UTF_8);
            }
            case FORM -> {
                headerIfAbsent("Content-Type", "application/x-www-form-urlencoded");
                List<String> pairs = new ArrayList<>();
                form.forEach((k, v) -> pairs.add(enc(k) + "=" + enc(v)));
                yield String.join("&", pairs).getBytes(StandardCharsets.UTF_8);
            }
            case MULTIPART -> multipart();
            case RAW -> raw;
        };
    }

    private byte[] multipart() {
        String boundary = "----hetumind" + UUID.randomUUID().toString().replace("-", "");
        header("Content-Type", "multipart/form-data; boundary=" + boundary);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Part> all = new ArrayList<>();
        form.forEach((k, v) -> all.add(new Part(k, v, null, null, null)));
        all.addAll(parts);
        for (Part p : all) {
            StringBuilder head = new StringBuilder("--")
                    .append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"")
                    .append(quote(p.name()))
                    .append('"');
            if (p.bytes() != null) {
                head.append("; filename=\"").append(quote(p.fileName() == null ? "file" : p.fileName()));
                head.append("\"\r\nContent-Type: ")
                        .append(p.mimeType() == null ? "application/octet-stream" : p.mimeType());
            }
            head.append("\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.bytes() != null ? p.bytes() : p.text().getBytes(StandardCharsets.UTF_8));
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String quote(String s) {
        return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
