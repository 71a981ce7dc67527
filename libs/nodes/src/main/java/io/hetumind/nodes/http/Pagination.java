package io.hetumind.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.internal.Js;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * n8n v4 {@code options.pagination}: sends follow-up requests built from the previous response
 * ({@code $response}, {@code $pageCount}, {@code $request}) until the completion rule says stop.
 */
final class Pagination {

    /** Sends one request (authentication included) and returns the reply. */
    interface Sender {
        HttpReply send(RequestSpec spec) throws IOException, InterruptedException;
    }

    private static final String P = "options.pagination.pagination.";
    private static final int IDENTICAL_LIMIT = 3;

    private final NodeContext ctx;
    private final int i;
    private final String mode;
    private final String completeWhen;
    private final Set<Integer> stopCodes = new HashSet<>();
    private final int maxRequests;
    private final long intervalMs;

    private Pagination(NodeContext ctx, int i, String mode) {
        this.ctx = ctx;
        this.i = i;
        this.mode = mode;
        this.completeWhen = ctx.param(P + "paginationCompleteWhen", i, String.class, "responseIsEmpty");
        if ("receiveSpecificStatusCodes".equals(completeWhen)) {
            String codes = ctx.param(P + "statusCodesWhenComplete", i, String.class, "");
            for (String c : codes.split(",")) {
                if (!c.isBlank()) {
                    try {
                        stopCodes.add(Integer.parseInt(c.strip()));
                    } catch (NumberFormatException e) {
                        throw NodeException.user(
                                "parameter 'statusCodesWhenComplete': '" + c.strip() + "' is not a status code [item "
                                        + i + "]",
                                i);
                    }
                }
            }
        }
        this.maxRequests = ctx.param(P + "limitPagesFetched", i, Boolean.class, false)
                ? ctx.param(P + "maxRequests", i, Integer.class, 100)
                : 0;
        this.intervalMs = ctx.param(P + "requestInterval", i, Long.class, 0L);
    }

    /** The pagination configured for item {@code i}, or null when it is off or not set. */
    static Pagination of(NodeContext ctx, int i) {
        JsonNode raw = ctx.rawParam("options.pagination.pagination");
        if (raw == null || !raw.isObject()) {
            return null;
        }
        String mode = ctx.param(P + "paginationMode", i, String.class, "updateAParameterInEachRequest");
        return switch (mode) {
            case "off" -> null;
            case "updateAParameterInEachRequest", "responseContainsNextURL" -> new Pagination(ctx, i, mode);
            default ->
                throw NodeException.user(
                        "parameter 'paginationMode': '" + mode + "' is not supported (off,"
                                + " updateAParameterInEachRequest, responseContainsNextURL) [item " + i + "]",
                        i);
        };
    }

    /** Whether a failed status is the expected end of pagination rather than an error. */
    boolean isStopStatus(int status) {
        return stopCodes.contains(status);
    }

    List<HttpResponseReader.Page> run(RequestSpec base, Sender sender, HttpResponseReader reader, boolean neverError)
            throws IOException, InterruptedException {
        List<HttpResponseReader.Page> pages = new ArrayList<>();
        RequestSpec spec = base;
        byte[] previous = null;
        int identical = 0;
        for (int pageCount = 0; ; ) {
            HttpReply reply = sender.send(spec);
            pageCount++;
            if (previous != null && Arrays.equals(previous, reply.body())) {
                if (++identical >= IDENTICAL_LIMIT) {
                    throw new HttpNodeError(
                            "NodeOperationError",
                            "The returned response was identical 5x, so requests got stopped [item " + i + "]",
                            i,
                            "Check if \"Pagination Completed When\" has been configured correctly.");
                }
            } else {
                identical = 0;
            }
            previous = reply.body();
            if (reply.status() >= 400 && !neverError && !isStopStatus(reply.status())) {
                throw HttpStatus.error(reply.status(), Charsets.decode(reply.body(), reply.contentType()), i);
            }
            HttpResponseReader.Page page = reader.decode(reply, i);
            pages.add(page);
            Map<String, JsonNode> keys = Map.of(
                    "$response", reader.expressionView(page),
                    "$pageCount", Json.F.numberNode(pageCount),
                    "$count", Json.F.numberNode(pageCount),
                    "$request", requestView(spec));
            if (!shouldContinue(page, keys) || (maxRequests > 0 && pageCount >= maxRequests) || ctx.canceled()) {
                return pages;
            }
            spec = next(base, keys);
            if (intervalMs > 0) {
                Thread.sleep(intervalMs);
            }
        }
    }

    private boolean shouldContinue(HttpResponseReader.Page page, Map<String, JsonNode> keys) {
        return switch (completeWhen) {
            case "receiveSpecificStatusCodes" ->
                !stopCodes.contains(page.reply().status());
            case "other" -> {
                JsonNode expr = ctx.rawParam(P + "completeExpression");
                if (expr == null || !expr.isTextual() || !expr.textValue().startsWith("=")) {
                    throw NodeException.user(
                            "parameter 'completeExpression': Invalid or empty Complete Expression" + " [item " + i
                                    + "]",
                            i);
                }
                yield !Js.truthy(ctx.evaluate(expr.textValue(), i, keys));
            }
            case "responseIsEmpty" -> {
                JsonNode body = page.body();
                if (page.file() != null) {
                    yield page.file().fileSize() > 0;
                }
                yield body != null
                        && !body.isNull()
                        && (body.isArray()
                                ? !body.isEmpty()
                                : !body.isTextual() || !body.textValue().isEmpty());
            }
            default ->
                throw NodeException.user(
                        "parameter 'paginationCompleteWhen': '" + completeWhen
                                + "' is not supported (responseIsEmpty, receiveSpecificStatusCodes, other) [item " + i
                                + "]",
                        i);
        };
    }

    private RequestSpec next(RequestSpec base, Map<String, JsonNode> keys) {
        RequestSpec spec = base.copy();
        if ("responseContainsNextURL".equals(mode)) {
            JsonNode raw = ctx.rawParam(P + "nextURL");
            String url = raw == null ? "" : text(ctx.evaluate(raw.asText(), i, keys));
            if (url.isBlank()) {
                throw NodeException.user("parameter 'nextURL': the expression gave no URL [item " + i + "]", i);
            }
            try {
                URI u = URI.create(url.strip());
                spec.url = u.toString();
                if (u.getRawQuery() != null) {
                    for (String pair : u.getRawQuery().split("&")) {
                        spec.query.remove(java.net.URLDecoder.decode(
                                pair.split("=", 2)[0], java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            } catch (IllegalArgumentException e) {
                throw NodeException.user("parameter 'nextURL': '" + url + "' is not a valid URL [item " + i + "]", i);
            }
            return spec;
        }
        JsonNode list = ctx.rawParam(P + "parameters.parameters");
        if (list == null || !list.isArray()) {
            return spec;
        }
        for (JsonNode p : list) {
            String name = text(ctx.evaluate(p.path("name").asText(""), i, keys));
            String value = text(ctx.evaluate(p.path("value").asText(""), i, keys));
            if (name.isEmpty()) {
                continue;
            }
            switch (p.path("type").asText("qs")) {
                case "body" -> setBody(spec, name, value);
                case "headers" -> spec.header(name, value);
                default -> spec.query(name, value);
            }
        }
        return spec;
    }

    private static void setBody(RequestSpec spec, String name, String value) {
        if (spec.kind == RequestSpec.BodyKind.FORM || spec.kind == RequestSpec.BodyKind.MULTIPART) {
            spec.form.put(name, value);
            return;
        }
        if (spec.kind != RequestSpec.BodyKind.JSON || spec.json == null || !spec.json.isObject()) {
            spec.kind = RequestSpec.BodyKind.JSON;
            spec.json = Json.object();
        }
        ((ObjectNode) spec.json).put(name, value);
    }

    private static JsonNode requestView(RequestSpec spec) {
        ObjectNode o = Json.object().put("method", spec.method).put("url", spec.url);
        ObjectNode qs = o.putObject("qs");
        spec.query.forEach(qs::set);
        if (spec.kind == RequestSpec.BodyKind.JSON && spec.json != null) {
            o.set("body", spec.json);
        } else if (!spec.form.isEmpty()) {
            ObjectNode body = o.putObject("body");
            spec.form.forEach(body::put);
        }
        return o;
    }

    private static String text(JsonNode v) {
        return HttpRequestBuilder.text(v);
    }
}
