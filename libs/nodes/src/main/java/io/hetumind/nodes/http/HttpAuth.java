package io.hetumind.nodes.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResources;
import io.hetumind.nodes.credentials.HttpBasicAuthCredential;
import io.hetumind.nodes.credentials.HttpBearerAuthCredential;
import io.hetumind.nodes.credentials.HttpHeaderAuthCredential;
import io.hetumind.nodes.credentials.HttpQueryAuthCredential;
import io.hetumind.nodes.credentials.OAuth2ApiCredential;
import io.hetumind.nodes.credentials.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The HTTP Request node's authentication ({@code authentication: genericCredentialType}): applies
 * the assigned credential to a request and knows its secrets, so they can be masked in errors.
 */
final class HttpAuth {

    private static final Map<String, CredentialDescriptor> TYPES = Map.of(
            "httpBasicAuth", HttpBasicAuthCredential.DESCRIPTOR,
            "httpBearerAuth", HttpBearerAuthCredential.DESCRIPTOR,
            "httpHeaderAuth", HttpHeaderAuthCredential.DESCRIPTOR,
            "httpQueryAuth", HttpQueryAuthCredential.DESCRIPTOR,
            "oAuth2Api", OAuth2ApiCredential.DESCRIPTOR);

    static final HttpAuth NONE = new HttpAuth(null, null, Secrets.NONE);

    private final String kind;
    private final ObjectNode cred;
    private volatile Secrets secrets;

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
        if (!"genericCredentialType".equals(mode)) {
            throw NodeException.user(
                    "parameter 'authentication': '" + mode + "' is not supported (none, genericCredentialType) [item "
                            + i + "]",
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
                            + "' is not supported (none, basicAuth, headerAuth, queryAuth, oAuth2) [item " + i + "]",
                    i);
        }
        return forKind(ctx, i, kind);
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
            case "oAuth2Api" -> {
                String token = tokens.token(cred, secrets, i);
                secrets = secrets.with(token);
                spec.header("Authorization", "Bearer " + token);
            }
            default -> throw new IllegalStateException(kind);
        }
    }

    /** After a 401: forget a cached OAuth2 token; true when a retry with a fresh one makes sense. */
    boolean refresh(OAuth2Tokens tokens) {
        if (!isOAuth2()) {
            return false;
        }
        tokens.invalidate(cred);
        return true;
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
