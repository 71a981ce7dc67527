package io.hetumind.nodes.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/**
 * n8n's {@code jwtAuth}: a passphrase (HMAC algorithms) or a PEM key pair (RSA, ECDSA, RSA-PSS) and the algorithm. The
 * Webhook node's {@code jwtAuth} verifies incoming bearer tokens with the passphrase or the public key.
 */
public final class JwtAuthCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "jwtAuth",
            "JWT Auth",
            "A passphrase or a PEM key pair for signing and verifying JSON Web Tokens.",
            CredentialProperty.plain(PropertySpec.options("keyType")
                    .displayName("Key Type")
                    .option("passphrase", "Passphrase")
                    .option("pemKey", "PEM Key")
                    .defaultValue("passphrase")),
            CredentialProperty.secret(
                    PropertySpec.string("secret").displayName("Secret").showWhen("keyType", "passphrase")),
            CredentialProperty.secret(
                    PropertySpec.string("privateKey").displayName("Private Key").showWhen("keyType", "pemKey")),
            CredentialProperty.plain(
                    PropertySpec.string("publicKey").displayName("Public Key").showWhen("keyType", "pemKey")),
            CredentialProperty.plain(PropertySpec.options("algorithm")
                    .displayName("Algorithm")
                    .option("HS256", "HS256")
                    .option("HS384", "HS384")
                    .option("HS512", "HS512")
                    .option("RS256", "RS256")
                    .option("RS384", "RS384")
                    .option("RS512", "RS512")
                    .option("ES256", "ES256")
                    .option("ES384", "ES384")
                    .option("ES512", "ES512")
                    .option("PS256", "PS256")
                    .option("PS384", "PS384")
                    .option("PS512", "PS512")
                    .option("none", "None")
                    .defaultValue("HS256")));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
