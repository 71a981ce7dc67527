package io.hetumind.core.model;

/** A node's reference to a stored credential: its id and display name, never the secret. */
public record CredentialRef(String id, String name) {}
