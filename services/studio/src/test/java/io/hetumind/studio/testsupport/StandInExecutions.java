package io.hetumind.studio.testsupport;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.InMemoryCheckpointer;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.studio.engine.Executions;
import io.hetumind.studio.workflow.StoredWorkflow;
import io.hetumind.studio.workflow.WorkflowVersions;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TEST-ONLY stand-in for the executions area's {@link Executions} until it is merged: runs the core engine in memory
 * (nothing recorded in PostgreSQL, QUEUED runs on a virtual thread of this process). A {@code @DefaultBean}, so the
 * real implementation replaces it without a change here; trigger tests assert only what both do.
 */
@DefaultBean
@ApplicationScoped
public class StandInExecutions implements Executions {
    private final Engine engine;
    private final WorkflowVersions workflows;
    /** Every launch seen, for tests that check what a trigger asked for. */
    public static final List<Launch> LAUNCHES = new CopyOnWriteArrayList<>();

    public StandInExecutions(NodeRegistry registry, WorkflowVersions workflows) {
        this.engine = Engine.builder()
                .registry(registry)
                .checkpointer(new InMemoryCheckpointer())
                .build();
        this.workflows = workflows;
    }

    @Override
    public StartedExecution start(Launch launch) {
        LAUNCHES.add(launch);
        StoredWorkflow wf = workflows
                .find(launch.tenantId(), launch.workflowId(), launch.workflowVersion())
                .orElseThrow(() -> new IllegalStateException("no workflow " + launch.workflowId()));
        RunRequest req = RunRequest.defaults()
                .withMode(launch.mode())
                .withStartNode(launch.startNode())
                .withService(CredentialResolver.class, CredentialResolver.NONE);
        if (launch.triggerItems() != null) {
            req = req.withInput(launch.triggerItems());
        }
        for (var e : launch.services().entrySet()) {
            req = with(req, e.getKey(), e.getValue());
        }
        var handle = engine.start(engine.prepare(wf.workflow()), req);
        CompletableFuture<ExecutionResult> result = handle.future();
        return new StartedExecution() {
            @Override
            public String executionId() {
                return handle.executionId();
            }

            @Override
            public CompletionStage<ExecutionResult> result() {
                return result;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> RunRequest with(RunRequest req, Class<T> type, Object value) {
        return req.withService(type, (T) value);
    }
}
