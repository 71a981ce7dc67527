package io.hetumind.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.credentials.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OAuth2 client-credentials tokens: fetched from the credential's token URL, cached per
 * (token URL, client, scope, secret digest) until shortly before they expire, dropped on a 401.
 */
final class OAuth2Tokens {

    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final Map<String, Token> CACHE = new ConcurrentHashMap<>();

    private record Token(String value, Instant expiresAt) {}

    private final HttpTransport transport;
    private final HttpTransport.Settings settings;
    private final Clock clock;

    OAuth2Tokens(HttpTransport transport, HttpTransport.Settings settings, Clock clock) {
        this.transport = transport;
        this.settings = settings;
        this.clock = clock;
    }

    String token(ObjectNode cred, Secrets secrets, int i) throws InterruptedException {
        String key = key(cred);
        Token t = CACHE.get(key);
        if (t != null && (t.expiresAt() == null || clock.instant().isBefore(t.expiresAt()))) {
            return t.value();
        }
        t = fetch(cred, secrets, i);
        CACHE.put(key, t);
        return t.value();
    }

    void invalidate(ObjectNode cred) {
        CACHE.remove(key(cred));
    }

    private Token fetch(ObjectNode cred, Secrets secrets, int i) throws InterruptedException {
        String grant = cred.path("grantType").asText("clientCredentials");
        if (!"clientCredentials".equals(grant)) {
            throw NodeException.user(
                    "credential 'oAuth2Api': grant type '" + grant + "' is not supported (clientCredentials) [item " + i
                            + "]",
                    i);
        }
        String url = cred.path("accessTokenUrl").asText("");
        if (url.isBlank()) {
            throw NodeException.user("credential 'oAuth2Api': 'accessTokenUrl' is empty [item " + i + "]", i);
        }
        RequestSpec spec = new RequestSpec();
        spec.method = "POST";
        spec.url = url;
        spec.kind = RequestSpec.BodyKind.FORM;
        spec.form.put("grant_type", "client_credentials");
        String scope = cred.path("scope").asText("");
        if (!scope.isBlank()) {
            spec.form.put("scope", scope);
        }
        String id = cred.path("clientId").asText("");
        String secret = cred.path("clientSecret").asText("");
        if ("body".equals(cred.path("authentication").asText("header"))) {
            spec.form.put("client_id", id);
            spec.form.put("client_secret", secret);
        } else {
            spec.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((RequestSpec.enc(id) + ":" + RequestSpec.enc(secret))
                                            .getBytes(StandardCharsets.UTF_8)));
        }
        spec.header("Accept", "application/json");
        HttpReply reply;
        try {
            reply = transport.send(spec, settings, i);
        } catch (IOException e) {
            throw new NodeException(
                    ErrorKind.OPERATIONAL,
                    "The OAuth2 token request to " + spec.uri().getHost() + " failed: "
                            + secrets.redact(String.valueOf(e.getMessage())) + " [item " + i + "]",
                    i,
                    null,
                    null);
        }
        String body = new String(reply.body(), StandardCharsets.UTF_8);
        if (reply.status() >= 400) {
            ErrorKind kind = reply.status() >= 500 ? ErrorKind.OPERATIONAL : ErrorKind.USER;
            throw new NodeException(
                    kind,
                    "The OAuth2 token request failed (HTTP " + reply.status() + ") - please check the credential [item "
                            + i + "]",
                    i,
                    secrets.redact(snippet(body)),
                    null);
        }
        JsonNode json;
        try {
            json = Json.parse(body);
        } catch (IllegalArgumentException e) {
            throw NodeException.user("The OAuth2 token response is not JSON [item " + i + "]", i);
        }
        String token = json.path("access_token").asText("");
        if (token.isEmpty()) {
            throw NodeException.user("The OAuth2 token response has no access_token [item " + i + "]", i);
        }
        long expiresIn = json.path("expires_in").asLong(0);
        Instant expiresAt =
                expiresIn > 0 ? clock.instant().plusSeconds(expiresIn).minus(SKEW) : null;
        return new Token(token, expiresAt);
    }

    private static String snippet(String body) {
        return body.length() > 500 ? body.substring(0, 500) + "…" : body;
    }

    private static String key(ObjectNode cred) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String f : new String[] {"accessTokenUrl", "clientId", "scope", "clientSecret", "authentication"}) {
                md.update(cred.path(f).asText("").getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
