package io.hetumind.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.nodes.internal.Js;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Query strings as the request library behind HTTP Request v1/v2 writes them: the {@code qs}
 * module ({@code a[0]=x&a[1]=y}, {@code o[k]=v}) or, with useQueryString, Node's querystring
 * ({@code a=x&a=y}).
 */
final class QueryStrings {

    private QueryStrings() {}

    /** The text to append to {@code url}: empty, or {@code ?…} / {@code &…} when it already has a query. */
    static String encode(String url, Map<String, JsonNode> query, boolean repeatArrays) {
        List<String> pairs = new ArrayList<>();
        query.forEach((k, v) -> add(pairs, k, v, repeatArrays));
        if (pairs.isEmpty()) {
            return "";
        }
        return (url.contains("?") ? "&" : "?") + String.join("&", pairs);
    }

    /**
     * The {@code key=value} pairs the {@code qs} module writes for HTTP Request v3+ (n8n's
     * {@code options.queryParameterArrays}): arrays as {@code a[0]=x} ({@code indices}, the
     * default), {@code a[]=x} ({@code brackets}) or {@code a=x} ({@code repeat}); objects as
     * {@code o[k]=v}; null as {@code a=}; keys and values percent-encoded.
     */
    static List<String> qsPairs(Map<String, JsonNode> query, String arrayFormat) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, String> e : qsEntries(query, arrayFormat)) {
            pairs.add(RequestSpec.enc(e.getKey()) + "=" + RequestSpec.enc(e.getValue()));
        }
        return pairs;
    }

    /** The same pairs, not encoded (a form body is encoded where it is written). */
    static List<Map.Entry<String, String>> qsEntries(Map<String, JsonNode> query, String arrayFormat) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        query.forEach((k, v) -> qs(pairs, k, v, arrayFormat == null ? "indices" : arrayFormat));
        return pairs;
    }

    private static void qs(List<Map.Entry<String, String>> pairs, String key, JsonNode v, String arrayFormat) {
        if (v == null || v.isMissingNode()) {
            return;
        }
        if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                String k =
                        switch (arrayFormat) {
                            case "repeat" -> key;
                            case "brackets" -> key + "[]";
                            default -> key + "[" + i + "]";
                        };
                qs(pairs, k, v.get(i), arrayFormat);
            }
        } else if (v.isObject()) {
            v.properties().forEach(e -> qs(pairs, key + "[" + e.getKey() + "]", e.getValue(), arrayFormat));
        } else {
            pairs.add(Map.entry(key, v.isNull() ? "" : Js.toString(v, false)));
        }
    }

    private static void add(List<String> pairs, String key, JsonNode v, boolean repeatArrays) {
        if (v == null || v.isMissingNode()) {
            return;
        }
        if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                add(pairs, repeatArrays ? key : key + "[" + i + "]", v.get(i), repeatArrays);
            }
        } else if (v.isObject()) {
            if (repeatArrays) {
                pairs.add(RequestSpec.enc(key) + "=");
            } else {
                v.properties().forEach(e -> add(pairs, key + "[" + e.getKey() + "]", e.getValue(), false));
            }
        } else {
            pairs.add(RequestSpec.enc(key) + "=" + (v.isNull() ? "" : RequestSpec.enc(Js.toString(v, false))));
        }
    }
}
