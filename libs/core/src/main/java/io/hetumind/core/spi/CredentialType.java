package io.hetumind.core.spi;

/**
 * A kind of credential (e.g. {@code httpBasicAuth}, {@code postgres}): its descriptor says which
 * fields a user fills in and which of them are secret. Discovered with {@link java.util.ServiceLoader}
 * and checked by {@link CredentialRegistry}; node types name the ones they accept with
 * {@link NodeDescriptor.Builder#credential(String, boolean)}.
 */
public interface CredentialType {

    CredentialDescriptor descriptor();

    /**
     * How this type signs an HTTP request (n8n's {@code authenticate}), so HTTP Request can use it as a "Predefined
     * Credential Type"; empty unless a type says so.
     */
    default java.util.Optional<HttpSigning> httpSigning() {
        return java.util.Optional.empty();
    }

    /** What n8n's {@code authenticate} of a type adds to a request, from the credential's {@code data}. */
    @FunctionalInterface
    interface HttpSigning {
        /** Sets {@code header}s (replacing one of the same name) and adds {@code query} parameters. */
        void sign(
                com.fasterxml.jackson.databind.node.ObjectNode data,
                java.util.function.BiConsumer<String, String> header,
                java.util.function.BiConsumer<String, String> query);
    }
}
