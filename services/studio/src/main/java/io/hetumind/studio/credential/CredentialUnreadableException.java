package io.hetumind.studio.credential;

import java.util.UUID;

/**
 * A stored credential that does not decrypt: its master key is gone, or its blobs were altered or moved between
 * records. An operational fault of the instance (not the caller's), reported without any key material.
 */
public class CredentialUnreadableException extends RuntimeException {
    private final UUID credentialId;

    public CredentialUnreadableException(UUID credentialId, String reason) {
        super("credential " + credentialId + " cannot be decrypted: " + reason, null, false, false);
        this.credentialId = credentialId;
    }

    public UUID credentialId() {
        return credentialId;
    }
}
