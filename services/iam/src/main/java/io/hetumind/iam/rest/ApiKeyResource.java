package io.hetumind.iam.rest;

import io.hetumind.iam.rest.dto.CredentialDtos.ApiKeyRequest;
import io.hetumind.iam.rest.dto.CredentialDtos.ApiKeyView;
import io.hetumind.iam.service.ApiKeyService;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** API keys of the caller's tenant: created (secret shown once), listed, revoked. */
@Path("/api/v1/api-keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApiKeyResource {
    private final ApiKeyService apiKeys;
    private final Caller caller;

    public ApiKeyResource(ApiKeyService apiKeys, Caller caller) {
        this.apiKeys = apiKeys;
        this.caller = caller;
    }

    @GET
    public Uni<Page<ApiKeyView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return apiKeys.list(caller, PageRequest.of(limit, cursor));
    }

    @GET
    @Path("/{id}")
    public Uni<ApiKeyView> get(@PathParam("id") UUID id) {
        return apiKeys.get(caller, id);
    }

    @POST
    public Uni<Response> create(@Valid @NotNull ApiKeyRequest req, @Context HttpServerRequest http) {
        return apiKeys.create(caller, req, ClientAddress.of(http))
                .map(s -> Response.status(Response.Status.CREATED).entity(s).build());
    }

    /** Revokes (the row stays, for the audit trail). */
    @DELETE
    @Path("/{id}")
    public Uni<Void> revoke(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return apiKeys.revoke(caller, id, ClientAddress.of(http));
    }
}
