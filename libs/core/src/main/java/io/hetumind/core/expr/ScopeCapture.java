package io.hetumind.core.expr;

import java.util.Optional;

/**
 * Reaches the expression scope a host builds for a node, so user code (Code node) runs with
 * exactly the data expressions see. The caller evaluates any template through its host (e.g.
 * {@code ctx.evaluate("=", i)}) inside {@link #capture}; the Rhino engine hands over the scope
 * of that evaluation. Hosts that expose scopes directly make this bridge unnecessary.
 */
public final class ScopeCapture {

    private static final ThreadLocal<Slot> SLOT = new ThreadLocal<>();

    /** The sandbox of the engine that evaluated, and the scope it evaluated in. */
    public record Captured(CodeSandbox sandbox, ExpressionScope scope) {}

    private ScopeCapture() {}

    /** Runs {@code evaluation} and returns the scope of the first Rhino evaluation it made. */
    public static Optional<Captured> capture(Runnable evaluation) {
        Slot previous = SLOT.get();
        Slot slot = new Slot();
        SLOT.set(slot);
        try {
            evaluation.run();
        } finally {
            if (previous == null) {
                SLOT.remove();
            } else {
                SLOT.set(previous);
            }
        }
        return Optional.ofNullable(slot.captured);
    }

    static void offer(RhinoExpressionEngine engine, ExpressionScope scope) {
        Slot slot = SLOT.get();
        if (slot != null && slot.captured == null) {
            slot.captured = new Captured(engine.codeSandbox(), scope);
        }
    }

    private static final class Slot {
        Captured captured;
    }
}
