package io.hetumind.nodes.python;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.expr.ExpressionException;
import io.hetumind.core.expr.PythonSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * Python for the Code node on GraalPy: every node execution gets an interpreter of its own (one engine is
 * shared so parsed code is reused), with no file system, processes, threads, native code, environment, host
 * classes or network; n8n's Python names come from the prelude {@code n8n_prelude.py} over the node's
 * JavaScript (see {@link PythonSandbox}).
 */
public final class GraalPythonSandbox implements PythonSandbox {

    private static final Source PRELUDE = prelude();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hetumind-python-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** One engine for the process, built on first use: its start-up is paid once. */
    private static final class Shared {
        static final Engine ENGINE = Engine.newBuilder("python")
                .option("engine.WarnInterpreterOnly", "false")
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .build();
    }

    /**
     * An interpreter made ready (prelude loaded) in the background while the previous one runs: a fresh
     * interpreter costs a few hundred milliseconds of Python start-up, which this takes off the node's time.
     */
    private static final AtomicReference<CompletableFuture<Context>> SPARE = new AtomicReference<>();

    private static final ExecutorService PREPARER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hetumind-python-preparer");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Session open(String code, Host host) {
        Context context = take();
        try {
            Value globals = context.getBindings("python");
            globals.putMember("__n8n_host_eval", (ProxyExecutable) args -> evaluate(host, args[0].asString()));
            globals.putMember("__n8n_host_log", (ProxyExecutable) args -> {
                host.log(args[0].asString());
                return null;
            });
            Value error = globals.getMember("_n8n_compile").execute(code);
            if (!error.isNull()) {
                throw failure(error);
            }
            return new GraalSession(context, globals.getMember("_n8n_run"));
        } catch (RuntimeException e) {
            context.close(true);
            throw e instanceof ExpressionException ee ? ee : new ExpressionException("Python failed: " + e, null, e);
        }
    }

    /** The spare interpreter if it is ready or being made, else a new one; either way the next spare is started. */
    private static Context take() {
        CompletableFuture<Context> spare = SPARE.getAndSet(null);
        Context context = null;
        if (spare != null) {
            try {
                context = spare.join();
            } catch (RuntimeException e) {
                context = null; // made again below, where its error reaches the node
            }
        }
        if (context == null) {
            context = newContext();
        }
        CompletableFuture<Context> next = CompletableFuture.supplyAsync(GraalPythonSandbox::newContext, PREPARER);
        CompletableFuture<Context> previous = SPARE.getAndSet(next);
        if (previous != null) {
            previous.thenAccept(c -> c.close(true));
        }
        return context;
    }

    /** A sandboxed interpreter with the prelude loaded. */
    private static Context newContext() {
        Context context = Context.newBuilder("python")
                .engine(Shared.ENGINE)
                .allowHostAccess(HostAccess.NONE)
                .allowHostClassLookup(name -> false)
                .allowIO(IOAccess.NONE)
                .allowCreateProcess(false)
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .option("python.ForceImportSite", "false")
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .build();
        try {
            context.eval(PRELUDE);
            return context;
        } catch (RuntimeException e) {
            context.close(true);
            throw e;
        }
    }

    /**
     * The host's answer to the prelude: {@code v} and the value as a Python literal, {@code u} for undefined, or
     * {@code e} and the error message.
     */
    private static String evaluate(Host host, String js) {
        try {
            JsonNode value = host.evaluate(js);
            return value == null || value.isMissingNode() ? "u" : "v" + PythonValues.literal(value);
        } catch (ExpressionException e) {
            return "e" + e.getMessage();
        }
    }

    /** {@code ['e', message, line or None]} as an error with n8n's {@code [line N]}. */
    private static ExpressionException failure(Value reply) {
        String message = reply.getArrayElement(1).asString();
        Value line = reply.getArrayElement(2);
        return new ExpressionException(line.isNull() ? message : message + " [line " + line.asInt() + "]", null);
    }

    private record GraalSession(Context context, Value run) implements Session {
        @Override
        public JsonNode call(boolean eachItem, Duration timeout, BooleanSupplier canceled) {
            long deadline = System.nanoTime() + timeout.toNanos();
            AtomicBoolean timedOut = new AtomicBoolean();
            ScheduledFuture<?> guard = WATCHDOG.scheduleAtFixedRate(
                    () -> {
                        boolean late = System.nanoTime() - deadline > 0;
                        if (late || canceled.getAsBoolean()) {
                            timedOut.set(late);
                            context.close(true);
                        }
                    },
                    50,
                    50,
                    TimeUnit.MILLISECONDS);
            Value reply;
            JsonNode value;
            try {
                reply = run.execute(eachItem);
                if (reply.getArrayElement(0).asString().equals("e")) {
                    throw failure(reply);
                }
                value = PythonValues.json(reply.getArrayElement(1));
            } catch (PolyglotException e) {
                if (e.isCancelled()) {
                    throw new ExpressionException(
                            timedOut.get()
                                    ? "Python code ran longer than its timeout of " + timeout.toMillis() / 1000.0 + " s"
                                    : "Execution was canceled",
                            null);
                }
                if (e.isResourceExhausted()) {
                    throw new ExpressionException("Python code exceeded a resource limit: " + e.getMessage(), null);
                }
                throw new ExpressionException("Python failed: " + e.getMessage(), null, e);
            } catch (IllegalStateException e) {
                // the watchdog closed the context between two runs
                throw new ExpressionException(
                        timedOut.get() ? "Python code ran longer than its timeout" : "Execution was canceled", null);
            } finally {
                guard.cancel(false);
            }
            return value;
        }

        @Override
        public void close() {
            try {
                context.close(true);
            } catch (IllegalStateException e) {
                // already closed by the watchdog
            }
        }
    }

    private static Source prelude() {
        try (InputStream in = GraalPythonSandbox.class.getResourceAsStream("n8n_prelude.py")) {
            if (in == null) {
                throw new IllegalStateException("n8n_prelude.py is missing from the class path");
            }
            return Source.newBuilder("python", new String(in.readAllBytes(), StandardCharsets.UTF_8), "n8n_prelude.py")
                    .buildLiteral();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
