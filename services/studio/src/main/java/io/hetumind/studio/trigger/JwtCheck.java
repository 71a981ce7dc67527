package io.hetumind.studio.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.platform.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * The Webhook node's {@code jwtAuth}, as n8n checks it: the token is the second word of {@code Authorization} (401
 * {@code No token provided} without one); it must be signed with the credential's algorithm only, by its passphrase
 * (HS*) or the private key matching its PEM public key (RS*, ES*, PS*), and be within its {@code exp}/{@code nbf}
 * (no clock skew); otherwise 403 with jsonwebtoken's message ({@code invalid signature}, {@code jwt expired}, {@code
 * jwt malformed}, {@code invalid algorithm}, {@code jwt not active}). Unlike n8n, algorithm {@code none} (unsigned
 * tokens) is refused.
 */
final class JwtCheck {
    private static final Set<String> HMAC = Set.of("HS256", "HS384", "HS512");
    private static final Set<String> SIGNED =
            Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512");

    private JwtCheck() {}

    static ObjectNode verify(String authorization, ObjectNode cred) {
        String token = null;
        if (authorization != null) {
            String[] words = authorization.trim().split("\\s+");
            token = words.length > 1 ? words[1] : null;
        }
        if (token == null || token.isEmpty()) {
            throw new ProblemException(401, "webhook-unauthorized", "Unauthorized", "No token provided");
        }
        String algorithm = cred.path("algorithm").asText("HS256");
        Key key = key(cred, algorithm);
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm)
                .setRelaxVerificationKeyValidation() // jsonwebtoken takes passphrases of any length
                .setSkipDefaultAudienceValidation()
                .setAllowedClockSkewInSeconds(0)
                .setEvaluationTime(org.jose4j.jwt.NumericDate.now())
                .build();
        try {
            JwtContext context = consumer.process(token);
            return (ObjectNode) Json.parse(context.getJwtClaims().toJson());
        } catch (InvalidJwtException e) {
            throw forbidden(message(e));
        }
    }

    private static Key key(ObjectNode cred, String algorithm) {
        if (HMAC.contains(algorithm)) {
            String secret = "pemKey".equals(cred.path("keyType").asText("passphrase"))
                    ? cred.path("publicKey").asText("")
                    : cred.path("secret").asText("");
            if (secret.isEmpty()) {
                throw misconfigured("the jwtAuth credential has no secret");
            }
            return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA" + algorithm.substring(2));
        }
        if (!SIGNED.contains(algorithm)) {
            throw misconfigured(
                    "the jwtAuth credential's algorithm '" + algorithm
                            + "' is not accepted for incoming tokens (unsigned tokens prove nothing); choose a signing algorithm");
        }
        return publicKey(cred.path("publicKey").asText(""), algorithm.startsWith("ES") ? "EC" : "RSA");
    }

    private static PublicKey publicKey(String pem, String type) {
        String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        if (body.isEmpty()) {
            throw misconfigured("the jwtAuth credential has no public key");
        }
        try {
            return KeyFactory.getInstance(type)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw misconfigured("the jwtAuth credential's public key is not a PEM " + type + " public key");
        }
    }

    private static String message(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "jwt expired";
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return "jwt not active";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return "invalid signature";
        }
        String text = String.valueOf(e.getMessage());
        if (text.contains("AlgorithmConstraints") || text.contains("not a permitted algorithm")) {
            return "invalid algorithm";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "jwt signature is required";
        }
        return "jwt malformed";
    }

    private static ProblemException forbidden(String detail) {
        return new ProblemException(403, "webhook-forbidden", "Forbidden", detail);
    }

    private static ProblemException misconfigured(String detail) {
        return new ProblemException(500, "webhook-auth-missing", "Webhook authentication", detail);
    }
}
