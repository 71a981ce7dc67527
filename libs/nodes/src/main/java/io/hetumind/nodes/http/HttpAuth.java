package io.hetumind.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResources;
import io.hetumind.nodes.credentials.HttpBasicAuthCredential;
import io.hetumind.nodes.credentials.HttpBearerAuthCredential;
import io.hetumind.nodes.credentials.HttpCustomAuthCredential;
import io.hetumind.nodes.credentials.HttpDigestAuthCredential;
import io.hetumind.nodes.credentials.HttpHeaderAuthCredential;
import io.hetumind.nodes.credentials.HttpQueryAuthCredential;
import io.hetumind.nodes.credentials.OAuth2ApiCredential;
import io.hetumind.nodes.credentials.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The HTTP Request node's authentication ({@code authentication: genericCredentialType}): applies
 * the assigned credential to a request and knows its secrets, so they can be masked in errors.
 */
final class HttpAuth {

    private static final Map<String, CredentialDescriptor> TYPES = Map.of(
            "httpBasicAuth", HttpBasicAuthCredential.DESCRIPTOR,
            "httpBearerAuth", HttpBearerAuthCredential.DESCRIPTOR,
            "httpDigestAuth", HttpDigestAuthCredential.DESCRIPTOR,
            "httpHeaderAuth", HttpHeaderAuthCredential.DESCRIPTOR,
            "httpQueryAuth", HttpQueryAuthCredential.DESCRIPTOR,
            "httpCustomAuth", HttpCustomAuthCredential.DESCRIPTOR,
            "oAuth2Api", OAuth2ApiCredential.DESCRIPTOR);

    static final HttpAuth NONE = new HttpAuth(null, null, Secrets.NONE);

    private final String kind;
    private final ObjectNode cred;
    private volatile Secrets secrets;
    /** How a predefined credential type signs the request itself, or null. */
    private CredentialType.HttpSigning signer;
    /** The last Digest challenge received (httpDigestAuth), answered by every request after it. */
    private volatile HttpDigest.Challenge challenge;

    private HttpAuth(String kind, ObjectNode cred, Secrets secrets) {
        this.kind = kind;
        this.cred = cred;
        this.secrets = secrets;
    }

    /** The authentication configured for item {@code i}. */
    static HttpAuth of(NodeContext ctx, int i) {
        String mode = ctx.param("authentication", i, String.class, "none");
        if ("none".equals(mode)) {
            return NONE;
        }
        if (ctx.node().typeVersion() < 2) {
            return legacy(ctx, i, mode);
        }
        if ("predefinedCredentialType".equals(mode)) {
            return predefined(ctx, i, ctx.param("nodeCredentialType", i, String.class, ""));
        }
        if (!"genericCredentialType".equals(mode)) {
            throw NodeException.user(
                    "parameter 'authentication': '" + mode + "' is not supported (none, predefinedCredentialType,"
                            + " genericCredentialType) [item " + i + "]",
                    i);
        }
        String kind = ctx.param("genericAuthType", i, String.class, "httpBasicAuth");
        if (!TYPES.containsKey(kind)) {
            throw NodeException.user(
                    "parameter 'genericAuthType': '" + kind + "' is not supported (" + String.join(", ", TYPES.keySet())
                            + ") [item " + i + "]",
                    i);
        }
        return forKind(ctx, i, kind);
    }

    /** v1's own authentication names, each one of the generic credential types. */
    private static final Map<String, String> V1 = Map.of(
            "basicAuth",
            "httpBasicAuth",
            "digestAuth",
            "httpDigestAuth",
            "headerAuth",
            "httpHeaderAuth",
            "queryAuth",
            "httpQueryAuth",
            "oAuth2",
            "oAuth2Api");

    private static HttpAuth legacy(NodeContext ctx, int i, String mode) {
        String kind = V1.get(mode);
        if (kind == null) {
            throw NodeException.user(
                    "parameter 'authentication': '" + mode
                            + "' is not supported (none, basicAuth, digestAuth, headerAuth, queryAuth, oAuth2) [item "
                            + i + "]",
                    i);
        }
        return forKind(ctx, i, kind);
    }

    /**
     * n8n's Predefined Credential Type: the node's credential of type {@code kind} signs the request as that type's
     * {@code authenticate} does (a generic HTTP type as under Generic Credential Type). A type that cannot sign here
     * fails the item naming the ones that can.
     */
    private static HttpAuth predefined(NodeContext ctx, int i, String kind) {
        if (kind.isEmpty()) {
            throw NodeException.user(
                    "parameter 'nodeCredentialType': no credential type is chosen [item " + i + "]", i);
        }
        if (TYPES.containsKey(kind)) {
            return forKind(ctx, i, kind);
        }
        CredentialType type = SigningCredentials.find(kind).orElse(null);
        if (type == null) {
            List<String> known = new ArrayList<>(TYPES.keySet());
            known.addAll(SigningCredentials.names());
            java.util.Collections.sort(known);
            throw NodeException.user(
                    "parameter 'nodeCredentialType': HTTP Request cannot sign a request with credentials of type '"
                            + kind + "' here (it can with " + String.join(", ", known) + ") [item " + i + "]",
                    i);
        }
        ObjectNode cred = ctx.credentials(kind)
                .orElseThrow(() -> NodeException.user(
                        "credentials of type '" + kind + "' are not set for this node [item " + i + "]", i));
        HttpAuth auth = new HttpAuth(kind, cred, Secrets.of(type.descriptor(), cred));
        auth.signer = type.httpSigning().orElseThrow();
        return auth;
    }

    /** The credential of type {@code kind} (one of the generic HTTP credential types) assigned to the node. */
    static HttpAuth forType(NodeContext ctx, int i, String kind) {
        if (!TYPES.containsKey(kind)) {
            throw new IllegalArgumentException("not a generic HTTP credential type: " + kind);
        }
        return forKind(ctx, i, kind);
    }

    private static HttpAuth forKind(NodeResources ctx, int i, String kind) {
        CredentialDescriptor type = TYPES.get(kind);
        ObjectNode cred = ctx.credentials(kind)
                .orElseThrow(() -> NodeException.user(
                        "credentials of type '" + kind + "' are not set for this node [item " + i + "]", i));
        Secrets secrets = Secrets.of(type, cred);
        if ("httpBasicAuth".equals(kind)) {
            secrets = secrets.with(
                    basic(cred.path("user").asText(), cred.path("password").asText()));
        }
        if ("httpCustomAuth".equals(kind)) {
            // the values it sends are the secrets, whatever else the JSON text holds
            JsonNode custom = customAuth(cred, i);
            for (String part : List.of("headers", "qs", "body")) {
                for (JsonNode v : custom.path(part)) {
                    String text = v.isTextual() ? v.asText() : v.toString();
                    if (text.length() >= 4) {
                        secrets = secrets.with(text);
                    }
                }
            }
        }
        return new HttpAuth(kind, cred, secrets);
    }

    Secrets secrets() {
        return secrets;
    }

    boolean isOAuth2() {
        return "oAuth2Api".equals(kind);
    }

    /** Adds the credential to {@code spec}; OAuth2 fetches (or reuses) an access token first. */
    void apply(RequestSpec spec, OAuth2Tokens tokens, int i) throws InterruptedException {
        if (kind == null) {
            return;
        }
        if (signer != null) {
            signer.sign(cred, spec::header, spec::query);
            return;
        }
        switch (kind) {
            case "httpBasicAuth" ->
                spec.header(
                        "Authorization",
                        "Basic "
                                + basic(
                                        cred.path("user").asText(),
                                        cred.path("password").asText()));
            case "httpBearerAuth" ->
                spec.header("Authorization", "Bearer " + cred.path("token").asText());
            case "httpHeaderAuth" ->
                spec.header(required("name", i), cred.path("value").asText());
            case "httpQueryAuth" ->
                spec.query(required("name", i), cred.path("value").asText());
            case "httpDigestAuth" -> {
                HttpDigest.Challenge c = challenge;
                if (c != null) {
                    byte[] body = c.params.getOrDefault("qop", "").contains("auth-int")
                            ? spec.copy().body()
                            : null;
                    spec.header(
                            "Authorization",
                            HttpDigest.authorization(
                                    c,
                                    cred.path("user").asText(""),
                                    cred.path("password").asText(""),
                                    spec.method,
                                    spec.uri(),
                                    body));
                }
            }
            case "httpCustomAuth" -> custom(spec, customAuth(cred, i));
            case "oAuth2Api" -> {
                String token = tokens.token(cred, secrets, i);
                secrets = secrets.with(token);
                spec.header("Authorization", "Bearer " + token);
            }
            default -> throw new IllegalStateException(kind);
        }
    }

    /**
     * After a 401: forget a cached OAuth2 token, or take the server's Digest challenge; true when one retry makes
     * sense (with a fresh token, or answering the challenge).
     */
    boolean refresh(HttpReply reply, OAuth2Tokens tokens, int i) {
        if ("httpDigestAuth".equals(kind)) {
            List<String> values = new ArrayList<>();
            reply.headers().forEach((name, list) -> {
                if (name != null && name.equalsIgnoreCase("WWW-Authenticate")) {
                    values.addAll(list);
                }
            });
            HttpDigest.Challenge c = HttpDigest.challenge(values, i);
            if (c == null) {
                return false;
            }
            challenge = c;
            return true;
        }
        if (!isOAuth2()) {
            return false;
        }
        tokens.invalidate(cred);
        return true;
    }

    /** n8n's Custom Auth JSON: an object, else "Invalid Custom Auth JSON" (a user error). */
    private static JsonNode customAuth(ObjectNode cred, int i) {
        JsonNode field = cred.get("json");
        JsonNode parsed;
        if (field == null
                || field.isNull()
                || (field.isTextual() && field.asText().isBlank())) {
            parsed = Json.object();
        } else if (field.isObject()) {
            parsed = field;
        } else {
            try {
                parsed = Json.parse(field.asText());
            } catch (RuntimeException e) {
                parsed = null;
            }
        }
        if (parsed == null || !parsed.isObject()) {
            throw NodeException.user("Invalid Custom Auth JSON [item " + i + "]", i);
        }
        return parsed;
    }

    /**
     * Merges Custom Auth's {@code headers} into the request (they win over the node's), its {@code qs} into the query
     * and its {@code body} into a JSON or form body (both winning unless the spec says its own fields win, as
     * GraphQL's query, variables and operationName do), or makes the body
     * the JSON body of a request that has none (not for GET and HEAD). Raw and multipart bodies are left alone.
     */
    private static void custom(RequestSpec spec, JsonNode custom) {
        custom.path("headers").properties().forEach(e -> spec.header(e.getKey(), text(e.getValue())));
        custom.path("qs").properties().forEach(e -> {
            if (!spec.ownBodyFieldsWin || !spec.query.containsKey(e.getKey())) {
                spec.query(e.getKey(), text(e.getValue()));
            }
        });
        JsonNode body = custom.path("body");
        if (!body.isObject() || body.isEmpty()) {
            return;
        }
        switch (spec.kind) {
            case NONE -> {
                if (!spec.method.equals("GET") && !spec.method.equals("HEAD")) {
                    spec.kind = RequestSpec.BodyKind.JSON;
                    spec.json = body.deepCopy();
                }
            }
            case JSON -> {
                if (spec.json == null || spec.json.isObject()) {
                    ObjectNode own = spec.json == null ? Json.object() : (ObjectNode) spec.json;
                    ObjectNode merged = Json.object();
                    if (spec.ownBodyFieldsWin) {
                        merged.setAll((ObjectNode) body.deepCopy());
                        merged.setAll(own);
                    } else {
                        merged.setAll(own);
                        merged.setAll((ObjectNode) body.deepCopy());
                    }
                    spec.json = merged;
                }
            }
            case FORM ->
                body.properties().forEach(e -> {
                    if (!spec.ownBodyFieldsWin || !spec.form.containsKey(e.getKey())) {
                        spec.form.put(e.getKey(), text(e.getValue()));
                    }
                });
            default -> {
                // a raw or multipart body has no fields to merge into
            }
        }
    }

    private static String text(JsonNode v) {
        return v.isTextual() ? v.asText() : v.toString();
    }

    private String required(String field, int i) {
        String v = cred.path(field).asText("");
        if (v.isBlank()) {
            throw NodeException.user(
                    "credential field '" + field + "' of type '" + kind + "' is empty [item " + i + "]", i);
        }
        return v;
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
