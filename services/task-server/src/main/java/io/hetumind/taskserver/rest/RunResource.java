package io.hetumind.taskserver.rest;

import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.taskserver.model.Instance;
import io.hetumind.taskserver.service.JobService;
import io.hetumind.taskserver.service.SchedMetrics;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * One-off runs: a command run once on an agent of the namespace with the given labels, without a job of its own to
 * manage. The answer is the queued task instance; {@code /task-instances/{id}} reads, follows, cancels it.
 */
@Path("/api/v1/runs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RunResource {
    private final JobService service;
    private final Caller caller;
    private final SchedMetrics metrics;

    public RunResource(JobService service, Caller caller, SchedMetrics metrics) {
        this.service = service;
        this.caller = caller;
        this.metrics = metrics;
    }

    @POST
    public Response run(@Valid @NotNull Dtos.RunRequest req) {
        caller.require(Permission.JOB_WRITE);
        Instance i = service.run(caller.tenantId(), req);
        metrics.run();
        return Response.status(201).entity(i).build();
    }
}
