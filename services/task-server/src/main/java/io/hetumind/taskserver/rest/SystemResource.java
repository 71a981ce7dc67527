package io.hetumind.taskserver.rest;

import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.taskserver.repository.AgentRepository;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.InstanceRepository;
import io.hetumind.taskserver.repository.LeaseRepository;
import io.hetumind.taskserver.repository.MessageRepository;
import io.hetumind.taskserver.service.ConsistencyCheck;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The cluster as operators see it: servers and the leader, system stats, the consistency check. */
@Path("/api/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {
    private final Caller caller;
    private final Db db;
    private final LeaseRepository leases;
    private final InstanceRepository instances;
    private final AgentRepository agents;
    private final MessageRepository messages;
    private final ConsistencyCheck check;

    public SystemResource(
            Caller caller,
            Db db,
            LeaseRepository leases,
            InstanceRepository instances,
            AgentRepository agents,
            MessageRepository messages,
            ConsistencyCheck check) {
        this.caller = caller;
        this.db = db;
        this.leases = leases;
        this.instances = instances;
        this.agents = agents;
        this.messages = messages;
        this.check = check;
    }

    /** A replica, whether it leads, and the namespaces bound to it. */
    public record ServerView(
            UUID id,
            String address,
            int weight,
            boolean leader,
            Instant startedAt,
            Instant heartbeatAt,
            List<String> namespaces) {}

    @GET
    @Path("/servers")
    public List<ServerView> servers() {
        caller.require(Permission.JOB_READ);
        return db
                .tx(c -> {
                    LeaseRepository.Lease lease = leases.current(c);
                    boolean live = lease != null && lease.expiresAt().isAfter(Instant.now());
                    return leases.servers(c).stream()
                            .map(s -> new ServerView(
                                    s.id(),
                                    s.address(),
                                    s.weight(),
                                    live && lease.holder().equals(s.id()),
                                    s.startedAt(),
                                    s.heartbeatAt(),
                                    List.of()))
                            .toList();
                })
                .stream()
                .map(s -> new ServerView(
                        s.id(),
                        s.address(),
                        s.weight(),
                        s.leader(),
                        s.startedAt(),
                        s.heartbeatAt(),
                        db.tx(c -> leases.boundTo(c, s.id()))))
                .toList();
    }

    /** Instances by status and queue depth (the caller's tenant), agents by state, leader and dead letters. */
    @GET
    @Path("/system/stats")
    public Map<String, Object> stats() {
        caller.require(Permission.JOB_READ);
        UUID tenant = caller.tenantId();
        return db.tx(c -> {
            Map<String, Object> out = new LinkedHashMap<>();
            LeaseRepository.Lease lease = leases.current(c);
            out.put("leader", lease == null || lease.expiresAt().isBefore(Instant.now()) ? null : lease.holder());
            out.put("fencingToken", lease == null ? null : lease.fencing());
            out.put("servers", leases.servers(c).size());
            out.put("instances", instances.countsByStatus(c, tenant));
            out.put("agents", agents.countsByState(c, tenant));
            out.put("deadLetters", messages.deadLetters(c));
            return out;
        });
    }

    /** Finds instances stuck on dead or vanished agents; {@code repair=true} re-queues them. */
    @POST
    @Path("/system/consistency-check")
    public Object consistencyCheck(@QueryParam("repair") boolean repair) {
        caller.require(repair ? Permission.JOB_WRITE : Permission.JOB_READ);
        return check.run(caller.tenantId(), repair);
    }
}
