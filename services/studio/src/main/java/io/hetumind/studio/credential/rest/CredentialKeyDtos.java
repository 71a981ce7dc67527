package io.hetumind.studio.credential.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Bodies of the master key endpoints. */
public final class CredentialKeyDtos {
    private CredentialKeyDtos() {}

    /**
     * Master key state, and what a re-wrap did.
     *
     * @param rewrapped data keys moved to the active key by this call (0 for a GET)
     * @param unreadable records that could not be re-wrapped (their key is missing or they were altered)
     * @param recordsByKey how many records each master key id wraps now
     */
    public record RewrapView(String activeKey, int rewrapped, List<UUID> unreadable, Map<String, Long> recordsByKey) {}
}
