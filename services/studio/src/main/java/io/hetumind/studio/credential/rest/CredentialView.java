package io.hetumind.studio.credential.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A credential as every response shows it: secret fields replaced by {@code "__hetumind_masked__"} (empty ones stay
 * empty, so a form can tell set from unset).
 *
 * @param data the fields, secrets masked; null when the record cannot be decrypted ({@code unreadable} says why)
 * @param testable whether {@code POST /api/v1/credentials/{id}/test} can check it
 */
public record CredentialView(
        UUID id,
        String name,
        String type,
        ObjectNode data,
        @JsonInclude(JsonInclude.Include.NON_NULL) String unreadable,
        UUID ownerId,
        SharingView sharing,
        boolean testable,
        Instant createdAt,
        Instant updatedAt) {}
