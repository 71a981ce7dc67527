package io.hetumind.nodes.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** n8n's Custom Auth: a JSON object whose {@code headers}, {@code body} and {@code qs} are merged into each request. */
public final class HttpCustomAuthCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "httpCustomAuth",
            "Custom Auth",
            "A JSON object with headers, body and qs merged into each request.",
            CredentialProperty.secret(PropertySpec.json("json")
                    .displayName("JSON")
                    .required()
                    .defaultValue("")
                    .description("e.g. {\"headers\": {\"X-Auth\": \"…\"}, \"qs\": {\"key\": \"…\"}, \"body\":"
                            + " {\"token\": \"…\"}}")));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
