package io.hetumind.iam.rest;

import io.hetumind.iam.rest.dto.IamDtos.TenantRequest;
import io.hetumind.iam.rest.dto.IamDtos.TenantView;
import io.hetumind.iam.service.TenantService;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** The caller's tenants; the current one can be renamed or deleted. */
@Path("/api/v1/tenants")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantResource {
    private final TenantService tenants;
    private final Caller caller;

    public TenantResource(TenantService tenants, Caller caller) {
        this.tenants = tenants;
        this.caller = caller;
    }

    @GET
    public Uni<Page<TenantView>> mine() {
        return tenants.mine(caller);
    }

    @GET
    @Path("/{id}")
    public Uni<TenantView> get(@PathParam("id") UUID id) {
        return tenants.get(caller, id);
    }

    @POST
    public Uni<Response> create(@Valid @NotNull TenantRequest req, @Context HttpServerRequest http) {
        return tenants.create(caller, req, ClientAddress.of(http))
                .map(t -> Response.status(Response.Status.CREATED).entity(t).build());
    }

    @PATCH
    @Path("/{id}")
    public Uni<TenantView> rename(
            @PathParam("id") UUID id, @Valid @NotNull TenantRequest req, @Context HttpServerRequest http) {
        return tenants.rename(caller, id, req, ClientAddress.of(http));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Void> delete(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return tenants.delete(caller, id, ClientAddress.of(http));
    }
}
