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
