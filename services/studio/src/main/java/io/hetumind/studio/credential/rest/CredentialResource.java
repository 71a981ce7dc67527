package io.hetumind.studio.credential.rest;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.studio.credential.Actor;
import io.hetumind.studio.credential.CredentialService;
import io.hetumind.studio.credential.CredentialTester;
import io.hetumind.studio.credential.CredentialTesters;
import io.hetumind.studio.credential.CredentialTypes;
import io.hetumind.studio.credential.rest.CredentialDtos.CredentialPatchRequest;
import io.hetumind.studio.credential.rest.CredentialDtos.CredentialRequest;
import io.hetumind.studio.credential.rest.CredentialDtos.CredentialTestView;
import io.hetumind.studio.credential.rest.CredentialDtos.CredentialView;
import io.hetumind.studio.credential.rest.CredentialDtos.SharingView;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/**
 * A tenant's credentials: create, list, read, change, delete and test. Reading needs {@code credential:use},
 * changing {@code credential:write}; secrets never leave in clear. Another tenant's ids, and credentials the caller
 * may not see, answer 404.
 */
@Path("/api/v1/credentials")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CredentialResource {
    private final CredentialService service;
    private final CredentialTypes types;
    private final CredentialTesters testers;
    private final Caller caller;

    public CredentialResource(
            CredentialService service, CredentialTypes types, CredentialTesters testers, Caller caller) {
        this.service = service;
        this.types = types;
        this.testers = testers;
        this.caller = caller;
    }

    @POST
    public Response create(@Valid @NotNull CredentialRequest req) {
        caller.require(Permission.CREDENTIAL_WRITE);
        var opened = service.create(
                Actor.of(caller),
                req.name(),
                req.type(),
                req.data(),
                req.sharing() == null ? null : req.sharing().toSharing());
        CredentialView view = view(opened);
        return Response.created(URI.create("/api/v1/credentials/" + view.id()))
                .entity(view)
                .build();
    }

    @GET
    public Page<CredentialView> list(
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor, @QueryParam("type") String type) {
        caller.require(Permission.CREDENTIAL_USE);
        Page<CredentialService.Opened> page = service.list(
                Actor.of(caller), PageRequest.of(limit, cursor), type == null || type.isBlank() ? null : type);
        return new Page<>(page.items().stream().map(this::view).toList(), page.nextCursor());
    }

    @GET
    @Path("{id}")
    public CredentialView get(@PathParam("id") String id) {
        caller.require(Permission.CREDENTIAL_USE);
        return view(service.get(Actor.of(caller), id(id)));
    }

    @PATCH
    @Path("{id}")
    public CredentialView update(@PathParam("id") String id, @Valid @NotNull CredentialPatchRequest req) {
        caller.require(Permission.CREDENTIAL_WRITE);
        if (req.name() != null && req.name().isBlank()) {
            throw ProblemException.invalid("name", "must not be blank");
        }
        return view(service.update(
                Actor.of(caller),
                id(id),
                req.name(),
                req.data(),
                req.sharing() == null ? null : req.sharing().toSharing()));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        caller.require(Permission.CREDENTIAL_WRITE);
        service.delete(Actor.of(caller), id(id));
        return Response.noContent().build();
    }

    /** Checks the credential against its service (postgres: connects and runs SELECT 1); 422 for other types. */
    @POST
    @Path("{id}/test")
    public CredentialTestView test(@PathParam("id") String id) {
        caller.require(Permission.CREDENTIAL_USE);
        CredentialTester.Outcome out = service.test(Actor.of(caller), id(id));
        return new CredentialTestView(out.ok() ? "ok" : "error", out.message());
    }

    private CredentialView view(CredentialService.Opened o) {
        var c = o.record();
        CredentialDescriptor d = types.stored(c.type());
        return new CredentialView(
                c.id(),
                c.name(),
                c.type(),
                o.masked(d),
                o.unreadable(),
                c.ownerId(),
                SharingView.of(c.sharedWithTenant(), c.sharedWith()),
                testers.testable(c.type()),
                c.createdAt(),
                c.updatedAt());
    }

    private static UUID id(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("credential " + raw);
        }
    }
}
