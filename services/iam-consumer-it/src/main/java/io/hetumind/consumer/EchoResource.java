package io.hetumind.consumer;

import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** A stand-in for any Hetumind service: tells who the verified caller is, and guards one permission. */
@Path("/api/v1/echo")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class EchoResource {
    private final Caller caller;

    public EchoResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    public Map<String, Object> whoami() {
        return Map.of(
                "subject", caller.subject().toString(),
                "tenant", caller.tenantId().toString(),
                "kind", caller.kind(),
                "permissions", caller.permissions());
    }

    @GET
    @Path("/workflows")
    public Map<String, Object> workflows() {
        caller.require(Permission.WORKFLOW_READ);
        return Map.of("tenant", caller.tenantId().toString(), "items", java.util.List.of());
    }
}
