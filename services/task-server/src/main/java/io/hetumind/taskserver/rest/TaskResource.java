package io.hetumind.taskserver.rest;

import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.InstanceRepository;
import io.hetumind.taskserver.repository.TaskRepository;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/** Tasks (planned runs) of the caller's tenant, each with its attempts. */
@Path("/api/v1/tasks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {
    private final Caller caller;
    private final Db db;
    private final TaskRepository tasks;
    private final InstanceRepository instances;

    public TaskResource(Caller caller, Db db, TaskRepository tasks, InstanceRepository instances) {
        this.caller = caller;
        this.db = db;
        this.tasks = tasks;
        this.instances = instances;
    }

    @GET
    public Page<Dtos.TaskView> list(
            @QueryParam("jobId") UUID job, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        caller.require(Permission.JOB_READ);
        PageRequest page = PageRequest.of(limit, cursor);
        List<TaskRepository.Task> rows =
                db.tx(c -> tasks.page(c, caller.tenantId(), job, page.after(), page.limit() + 1));
        return Page.of(rows, page, TaskRepository.Task::id, t -> view(t, List.of()));
    }

    @GET
    @Path("/{id}")
    public Dtos.TaskView get(@PathParam("id") UUID id) {
        caller.require(Permission.JOB_READ);
        UUID tenant = caller.tenantId();
        return db.tx(c -> {
            TaskRepository.Task t = tasks.get(c, tenant, id);
            if (t == null) {
                throw ProblemException.notFound("task");
            }
            return view(t, instances.page(c, tenant, null, id, null, null, 200));
        });
    }

    private static Dtos.TaskView view(TaskRepository.Task t, List<io.hetumind.taskserver.model.Instance> attempts) {
        return new Dtos.TaskView(t.id(), t.jobId(), t.scheduleId(), t.trigger(), t.fireAt(), attempts);
    }
}
