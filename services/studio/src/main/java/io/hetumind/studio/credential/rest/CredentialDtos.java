package io.hetumind.studio.credential.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.platform.validation.Text;
import io.hetumind.studio.credential.Sharing;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Bodies of the credential endpoints: secrets come in through them and go out only masked. */
public final class CredentialDtos {
    private CredentialDtos() {}

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

    /**
     * A partial update; each part left out stays as it is.
     *
     * @param data fields to change: a field left out keeps its value, a field sent as the mask
     *     ({@code "__hetumind_masked__"}) keeps its stored secret, a null resets a field to its default
     * @param sharing replaces the sharing as a whole
     */
    public record CredentialPatchRequest(@Text(max = 128) String name, JsonNode data, SharingView sharing) {}

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

    /**
     * Who besides the owner may use a credential: the whole tenant ({@code tenant: true}) and/or these user ids.
     *
     * @param tenant every member of the tenant (absent: false)
     * @param users users of the tenant (absent: none)
     */
    public record SharingView(Boolean tenant, List<UUID> users) {
        Sharing toSharing() {
            return new Sharing(Boolean.TRUE.equals(tenant), users);
        }

        static SharingView of(boolean tenant, List<UUID> users) {
            return new SharingView(tenant, users);
        }
    }

    /**
     * The result of testing a credential against its service.
     *
     * @param status {@code ok} or {@code error}
     * @param message what happened, secrets masked
     */
    public record CredentialTestView(String status, String message) {}
}
