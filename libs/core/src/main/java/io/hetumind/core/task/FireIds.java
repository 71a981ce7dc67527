package io.hetumind.core.task;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Names of runs an agent fires itself (pinned schedules): the instance id is a name-based UUID, version 5 (SHA-1,
 * RFC 9562), in the namespace of the schedule's id, of the name {@code "<fire_at epoch ms>/<attempt>"}. The agent and
 * the server compute it alike, so a fire reported twice (a resend, a second copy after a crash) is one instance, and
 * the server refuses an id that does not match the schedule, fire time and attempt it claims.
 */
public final class FireIds {
    private FireIds() {}

    public static UUID instanceId(UUID scheduleId, long fireAtMillis, int attempt) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(scheduleId.getMostSignificantBits())
                .putLong(scheduleId.getLeastSignificantBits())
                .array());
        sha1.update((fireAtMillis + "/" + attempt).getBytes(StandardCharsets.UTF_8));
        byte[] h = sha1.digest();
        h[6] = (byte) ((h[6] & 0x0f) | 0x50); // version 5
        h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }
}
