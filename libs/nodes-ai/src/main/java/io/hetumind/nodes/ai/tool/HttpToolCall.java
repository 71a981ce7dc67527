package io.hetumind.nodes.ai.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One configured HTTP Request tool: the arguments schema it offers and the request a call makes. */
final class HttpToolCall implements AgentTool {

    static final int MAX_ANSWER = 100_000;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A query/header/body parameter: from the model (required or optional) or a fixed value. */
    record Pair(String name, String provider, String value) {
        boolean fromModel() {
            return !"fieldValue".equals(provider);
        }
    }

    record Spec(
            String method,
            String url,
            List<Pair> query,
            List<Pair> headers,
            List<Pair> body,
            String jsonBody,
            Map<String, JsonNode> definitions,
            Map<String, String> auth) {

        Set<String> placeholders() {
            Set<String> out = new LinkedHashSet<>();
            collect(url, out);
            if (jsonBody != null) {
                collect(jsonBody, out);
            }
            return out;
        }

        private static void collect(String text, Set<String> out) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                out.add(m.group(1));
            }
        }

        /** The arguments the model gives: every placeholder, and the parameters it provides. */
        ObjectNode schema() {
            ObjectNode schema = Json.object().put("type", "object");
            ObjectNode props = schema.putObject("properties");
            var required = schema.putArray("required");
            for (String p : placeholders()) {
                props.set(p, definitions.getOrDefault(p, Json.object().put("type", "string")));
                required.add(p);
            }
            for (List<Pair> group : List.of(query, headers, body)) {
                for (Pair pair : group) {
                    if (pair.fromModel()) {
                        props.set(
                                pair.name(),
                                definitions.getOrDefault(
                                        pair.name(), Json.object().put("type", "string")));
                        if ("modelRequired".equals(pair.provider())) {
                            required.add(pair.name());
                        }
                    }
                }
            }
            return schema;
        }
    }

    private final ToolSpecification tool;
    private final Spec spec;
    private final NodeContext ctx;
    private final NetworkPolicy policy;
    private final ResponseOptimizer optimizer;

    HttpToolCall(
            ToolSpecification tool, Spec spec, NodeContext ctx, NetworkPolicy policy, ResponseOptimizer optimizer) {
        this.tool = tool;
        this.spec = spec;
        this.ctx = ctx;
        this.policy = policy;
        this.optimizer = optimizer;
    }

    @Override
    public ToolSpecification specification() {
        return tool;
    }

    @Override
    public String execute(String argumentsJson, int itemIndex) {
        JsonNode args;
        try {
            args = Json.reader().readTree(argumentsJson);
        } catch (Exception e) {
            return "There was an error: \"the tool arguments are not JSON\"";
        }
        try {
            for (String p : spec.placeholders()) {
                if (!args.has(p)) {
                    return "There was an error: \"Missing required parameter: " + p + "\"";
                }
            }
            StringBuilder url = new StringBuilder(fill(spec.url(), args, true));
            String sep = url.indexOf("?") >= 0 ? "&" : "?";
            for (Pair q : spec.query()) {
                String v = value(q, args);
                if (v != null) {
                    url.append(sep).append(enc(q.name())).append('=').append(enc(v));
                    sep = "&";
                }
            }
            for (var a : spec.auth().entrySet()) {
                if (a.getKey().startsWith("query:")) {
                    url.append(sep)
                            .append(enc(a.getKey().substring(6)))
                            .append('=')
                            .append(enc(a.getValue()));
                    sep = "&";
                }
            }
            URI uri = URI.create(url.toString());
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                return "There was an error: \"only http and https URLs can be requested\"";
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            policy.resolve(uri.getHost(), port);
            HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
            for (Pair h : spec.headers()) {
                String v = value(h, args);
                if (v != null) {
                    req.header(h.name(), v);
                }
            }
            spec.auth().forEach((k, v) -> {
                if (k.startsWith("header:")) {
                    req.header(k.substring(7), v);
                }
            });
            String body = body(args);
            if (body != null) {
                req.header("Content-Type", "application/json");
            }
            req.method(
                    spec.method(),
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            try (HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build()) {
                HttpResponse<String> response = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                ctx.log(spec.method() + " " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath() + " → "
                        + response.statusCode());
                String text = response.body() == null ? "" : response.body();
                if (response.statusCode() >= 400) {
                    return "There was an error: \"HTTP " + response.statusCode() + ": " + cut(text) + "\"";
                }
                if (text.indexOf('\0') >= 0) {
                    return "There was an error: \"Binary data is not supported\"";
                }
                try {
                    return cut(optimizer.answer(text));
                } catch (IllegalArgumentException e) {
                    return "There was an error: \"" + e.getMessage() + "\"";
                }
            }
        } catch (NodeException e) {
            return "There was an error: \"" + e.getMessage() + "\"";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw NodeException.user("the execution was interrupted", itemIndex);
        } catch (Exception e) {
            return "There was an error: \"" + e.getClass().getSimpleName() + ": " + e.getMessage() + "\"";
        }
    }

    private static String cut(String text) {
        return text.length() > MAX_ANSWER ? text.substring(0, MAX_ANSWER) : text;
    }

    private String body(JsonNode args) {
        if (spec.jsonBody() != null) {
            return fill(spec.jsonBody(), args, false);
        }
        if (spec.body().isEmpty()) {
            return null;
        }
        ObjectNode o = Json.object();
        for (Pair b : spec.body()) {
            if (b.fromModel()) {
                if (args.has(b.name())) {
                    o.set(b.name(), args.get(b.name()));
                }
            } else {
                o.put(b.name(), b.value());
            }
        }
        return o.toString();
    }

    private static String value(Pair p, JsonNode args) {
        if (!p.fromModel()) {
            return p.value();
        }
        JsonNode v = args.get(p.name());
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    /** Fills {name} placeholders: URL-encoded in a URL, as JSON values (strings without quotes) in a body. */
    private static String fill(String template, JsonNode args, boolean url) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode v = args.get(m.group(1));
            String text = v == null ? m.group() : v.isTextual() ? v.asText() : v.toString();
            if (url && v != null) {
                text = enc(text).replace("+", "%20");
            } else if (!url && v != null && v.isTextual()) {
                String quoted = v.toString();
                text = quoted.substring(1, quoted.length() - 1); // JSON-escaped, the template supplies quotes
            }
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
