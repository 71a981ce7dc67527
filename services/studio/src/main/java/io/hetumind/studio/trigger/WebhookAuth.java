package io.hetumind.studio.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.CredentialRef;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.platform.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Function;

/**
 * The Webhook node's own authentication (n8n's basicAuth / headerAuth options), checked against the credential
 * assigned to the node, read through the tenant's {@link CredentialResolver}. Comparisons take constant time.
 */
final class WebhookAuth {
    private WebhookAuth() {}

    /**
     * Refuses the request with n8n's answers (401 with a Basic challenge, or 403) unless it authenticates; for {@code
     * jwtAuth}, the verified token's claims (the item's {@code jwtPayload}), else null.
     */
    static ObjectNode check(WebhookEndpoint e, Function<String, String> header, CredentialResolver credentials) {
        switch (e.spec().authentication()) {
            case "basicAuth" -> basic(e, header.apply("authorization"), credential(e, "httpBasicAuth", credentials));
            case "headerAuth" -> headerAuth(header, credential(e, "httpHeaderAuth", credentials));
            case "jwtAuth" -> {
                return JwtCheck.verify(header.apply("authorization"), credential(e, "jwtAuth", credentials));
            }
            default -> {}
        }
        return null;
    }

    private static ObjectNode credential(WebhookEndpoint e, String type, CredentialResolver credentials) {
        CredentialRef ref = e.node().credentials().get(type);
        ObjectNode data;
        try {
            data = ref == null ? null : credentials.resolve(ref, type).orElse(null);
        } catch (io.hetumind.core.spi.NodeException unusable) {
            // the credential exists but the workflow's owner may not use it: the caller learns no more than n8n says
            org.jboss.logging.Logger.getLogger(WebhookAuth.class)
                    .warnf("webhook of workflow %s: %s", e.workflowId(), unusable.getMessage());
            data = null;
        }
        if (data == null) {
            throw new ProblemException(
                    500, "webhook-auth-missing", "Webhook authentication", "No authentication data defined on node!");
        }
        return data;
    }

    private static void basic(WebhookEndpoint e, String authorization, ObjectNode cred) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw unauthorized("Authorization is required!");
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException ex) {
            throw unauthorized("Authorization data is wrong!");
        }
        String expected =
                cred.path("user").asText("") + ":" + cred.path("password").asText("");
        if (!same(decoded, expected)) {
            throw unauthorized("Authorization data is wrong!");
        }
    }

    private static void headerAuth(Function<String, String> header, ObjectNode cred) {
        String name = cred.path("name").asText("");
        String given = name.isEmpty() ? null : header.apply(name);
        if (given == null || !same(given, cred.path("value").asText(""))) {
            throw new ProblemException(403, "webhook-forbidden", "Forbidden", "Authorization data is wrong!");
        }
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "webhook-unauthorized", "Unauthorized", detail);
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
