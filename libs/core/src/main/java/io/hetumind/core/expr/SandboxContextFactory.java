package io.hetumind.core.expr;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;

/** Makes locked-down Rhino contexts: interpreted, no Java access, budgeted. */
final class SandboxContextFactory extends ContextFactory {

    /** Instructions between two budget checks; small enough to stop within a few ms. */
    private static final int OBSERVER_THRESHOLD = 10_000;

    private final ExpressionLimits limits;

    SandboxContextFactory(ExpressionLimits limits) {
        this.limits = limits;
    }

    @Override
    protected Context makeContext() {
        var cx = new SandboxContext(this, OBSERVER_THRESHOLD);
        cx.setLanguageVersion(Context.VERSION_ECMASCRIPT);
        // Interpreted mode counts every instruction and bounds the JS stack; it also avoids
        // generating a JVM class per cached expression.
        cx.setInterpretedMode(true);
        cx.setMaximumInterpreterStackDepth(limits.maxStackDepth());
        cx.setInstructionObserverThreshold(OBSERVER_THRESHOLD);
        cx.setClassShutter(className -> false);
        cx.setGeneratingDebug(false);
        return cx;
    }

    @Override
    protected boolean hasFeature(Context cx, int featureIndex) {
        return switch (featureIndex) {
            // Java exceptions must never become catchable script objects (they would be wrapped
            // as host objects), and script must never reach Java members.
            case Context.FEATURE_ENHANCED_JAVA_ACCESS, Context.FEATURE_ENABLE_JAVA_MAP_ACCESS -> false;
            case Context.FEATURE_LOCATION_INFORMATION_IN_ERROR -> false;
            default -> super.hasFeature(cx, featureIndex);
        };
    }

    @Override
    protected void observeInstructionCount(Context cx, int instructionCount) {
        ((SandboxContext) cx).observe(instructionCount);
    }
}
