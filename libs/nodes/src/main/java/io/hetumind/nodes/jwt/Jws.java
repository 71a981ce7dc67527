package io.hetumind.nodes.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Tokens as the jsonwebtoken package n8n's JWT node uses makes and checks them: header {@code {alg, typ: "JWT"[, kid]}},
 * the payload as given plus {@code iat} (seconds) unless it has one; verification checks the algorithm, the signature,
 * then {@code nbf} and {@code exp} against the clock with a tolerance, with jsonwebtoken's messages.
 */
final class Jws {

    /** A token problem, with jsonwebtoken's message ("jwt expired", "invalid signature" …). */
    static final class JwtError extends Exception {
        JwtError(String message) {
            super(message);
        }
    }

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private Jws() {}

    static String sign(ObjectNode payload, String algorithm, String kid, Key key, Instant now) throws JwtError {
        for (String claim : new String[] {"iat", "exp", "nbf"}) {
            JsonNode v = payload.get(claim);
            if (v != null && !v.isNumber()) {
                throw new JwtError("\"" + claim + "\" should be a number of seconds");
            }
        }
        if (!payload.has("iat")) {
            payload.put("iat", now.getEpochSecond());
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setHeader("typ", "JWT");
        if (!kid.isEmpty()) {
            jws.setKeyIdHeaderValue(kid);
        }
        jws.setPayload(Json.write(payload));
        jws.setDoKeyValidation(false);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        if (!algorithm.equals("none")) {
            jws.setKey(key);
        }
        try {
            return jws.getCompactSerialization();
        } catch (JoseException | RuntimeException e) {
            throw new JwtError("the token could not be signed with " + algorithm + ": " + e.getMessage());
        }
    }

    static ObjectNode verify(
            String token,
            String algorithm,
            Key key,
            boolean ignoreExpiration,
            boolean ignoreNotBefore,
            double clockTolerance,
            boolean complete,
            Instant now)
            throws JwtError {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new JwtError("jwt malformed");
        }
        ObjectNode header = object(parts[0]);
        ObjectNode payload = object(parts[1]);
        if (header == null || payload == null) {
            throw new JwtError("invalid token");
        }
        String alg = header.path("alg").asText("");
        if (!alg.equals("none") && parts[2].isEmpty()) {
            throw new JwtError("jwt signature is required");
        }
        if (!alg.equals(algorithm)) {
            throw new JwtError("invalid algorithm");
        }
        if (!alg.equals("none")) {
            try {
                JsonWebSignature jws = new JsonWebSignature();
                jws.setAlgorithmConstraints(
                        new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm));
                jws.setDoKeyValidation(false);
                jws.setCompactSerialization(token);
                jws.setKey(key);
                if (!jws.verifySignature()) {
                    throw new JwtError("invalid signature");
                }
            } catch (JoseException | RuntimeException e) {
                throw new JwtError("invalid signature");
            }
        }
        long clock = now.getEpochSecond();
        JsonNode nbf = payload.get("nbf");
        if (nbf != null && !ignoreNotBefore) {
            if (!nbf.isNumber()) {
                throw new JwtError("invalid nbf value");
            }
            if (nbf.asDouble() > clock + clockTolerance) {
                throw new JwtError("jwt not active");
            }
        }
        JsonNode exp = payload.get("exp");
        if (exp != null && !ignoreExpiration) {
            if (!exp.isNumber()) {
                throw new JwtError("invalid exp value");
            }
            if (clock >= exp.asDouble() + clockTolerance) {
                throw new JwtError("jwt expired");
            }
        }
        return complete ? full(header, payload, parts[2]) : wrap(payload);
    }

    /** jsonwebtoken's decode: no checks; an unreadable token gives {@code {payload: null}}. */
    static ObjectNode decode(String token, boolean complete) {
        String[] parts = token.split("\\.", -1);
        ObjectNode header = parts.length == 3 ? object(parts[0]) : null;
        JsonNode payload = parts.length == 3 ? any(parts[1]) : null;
        if (header == null || payload == null) {
            return Json.object().putNull("payload");
        }
        return complete ? full(header, payload, parts[2]) : wrap(payload);
    }

    private static ObjectNode full(ObjectNode header, JsonNode payload, String signature) {
        ObjectNode out = Json.object();
        out.set("header", header);
        out.set("payload", payload);
        out.put("signature", signature);
        return out;
    }

    private static ObjectNode wrap(JsonNode payload) {
        ObjectNode out = Json.object();
        out.set("payload", payload);
        return out;
    }

    /** A base64url part as JSON (decode takes a string payload as the text itself); null when unreadable. */
    private static JsonNode any(String part) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
            try {
                return Json.parse(text);
            } catch (RuntimeException e) {
                return Json.F.textNode(text);
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ObjectNode object(String part) {
        try {
            JsonNode v = Json.parse(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
            return v instanceof ObjectNode o ? o : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The key to sign with: the passphrase's bytes (HMAC), or the credential's private key (PEM). */
    static Key signingKey(ObjectNode cred, String algorithm) throws JwtError {
        if (algorithm.equals("none")) {
            return null;
        }
        if (!"pemKey".equals(cred.path("keyType").asText("passphrase"))) {
            return hmac(cred, algorithm);
        }
        String pem = pem(cred.path("privateKey").asText(""));
        if (pem.isEmpty()) {
            throw new JwtError("secretOrPrivateKey must have a value");
        }
        try {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(
                    null,
                    NamedResource.ofName("privateKey"),
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)),
                    null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new JwtError("the credential's private key could not be read (PEM)");
            }
            return it.next().getPrivate();
        } catch (JwtError e) {
            throw e;
        } catch (Exception e) {
            throw new JwtError("the credential's private key could not be read (PEM): "
                    + e.getClass().getSimpleName());
        }
    }

    /** The key to verify with: the passphrase's bytes (HMAC), or the credential's public key or certificate (PEM). */
    static Key verificationKey(ObjectNode cred, String algorithm) throws JwtError {
        if (algorithm.equals("none")) {
            return null;
        }
        if (!"pemKey".equals(cred.path("keyType").asText("passphrase"))) {
            return hmac(cred, algorithm);
        }
        String pem = pem(cred.path("publicKey").asText(""));
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new JwtError("secretOrPublicKey must have a value");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        try {
            if (m.group(1).equals("CERTIFICATE")) {
                return CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der))
                        .getPublicKey();
            }
            return publicKey(der, algorithm.startsWith("ES") ? "EC" : "RSA");
        } catch (Exception e) {
            throw new JwtError("the credential's public key could not be read (PEM): "
                    + e.getClass().getSimpleName());
        }
    }

    private static PublicKey publicKey(byte[] der, String type) throws Exception {
        return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
    }

    private static Key hmac(ObjectNode cred, String algorithm) throws JwtError {
        if (!algorithm.startsWith("HS")) {
            throw new JwtError("a passphrase credential can only use HS256, HS384 or HS512, not " + algorithm);
        }
        String secret = cred.path("secret").asText("");
        if (secret.isEmpty()) {
            throw new JwtError("secretOrPrivateKey must have a value");
        }
        return new HmacKey(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** n8n's formatPrivateKey: a key pasted on one line gets its line breaks back. */
    private static String pem(String key) {
        if (key.isEmpty() || key.contains("\n")) {
            return key;
        }
        StringBuilder out = new StringBuilder();
        for (String part : key.split("-----")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.matches(".*(PRIVATE KEY|PUBLIC KEY|CERTIFICATE).*")) {
                out.append("-----").append(part).append("-----");
            } else {
                out.append(part.replace("\\n", "\n").replaceAll("\\s+", "\n"));
            }
        }
        return out.toString();
    }
}
