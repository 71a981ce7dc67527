package io.hetumind.core.spi;

import io.hetumind.core.model.Node;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Where a node runs: which node of which workflow and execution, which run of it, the clock and zone it reads, whether
 * the execution was canceled, and its console. A {@link NodeContext} capability; a helper that needs only this takes
 * only this.
 */
public interface NodeEnvironment {

    Node node();

    String workflowId();

    String workflowName();

    /**
     * Every node of the running workflow, in its order (n8n's {@code getChatTrigger} looks for one among them); empty
     * where the host does not tell.
     */
    default List<Node> workflowNodes() {
        return List.of();
    }

    String executionId();

    /**
     * What the execution was started as: {@code manual} (the designer, a test webhook), {@code cli}, {@code webhook},
     * {@code trigger}, {@code schedule}, {@code child}, {@code retry}, {@code error} … (n8n's {@code getMode()}).
     */
    String mode();

    /** 0 on the node's first run in this execution, then 1, 2 … (loops, fan-in). */
    int runIndex();

    Instant now();

    /** The workflow's time zone ({@code settings.timezone}). */
    ZoneId zone();

    /**
     * The zone of the host's clock, where n8n's process zone ({@code TZ}) applies: JavaScript's {@code Date} local
     * time, and the date texts without an offset that n8n reads with {@code new Date()} or moment. UTC unless the
     * host is configured otherwise ({@code Engine.Builder.clock}).
     */
    default ZoneId processZone() {
        return ZoneOffset.UTC;
    }

    /** True once the execution was canceled; long-running nodes check it. */
    boolean canceled();

    /** A line of console output, kept in the node's run data. */
    void log(String line);
}
