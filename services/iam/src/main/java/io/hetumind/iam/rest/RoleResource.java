package io.hetumind.iam.rest;

import io.hetumind.iam.rest.dto.IamDtos.RoleRequest;
import io.hetumind.iam.rest.dto.IamDtos.RoleView;
import io.hetumind.iam.service.RoleService;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Built-in and custom roles of the caller's tenant. */
@Path("/api/v1/roles")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoleResource {
    private final RoleService roles;
    private final Caller caller;

    public RoleResource(RoleService roles, Caller caller) {
        this.roles = roles;
        this.caller = caller;
    }

    @GET
    public Uni<Page<RoleView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return roles.list(caller, PageRequest.of(limit, cursor));
    }

    @GET
    @Path("/{id}")
    public Uni<RoleView> get(@PathParam("id") UUID id) {
        return roles.get(caller, id);
    }

    @POST
    public Uni<Response> create(@Valid @NotNull RoleRequest req, @Context HttpServerRequest http) {
        return roles.create(caller, req, ClientAddress.of(http))
                .map(r -> Response.status(Response.Status.CREATED).entity(r).build());
    }

    @PUT
    @Path("/{id}")
    public Uni<RoleView> update(
            @PathParam("id") UUID id, @Valid @NotNull RoleRequest req, @Context HttpServerRequest http) {
        return roles.update(caller, id, req, ClientAddress.of(http));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Void> delete(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return roles.delete(caller, id, ClientAddress.of(http));
    }
}
