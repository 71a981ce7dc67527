package io.hetumind.studio.engine;

import io.hetumind.core.engine.Breakpoints;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.model.Item;
import io.hetumind.studio.temporal.Backend;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * How the rest of the studio starts executions (the execute endpoint, webhooks, schedules, retries). Every execution
 * is recorded and checkpointed to PostgreSQL whichever way it runs. A full queue or an exhausted concurrency limit is
 * refused with a 429/503 problem carrying Retry-After, never by falling over.
 */
public interface Executions {
    StartedExecution start(Launch launch);

    /**
     * Starts {@code launch} unless an execution with its id exists (insert-if-absent, safe against a concurrent start of
     * the same id): a start repeated with the same id — a node try run again after its worker was lost — finds the
     * execution the first one recorded and starts nothing. The id is required and the placement must be queued; an id
     * that belongs to another tenant's execution is refused (409) and changes nothing. The result of an execution that
     * was started before is not awaited here: it fails at once, saying so.
     */
    StartedExecution startOnce(Launch launch);

    /** Where an execution runs. */
    enum Placement {
        /** Now, on this process (webhooks that answer from the run; manual runs from the designer). */
        INLINE,
        /** As a row in the queue, claimed by any worker. */
        QUEUED
    }

    /**
     * @param mode manual, webhook, trigger, retry… (recorded; {@code $execution.mode})
     * @param startNode the trigger to start from (null: the first enabled trigger)
     * @param triggerItems the start node's input (null: one empty item)
     * @param services per-run services (e.g. the webhook responder of this request)
     * @param startedBy the user or API key that asked (null for triggers)
     * @param destinationNode run only this node and what leads to it (null: the whole workflow)
     * @param breakpoints where the run pauses for a debugger (null: nowhere)
     * @param executor the backend to run on (null: {@code hetumind.executor})
     * @param id the execution's id, chosen by a caller that stores things under it before the launch (a webhook's
     *     uploaded files); null: a new one. It must come from {@code Ids.next()}: the record's partition is read off it
     */
    record Launch(
            UUID tenantId,
            UUID workflowId,
            int workflowVersion,
            String mode,
            String startNode,
            List<Item> triggerItems,
            Placement placement,
            Map<Class<?>, Object> services,
            UUID startedBy,
            String destinationNode,
            Breakpoints breakpoints,
            Backend executor,
            UUID id) {

        /** A launch with a new id. */
        public Launch(
                UUID tenantId,
                UUID workflowId,
                int workflowVersion,
                String mode,
                String startNode,
                List<Item> triggerItems,
                Placement placement,
                Map<Class<?>, Object> services,
                UUID startedBy,
                String destinationNode,
                Breakpoints breakpoints,
                Backend executor) {
            this(
                    tenantId,
                    workflowId,
                    workflowVersion,
                    mode,
                    startNode,
                    triggerItems,
                    placement,
                    services,
                    startedBy,
                    destinationNode,
                    breakpoints,
                    executor,
                    null);
        }

        /** A launch on the instance's backend. */
        public Launch(
                UUID tenantId,
                UUID workflowId,
                int workflowVersion,
                String mode,
                String startNode,
                List<Item> triggerItems,
                Placement placement,
                Map<Class<?>, Object> services,
                UUID startedBy,
                String destinationNode,
                Breakpoints breakpoints) {
            this(
                    tenantId,
                    workflowId,
                    workflowVersion,
                    mode,
                    startNode,
                    triggerItems,
                    placement,
                    services,
                    startedBy,
                    destinationNode,
                    breakpoints,
                    null);
        }

        /** A launch of the whole workflow. */
        public Launch(
                UUID tenantId,
                UUID workflowId,
                int workflowVersion,
                String mode,
                String startNode,
                List<Item> triggerItems,
                Placement placement,
                Map<Class<?>, Object> services,
                UUID startedBy) {
            this(
                    tenantId,
                    workflowId,
                    workflowVersion,
                    mode,
                    startNode,
                    triggerItems,
                    placement,
                    services,
                    startedBy,
                    null,
                    null,
                    null);
        }
    }

    /** An execution that has been recorded and started or queued. */
    interface StartedExecution {
        String executionId();

        /** Completes when the execution finishes, fails, is cancelled, or parks waiting. */
        CompletionStage<ExecutionResult> result();
    }
}
