package io.hetumind.iam.security;

import io.hetumind.iam.config.IamConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Marks a device on which a user has signed in successfully ({@code hmd_…}, returned by sign-in and sent back with the
 * next one): sign-ins from a known device pass the per-address throttle, so an attacker guessing a password cannot
 * lock the owner out. Stateless: the user id and issue time under an HMAC keyed from the master key.
 */
@ApplicationScoped
public class DeviceTokens {
    private static final String PREFIX = "hmd_";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final long ttlSeconds;

    public DeviceTokens(MasterKey master, IamConfig config) {
        this.key = master.derive("hetumind device tokens v1");
        this.ttlSeconds = config.deviceTokenTtl().toSeconds();
    }

    /** A new token for {@code user} on this device. */
    public String issue(UUID user) {
        byte[] payload = ByteBuffer.allocate(24)
                .putLong(user.getMostSignificantBits())
                .putLong(user.getLeastSignificantBits())
                .putLong(Instant.now().getEpochSecond())
                .array();
        return PREFIX + B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
    }

    /** Whether {@code token} was issued by this instance to {@code user} and has not expired. */
    public boolean valid(String token, UUID user) {
        if (token == null || user == null || !token.startsWith(PREFIX) || token.length() > 200) {
            return false;
        }
        String[] parts = token.substring(PREFIX.length()).split("\\.", 2);
        if (parts.length != 2) {
            return false;
        }
        try {
            byte[] payload = B64D.decode(parts[0]);
            if (payload.length != 24 || !MessageDigest.isEqual(mac(payload), B64D.decode(parts[1]))) {
                return false;
            }
            ByteBuffer b = ByteBuffer.wrap(payload);
            UUID owner = new UUID(b.getLong(), b.getLong());
            long issued = b.getLong();
            return owner.equals(user) && issued + ttlSeconds > Instant.now().getEpochSecond();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC failed", e);
        }
    }
}
