package io.hetumind.nodes.ai.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;
import java.util.Optional;

/** n8n's {@code ollamaApi}: the server's base URL, and an API key for servers behind a proxy that asks one. */
public final class OllamaApiCredential implements CredentialType {

    public static final String TYPE = "ollamaApi";
    public static final String DEFAULT_URL = "http://localhost:11434";

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            TYPE,
            "Ollama",
            "The URL of an Ollama server.",
            CredentialProperty.plain(PropertySpec.string("baseUrl")
                    .displayName("Base URL")
                    .defaultValue(DEFAULT_URL)
                    .required()),
            CredentialProperty.secret(PropertySpec.string("apiKey")
                    .displayName("API Key")
                    .defaultValue("")
                    .description("Sent as a Bearer token; leave empty for a local server")));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** n8n: Authorization Bearer apiKey (with nothing after Bearer when no key is set, as n8n sends it). */
    @Override
    public Optional<HttpSigning> httpSigning() {
        return Optional.of((data, header, query) ->
                header.accept("Authorization", "Bearer " + data.path("apiKey").asText("")));
    }
}
