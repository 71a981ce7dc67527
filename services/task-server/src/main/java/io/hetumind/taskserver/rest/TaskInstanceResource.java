package io.hetumind.taskserver.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hetumind.core.task.InstanceState;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.taskserver.model.Instance;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.InstanceRepository;
import io.hetumind.taskserver.repository.MessageRepository;
import io.hetumind.taskserver.service.JobService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.UUID;

/** Task instances of the caller's tenant: read, logs (paged or followed), cancel, retry. */
@Path("/api/v1/task-instances")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class TaskInstanceResource {
    private final JobService service;
    private final Caller caller;
    private final Db db;
    private final InstanceRepository instances;
    private final MessageRepository messages;
    private final ObjectMapper json;

    public TaskInstanceResource(
            JobService service,
            Caller caller,
            Db db,
            InstanceRepository instances,
            MessageRepository messages,
            ObjectMapper json) {
        this.json = json;
        this.service = service;
        this.caller = caller;
        this.db = db;
        this.instances = instances;
        this.messages = messages;
    }

    @GET
    public Page<Instance> list(
            @QueryParam("jobId") UUID job,
            @QueryParam("taskId") UUID task,
            @QueryParam("status") String status,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        caller.require(Permission.JOB_READ);
        if (status != null) {
            try {
                InstanceState.ofWire(status);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("status", "unknown status '" + status + "'");
            }
        }
        PageRequest page = PageRequest.of(limit, cursor);
        List<Instance> rows =
                db.tx(c -> instances.page(c, caller.tenantId(), job, task, status, page.after(), page.limit() + 1));
        return Page.of(rows, page, Instance::id, i -> i);
    }

    @GET
    @Path("/{id}")
    public Instance get(@PathParam("id") UUID id) {
        caller.require(Permission.JOB_READ);
        return service.instance(caller.tenantId(), id);
    }

    @POST
    @Path("/{id}/cancel")
    public Instance cancel(@PathParam("id") UUID id) {
        caller.require(Permission.JOB_WRITE);
        return service.cancel(caller.tenantId(), id);
    }

    @POST
    @Path("/{id}/retry")
    public Response retry(@PathParam("id") UUID id) {
        caller.require(Permission.JOB_WRITE);
        return Response.status(201).entity(service.retry(caller.tenantId(), id)).build();
    }

    /**
     * Lines after {@code after} (a sequence number), at most {@code limit}, as a JSON page; with {@code follow=true}
     * newline-delimited JSON lines as they arrive, until the instance ended and every stored line was sent, or
     * {@code waitSeconds} (default 300, at most 3600) passed.
     */
    @GET
    @Path("/{id}/logs")
    @Produces({MediaType.APPLICATION_JSON, "application/x-ndjson"})
    public Response logs(
            @PathParam("id") UUID id,
            @QueryParam("after") Long after,
            @QueryParam("limit") Integer limit,
            @QueryParam("follow") boolean follow,
            @QueryParam("waitSeconds") Integer wait) {
        caller.require(Permission.JOB_READ);
        UUID tenant = caller.tenantId();
        Instance i = service.instance(tenant, id);
        long from = after == null ? -1 : after;
        if (follow) {
            int seconds = wait == null ? 300 : wait;
            if (seconds < 1 || seconds > 3600) {
                throw ProblemException.invalid("waitSeconds", "must be between 1 and 3600");
            }
            StreamingOutput body = out -> follow(tenant, id, from, seconds, out);
            return Response.ok(body, "application/x-ndjson").build();
        }
        int max = limit == null ? 1000 : limit;
        if (max < 1 || max > 10_000) {
            throw ProblemException.invalid("limit", "must be between 1 and 10000");
        }
        List<Dtos.LogLine> lines = read(id, from, max);
        long next = lines.isEmpty() ? from : lines.getLast().seq();
        boolean ended = InstanceState.ofWire(i.status()).terminal();
        return Response.ok(new Dtos.LogPage(lines, next, ended && lines.size() < max), MediaType.APPLICATION_JSON)
                .build();
    }

    private void follow(UUID tenant, UUID id, long after, int seconds, OutputStream out) throws IOException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long from = after;
        while (System.nanoTime() < deadline) {
            boolean ended =
                    InstanceState.ofWire(service.instance(tenant, id).status()).terminal();
            List<Dtos.LogLine> lines = read(id, from, 1000);
            for (Dtos.LogLine l : lines) {
                out.write(json.writeValueAsBytes(l));
                out.write('\n');
                from = l.seq();
            }
            out.flush();
            if (ended && lines.isEmpty()) {
                return;
            }
            if (lines.isEmpty()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private List<Dtos.LogLine> read(UUID id, long after, int limit) {
        return db.tx(c -> messages.log(c, id, after, limit)).stream()
                .map(r -> new Dtos.LogLine(r.seq(), r.stream(), r.line(), r.at()))
                .toList();
    }
}
