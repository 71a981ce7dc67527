package io.hetumind.studio.credential;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of one credential record: the data is sealed with AES-256-GCM under a fresh random data key,
 * and the data key is sealed (wrapped) under a master key whose id is stored beside it, so master keys rotate by
 * re-wrapping 60 bytes per record instead of re-encrypting data. Both seals bind the record's tenant and id as
 * associated data (the data's also its type), so a blob copied to another row, tenant or type does not open.
 *
 * <p>Blob layout (both): one version byte (1), a 12-byte random IV, then the ciphertext with its 16-byte tag.
 */
public final class Envelope {
    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int DATA_KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKeys keys;

    public Envelope(MasterKeys keys) {
        this.keys = keys;
    }

    /** What a record stores: the wrapping master key's id, the wrapped data key and the sealed data. */
    public record Sealed(String keyId, byte[] dataKey, byte[] data) {}

    /** Which record a blob belongs to; part of the associated data of both seals. */
    public record Owner(UUID tenantId, UUID id, String type) {}

    public String activeKeyId() {
        return keys.activeId();
    }

    /** The ids of the configured master keys (never the keys). */
    public java.util.Set<String> keyIds() {
        return new java.util.TreeSet<>(keys.ids());
    }

    /** Whether the master key {@code keyId} is configured (records under a missing one cannot be opened). */
    public boolean hasKey(String keyId) {
        return keys.key(keyId) != null;
    }

    /** Seals {@code plaintext} for {@code owner} under a new data key wrapped by the active master key. */
    public Sealed seal(Owner owner, byte[] plaintext) {
        byte[] dataKey = new byte[DATA_KEY_BYTES];
        RANDOM.nextBytes(dataKey);
        try {
            byte[] data = encrypt(new SecretKeySpec(dataKey, "AES"), plaintext, dataAad(owner));
            byte[] wrapped = encrypt(keys.active(), dataKey, keyAad(owner, keys.activeId()));
            return new Sealed(keys.activeId(), wrapped, data);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The plaintext of {@code sealed}; throws {@link CredentialUnreadableException} when anything does not match. */
    public byte[] open(Owner owner, Sealed sealed) {
        byte[] dataKey = unwrap(owner, sealed);
        try {
            return decrypt(new SecretKeySpec(dataKey, "AES"), sealed.data(), dataAad(owner), owner, "data");
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** {@code sealed} with its data key wrapped by the active master key; the sealed data is unchanged. */
    public Sealed rewrap(Owner owner, Sealed sealed) {
        if (sealed.keyId().equals(keys.activeId())) {
            return sealed;
        }
        byte[] dataKey = unwrap(owner, sealed);
        try {
            return new Sealed(
                    keys.activeId(), encrypt(keys.active(), dataKey, keyAad(owner, keys.activeId())), sealed.data());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private byte[] unwrap(Owner owner, Sealed sealed) {
        SecretKey master = keys.key(sealed.keyId());
        if (master == null) {
            throw new CredentialUnreadableException(
                    owner.id(), "its master key '" + sealed.keyId() + "' is not configured");
        }
        return decrypt(master, sealed.dataKey(), keyAad(owner, sealed.keyId()), owner, "data key");
    }

    private static byte[] keyAad(Owner owner, String keyId) {
        return ("hetumind/credential-key/v1\0" + owner.tenantId() + "\0" + owner.id() + "\0" + keyId)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] dataAad(Owner owner) {
        return ("hetumind/credential-data/v1\0" + owner.tenantId() + "\0" + owner.id() + "\0" + owner.type())
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] encrypt(SecretKey key, byte[] plaintext, byte[] aad) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(aad);
            byte[] ct = c.doFinal(plaintext);
            return ByteBuffer.allocate(1 + IV_BYTES + ct.length)
                    .put(VERSION)
                    .put(iv)
                    .put(ct)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    private static byte[] decrypt(SecretKey key, byte[] blob, byte[] aad, Owner owner, String what) {
        if (blob == null || blob.length < 1 + IV_BYTES + TAG_BITS / 8 || blob[0] != VERSION) {
            throw new CredentialUnreadableException(
                    owner.id(), "its " + what + " is not in a format this studio reads");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 1, IV_BYTES));
            c.updateAAD(aad);
            return c.doFinal(blob, 1 + IV_BYTES, blob.length - 1 - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new CredentialUnreadableException(
                    owner.id(), "its " + what + " fails authentication (altered, or copied from another record)");
        } catch (GeneralSecurityException e) {
            throw new CredentialUnreadableException(owner.id(), "its " + what + " cannot be decrypted (" + e + ")");
        }
    }
}
