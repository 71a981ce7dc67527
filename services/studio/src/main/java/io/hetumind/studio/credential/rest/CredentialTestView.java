package io.hetumind.studio.credential.rest;

/**
 * The result of testing a credential against its service.
 *
 * @param status {@code ok} or {@code error}
 * @param message what happened, secrets masked
 */
public record CredentialTestView(String status, String message) {}
