package io.hetumind.iam.rest.dto;

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

    public record TenantRequest(@NotBlank @Size(max = 100) String name) {}

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

    /** An admin creates a user directly into the tenant. */
    public record CreateUserRequest(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(max = 100) String name,
            @NotNull @Size(min = 10, max = 256) String password,
            @NotBlank @Size(max = 64) String role) {}

    public record UpdateUserRequest(@NotBlank @Size(max = 100) String name) {}

    public record MembershipView(UUID id, UUID userId, String email, String role, Instant createdAt) {}

    public record AddMemberRequest(
            @NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 64) String role) {}

    public record ChangeRoleRequest(@NotBlank @Size(max = 64) String role) {}

    public record RoleView(UUID id, String name, boolean builtIn, List<String> permissions, Instant createdAt) {}

    public record RoleRequest(
            @NotBlank
                    @Size(max = 64)
                    @Pattern(regexp = "[a-z][a-z0-9_-]*", message = "must be lower-case letters, digits, - or _")
                    String name,
            @NotNull @Size(max = 64) List<@NotBlank @Size(max = 64) String> permissions) {}
}
