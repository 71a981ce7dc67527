package io.hetumind.iam.rest.dto;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** Request and response bodies of the {@code /api/v1/auth} endpoints. */
public final class AuthDtos {
    private AuthDtos() {}

    /** Sign-up: a new user and a new tenant they own. */
    public record SignupRequest(
            @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(min = 10, max = 256) String password,
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Size(max = 100) String tenant) {}

    /** Sign-in; {@code tenant} picks one of the user's tenants (default: the oldest membership). */
    public record SigninRequest(
            @NotBlank @Size(max = 254) String email, @NotNull @Size(max = 256) String password, UUID tenant) {}

    /** A refresh token to rotate or revoke. */
    public record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {}

    /** An API key or agent token to exchange for an access token. */
    public record ExchangeRequest(@NotBlank @Size(max = 200) String secret) {}

    /** What sign-up, sign-in and refresh return; {@code expiresIn} is in seconds. */
    public record Tokens(String accessToken, String refreshToken, long expiresIn, String tokenType) {}

    /** An access token alone (API key and agent exchanges: no refresh, ask again). */
    public record AccessToken(String accessToken, long expiresIn, String tokenType) {}
}
