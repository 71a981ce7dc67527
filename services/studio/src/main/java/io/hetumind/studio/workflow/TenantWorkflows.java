package io.hetumind.studio.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ErrorWorkflowLauncher;
import io.hetumind.core.engine.SubWorkflowStarter;
import io.hetumind.core.engine.WorkflowResolver;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.NodeException;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.studio.config.StudioConfig;
import io.hetumind.studio.engine.Executions;
import io.hetumind.studio.execution.ExecutionRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The workflow store as the engine sees it during one run: sub-workflows (Execute Workflow, source {@code database})
 * and error workflows ({@code settings.errorWorkflow}) are found by id among the run's tenant's workflows only. Another
 * tenant's id, an id that is not a UUID, a path, a deleted workflow: all are the same "not found".
 */
@ApplicationScoped
public class TenantWorkflows {
    private static final Logger LOG = Logger.getLogger(TenantWorkflows.class);
    static final String ERROR_TRIGGER = "hetumind.errorTrigger";
    static final String SUBWORKFLOW_TRIGGER = "hetumind.executeWorkflowTrigger";
    /** n8n's mode for an execution another workflow started. */
    static final String INTEGRATED = "integrated";

    private final WorkflowVersions versions;
    private final Instance<Executions> executions;
    private final String publicUrl;

    public TenantWorkflows(
            WorkflowVersions versions,
            Instance<Executions> executions,
            StudioConfig studio,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
        this.versions = versions;
        this.executions = executions;
        this.publicUrl = studio.publicUrl().orElse("http://localhost:" + port).replaceAll("/+$", "");
    }

    /** Resolves references to the head version of one of {@code tenantId}'s workflows. */
    public WorkflowResolver resolverFor(UUID tenantId) {
        return ref -> find(tenantId, ref).map(StoredWorkflow::workflow);
    }

    /**
     * Starts error workflows of {@code tenantId} as executions of their own (mode {@code error}, queued, from their Error
     * Trigger), with n8n's Error Trigger item plus {@code execution.url}; the error run resolves credentials as its own
     * workflow's owner, like any trigger run. Manual runs never start one (n8n's rule).
     */
    public ErrorWorkflowLauncher errorLauncherFor(UUID tenantId) {
        return (ref, failed, item) -> {
            if ("manual".equals(item.json().path("execution").path("mode").asText())) {
                return true; // as in n8n: runs started by hand from the editor never start the error workflow
            }
            Optional<StoredWorkflow> target = find(tenantId, ref);
            if (target.isEmpty()) {
                return false;
            }
            Workflow wf = target.get().workflow();
            String start = wf.nodes().stream()
                    .filter(n -> !n.disabled() && ERROR_TRIGGER.equals(n.type()))
                    .map(Node::name)
                    .findFirst()
                    .orElse(null);
            if (start == null) {
                LOG.warnf(
                        "error workflow %s of tenant %s has no enabled Error Trigger; it is not run",
                        target.get().workflowId(), tenantId);
                return true;
            }
            ObjectNode json = item.json().deepCopy();
            if (json.path("execution").isObject() && json.path("workflow").hasNonNull("id")) {
                String id = json.path("execution").path("id").asText();
                ((ObjectNode) json.path("execution"))
                        .put(
                                "url",
                                publicUrl + "/workflow/"
                                        + json.path("workflow").path("id").asText() + "/executions/" + id);
            }
            executions
                    .get()
                    .start(new Executions.Launch(
                            tenantId,
                            target.get().workflowId(),
                            target.get().version(),
                            "error",
                            start,
                            List.of(Item.of(json)),
                            Executions.Placement.QUEUED,
                            Map.of(),
                            null));
            return true;
        };
    }

    /**
     * Starts sub-workflows that their caller does not wait for (Execute Workflow, {@code waitForSubWorkflow: false}) as
     * executions of their own: queued (so they outlive this process and show in the list), mode {@code integrated} as
     * in n8n, from their Execute Workflow Trigger (else their first trigger, as a waited-for child), acting for
     * {@code runAs} like the run that calls them. A reference outside the tenant fails the calling node as not found.
     */
    public SubWorkflowStarter starterFor(UUID tenantId, UUID runAs) {
        return new SubWorkflowStarter() {
            @Override
            public void start(String ref, List<Item> input) {
                launch(tenantId, runAs, ref, input, null);
            }

            /**
             * ◆ Once per key: the execution's id is derived from the key and its time ({@code ExecutionRecords.idFor}),
             * and recorded only if absent, so a try repeated after its worker was lost starts nothing new.
             */
            @Override
            public void start(String ref, List<Item> input, String key, long at) {
                launch(tenantId, runAs, ref, input, ExecutionRecords.idFor(key, at));
            }
        };
    }

    private void launch(UUID tenantId, UUID runAs, String ref, List<Item> input, UUID id) {
        StoredWorkflow target =
                find(tenantId, ref).orElseThrow(() -> NodeException.user("sub-workflow '" + ref + "' not found"));
        String start = target.workflow().nodes().stream()
                .filter(n -> !n.disabled() && SUBWORKFLOW_TRIGGER.equals(n.type()))
                .map(Node::name)
                .findFirst()
                .orElse(null);
        Executions.Launch launch = new Executions.Launch(
                tenantId,
                target.workflowId(),
                target.version(),
                INTEGRATED,
                start,
                input,
                Executions.Placement.QUEUED,
                Map.of(),
                runAs,
                null,
                null,
                null,
                id);
        try {
            if (id == null) {
                executions.get().start(launch);
            } else {
                executions.get().startOnce(launch);
            }
        } catch (ProblemException e) {
            // queue full (503), the tenant over its queued limit (429), an id of another tenant's (409): the calling
            // node fails and says so
            throw NodeException.user("sub-workflow '" + ref + "' could not be started: " + e.getMessage());
        }
    }

    private Optional<StoredWorkflow> find(UUID tenantId, String ref) {
        UUID id;
        try {
            id = ref == null ? null : UUID.fromString(ref.trim());
        } catch (IllegalArgumentException e) {
            id = null;
        }
        return id == null ? Optional.empty() : versions.head(tenantId, id);
    }
}
