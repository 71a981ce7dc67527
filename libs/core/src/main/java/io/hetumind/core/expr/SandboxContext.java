package io.hetumind.core.expr;

import org.mozilla.javascript.Context;

/** A Rhino context that carries one evaluation's budget and data bindings. */
final class SandboxContext extends Context {

    private static final com.sun.management.ThreadMXBean THREADS = threadBean();

    ExpressionLimits limits;
    EvalState state;
    private long deadlineNanos;
    private long instructions;
    private long allocatedAtStart;

    SandboxContext(SandboxContextFactory factory) {
        super(factory);
    }

    void begin(ExpressionLimits limits, EvalState state) {
        this.limits = limits;
        this.state = state;
        this.deadlineNanos = System.nanoTime() + limits.timeBudget().toNanos();
        this.instructions = 0;
        this.allocatedAtStart = THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
    }

    void end() {
        this.state = null;
    }

    /** Called by the factory every few thousand instructions; throws when a budget is spent. */
    void observe(int count) {
        if (limits == null) {
            return;
        }
        instructions += count;
        if (instructions > limits.maxInstructions()) {
            throw new BudgetExceeded("Expression exceeded the limit of " + limits.maxInstructions() + " instructions");
        }
        if (System.nanoTime() > deadlineNanos) {
            throw new BudgetExceeded("Expression exceeded the time limit of "
                    + limits.timeBudget().toMillis() + " ms");
        }
        if (THREADS != null
                && THREADS.getCurrentThreadAllocatedBytes() - allocatedAtStart > limits.maxAllocatedBytes()) {
            throw new BudgetExceeded(
                    "Expression exceeded the memory limit of " + (limits.maxAllocatedBytes() >> 20) + " MB allocated");
        }
    }

    static SandboxContext current() {
        return (SandboxContext) Context.getCurrentContext();
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        try {
            var bean = java.lang.management.ManagementFactory.getThreadMXBean();
            if (bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
                sun.setThreadAllocatedMemoryEnabled(true);
                return sun;
            }
        } catch (RuntimeException | LinkageError e) {
            // allocation accounting is a best-effort extra on top of the time budget
        }
        return null;
    }

    /**
     * Thrown from the instruction observer. An {@link Error} so that script {@code try/catch}
     * and {@code finally} cannot swallow it and keep running.
     */
    static final class BudgetExceeded extends Error {
        BudgetExceeded(String message) {
            super(message, null, false, false);
        }
    }
}
