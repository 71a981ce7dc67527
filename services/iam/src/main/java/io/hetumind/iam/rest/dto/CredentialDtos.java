package io.hetumind.iam.rest.dto;

import io.hetumind.platform.validation.Text;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Bodies of the API key, agent token, audit and key endpoints. */
public final class CredentialDtos {
    private CredentialDtos() {}

    public record ApiKeyRequest(
            @NotBlank @Text(max = 100) String name,
            @NotNull @Size(min = 1, max = 64) List<@NotBlank @Text(max = 64) String> permissions,
            @Future Instant expiresAt) {}

    /** The listing view: never the secret. */
    public record ApiKeyView(
            UUID id,
            String name,
            String prefix,
            List<String> permissions,
            Instant expiresAt,
            Instant lastUsedAt,
            Instant revokedAt,
            Instant createdAt) {}

    /** Returned once, on creation: {@code secret} is not stored and cannot be shown again. */
    public record CreatedSecret(UUID id, String prefix, String secret) {}

    public record AgentTokenRequest(
            @NotBlank @Text(max = 100) String name,
            @NotBlank
                    @Size(max = 100)
                    @Pattern(regexp = "[a-z0-9][a-z0-9._-]*", message = "must be lower-case letters, digits, ., - or _")
                    String namespace,
            @Future Instant expiresAt) {}

    public record AgentTokenView(
            UUID id,
            String name,
            String namespace,
            String prefix,
            Instant expiresAt,
            Instant lastUsedAt,
            Instant revokedAt,
            Instant createdAt) {}

    public record AuditView(
            UUID id, UUID actorId, String event, String subject, String ip, String detail, Instant at) {}

    public record KeyRotated(String kid) {}
}
