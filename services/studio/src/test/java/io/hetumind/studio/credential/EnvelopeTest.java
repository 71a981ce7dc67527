package io.hetumind.studio.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The envelope format: what opens, what refuses to, and master key rotation. */
class EnvelopeTest {
    private static final String A = key();
    private static final String B = key();
    private static final byte[] SECRET = "{\"value\":\"s3cr3t-value\"}".getBytes(StandardCharsets.UTF_8);

    private static String key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private static Envelope envelope(Map<String, String> keys, String active) {
        return new Envelope(MasterKeys.parse(keys, active));
    }

    private static Envelope.Owner owner() {
        return new Envelope.Owner(UUID.randomUUID(), UUID.randomUUID(), "httpHeaderAuth");
    }

    @Test
    void sealsUnderTheActiveKeyAndOpensWhatItSealed() {
        Envelope e = envelope(Map.of("a", A), "a");
        Envelope.Owner o = owner();
        Envelope.Sealed s = e.seal(o, SECRET);
        assertThat(s.keyId()).isEqualTo("a");
        assertThat(new String(s.data(), StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t");
        assertThat(s.dataKey()).hasSize(1 + 12 + 32 + 16);
        assertThat(e.open(o, s)).isEqualTo(SECRET);
        // a fresh data key and IV every time
        Envelope.Sealed again = e.seal(o, SECRET);
        assertThat(again.data()).isNotEqualTo(s.data());
        assertThat(again.dataKey()).isNotEqualTo(s.dataKey());
    }

    @Test
    void blobsMovedToAnotherRecordTenantOrTypeDoNotOpen() {
        Envelope e = envelope(Map.of("a", A), "a");
        Envelope.Owner o = owner();
        Envelope.Sealed s = e.seal(o, SECRET);
        Envelope.Owner otherRow = new Envelope.Owner(o.tenantId(), UUID.randomUUID(), o.type());
        Envelope.Owner otherTenant = new Envelope.Owner(UUID.randomUUID(), o.id(), o.type());
        Envelope.Owner otherType = new Envelope.Owner(o.tenantId(), o.id(), "httpBasicAuth");
        assertThatThrownBy(() -> e.open(otherRow, s))
                .isInstanceOf(CredentialUnreadableException.class)
                .hasMessageContaining(otherRow.id().toString())
                .hasMessageContaining("data key fails authentication");
        assertThatThrownBy(() -> e.open(otherTenant, s)).isInstanceOf(CredentialUnreadableException.class);
        assertThatThrownBy(() -> e.open(otherType, s))
                .isInstanceOf(CredentialUnreadableException.class)
                .hasMessageContaining("its data fails authentication");
        // the data of one record under the data key of another
        Envelope.Sealed mine = e.seal(otherRow, SECRET);
        assertThatThrownBy(() -> e.open(otherRow, new Envelope.Sealed("a", mine.dataKey(), s.data())))
                .isInstanceOf(CredentialUnreadableException.class)
                .hasMessageContaining("its data fails authentication");
    }

    @Test
    void anAlteredByteOrAnUnknownFormatIsAClearError() {
        Envelope e = envelope(Map.of("a", A), "a");
        Envelope.Owner o = owner();
        Envelope.Sealed s = e.seal(o, SECRET);
        byte[] data = s.data().clone();
        data[data.length - 5] ^= 1;
        assertThatThrownBy(() -> e.open(o, new Envelope.Sealed("a", s.dataKey(), data)))
                .isInstanceOf(CredentialUnreadableException.class)
                .hasMessage("credential " + o.id() + " cannot be decrypted: its data fails authentication (altered,"
                        + " or copied from another record)");
        assertThatThrownBy(() -> e.open(o, new Envelope.Sealed("a", s.dataKey(), new byte[] {1, 2, 3})))
                .isInstanceOf(CredentialUnreadableException.class)
                .hasMessageContaining("not in a format this studio reads");
        // the key id label is bound too: a wrapped key relabelled with another configured key fails
        Envelope two = envelope(Map.of("a", A, "b", B), "a");
        assertThatThrownBy(() -> two.open(o, new Envelope.Sealed("b", s.dataKey(), s.data())))
                .isInstanceOf(CredentialUnreadableException.class);
    }

    @Test
    void rotationKeepsOldRecordsReadableAndRewrapMovesThemToTheNewKey() {
        Envelope.Owner o = owner();
        Envelope.Sealed underA = envelope(Map.of("a", A), "a").seal(o, SECRET);

        Envelope rotated = envelope(Map.of("a", A, "b", B), "b");
        assertThat(rotated.open(o, underA)).isEqualTo(SECRET);
        Envelope.Sealed underB = rotated.rewrap(o, underA);
        assertThat(underB.keyId()).isEqualTo("b");
        assertThat(underB.data()).isEqualTo(underA.data()); // only the data key is re-wrapped
        assertThat(rotated.rewrap(o, underB)).isSameAs(underB);

        Envelope onlyB = envelope(Map.of("b", B), "b");
        assertThat(onlyB.open(o, underB)).isEqualTo(SECRET);
        assertThatThrownBy(() -> onlyB.open(o, underA))
                .isInstanceOf(CredentialUnreadableException.class)
                .hasMessageContaining("its master key 'a' is not configured");
    }

    @Test
    void aBadMasterKeyConfigurationNamesTheKey() {
        assertThatThrownBy(() -> MasterKeys.parse(Map.of("a", A), null))
                .hasMessageContaining("hetumind.studio.credentials.active-key is not set");
        assertThatThrownBy(() -> MasterKeys.parse(Map.of("a", A), "b"))
                .hasMessageContaining("hetumind.studio.credentials.active-key is 'b'")
                .hasMessageContaining("hetumind.studio.credentials.master-keys.b is not set");
        assertThatThrownBy(() -> MasterKeys.parse(Map.of(), "a")).hasMessageContaining("no master key is configured");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> MasterKeys.parse(Map.of("a", shortKey), "a"))
                .hasMessageContaining("hetumind.studio.credentials.master-keys.a must decode to 32 bytes, not 16")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> MasterKeys.parse(Map.of("a", "not base64!"), "a"))
                .hasMessageContaining("hetumind.studio.credentials.master-keys.a is not base64");
        assertThat(MasterKeys.parse(Map.of("a", A, "b", B), "b").toString())
                .isEqualTo("MasterKeys[a, b] active=b")
                .doesNotContain(A);
    }
}
