package io.hetumind.taskserver.rest;

import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.taskserver.model.Schedule;
import io.hetumind.taskserver.service.JobService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** One schedule: read, enable/disable, delete, and fire ({@code event} schedules). */
@Path("/api/v1/schedules/{id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {
    private final JobService service;
    private final Caller caller;

    public ScheduleResource(JobService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    public Schedule get(@PathParam("id") UUID id) {
        caller.require(Permission.JOB_READ);
        return service.schedule(caller.tenantId(), id);
    }

    @POST
    @Path("/fire")
    public Response fire(@PathParam("id") UUID id) {
        caller.require(Permission.JOB_WRITE);
        return Response.status(201).entity(service.fire(caller.tenantId(), id)).build();
    }

    @POST
    @Path("/enable")
    public Schedule enable(@PathParam("id") UUID id) {
        return enabled(id, true);
    }

    @POST
    @Path("/disable")
    public Schedule disable(@PathParam("id") UUID id) {
        return enabled(id, false);
    }

    private Schedule enabled(UUID id, boolean on) {
        caller.require(Permission.JOB_WRITE);
        return service.setEnabled(caller.tenantId(), id, on);
    }

    /** Moves the schedule's pin: {@code {"pinnedAgent": id}}, or {@code null} to let the server plan it again. */
    @POST
    @Path("/pin")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    public Schedule pin(@PathParam("id") UUID id, @jakarta.validation.constraints.NotNull Dtos.PinRequest req) {
        caller.require(Permission.JOB_WRITE);
        return service.repin(caller.tenantId(), id, req.pinnedAgent());
    }

    @DELETE
    public Response delete(@PathParam("id") UUID id) {
        caller.require(Permission.JOB_WRITE);
        service.deleteSchedule(caller.tenantId(), id);
        return Response.noContent().build();
    }
}
