package io.hetumind.nodes.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** n8n's {@code totpApi}: a base32 TOTP secret and an optional {@code issuer:username} label. */
public final class TotpApiCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "totpApi",
            "TOTP API",
            "A time-based one-time password secret (base32), as authenticator apps take it.",
            CredentialProperty.secret(PropertySpec.string("secret")
                    .displayName("Secret")
                    .defaultValue("")
                    .password()
                    .placeholder("e.g. BVDRSBXQB2ZEL5HE")),
            CredentialProperty.plain(PropertySpec.string("label")
                    .displayName("Label")
                    .defaultValue("")
                    .placeholder("e.g. GitHub:john-doe")
                    .description("Identifier for the TOTP account, in the issuer:username format")));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
