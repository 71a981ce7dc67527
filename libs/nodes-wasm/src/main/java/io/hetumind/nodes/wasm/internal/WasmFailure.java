package io.hetumind.nodes.wasm.internal;

/** A plugin failure with a message meant for the workflow's author (trap, limit, bad module …). */
public final class WasmFailure extends RuntimeException {

    /** What went wrong, for tests and metrics. */
    public enum Reason {
        BAD_MODULE,
        MISSING_EXPORT,
        TRAP,
        OUT_OF_MEMORY,
        TIMEOUT,
        BUDGET,
        OUTPUT_TOO_LARGE,
        PLUGIN_ERROR,
        HTTP
    }

    private final Reason reason;

    public WasmFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public WasmFailure(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
