package io.hetumind.iam.rest;

import io.hetumind.iam.rest.dto.CredentialDtos.AuditView;
import io.hetumind.iam.service.AuditLog;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The security events of the caller's tenant, oldest first. */
@Path("/api/v1/audit-events")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private final AuditLog audit;
    private final Caller caller;

    public AuditResource(AuditLog audit, Caller caller) {
        this.audit = audit;
        this.caller = caller;
    }

    @GET
    public Uni<Page<AuditView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return audit.list(caller, PageRequest.of(limit, cursor));
    }
}
