package io.hetumind.studio.credential;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The configured master keys, checked once: a missing, malformed or short key stops the start with a message naming
 * its configuration key, never the key material.
 */
public final class MasterKeys {
    static final String PREFIX = "hetumind.studio.credentials.";
    private static final int KEY_BYTES = 32;

    private final Map<String, SecretKey> keys;
    private final String activeId;

    private MasterKeys(Map<String, SecretKey> keys, String activeId) {
        this.keys = keys;
        this.activeId = activeId;
    }

    /** Parses {@code id → base64 key} and the active id; throws naming the offending configuration key. */
    public static MasterKeys parse(Map<String, String> base64ById, String activeId) {
        if (activeId == null || activeId.isBlank()) {
            throw new IllegalStateException(
                    PREFIX + "active-key is not set: name the master key that wraps new records");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (var e : new TreeMap<>(base64ById).entrySet()) {
            String name = PREFIX + "master-keys." + e.getKey();
            if (!e.getKey().matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalStateException(name + ": a key id is 1-64 letters, digits, '.', '_' or '-'");
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(e.getValue().strip());
            } catch (IllegalArgumentException ex) {
                throw new IllegalStateException(name + " is not base64 (expected 32 random bytes, base64-encoded)");
            }
            if (raw.length != KEY_BYTES) {
                throw new IllegalStateException(name + " must decode to " + KEY_BYTES + " bytes, not " + raw.length
                        + " (make one with: openssl rand -base64 32)");
            }
            keys.put(e.getKey(), new SecretKeySpec(raw, "AES"));
        }
        if (!keys.containsKey(activeId)) {
            throw new IllegalStateException(PREFIX + "active-key is '" + activeId + "' but " + PREFIX + "master-keys."
                    + activeId + " is not set" + (keys.isEmpty() ? " (no master key is configured)" : ""));
        }
        return new MasterKeys(Map.copyOf(keys), activeId);
    }

    public String activeId() {
        return activeId;
    }

    SecretKey active() {
        return keys.get(activeId);
    }

    /**
     * A 32-byte key for {@code purpose} derived from the active master key (HMAC-SHA256), so other secrets of the
     * instance (resume-token signing) need no key of their own; a different purpose gives an unrelated key.
     */
    public byte[] derive(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(active().getEncoded(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key with this id, or null when it is not configured (any more). */
    SecretKey key(String id) {
        return keys.get(id);
    }

    public Set<String> ids() {
        return keys.keySet();
    }

    @Override
    public String toString() {
        return "MasterKeys" + new TreeMap<>(keys).keySet() + " active=" + activeId;
    }
}
