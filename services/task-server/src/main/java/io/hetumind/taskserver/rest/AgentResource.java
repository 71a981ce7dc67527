package io.hetumind.taskserver.rest;

import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.taskserver.model.Agent;
import io.hetumind.taskserver.repository.AgentRepository;
import io.hetumind.taskserver.repository.Db;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/** Agents of the caller's tenant: list, and the admin modes (drain, resume, disable, enable). */
@Path("/api/v1/agents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {
    private final Caller caller;
    private final Db db;
    private final AgentRepository agents;

    public AgentResource(Caller caller, Db db, AgentRepository agents) {
        this.caller = caller;
        this.db = db;
        this.agents = agents;
    }

    @GET
    public Page<Agent> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        caller.require(Permission.JOB_READ);
        PageRequest page = PageRequest.of(limit, cursor);
        List<Agent> rows = db.tx(c -> agents.page(c, caller.tenantId(), page.after(), page.limit() + 1));
        return Page.of(rows, page, Agent::id, a -> a);
    }

    @GET
    @Path("/{id}")
    public Agent get(@PathParam("id") UUID id) {
        caller.require(Permission.JOB_READ);
        Agent a = db.tx(c -> agents.get(c, caller.tenantId(), id));
        if (a == null) {
            throw ProblemException.notFound("agent");
        }
        return a;
    }

    /** Takes no new work; what runs finishes. */
    @POST
    @Path("/{id}/drain")
    public Agent drain(@PathParam("id") UUID id) {
        return mode(id, "draining");
    }

    @POST
    @Path("/{id}/resume")
    public Agent resume(@PathParam("id") UUID id) {
        return mode(id, "active");
    }

    /** Disconnected and refused at register until enabled. */
    @POST
    @Path("/{id}/disable")
    public Agent disable(@PathParam("id") UUID id) {
        return mode(id, "disabled");
    }

    @POST
    @Path("/{id}/enable")
    public Agent enable(@PathParam("id") UUID id) {
        return mode(id, "active");
    }

    private Agent mode(UUID id, String mode) {
        caller.require(Permission.JOB_WRITE);
        if (db.tx(c -> agents.setMode(c, caller.tenantId(), id, mode)) == 0) {
            throw ProblemException.notFound("agent");
        }
        return get(id);
    }
}
