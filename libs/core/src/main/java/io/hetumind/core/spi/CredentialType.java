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
     * Whether this type signs HTTP requests (n8n's {@code authenticate}), so HTTP Request can use it as a
     * "Predefined Credential Type". False unless a type says so.
     */
    default boolean signsHttp() {
        return false;
    }

    /** Adds to a request what n8n's {@code authenticate} of this type adds, from the credential's {@code data}. */
    default void signHttp(com.fasterxml.jackson.databind.node.ObjectNode data, HttpSigner request) {
        throw new UnsupportedOperationException(descriptor().id() + " does not sign HTTP requests");
    }

    /** What a credential may add to an HTTP request. */
    interface HttpSigner {
        /** Sets a header, replacing one of the same name. */
        void header(String name, String value);

        /** Adds a query parameter. */
        void query(String name, String value);
    }
}
