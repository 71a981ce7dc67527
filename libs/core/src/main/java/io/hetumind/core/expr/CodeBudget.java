package io.hetumind.core.expr;

import java.time.Duration;
import java.util.Map;

/**
 * What one run of user code (a Code node run, or one item's run in per-item mode) may use: CPU
 * time, and memory measured as bytes allocated by the code's thread. The memory budget is {@code
 * memoryBytes} plus {@code memoryPerItemBytes} for each input item, since turning items into
 * JavaScript objects and back costs memory in proportion to them; a hostile loop on a few items
 * is stopped within the base budget. A host sets it engine-wide ({@code
 * Engine.builder().service(CodeBudget.class, …)}) or per run ({@code RunRequest.withService}).
 */
public record CodeBudget(Duration cpuTime, long memoryBytes, long memoryPerItemBytes) {

    public static final String CPU_SECONDS_ENV = "HETUMIND_CODE_CPU_SECONDS";
    public static final String MEMORY_MB_ENV = "HETUMIND_CODE_MEMORY_MB";

    public CodeBudget {
        if (cpuTime == null || cpuTime.isNegative() || cpuTime.isZero()) {
            throw new IllegalArgumentException("the CPU time budget must be positive");
        }
        if (memoryBytes <= 0 || memoryPerItemBytes < 0) {
            throw new IllegalArgumentException("the memory budget must be positive");
        }
    }

    /** 30 s of CPU time and 256 MB (+ 4 KB per input item). */
    public static CodeBudget defaults() {
        return new CodeBudget(Duration.ofSeconds(30), 256L << 20, 4096);
    }

    /**
     * The defaults overridden by {@code HETUMIND_CODE_CPU_SECONDS} and {@code HETUMIND_CODE_MEMORY_MB};
     * a value that is not a positive number is an error that names the variable.
     */
    public static CodeBudget fromEnvironment(Map<String, String> env) {
        CodeBudget b = defaults();
        Duration cpu = b.cpuTime();
        long memory = b.memoryBytes();
        String cpuText = env.get(CPU_SECONDS_ENV);
        if (cpuText != null && !cpuText.isBlank()) {
            cpu = Duration.ofMillis((long) (positive(CPU_SECONDS_ENV, cpuText) * 1000));
        }
        String memText = env.get(MEMORY_MB_ENV);
        if (memText != null && !memText.isBlank()) {
            memory = (long) (positive(MEMORY_MB_ENV, memText) * (1 << 20));
        }
        return new CodeBudget(cpu, memory, b.memoryPerItemBytes());
    }

    private static double positive(String name, String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive number, got '" + text + "'");
    }

    /** The memory budget of a run over {@code items} input items. */
    public long memoryFor(int items) {
        long extra = memoryPerItemBytes * Math.max(0, items);
        return extra > Long.MAX_VALUE - memoryBytes ? Long.MAX_VALUE : memoryBytes + extra;
    }
}
