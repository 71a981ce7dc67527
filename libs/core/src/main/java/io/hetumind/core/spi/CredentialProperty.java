package io.hetumind.core.spi;

/** One field of a credential type; {@code secret} fields are masked by the designer and never echoed. */
public record CredentialProperty(PropertySpec spec, boolean secret) {

    public static CredentialProperty plain(PropertySpec.Builder spec) {
        return new CredentialProperty(spec.build(), false);
    }

    public static CredentialProperty secret(PropertySpec.Builder spec) {
        return new CredentialProperty(spec.build(), true);
    }

    public String name() {
        return spec.name();
    }
}
