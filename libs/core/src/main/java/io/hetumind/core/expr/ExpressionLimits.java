package io.hetumind.core.expr;

import java.time.Duration;

/**
 * Per-evaluation resource bounds of the expression sandbox.
 *
 * @param timeBudget wall-clock time one evaluation may run
 * @param maxInstructions interpreter instructions one evaluation may execute
 * @param maxStringLength longest string (result or built by a guarded built-in) in characters
 * @param maxStackDepth deepest JavaScript call nesting
 * @param maxAllocatedBytes bytes one evaluation may allocate on its thread, checked periodically
 * @param cpuBudget CPU time one evaluation may use on its thread, checked periodically (user code)
 */
public record ExpressionLimits(
        Duration timeBudget,
        long maxInstructions,
        int maxStringLength,
        int maxStackDepth,
        long maxAllocatedBytes,
        Duration cpuBudget) {

    public ExpressionLimits(
            Duration timeBudget, long maxInstructions, int maxStringLength, int maxStackDepth, long maxAllocatedBytes) {
        this(timeBudget, maxInstructions, maxStringLength, maxStackDepth, maxAllocatedBytes, timeBudget);
    }

    public ExpressionLimits {
        if (timeBudget == null || timeBudget.isNegative() || timeBudget.isZero()) {
            throw new IllegalArgumentException("timeBudget must be positive");
        }
        if (maxInstructions <= 0 || maxStringLength <= 0 || maxStackDepth <= 0 || maxAllocatedBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** One second, 50 M instructions, 10 M characters, depth 1000, 512 MB allocated. */
    public static ExpressionLimits defaults() {
        return new ExpressionLimits(Duration.ofSeconds(1), 50_000_000L, 10_000_000, 1000, 512L << 20);
    }

    public ExpressionLimits withTimeBudget(Duration budget) {
        return new ExpressionLimits(budget, maxInstructions, maxStringLength, maxStackDepth, maxAllocatedBytes, budget);
    }

    public ExpressionLimits withMaxInstructions(long max) {
        return new ExpressionLimits(timeBudget, max, maxStringLength, maxStackDepth, maxAllocatedBytes);
    }

    public ExpressionLimits withMaxStringLength(int max) {
        return new ExpressionLimits(timeBudget, maxInstructions, max, maxStackDepth, maxAllocatedBytes);
    }

    public ExpressionLimits withMaxAllocatedBytes(long max) {
        return new ExpressionLimits(timeBudget, maxInstructions, maxStringLength, maxStackDepth, max);
    }

    /**
     * Bounds for user code (Code node) over {@code items} input items: {@code timeout} of
     * wall-clock time, the budget's CPU time and memory, no separate instruction cap, 100 M
     * characters.
     */
    public static ExpressionLimits forCode(Duration timeout, CodeBudget budget, int items) {
        return new ExpressionLimits(
                timeout, Long.MAX_VALUE, 100_000_000, 1000, budget.memoryFor(items), budget.cpuTime());
    }
}
