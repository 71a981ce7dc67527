package io.hetumind.core.spi;

/** A credential a node type accepts, by credential type id (e.g. {@code httpBasicAuth}). */
public record CredentialSlot(String credentialType, boolean required) {}
