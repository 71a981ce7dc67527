package io.hetumind.iam.rest.dto;

import io.hetumind.platform.validation.Text;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the tenant, user, membership and role endpoints. */
public final class IamDtos {
    private IamDtos() {}

    public record TenantView(UUID id, String name, String role, Instant createdAt) {}

    public record TenantRequest(@NotBlank @Text(max = 100) String name) {}

    public record UserView(UUID id, String email, String name, Instant createdAt) {}

    /** The caller: who, in which tenant, with which roles and permissions, and all their tenants. */
    public record Me(
            UUID id,
            String email,
            String name,
            UUID tenant,
            List<String> roles,
            List<String> permissions,
            List<TenantView> tenants) {}

    /** The user's own profile: only they change it. */
    public record UpdateUserRequest(@NotBlank @Text(max = 100) String name) {}

    public record MembershipView(UUID id, UUID userId, String email, String role, Instant createdAt) {}

    /** An invitation to join the caller's tenant with {@code role}. */
    public record InviteRequest(
            @NotBlank @Email @Text(max = 254) String email, @NotBlank @Text(max = 64) String role) {}

    /**
     * Returned once, on creation, whether or not the address has an account: {@code token} is given to the invitee out
     * of band (accept it signed in, or sign up with it); it is not stored and cannot be shown again.
     */
    public record CreatedInvitation(UUID id, String email, String role, Instant expiresAt, String token) {}

    public record InvitationView(UUID id, String email, String role, Instant expiresAt, Instant createdAt) {}

    public record AcceptRequest(@NotBlank @Text(max = 200) String token) {}

    public record ChangeRoleRequest(@NotBlank @Text(max = 64) String role) {}

    public record RoleView(UUID id, String name, boolean builtIn, List<String> permissions, Instant createdAt) {}

    public record RoleRequest(
            @NotBlank
                    @Size(max = 64)
                    @Pattern(regexp = "[a-z][a-z0-9_-]*", message = "must be lower-case letters, digits, - or _")
                    String name,
            @NotNull @Size(max = 64) List<@NotBlank @Text(max = 64) String> permissions) {}
}
