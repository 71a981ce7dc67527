package io.hetumind.taskserver.rest;

import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.taskserver.model.Instance;
import io.hetumind.taskserver.model.Job;
import io.hetumind.taskserver.model.Schedule;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.JobRepository;
import io.hetumind.taskserver.repository.ScheduleRepository;
import io.hetumind.taskserver.service.JobService;
import io.quarkus.security.Authenticated;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** Jobs of the caller's tenant, their schedules, and running one now. */
@Path("/api/v1/jobs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class JobResource {
    private final JobService service;
    private final Caller caller;
    private final Db db;
    private final JobRepository jobs;
    private final ScheduleRepository schedules;

    public JobResource(JobService service, Caller caller, Db db, JobRepository jobs, ScheduleRepository schedules) {
        this.service = service;
        this.caller = caller;
        this.db = db;
        this.jobs = jobs;
        this.schedules = schedules;
    }

    @POST
    public Response create(@Valid @NotNull Dtos.JobRequest req) {
        caller.require(Permission.JOB_WRITE);
        return Response.status(201)
                .entity(service.create(caller.tenantId(), req))
                .build();
    }

    @GET
    public Page<Job> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        caller.require(Permission.JOB_READ);
        PageRequest page = PageRequest.of(limit, cursor);
        List<Job> rows = db.tx(c -> jobs.page(c, caller.tenantId(), page.after(), page.limit() + 1));
        return Page.of(rows, page, Job::id, j -> j);
    }

    @GET
    @Path("/{id}")
    public Job get(@PathParam("id") UUID id) {
        caller.require(Permission.JOB_READ);
        return service.get(caller.tenantId(), id);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") UUID id) {
        caller.require(Permission.JOB_WRITE);
        service.delete(caller.tenantId(), id);
        return Response.noContent().build();
    }

    /** Runs the job now; answers the queued task instance. */
    @POST
    @Path("/{id}/trigger")
    public Response trigger(@PathParam("id") UUID id) {
        caller.require(Permission.JOB_WRITE);
        Instance i = service.trigger(caller.tenantId(), id);
        return Response.status(201).entity(i).build();
    }

    /** Runs the job {@code count} times now (1..10000); answers how many instances were queued. */
    @POST
    @Path("/{id}/trigger-many")
    public Response triggerMany(@PathParam("id") UUID id, @QueryParam("count") int count) {
        caller.require(Permission.JOB_WRITE);
        int queued = service.triggerMany(caller.tenantId(), id, count);
        return Response.status(201).entity(java.util.Map.of("queued", queued)).build();
    }

    @GET
    @Path("/{id}/schedules")
    public List<Schedule> schedules(@PathParam("id") UUID id) {
        caller.require(Permission.JOB_READ);
        service.get(caller.tenantId(), id);
        return db.tx(c -> schedules.ofJob(c, caller.tenantId(), id));
    }

    @POST
    @Path("/{id}/schedules")
    public Response addSchedule(@PathParam("id") UUID id, @Valid @NotNull Dtos.ScheduleRequest req) {
        caller.require(Permission.JOB_WRITE);
        return Response.status(201)
                .entity(service.addSchedule(caller.tenantId(), id, req))
                .build();
    }
}
