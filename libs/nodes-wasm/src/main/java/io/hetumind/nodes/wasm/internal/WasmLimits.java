package io.hetumind.nodes.wasm.internal;

import java.time.Duration;

/**
 * What one plugin may use: its wall-clock time per call, an instruction budget per call (interpreter
 * only; 0 = none), its linear memory and the host-side (kernel) memory in 64 KiB pages, and the size
 * of its output and of the variables it keeps.
 */
public record WasmLimits(
        boolean compiled,
        Duration timeout,
        long instructionBudget,
        int memoryPages,
        int maxOutputBytes,
        int maxVarBytes,
        int maxHttpResponseBytes) {

    public static final int PAGE = 65536;

    public WasmLimits {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (memoryPages < 1 || memoryPages > 65536) {
            throw new IllegalArgumentException("memory pages must be 1..65536");
        }
    }

    /** The defaults of the node's options. */
    public static WasmLimits defaults() {
        return new WasmLimits(false, Duration.ofSeconds(5), 0, 256, 1 << 20, 1 << 20, 8 << 20);
    }

    public WasmLimits withCompiled(boolean value) {
        return new WasmLimits(
                value, timeout, instructionBudget, memoryPages, maxOutputBytes, maxVarBytes, maxHttpResponseBytes);
    }
}
