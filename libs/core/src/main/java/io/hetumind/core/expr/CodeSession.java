package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Set;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * The user-code runs of one node execution. Each {@link #run} gets a fresh context and top
 * scope (nothing survives from one run to the next), the node's budgets, and a private
 * event loop for promises and timers.
 */
public final class CodeSession {

    private final Sandbox sandbox;
    private final CodeOptions options;
    private final ValueConverter converter;

    CodeSession(Sandbox sandbox, CodeOptions options) {
        this.sandbox = sandbox;
        this.options = options;
        this.converter = new ValueConverter(options.limits().maxStringLength());
    }

    /**
     * Runs {@code code} over {@code scope} with the given extra globals and returns its value,
     * awaited when it is a promise. Errors, budgets and syntax problems throw
     * {@link ExpressionException} with a message fit for the user.
     */
    public CodeResult run(UserCode code, ExpressionScope scope, Set<CodeBinding> bindings) {
        SandboxContext cx = sandbox.enterFresh();
        try {
            var state = new EvalState(sandbox, scope);
            state.shareInputs();
            cx.begin(options.limits(), state);
            cx.subject = "Code";
            cx.stopWhen(options.canceled());
            var top = new EvalScope(state);
            var loop = new CodeRun(cx, top, options.console(), converter);
            loop.install();
            bind(top, state, bindings);
            Object fn = code.script().exec(cx, top);
            Object value = loop.settle(((Function) fn).call(cx, top, top, new Object[0]));
            return new CodeResult(value instanceof Undefined ? MissingNode.getInstance() : converter.toJson(value));
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError vm
                    && !(e instanceof StackOverflowError || e instanceof OutOfMemoryError)) {
                throw vm;
            }
            throw CodeErrors.translate(e, options.limits());
        } finally {
            cx.end();
            cx.close();
        }
    }

    private static void bind(EvalScope top, EvalState state, Set<CodeBinding> bindings) {
        for (CodeBinding binding : bindings) {
            switch (binding) {
                case ITEMS -> top.put("items", top, state.inputArray(0));
                case ITEM_JSON -> top.put("item", top, ScriptableObject.getProperty(state.currentItem(), "json"));
                case ITEM -> top.put("item", top, state.currentItem());
            }
        }
    }
}
