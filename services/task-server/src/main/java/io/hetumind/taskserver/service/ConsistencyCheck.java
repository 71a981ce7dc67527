package io.hetumind.taskserver.service;

import io.hetumind.taskserver.config.SchedConfig;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.InstanceRepository;
import io.hetumind.taskserver.rest.Dtos;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Finds instances a tenant still sees dispatched or running on an agent that is dead, silent past the dead-after
 * period, or gone; with repair, declares them lost and re-queues them per policy (what the leader would do).
 */
@ApplicationScoped
public class ConsistencyCheck {
    private final Db db;
    private final InstanceRepository instances;
    private final InstanceService instanceService;
    private final SchedConfig config;

    public ConsistencyCheck(Db db, InstanceRepository instances, InstanceService instanceService, SchedConfig config) {
        this.db = db;
        this.instances = instances;
        this.instanceService = instanceService;
        this.config = config;
    }

    public Dtos.ConsistencyReport run(UUID tenant, boolean repair) {
        List<Runnable> afterCommit = new ArrayList<>();
        Dtos.ConsistencyReport report = db.tx(c -> {
            List<InstanceRepository.Stuck> stuck =
                    instances.stuck(c, tenant, Instant.now().minus(config.deadAfter()));
            List<UUID> dead = new ArrayList<>();
            List<UUID> unknown = new ArrayList<>();
            for (InstanceRepository.Stuck s : stuck) {
                (s.agentState() == null ? unknown : dead).add(s.id());
                if (repair) {
                    instanceService.lose(c, s.id(), "consistency check: its agent is gone", afterCommit);
                }
            }
            return new Dtos.ConsistencyReport(dead, unknown, repair);
        });
        afterCommit.forEach(Runnable::run);
        return report;
    }
}
