package io.hetumind.core.expr;

import java.time.ZoneId;
import java.util.TimeZone;
import org.mozilla.javascript.Context;

/** A Rhino context that carries one evaluation's budget and data bindings. */
final class SandboxContext extends Context {

    private static final com.sun.management.ThreadMXBean THREADS = threadBean();

    ExpressionLimits limits;
    EvalState state;
    private long deadlineNanos;
    private long instructions;
    private long allocatedAtStart;
    private long cpuAtStart;
    private boolean firstCheck;
    private final int observerThreshold;
    /** Optional outside stop signal (a canceled execution) checked with the budgets. */
    private java.util.function.BooleanSupplier stop;
    /** Names what is running in budget messages: "Expression", or "Code" for user code. */
    String subject = "Expression";

    SandboxContext(SandboxContextFactory factory, int observerThreshold) {
        super(factory);
        this.observerThreshold = observerThreshold;
    }

    /** The zone {@link #setTimeZone} was last given (a pooled context keeps it between evaluations). */
    private ZoneId zone;

    void begin(ExpressionLimits limits, EvalState state) {
        this.limits = limits;
        this.state = state;
        this.deadlineNanos = System.nanoTime() + limits.timeBudget().toNanos();
        this.instructions = 0;
        this.firstCheck = true;
        // the baseline is taken at the first check: short evaluations never pay for the call
        this.allocatedAtStart = -1;
        // JavaScript's Date reads and shows local time in the host's process zone, as Node does under TZ
        localZone(state.scope.processZone());
    }

    /** The zone JavaScript's {@code Date} keeps local time in for this evaluation. */
    void localZone(ZoneId value) {
        if (!value.equals(zone)) {
            zone = value;
            setTimeZone(TimeZone.getTimeZone(value));
        }
    }

    void end() {
        this.state = null;
        this.stop = null;
        this.subject = "Expression";
    }

    /** Stops the evaluation at the next budget check once {@code signal} turns true. */
    void stopWhen(java.util.function.BooleanSupplier signal) {
        this.stop = signal;
    }

    /** Nanos left before the time budget is spent (negative once it is). */
    long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    /** Throws if the time budget is spent or the stop signal is set; for waits outside the interpreter. */
    void checkDeadline() {
        if (stop != null && stop.getAsBoolean()) {
            throw new BudgetExceeded("Execution was canceled");
        }
        if (remainingNanos() < 0) {
            throw new BudgetExceeded(subject + " exceeded the time limit of "
                    + limits.timeBudget().toMillis() + " ms");
        }
    }

    /** Called by the factory every few thousand instructions; throws when a budget is spent. */
    void observe(int count) {
        if (limits == null) {
            return;
        }
        // Rhino only hands its counter over at branches and never resets it between uses of a
        // re-entered context, so the first report of an evaluation may carry earlier ones' work.
        instructions += firstCheck ? Math.min(count, observerThreshold) : count;
        firstCheck = false;
        if (instructions > limits.maxInstructions()) {
            throw new BudgetExceeded(subject + " exceeded the limit of " + limits.maxInstructions() + " instructions");
        }
        checkBudgets();
    }

    /**
     * Time, stop signal, memory and CPU: also called before built-ins that can do a lot of work in
     * one native call (a string that doubles each time calls few instructions but flattens into
     * ever larger arrays), so they cannot outrun the instruction observer.
     */
    void checkBudgets() {
        if (limits == null) {
            return;
        }
        if (stop != null && stop.getAsBoolean()) {
            throw new BudgetExceeded("Execution was canceled");
        }
        if (System.nanoTime() > deadlineNanos) {
            throw new BudgetExceeded(subject + " exceeded the time limit of "
                    + limits.timeBudget().toMillis() + " ms");
        }
        if (THREADS == null) {
            return;
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        long cpu = THREADS.getCurrentThreadCpuTime();
        if (allocatedAtStart < 0) {
            allocatedAtStart = allocated;
            cpuAtStart = cpu;
            return;
        }
        // both read -1 on a virtual thread, which is why user code runs on platform threads
        if (allocated >= 0 && allocated - allocatedAtStart > limits.maxAllocatedBytes()) {
            throw new BudgetExceeded(subject + " exceeded its memory budget of " + (limits.maxAllocatedBytes() >> 20)
                    + " MB" + hint(CodeBudget.MEMORY_MB_ENV));
        }
        if (cpu >= 0 && cpu - cpuAtStart > limits.cpuBudget().toNanos()) {
            throw new BudgetExceeded(subject + " exceeded its CPU time budget of "
                    + limits.cpuBudget().toMillis() + " ms" + hint(CodeBudget.CPU_SECONDS_ENV));
        }
    }

    private String hint(String env) {
        return "Code".equals(subject) ? " (the host sets it with " + env + ")" : "";
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
