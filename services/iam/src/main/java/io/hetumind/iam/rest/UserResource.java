package io.hetumind.iam.rest;

import io.hetumind.iam.rest.dto.IamDtos.Me;
import io.hetumind.iam.rest.dto.IamDtos.UpdateUserRequest;
import io.hetumind.iam.rest.dto.IamDtos.UserView;
import io.hetumind.iam.service.UserService;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** The caller ({@code /me}) and the users of the caller's tenant. */
@Path("/api/v1/users")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {
    private final UserService users;
    private final Caller caller;

    public UserResource(UserService users, Caller caller) {
        this.users = users;
        this.caller = caller;
    }

    @GET
    @Path("/me")
    public Uni<Me> me() {
        return users.me(caller);
    }

    @GET
    public Uni<Page<UserView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return users.list(caller, PageRequest.of(limit, cursor));
    }

    @GET
    @Path("/{id}")
    public Uni<UserView> get(@PathParam("id") UUID id) {
        return users.get(caller, id);
    }

    @PATCH
    @Path("/{id}")
    public Uni<UserView> update(@PathParam("id") UUID id, @Valid @NotNull UpdateUserRequest req) {
        return users.update(caller, id, req);
    }
}
