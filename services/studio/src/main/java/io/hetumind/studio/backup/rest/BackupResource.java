package io.hetumind.studio.backup.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.studio.backup.BackupService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/v1/backup} (the caller's tenant as an archive) and {@code POST /api/v1/restore} (an archive into the
 * caller's empty tenant). Both need {@code tenant:write}: an archive holds every workflow and the sealed credentials.
 */
@Path("/api/v1")
public class BackupResource {
    private final BackupService backups;
    private final Caller caller;

    public BackupResource(BackupService backups, Caller caller) {
        this.backups = backups;
        this.caller = caller;
    }

    @GET
    @Path("backup")
    @Produces(MediaType.APPLICATION_JSON)
    public Response backup() {
        caller.require(Permission.TENANT_WRITE);
        ObjectNode archive = backups.backup(caller.tenantId());
        return Response.ok(archive)
                .header("Content-Disposition", "attachment; filename=\"hetumind-backup.json\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Path("restore")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public BackupService.Restored restore(String body) {
        caller.require(Permission.TENANT_WRITE);
        return backups.restore(caller.tenantId(), body);
    }
}
