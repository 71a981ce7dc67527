package io.hetumind.studio.live;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Owners of the executions whose events this process has heard recently (see {@link ExecutionEvents#ownerOf}). */
@DefaultBean
@ApplicationScoped
public class SeenExecutionTenants implements ExecutionTenants {
    private final ExecutionEvents events;

    public SeenExecutionTenants(ExecutionEvents events) {
        this.events = events;
    }

    @Override
    public Optional<UUID> tenantOf(String executionId) {
        return events.ownerOf(executionId);
    }
}
