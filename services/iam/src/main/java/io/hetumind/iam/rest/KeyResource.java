package io.hetumind.iam.rest;

import io.hetumind.iam.rest.dto.CredentialDtos.KeyRotated;
import io.hetumind.iam.security.KeyRing;
import io.hetumind.iam.service.AuditLog;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The public JWKS, and on-demand rotation of the signing key by the instance administrator. */
@Path("/")
public class KeyResource {
    private final KeyRing keys;
    private final AuditLog audit;
    private final Caller caller;

    public KeyResource(KeyRing keys, AuditLog audit, Caller caller) {
        this.keys = keys;
        this.audit = audit;
        this.caller = caller;
    }

    @GET
    @Path(".well-known/jwks.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(keys.jwks()).cacheControl(cache).build();
    }

    @POST
    @Path("api/v1/keys/rotate")
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<KeyRotated> rotate(@Context HttpServerRequest http) {
        caller.require(Permission.INSTANCE_ADMIN);
        return keys.rotate()
                .call(kid -> Panache.withTransaction(() -> audit.record(
                        caller.tenantId(), caller.subject(), "key.rotated", kid, ClientAddress.of(http), null)))
                .map(KeyRotated::new);
    }
}
