package io.hetumind.nodes.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** Crypto v2's secrets: an HMAC secret and a private key for signing (PEM). */
public final class CryptoCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "crypto",
            "Crypto",
            "Secrets for the Crypto node: an HMAC secret and a PEM private key for signing.",
            CredentialProperty.secret(PropertySpec.string("hmacSecret").displayName("HMAC Secret")),
            CredentialProperty.secret(PropertySpec.string("signPrivateKey").displayName("Private Key (PEM)")));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
