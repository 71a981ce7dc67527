package io.hetumind.nodes.ai.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;
import java.util.Optional;

/** n8n's {@code googlePalmApi} (Google Gemini / PaLM API): the API host and an API key. */
public final class GooglePalmApiCredential implements CredentialType {

    public static final String TYPE = "googlePalmApi";
    public static final String DEFAULT_HOST = "https://generativelanguage.googleapis.com";

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            TYPE,
            "Google Gemini(PaLM) Api",
            "A Google AI Studio API key.",
            CredentialProperty.plain(PropertySpec.string("host")
                    .displayName("Host")
                    .defaultValue(DEFAULT_HOST)
                    .required()),
            CredentialProperty.secret(
                    PropertySpec.string("apiKey").displayName("API Key").required()));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** n8n: the key as query parameter {@code key}. */
    @Override
    public Optional<HttpSigning> httpSigning() {
        return Optional.of(
                (data, header, query) -> query.accept("key", data.path("apiKey").asText("")));
    }
}
