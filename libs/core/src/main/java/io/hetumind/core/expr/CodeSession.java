package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * The user-code runs of one node execution. Each {@link #run} gets a fresh context and top
 * scope (nothing survives from one run to the next), the node's budgets, and a private
 * event loop for promises and timers.
 */
public final class CodeSession {

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
    private static final ExecutorService CODE_THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hetumind-code-" + THREAD_NUMBER.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

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
        if (!Thread.currentThread().isVirtual()) {
            return runHere(code, scope, bindings, options.canceled());
        }
        // The JVM accounts allocated bytes and CPU time per platform thread only: user code
        // leaves the node's virtual thread so its memory and CPU budgets hold.
        AtomicBoolean abandoned = new AtomicBoolean();
        BooleanSupplier stop = () -> abandoned.get() || options.canceled().getAsBoolean();
        Future<CodeResult> run = CODE_THREADS.submit(() -> runHere(code, scope, bindings, stop));
        try {
            return run.get();
        } catch (InterruptedException e) {
            abandoned.set(true); // the code stops at its next budget check
            Thread.currentThread().interrupt();
            throw new ExpressionException("Execution was canceled", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private CodeResult runHere(UserCode code, ExpressionScope scope, Set<CodeBinding> bindings, BooleanSupplier stop) {
        SandboxContext cx = sandbox.enterFresh();
        try {
            var state = new EvalState(sandbox, scope);
            state.shareInputs();
            cx.begin(options.limits(), state);
            // n8n 2.8.4 runs the Code node in its task runner, whose environment carries no TZ: its Dates keep UTC
            // whatever the instance's process zone (recorded: n8n-recorded/ProcessZone/code-js-date), unlike
            // expressions, which n8n evaluates in its own process
            cx.localZone(ZoneOffset.UTC);
            cx.subject = "Code";
            cx.stopWhen(stop);
            var top = new EvalScope(state);
            var loop = new CodeRun(cx, top, options.console(), converter);
            loop.install();
            bind(top, state, bindings);
            Object fn = code.script().exec(cx, top);
            Object value = loop.settle(((Function) fn).call(cx, top, top, new Object[0]));
            // the input views the result does not hold may go while it is converted (a million items' views and
            // their converted copies would not fit beside each other in a 1 GB heap)
            state.release();
            top.delete("items");
            top.delete("item");
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
