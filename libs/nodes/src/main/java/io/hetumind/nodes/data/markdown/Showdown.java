package io.hetumind.nodes.data.markdown;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;

/**
 * showdown 2.1.0, the Markdown to HTML converter n8n 2.8.4's Markdown node runs, executed as it is (the
 * {@code org.webjars.npm:showdown} jar from Maven Central) in a locked-down Rhino: interpreted, no Java
 * access, no I/O (the script gets only JavaScript's standard objects), a time budget per conversion. The
 * library is compiled on first use, once per process, so nothing is paid by hosts that never convert; up to
 * {@link #MAX_RUNTIMES} runtimes are made as concurrent conversions need them and kept.
 */
final class Showdown {

    /** The showdown release n8n-nodes-base 2.8.1 (in n8n 2.8.4) pins; the jar's path names it. */
    static final String VERSION = "2.1.0";

    private static final String SCRIPT = "META-INF/resources/webjars/showdown/" + VERSION + "/dist/showdown.js";

    /** Each option the user set goes through setOption, as n8n does, so showdown's own defaults hold otherwise. */
    private static final String CONVERT =
            """
            (function (markdown, optionsJson) {
              var options = JSON.parse(optionsJson);
              var converter = new showdown.Converter();
              Object.keys(options).forEach(function (key) { converter.setOption(key, options[key]); });
              return converter.makeHtml(markdown);
            })""";

    private static final Duration TIME_BUDGET = Duration.ofSeconds(10);
    private static final int OBSERVER_THRESHOLD = 10_000;
    private static final int MAX_STACK_DEPTH = 2_000;

    /** Runtimes kept for reuse: conversions run in parallel up to this many, each in its own copy of showdown. */
    static final int MAX_RUNTIMES = Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 4);

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final Condition FREE = LOCK.newCondition();
    private static final ArrayDeque<Showdown> IDLE = new ArrayDeque<>();
    private static int created;
    private static final ReentrantLock COMPILE = new ReentrantLock();
    private static volatile Script compiled;
    private static final Factory FACTORY = new Factory();

    private final Scriptable scope;
    private final Function convert;

    private Showdown(Scriptable scope, Function convert) {
        this.scope = scope;
        this.convert = convert;
    }

    /**
     * Converts {@code markdown} with showdown, each entry of {@code optionsJson} (a JSON object) set as an option.
     * Each runtime serves one conversion at a time (showdown keeps state in its shared objects); a runtime whose
     * conversion failed or ran out of time is dropped rather than reused.
     */
    static String makeHtml(String markdown, String optionsJson) {
        return makeHtml(markdown, optionsJson, TIME_BUDGET);
    }

    static String makeHtml(String markdown, String optionsJson, Duration budget) {
        Showdown s = acquire();
        boolean healthy = false;
        Budgeted cx = (Budgeted) FACTORY.enterContext();
        try {
            cx.deadline = System.nanoTime() + budget.toNanos();
            cx.budget = budget;
            Object out = s.convert.call(cx, s.scope, s.scope, new Object[] {markdown, optionsJson});
            healthy = true;
            return Context.toString(out);
        } catch (RhinoException e) {
            throw new IllegalArgumentException("showdown failed: " + e.details(), e);
        } finally {
            cx.deadline = Long.MAX_VALUE;
            Context.exit();
            release(healthy ? s : null);
        }
    }

    private static Showdown acquire() {
        LOCK.lock();
        try {
            while (IDLE.isEmpty() && created >= MAX_RUNTIMES) {
                FREE.awaitUninterruptibly();
            }
            if (!IDLE.isEmpty()) {
                return IDLE.pop();
            }
            created++;
        } finally {
            LOCK.unlock();
        }
        try {
            return load();
        } catch (RuntimeException | Error e) {
            release(null);
            throw e;
        }
    }

    /** Puts a runtime back, or (null) gives up its place so that a new one can be made. */
    private static void release(Showdown s) {
        LOCK.lock();
        try {
            if (s != null) {
                IDLE.push(s);
            } else {
                created--;
            }
            FREE.signal();
        } finally {
            LOCK.unlock();
        }
    }

    /** showdown's script, compiled once per process into interpreter code that every runtime runs. */
    private static Script script(Context cx) {
        Script s = compiled;
        if (s != null) {
            return s;
        }
        COMPILE.lock();
        try {
            if (compiled == null) {
                try (InputStream in = Showdown.class.getClassLoader().getResourceAsStream(SCRIPT)) {
                    if (in == null) {
                        throw new IllegalStateException(
                                "showdown " + VERSION + " is not on the class path (" + SCRIPT + ")");
                    }
                    compiled = cx.compileString(
                            new String(in.readAllBytes(), StandardCharsets.UTF_8), "showdown.js", 1, null);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + SCRIPT, e);
                }
            }
            return compiled;
        } finally {
            COMPILE.unlock();
        }
    }

    private static Showdown load() {
        Context cx = FACTORY.enterContext();
        try {
            Scriptable scope = cx.initSafeStandardObjects();
            script(cx).exec(cx, scope, scope);
            Function convert = (Function) cx.evaluateString(scope, CONVERT, "convert", 1, null);
            return new Showdown(scope, convert);
        } finally {
            Context.exit();
        }
    }

    /** Thrown from inside the interpreter when a conversion runs out of time; never catchable by the script. */
    static final class TimeBudgetExceeded extends Error {
        TimeBudgetExceeded(Duration budget) {
            super("Markdown to HTML took longer than " + budget.toMillis() + " ms", null, false, false);
        }
    }

    private static final class Budgeted extends Context {
        long deadline = Long.MAX_VALUE;
        Duration budget = TIME_BUDGET;

        Budgeted(ContextFactory factory) {
            super(factory);
        }
    }

    private static final class Factory extends ContextFactory {
        @Override
        protected Context makeContext() {
            Budgeted cx = new Budgeted(this);
            cx.setLanguageVersion(Context.VERSION_ECMASCRIPT);
            // interpreted: starts fast (~0.3 s to compile showdown, against ~1.7 s as JVM classes), runs a
            // conversion faster on these machines, counts instructions and bounds the JavaScript stack
            cx.setInterpretedMode(true);
            cx.setMaximumInterpreterStackDepth(MAX_STACK_DEPTH);
            cx.setInstructionObserverThreshold(OBSERVER_THRESHOLD);
            cx.setClassShutter(className -> false);
            cx.setGeneratingDebug(false);
            return cx;
        }

        @Override
        protected boolean hasFeature(Context cx, int featureIndex) {
            return switch (featureIndex) {
                case Context.FEATURE_ENHANCED_JAVA_ACCESS, Context.FEATURE_ENABLE_JAVA_MAP_ACCESS -> false;
                default -> super.hasFeature(cx, featureIndex);
            };
        }

        @Override
        protected void observeInstructionCount(Context cx, int instructionCount) {
            if (System.nanoTime() > ((Budgeted) cx).deadline) {
                throw new TimeBudgetExceeded(((Budgeted) cx).budget);
            }
        }
    }
}
