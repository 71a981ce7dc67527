package io.hetumind.studio.credential.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.platform.validation.Text;
import jakarta.validation.constraints.NotBlank;

/**
 * A new credential.
 *
 * @param type a credential type id from {@code GET /api/v1/credential-types}
 * @param data the type's fields; left-out fields take their defaults, unknown ones are refused
 * @param sharing who else may use it (absent: only its owner and the tenant's admins)
 */
public record CredentialRequest(
        @NotBlank @Text(max = 128) String name,
        @NotBlank @Text(max = 64) String type,
        JsonNode data,
        SharingView sharing) {}
