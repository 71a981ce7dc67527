package io.hetumind.core.spi;

/**
 * A kind of credential (e.g. {@code httpBasicAuth}, {@code postgres}): its descriptor says which
 * fields a user fills in and which of them are secret. Discovered with {@link java.util.ServiceLoader}
 * and checked by {@link CredentialRegistry}; node types name the ones they accept with
 * {@link NodeDescriptor.Builder#credential(String, boolean)}.
 */
public interface CredentialType {

    CredentialDescriptor descriptor();
}
