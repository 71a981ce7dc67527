package io.hetumind.nodes.ai.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;
import java.util.Optional;

/** n8n's {@code openAiApi}: an API key, an optional organization, and the base URL of any OpenAI-compatible API. */
public final class OpenAiApiCredential implements CredentialType {

    public static final String TYPE = "openAiApi";
    public static final String DEFAULT_URL = "https://api.openai.com/v1";

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            TYPE,
            "OpenAI",
            "An OpenAI API key; the base URL points it at any OpenAI-compatible endpoint.",
            CredentialProperty.secret(
                    PropertySpec.string("apiKey").displayName("API Key").required()),
            CredentialProperty.plain(PropertySpec.string("organizationId")
                    .displayName("Organization ID (optional)")
                    .defaultValue("")),
            CredentialProperty.plain(PropertySpec.string("url")
                    .displayName("Base URL")
                    .defaultValue(DEFAULT_URL)
                    .description("Override the default base URL for the API")));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * n8n: Authorization Bearer apiKey and OpenAI-Organization (left out when unset, as axios drops an undefined
     * header).
     */
    @Override
    public Optional<HttpSigning> httpSigning() {
        return Optional.of((data, header, query) -> {
            header.accept("Authorization", "Bearer " + data.path("apiKey").asText(""));
            if (data.hasNonNull("organizationId")) {
                header.accept("OpenAI-Organization", data.get("organizationId").asText());
            }
        });
    }
}
