package io.hetumind.iam.rest;

import io.hetumind.iam.rest.dto.AuthDtos.AccessToken;
import io.hetumind.iam.rest.dto.AuthDtos.ExchangeRequest;
import io.hetumind.iam.rest.dto.AuthDtos.RefreshRequest;
import io.hetumind.iam.rest.dto.AuthDtos.SigninRequest;
import io.hetumind.iam.rest.dto.AuthDtos.SignupRequest;
import io.hetumind.iam.rest.dto.AuthDtos.Tokens;
import io.hetumind.iam.service.AgentTokenService;
import io.hetumind.iam.service.ApiKeyService;
import io.hetumind.iam.service.SessionService;
import io.hetumind.iam.service.SigninService;
import io.hetumind.iam.service.SignupService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Sign-up, sign-in, refresh, sign-out, and the exchanges of API keys and agent tokens for access tokens. */
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {
    private final SignupService signup;
    private final SigninService signin;
    private final SessionService sessions;
    private final ApiKeyService apiKeys;
    private final AgentTokenService agentTokens;

    public AuthResource(
            SignupService signup,
            SigninService signin,
            SessionService sessions,
            ApiKeyService apiKeys,
            AgentTokenService agentTokens) {
        this.signup = signup;
        this.signin = signin;
        this.sessions = sessions;
        this.apiKeys = apiKeys;
        this.agentTokens = agentTokens;
    }

    @POST
    @Path("/signup")
    public Uni<Response> signup(@Valid @NotNull SignupRequest req, @Context HttpServerRequest http) {
        return signup.signup(req, ClientAddress.of(http))
                .map(t -> Response.status(Response.Status.CREATED).entity(t).build());
    }

    @POST
    @Path("/signin")
    public Uni<Tokens> signin(@Valid @NotNull SigninRequest req, @Context HttpServerRequest http) {
        return signin.signin(req, ClientAddress.of(http));
    }

    @POST
    @Path("/refresh")
    public Uni<Tokens> refresh(@Valid @NotNull RefreshRequest req, @Context HttpServerRequest http) {
        return sessions.refresh(req.refreshToken(), ClientAddress.of(http));
    }

    @POST
    @Path("/signout")
    public Uni<Void> signout(@Valid @NotNull RefreshRequest req, @Context HttpServerRequest http) {
        return sessions.signout(req.refreshToken(), ClientAddress.of(http));
    }

    /** Exchanges an API key ({@code hmk_…}) for a short-lived access token with the key's permissions. */
    @POST
    @Path("/api-key")
    public Uni<AccessToken> apiKey(@Valid @NotNull ExchangeRequest req) {
        return apiKeys.exchange(req.secret());
    }

    /** Exchanges an agent token ({@code hma_…}) for a short-lived access token scoped to its namespace. */
    @POST
    @Path("/agent")
    public Uni<AccessToken> agent(@Valid @NotNull ExchangeRequest req) {
        return agentTokens.exchange(req.secret());
    }
}
