package io.hetumind.core.expr;

import io.hetumind.core.spi.Json;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.mozilla.javascript.Callable;
import org.mozilla.javascript.JavaScriptException;
import org.mozilla.javascript.LambdaFunction;
import org.mozilla.javascript.NativePromise;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * One run's host functions: {@code console}, {@code setTimeout}/{@code clearTimeout} and
 * {@code __await}, plus the event loop that settles promises (microtasks, then timers in due
 * order, sleeping within the time budget).
 */
final class CodeRun {

    private record Timer(long dueNanos, long seq, Callable fn, Object[] args) {}

    private final SandboxContext cx;
    private final EvalScope top;
    private final java.util.function.Consumer<String> console;
    private final ValueConverter converter;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            (a, b) -> a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
    private long nextSeq = 1;

    CodeRun(SandboxContext cx, EvalScope top, java.util.function.Consumer<String> console, ValueConverter converter) {
        this.cx = cx;
        this.top = top;
        this.console = console;
        this.converter = converter;
    }

    void install() {
        ScriptableObject consoleObject = top.state().sandbox.newObject();
        for (String level : new String[] {"log", "info", "warn", "error", "debug"}) {
            define(consoleObject, level, 1, args -> {
                console.accept(format(args));
                return Undefined.instance;
            });
        }
        top.put("console", top, consoleObject);
        define(top, "setTimeout", 2, this::setTimeout);
        define(top, "clearTimeout", 1, args -> {
            double id = args.length > 0 ? ScriptRuntime.toNumber(args[0]) : -1;
            timers.removeIf(t -> t.seq == (long) id);
            return Undefined.instance;
        });
        define(top, "__await", 1, args -> settle(args.length > 0 ? args[0] : Undefined.instance));
    }

    private Object setTimeout(Object[] args) {
        if (args.length == 0 || !(args[0] instanceof Callable fn)) {
            throw ScriptRuntime.typeError("setTimeout needs a function");
        }
        double ms = args.length > 1 ? ScriptRuntime.toNumber(args[1]) : 0;
        long delay = Double.isNaN(ms) || ms < 0 ? 0 : (long) Math.min(ms, 1e12);
        Object[] rest = args.length > 2 ? java.util.Arrays.copyOfRange(args, 2, args.length) : new Object[0];
        long seq = nextSeq++;
        timers.add(new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay), seq, fn, rest));
        return (double) seq;
    }

    /** A promise's value (or its rejection thrown into the script); other values unchanged. */
    Object settle(Object value) {
        if (!(value instanceof NativePromise promise)) {
            return value;
        }
        Object[] outcome = new Object[1];
        int[] state = {0}; // 0 pending, 1 fulfilled, 2 rejected
        Callable onFulfilled = fn(args -> record(outcome, state, 1, args));
        Callable onRejected = fn(args -> record(outcome, state, 2, args));
        ScriptableObject.callMethod(cx, promise, "then", new Object[] {onFulfilled, onRejected});
        while (true) {
            cx.processMicrotasks();
            if (state[0] != 0) {
                break;
            }
            Timer timer = timers.poll();
            if (timer == null) {
                throw ScriptRuntime.constructError("Error", "The code's promise never resolved");
            }
            sleepUntil(timer.dueNanos);
            timer.fn.call(cx, top, top, timer.args);
        }
        if (state[0] == 2) {
            throw new JavaScriptException(outcome[0], "code", 0);
        }
        return outcome[0];
    }

    private static Object record(Object[] outcome, int[] state, int result, Object[] args) {
        if (state[0] == 0) {
            outcome[0] = args.length > 0 ? args[0] : Undefined.instance;
            state[0] = result;
        }
        return Undefined.instance;
    }

    private void sleepUntil(long dueNanos) {
        while (true) {
            cx.checkDeadline();
            long wait = Math.min(dueNanos - System.nanoTime(), Math.min(cx.remainingNanos(), 50_000_000L));
            if (dueNanos - System.nanoTime() <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.max(wait, 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxContext.BudgetExceeded("Execution was canceled");
            }
        }
    }

    private String format(Object[] args) {
        var line = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                line.append(' ');
            }
            Object arg = args[i];
            if (arg instanceof CharSequence s) {
                line.append(s);
            } else if (arg instanceof Undefined) {
                line.append("undefined");
            } else if (arg instanceof Callable) {
                line.append("[Function]");
            } else {
                line.append(Json.write(converter.toJson(arg)));
            }
        }
        return line.toString();
    }

    private LambdaFunction fn(java.util.function.Function<Object[], Object> body) {
        return new LambdaFunction(top, 1, (c, scope, self, args) -> body.apply(args));
    }

    private void define(
            ScriptableObject target, String name, int arity, java.util.function.Function<Object[], Object> body) {
        target.defineProperty(
                name,
                new LambdaFunction(top, name, arity, (c, scope, self, args) -> body.apply(args)),
                ScriptableObject.DONTENUM);
    }
}
