package io.hetumind.core.expr;

import org.mozilla.javascript.Script;

/** One template evaluation; enters Rhino only if some part needs the script. */
final class Evaluation implements AutoCloseable {

    private final Sandbox sandbox;
    private final ExpressionScope scope;
    private SandboxContext cx;
    private EvalScope top;

    Evaluation(Sandbox sandbox, ExpressionScope scope) {
        this.sandbox = sandbox;
        this.scope = scope;
    }

    ExpressionScope scope() {
        return scope;
    }

    Object run(Script script) {
        if (cx == null) {
            cx = sandbox.enter();
            var state = new EvalState(sandbox, scope);
            cx.begin(sandbox.limits(), state);
            top = new EvalScope(state);
        }
        return script.exec(cx, top);
    }

    @Override
    public void close() {
        if (cx != null) {
            cx.end();
            cx.close();
            cx = null;
        }
    }
}
