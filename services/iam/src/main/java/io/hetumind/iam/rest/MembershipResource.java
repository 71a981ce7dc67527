package io.hetumind.iam.rest;

import io.hetumind.iam.rest.dto.IamDtos.ChangeRoleRequest;
import io.hetumind.iam.rest.dto.IamDtos.MembershipView;
import io.hetumind.iam.service.MembershipService;
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
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** Members of the caller's tenant and their roles; people join through {@code /api/v1/invitations}. */
@Path("/api/v1/memberships")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MembershipResource {
    private final MembershipService memberships;
    private final Caller caller;

    public MembershipResource(MembershipService memberships, Caller caller) {
        this.memberships = memberships;
        this.caller = caller;
    }

    @GET
    public Uni<Page<MembershipView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return memberships.list(caller, PageRequest.of(limit, cursor));
    }

    @PATCH
    @Path("/{id}")
    public Uni<Void> changeRole(
            @PathParam("id") UUID id, @Valid @NotNull ChangeRoleRequest req, @Context HttpServerRequest http) {
        return memberships.changeRole(caller, id, req, ClientAddress.of(http));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Void> remove(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return memberships.remove(caller, id, ClientAddress.of(http));
    }
}
