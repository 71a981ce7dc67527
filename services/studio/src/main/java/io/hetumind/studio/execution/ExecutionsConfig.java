package io.hetumind.studio.execution;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The executions area's settings ({@code HETUMIND_STUDIO_EXECUTIONS_*}): the defaults of n8n's per-workflow execution
 * settings (a workflow's {@code settings} override them), and pruning defaults until an instance admin changes them
 * through {@code PUT /api/v1/executions/pruning}.
 */
@ConfigMapping(prefix = "hetumind.studio.executions")
public interface ExecutionsConfig {
    /** Whether a successful production execution keeps its record ({@code saveDataSuccessExecution}). */
    @WithDefault("all")
    Save saveDataSuccessExecution();

    /** Whether a failed or canceled production execution keeps its record ({@code saveDataErrorExecution}). */
    @WithDefault("all")
    Save saveDataErrorExecution();

    /** Whether manual executions (the designer's, test webhooks) keep their records ({@code saveManualExecutions}). */
    @WithDefault("true")
    boolean saveManualExecutions();

    /**
     * Whether progress is stored after every node ({@code saveExecutionProgress}), so a worker lost mid-run costs at
     * most the node in flight; false stores only the end (a lost worker's run starts over). n8n's default is false;
     * the studio's is true because its workers hand runs over after a crash.
     */
    @WithDefault("true")
    boolean saveExecutionProgress();

    /** Seconds an execution may run when its workflow sets no {@code executionTimeout}; -1 for none. */
    @WithDefault("-1")
    long timeout();

    /** The longest {@code executionTimeout} a workflow may set, in seconds (longer ones are cut to it). */
    @WithDefault("3600")
    long maxTimeout();

    @WithDefault("true")
    boolean pruneEnabled();

    /** Records older than this many hours go (default 14 days). */
    @WithDefault("336")
    int pruneMaxAgeHours();

    /** At most this many settled records are kept. */
    @WithDefault("100000")
    int pruneMaxCount();

    /** Day partitions created ahead of today. */
    @WithDefault("3")
    int partitionsAhead();

    /** n8n's {@code 'all' | 'none'}. */
    enum Save {
        all,
        none
    }
}
