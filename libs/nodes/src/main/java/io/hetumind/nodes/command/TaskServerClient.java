package io.hetumind.nodes.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.credentials.HetumindTaskServerCredential;
import io.hetumind.nodes.credentials.Secrets;
import io.hetumind.nodes.http.HttpCall;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The task-server's REST API as the Agent Command node uses it, through the HTTP Request node's transport (so the
 * host's network policy applies to the task-server and IAM like to any HTTP node). The credential's API key is
 * exchanged at IAM for an access token once per client; neither ever appears in a message.
 */
final class TaskServerClient {
    private static final String ACTOR = "Agent Command";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final NodeContext ctx;
    private final int item;
    private final String api;
    private final String server;
    private final Secrets secrets;
    private final String token;
    private final Map<String, String> agentNames;

    private TaskServerClient(
            NodeContext ctx,
            int item,
            String api,
            String server,
            Secrets secrets,
            String token,
            Map<String, String> agentNames) {
        this.ctx = ctx;
        this.agentNames = agentNames;
        this.item = item;
        this.api = api;
        this.server = server;
        this.secrets = secrets;
        this.token = token;
    }

    /** Reads the node's {@code hetumindTaskServer} credential and exchanges its API key at IAM. */
    static TaskServerClient connect(NodeContext ctx, int item) throws InterruptedException {
        ObjectNode cred = ctx.credentials(HetumindTaskServerCredential.TYPE)
                .orElseThrow(() -> NodeException.user(
                        "Agent Command needs a credential of type " + HetumindTaskServerCredential.TYPE
                                + " (task-server URL, IAM URL, API key) [item " + item + "]",
                        item));
        Secrets secrets = Secrets.of(HetumindTaskServerCredential.DESCRIPTOR, cred);
        String url = base(cred.path("url").asText(""), "Task Server URL", item);
        String iam = base(cred.path("iamUrl").asText(""), "IAM URL", item);
        String key = cred.path("apiKey").asText("");
        if (key.isBlank()) {
            throw NodeException.user("The credential has no API key [item " + item + "]", item);
        }
        HttpCall.Reply r = send(
                ctx,
                item,
                secrets,
                HttpCall.of(ctx, item, ACTOR, "POST", iam + "/api/v1/auth/api-key")
                        .json(Json.object().put("secret", key)),
                "IAM",
                hostPort(iam));
        if (r.status() == 401 || r.status() == 403 || r.status() == 400) {
            throw NodeException.user(
                    "IAM at " + hostPort(iam) + " refused the credential's API key (" + r.status()
                            + ") — it is wrong, revoked or expired [item " + item + "]",
                    item);
        }
        JsonNode body = json(r, "IAM", hostPort(iam), item);
        String token = body.path("accessToken").asText("");
        if (r.status() != 200 || token.isEmpty()) {
            throw NodeException.operational(
                    "IAM at " + hostPort(iam) + " answered " + r.status() + " without an access token [item " + item
                            + "]",
                    null);
        }
        return new TaskServerClient(
                ctx, item, url + "/api/v1", hostPort(url), secrets.with(token), token, new HashMap<>());
    }

    /** {@code POST /runs}: the queued instance. */
    JsonNode startRun(ObjectNode run) throws InterruptedException {
        return call("POST", "/runs", run, "start a run");
    }

    JsonNode instance(String id) throws InterruptedException {
        return call("GET", "/task-instances/" + id, null, "read task instance " + id);
    }

    /** The task with its attempts (a lost attempt is followed by a new one). */
    JsonNode task(String id) throws InterruptedException {
        return call("GET", "/tasks/" + id, null, "read task " + id);
    }

    /** The agent's name in quotes, read once per node run; its id when it cannot be read. */
    String agentName(String id) throws InterruptedException {
        String known = agentNames.get(id);
        if (known == null) {
            try {
                known = "'"
                        + call("GET", "/agents/" + id, null, "read agent " + id)
                                .path("name")
                                .asText(id) + "'";
            } catch (NodeException e) {
                return id;
            }
            agentNames.put(id, known);
        }
        return known;
    }

    /** A page of at most {@code limit} log lines after sequence number {@code after}. */
    JsonNode logs(String id, long after, int limit) throws InterruptedException {
        return call(
                "GET", "/task-instances/" + id + "/logs?after=" + after + "&limit=" + limit, null, "read the output");
    }

    /** Cancels; an instance that already ended (409) is not an error here. */
    void cancel(String id) throws InterruptedException {
        HttpCall.Reply r = request("POST", "/task-instances/" + id + "/cancel", null);
        if (r.status() != 200 && r.status() != 409) {
            throw failure(r, "cancel task instance " + id);
        }
    }

    /** The same client (and access token), naming item {@code other} in its messages. */
    TaskServerClient forItem(int other) {
        return new TaskServerClient(ctx, other, api, server, secrets, token, agentNames);
    }

    String server() {
        return server;
    }

    Secrets secrets() {
        return secrets;
    }

    private JsonNode call(String method, String path, JsonNode body, String what) throws InterruptedException {
        HttpCall.Reply r = request(method, path, body);
        if (r.status() / 100 != 2) {
            throw failure(r, what);
        }
        return json(r, "the task-server", server, item);
    }

    private HttpCall.Reply request(String method, String path, JsonNode body) throws InterruptedException {
        HttpCall call = HttpCall.of(ctx, item, ACTOR, method, api + path)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            call.json(body);
        }
        return send(ctx, item, secrets, call, "the task-server", server);
    }

    private NodeException failure(HttpCall.Reply r, String what) {
        String detail = problem(r);
        String prefix = "The task-server at " + server + " refused to " + what + " (" + r.status() + detail + ")";
        String message =
                switch (r.status()) {
                    case 401 -> prefix + " — the access token from the credential's API key was not accepted";
                    case 403 -> prefix + " — the credential's API key needs the permissions job:read and job:write";
                    default -> prefix;
                };
        ErrorKind kind = r.status() >= 500 ? ErrorKind.OPERATIONAL : ErrorKind.USER;
        return secrets.redact(new NodeException(kind, message + " [item " + item + "]", item, null, null));
    }

    /** ": title — detail, field: message" from a problem+json body, or "" for any other body. */
    private static String problem(HttpCall.Reply r) {
        try {
            JsonNode p = Json.parse(r.text());
            StringBuilder s = new StringBuilder();
            if (p.hasNonNull("detail")) {
                s.append(": ").append(p.get("detail").asText());
            } else if (p.hasNonNull("title")) {
                s.append(": ").append(p.get("title").asText());
            }
            for (JsonNode e : p.path("errors")) {
                String field = e.path("field").asText();
                if (!s.toString().contains(field + ":")) {
                    s.append("; ")
                            .append(field)
                            .append(": ")
                            .append(e.path("message").asText());
                }
            }
            return s.toString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static HttpCall.Reply send(
            NodeContext ctx, int item, Secrets secrets, HttpCall call, String who, String hostPort)
            throws InterruptedException {
        try {
            return call.timeout(CALL_TIMEOUT).send();
        } catch (NodeException e) {
            if (e.kind() != ErrorKind.OPERATIONAL) {
                throw secrets.redact(e);
            }
            throw secrets.redact(new NodeException(
                    ErrorKind.OPERATIONAL,
                    "Agent Command could not reach " + who + " at " + hostPort + ": " + e.getMessage(),
                    item,
                    null,
                    null));
        }
    }

    private static JsonNode json(HttpCall.Reply r, String who, String hostPort, int item) {
        try {
            return Json.parse(r.text());
        } catch (RuntimeException e) {
            throw NodeException.operational(
                    who.substring(0, 1).toUpperCase() + who.substring(1) + " at " + hostPort + " answered " + r.status()
                            + " with a body that is not JSON [item " + item + "]",
                    null);
        }
    }

    /** The URL without a trailing slash; a user error unless it is an absolute http(s) URL. */
    private static String base(String url, String field, int item) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        try {
            URI uri = URI.create(u);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw NodeException.user(
                "The credential's " + field + " '" + url + "' is not an http(s) URL [item " + item + "]", item);
    }

    /** host:port of an http(s) URL, the port filled in from the scheme. */
    static String hostPort(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        String host = uri.getHost();
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
