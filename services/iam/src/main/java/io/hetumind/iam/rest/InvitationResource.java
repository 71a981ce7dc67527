package io.hetumind.iam.rest;

import io.hetumind.iam.rest.dto.IamDtos.AcceptRequest;
import io.hetumind.iam.rest.dto.IamDtos.CreatedInvitation;
import io.hetumind.iam.rest.dto.IamDtos.InvitationView;
import io.hetumind.iam.rest.dto.IamDtos.InviteRequest;
import io.hetumind.iam.rest.dto.IamDtos.TenantView;
import io.hetumind.iam.service.InvitationService;
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

/** Invitations to the caller's tenant, and accepting one addressed to the caller. */
@Path("/api/v1/invitations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InvitationResource {
    private final InvitationService invitations;
    private final Caller caller;

    public InvitationResource(InvitationService invitations, Caller caller) {
        this.invitations = invitations;
        this.caller = caller;
    }

    /** Invites an address; the answer is the same whether or not it has an account. */
    @POST
    public Uni<Response> invite(@Valid @NotNull InviteRequest req, @Context HttpServerRequest http) {
        return invitations
                .invite(caller, req, ClientAddress.of(http))
                .map((CreatedInvitation i) ->
                        Response.status(Response.Status.CREATED).entity(i).build());
    }

    @GET
    public Uni<Page<InvitationView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return invitations.list(caller, PageRequest.of(limit, cursor));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Void> withdraw(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        return invitations.withdraw(caller, id, ClientAddress.of(http));
    }

    /** The signed-in user joins the tenant of an invitation addressed to their e-mail. */
    @POST
    @Path("/accept")
    public Uni<Response> accept(@Valid @NotNull AcceptRequest req, @Context HttpServerRequest http) {
        return invitations
                .accept(caller, req, ClientAddress.of(http))
                .map((TenantView t) ->
                        Response.status(Response.Status.CREATED).entity(t).build());
    }
}
