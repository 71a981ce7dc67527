package io.hetumind.nodes.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** n8n's SSL Certificates: the CA to trust and the client certificate and key HTTP Request presents (PEM). */
public final class HttpSslAuthCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "httpSslAuth",
            "SSL Certificates",
            "Certificates for HTTPS: the certificate authority to trust (instead of the usual ones) and a client"
                    + " certificate with its private key, PEM.",
            CredentialProperty.secret(
                    PropertySpec.string("ca").displayName("CA").description("Certificate Authority certificate")),
            CredentialProperty.secret(PropertySpec.string("cert").displayName("Certificate")),
            CredentialProperty.secret(PropertySpec.string("key").displayName("Private Key")),
            CredentialProperty.secret(PropertySpec.string("passphrase")
                    .displayName("Passphrase")
                    .description("Optional passphrase for the private key, if the private key is encrypted")));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
