package io.hetumind.nodes.http;

import io.hetumind.core.spi.CredentialType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * How the credential types on the class path sign HTTP requests ({@link CredentialType#httpSigning}, n8n's {@code
 * authenticate}): what HTTP Request and the HTTP Request Tool accept as a Predefined Credential Type.
 */
public final class SigningCredentials {

    private static final Map<String, CredentialType> TYPES = load();

    private SigningCredentials() {}

    private static Map<String, CredentialType> load() {
        Map<String, CredentialType> out = new TreeMap<>();
        for (CredentialType t : ServiceLoader.load(CredentialType.class, SigningCredentials.class.getClassLoader())) {
            if (t.httpSigning().isPresent()) {
                out.put(t.descriptor().id(), t);
            }
        }
        return out;
    }

    /** The type named {@code id}, if it signs requests. */
    public static Optional<CredentialType> find(String id) {
        return Optional.ofNullable(TYPES.get(id));
    }

    /** Their names, sorted. */
    public static List<String> names() {
        return List.copyOf(TYPES.keySet());
    }
}
