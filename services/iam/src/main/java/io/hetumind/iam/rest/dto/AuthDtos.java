package io.hetumind.iam.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hetumind.platform.validation.Text;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** Request and response bodies of the {@code /api/v1/auth} endpoints. */
public final class AuthDtos {
    private AuthDtos() {}

    /**
     * Sign-up: a new user and a new tenant ({@code tenant}) they own, or, with {@code invitation}, a new user who
     * joins the inviting tenant (allowed even when open sign-up is off).
     */
    public record SignupRequest(
            @NotBlank @Email @Text(max = 254) String email,
            @NotNull @Size(min = 10, max = 256) String password,
            @NotBlank @Text(max = 100) String name,
            @Text(max = 100) String tenant,
            @Text(max = 200) String invitation) {}

    /**
     * Sign-in; {@code tenant} picks one of the user's tenants (default: the oldest membership); {@code deviceToken}
     * (from an earlier sign-in on this device) lets the owner in while their address is throttled.
     */
    public record SigninRequest(
            @NotBlank @Text(max = 254) String email,
            @NotNull @Size(max = 256) String password,
            UUID tenant,
            @Text(max = 200) String deviceToken) {}

    /** A refresh token to rotate or revoke. */
    public record RefreshRequest(@NotBlank @Text(max = 200) String refreshToken) {}

    /** An API key or agent token to exchange for an access token. */
    public record ExchangeRequest(@NotBlank @Text(max = 200) String secret) {}

    /**
     * What sign-up, sign-in and refresh return; {@code expiresIn} is in seconds; {@code deviceToken} (sign-in only)
     * marks this device as known for later sign-ins.
     */
    public record Tokens(
            String accessToken,
            String refreshToken,
            long expiresIn,
            String tokenType,
            @JsonInclude(JsonInclude.Include.NON_NULL) String deviceToken) {
        public Tokens withDevice(String token) {
            return new Tokens(accessToken, refreshToken, expiresIn, tokenType, token);
        }
    }

    /** An access token alone (API key and agent exchanges: no refresh, ask again). */
    public record AccessToken(String accessToken, long expiresIn, String tokenType) {}
}
