package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.InvalidResumeTokenException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque tokens that resume a waiting execution ({@code <executionId>.<mac>}): an HMAC-SHA256 of
 * the execution id under the host's key, so only whoever was handed the token (a resume URL in
 * an e-mail, say) can resume it, and every worker holding the key can check it without storing it.
 */
public final class ResumeTokens {

    private final byte[] key;

    public ResumeTokens(byte[] key) {
        this.key = key == null ? random() : key.clone();
    }

    public String issue(String executionId) {
        return executionId + "." + mac(executionId);
    }

    /** The execution a well-formed, genuine token names; throws {@link InvalidResumeTokenException}. */
    public String verify(String token) {
        int dot = token == null ? -1 : token.lastIndexOf('.');
        if (dot <= 0 || dot == token.length() - 1) {
            throw new InvalidResumeTokenException();
        }
        String executionId = token.substring(0, dot);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = mac(executionId).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, expected)) {
            throw new InvalidResumeTokenException();
        }
        return executionId;
    }

    /**
     * The signature of a resume link ({@code <token>/<node id>?<query>}, all that follows the resume base): a
     * hex HMAC-SHA256 under the same key, in its own domain so a token's MAC never passes for a link's.
     */
    public String signLink(String link) {
        return HexFormat.of().formatHex(hmac("link:" + link));
    }

    /** Whether {@code signature} is {@link #signLink}'s for {@code link} (compared in constant time). */
    public boolean linkSigned(String link, String signature) {
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
        byte[] expected = signLink(link).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, expected);
    }

    private byte[] hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private String mac(String executionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal(("resume:" + executionId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 18));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] random() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }
}
