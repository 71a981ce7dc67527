package io.hetumind.nodes.wasm.internal;

import com.dylibso.chicory.log.Logger;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import io.hetumind.core.spi.NetworkPolicy;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.extism.sdk.chicory.ConfigProvider;
import org.extism.sdk.chicory.HostEnv;
import org.extism.sdk.chicory.http.ExtismHttpException;

/**
 * One live Extism plugin: Extism's kernel and host environment (input, output, config, variables,
 * log, HTTP) from the Extism Chicory SDK, linked to the user's module instantiated here so that its
 * parsed and compiled forms come from the {@link ModuleCache} and its memory is capped. Calls run on
 * the caller's thread, which a {@link Watchdog} interrupts at the deadline; a session that failed
 * (other than by an error code of its own) is not used again.
 */
public final class PluginSession {

    private static final boolean NATIVE_IMAGE = System.getProperty("org.graalvm.nativeimage.imagecode") != null;

    private final WasmLimits limits;
    private final HostEnv env;
    private final Instance instance;
    private final BudgetListener budget;
    private volatile boolean broken;

    private PluginSession(WasmLimits limits, HostEnv env, Instance instance, BudgetListener budget) {
        this.limits = limits;
        this.env = env;
        this.instance = instance;
        this.budget = budget;
    }

    /**
     * Links and instantiates {@code module} with the Extism host: {@code config} is what
     * {@code config_get} sees, {@code allowedHosts} the HTTP allow list (empty: no network),
     * {@code wasi} links WASI preview 1 with no files, no arguments and no environment (stdout and
     * stderr go to the log), for PDKs that need it (Go, JS); {@code log} receives the plugin's log lines.
     */
    public static PluginSession open(
            ModuleCache.Prepared module,
            WasmLimits limits,
            Map<String, String> config,
            List<String> allowedHosts,
            NetworkPolicy policy,
            boolean wasi,
            Consumer<String> log) {
        PluginHttp http = new PluginHttp(policy, limits.maxHttpResponseBytes(), limits.timeout());
        HostEnv env;
        try {
            env = new HostEnv(
                    Kernels.create(),
                    ConfigProvider.ofMap(Map.copyOf(config)),
                    allowedHosts.toArray(String[]::new),
                    false,
                    PluginHttp.config(http),
                    new LogBridge(log, Logger.Level.ALL));
        } catch (RuntimeException e) {
            throw new WasmFailure(WasmFailure.Reason.BAD_MODULE, "Bad HTTP allow list: " + e.getMessage(), e);
        }
        WasmModule wasm = module.module();
        checkInitialMemory(wasm, limits.memoryPages());
        BudgetListener budget = !limits.compiled() && limits.instructionBudget() > 0
                ? new BudgetListener(limits.instructionBudget())
                : null;
        ImportValues.Builder imports = ImportValues.builder().addFunction(guarded(env, limits));
        if (wasi) {
            imports.addFunction(WasiPreview1.builder()
                    .withLogger(new LogBridge(log, Logger.Level.WARNING)) // WASI's own traces are noise
                    .withOptions(WasiOptions.builder()
                            .withStdout(new LineLog("[stdout] ", log))
                            .withStderr(new LineLog("[stderr] ", log))
                            .withStdin(InputStream.nullInputStream())
                            .build())
                    .build()
                    .toHostFunctions());
        }
        Instance.Builder b =
                Instance.builder(wasm).withImportValues(imports.build()).withStart(false);
        b.withMemoryFactory(declared -> new CappedMemory(new ByteArrayMemory(declared), limits.memoryPages()));
        if (limits.compiled() && !NATIVE_IMAGE) {
            // a native image cannot define classes at run time: there the interpreter runs compiled plugins
            b.withMachineFactory(module.compiled());
        }
        if (budget != null) {
            b.withUnsafeExecutionListener(budget);
        }
        Instance instance;
        try {
            instance = b.build();
        } catch (UnlinkableException e) {
            throw new WasmFailure(
                    WasmFailure.Reason.BAD_MODULE,
                    "The plugin needs an import this host does not provide (" + e.getMessage()
                            + "); this host links extism:host/env, and wasi_snapshot_preview1 when the WASI"
                            + " option is on",
                    e);
        } catch (ChicoryException | IllegalArgumentException e) {
            throw new WasmFailure(
                    WasmFailure.Reason.BAD_MODULE, "The plugin could not be instantiated: " + e.getMessage(), e);
        }
        PluginSession s = new PluginSession(limits, env, instance, budget);
        if (exports(wasm).contains("_initialize")) {
            // WASI reactors and some PDKs initialise their runtime once before the first call
            s.run("_initialize", null, () -> false);
        }
        return s;
    }

    /** Refuses a module whose memory starts above {@code cap} pages. */
    private static void checkInitialMemory(WasmModule wasm, int cap) {
        var section = wasm.memorySection();
        if (section.isEmpty() || section.get().memoryCount() == 0) {
            return;
        }
        MemoryLimits declared = section.get().getMemory(0).limits();
        if (declared.initialPages() > cap) {
            throw new WasmFailure(
                    WasmFailure.Reason.OUT_OF_MEMORY,
                    "The plugin asks for " + declared.initialPages() + " memory pages at start, above its cap of " + cap
                            + " pages (" + cap / 16 + " MiB)");
        }
    }

    /** Extism's host functions, with the ones that let a plugin take host memory or output guarded. */
    private static HostFunction[] guarded(HostEnv env, WasmLimits limits) {
        List<HostFunction> out = new ArrayList<>();
        long kernelCap = (long) limits.memoryPages() * WasmLimits.PAGE;
        for (HostFunction f : env.toHostFunctions()) {
            var h = f.handle();
            out.add(
                    switch (f.name()) {
                        case "alloc" ->
                            new HostFunction(f.module(), f.name(), f.functionType(), (inst, args) -> {
                                long used = (long) env.memory().memory().pages() * WasmLimits.PAGE;
                                if (args[0] < 0 || used + args[0] > kernelCap) {
                                    throw new WasmFailure(
                                            WasmFailure.Reason.OUT_OF_MEMORY,
                                            "The plugin ran out of memory: it asked the host for " + args[0]
                                                    + " bytes with " + used / 1024 + " KiB in use, and its cap is "
                                                    + kernelCap / 1024 + " KiB");
                                }
                                return h.apply(inst, args);
                            });
                        case "output_set" ->
                            new HostFunction(f.module(), f.name(), f.functionType(), (inst, args) -> {
                                if (args[1] > limits.maxOutputBytes()) {
                                    throw tooLarge(args[1], limits);
                                }
                                return h.apply(inst, args);
                            });
                        case "var_set" ->
                            new HostFunction(f.module(), f.name(), f.functionType(), (inst, args) -> {
                                if (args[1] != 0 && env.memory().length(args[1]) > limits.maxVarBytes()) {
                                    throw new WasmFailure(
                                            WasmFailure.Reason.OUT_OF_MEMORY,
                                            "The plugin set a variable larger than the cap of "
                                                    + limits.maxVarBytes() / 1024 + " KiB");
                                }
                                return h.apply(inst, args);
                            });
                        default -> f;
                    });
        }
        return out.toArray(HostFunction[]::new);
    }

    private static WasmFailure tooLarge(long size, WasmLimits limits) {
        return new WasmFailure(
                WasmFailure.Reason.OUTPUT_TOO_LARGE,
                "The plugin's output (" + size + " bytes) is larger than the cap of " + limits.maxOutputBytes() / 1024
                        + " KiB");
    }

    /** The names of the module's exported functions. */
    public static TreeSet<String> exports(WasmModule wasm) {
        TreeSet<String> names = new TreeSet<>();
        var section = wasm.exportSection();
        for (int i = 0; i < section.exportCount(); i++) {
            var e = section.getExport(i);
            if (e.exportType() == ExternalType.FUNCTION) {
                names.add(e.name());
            }
        }
        return names;
    }

    /** Checks that {@code function} is an Extism plugin function: exported, no parameters, an i32 result. */
    public void requireFunction(String function) {
        TreeSet<String> names = exports(instance.module());
        if (!names.contains(function)) {
            names.remove("_initialize");
            throw new WasmFailure(
                    WasmFailure.Reason.MISSING_EXPORT,
                    "The plugin exports no function '" + function + "'"
                            + (names.isEmpty() ? "" : "; it exports: " + String.join(", ", names)));
        }
        FunctionType type = instance.exportType(function);
        if (!type.params().isEmpty() || !type.returns().equals(List.of(ValType.I32))) {
            throw new WasmFailure(
                    WasmFailure.Reason.MISSING_EXPORT,
                    "The plugin's export '" + function + "' is not an Extism function: it must take no parameters"
                            + " and return an i32, it has " + type.params() + " -> " + type.returns());
        }
    }

    /**
     * Calls {@code function} with {@code input} and returns its output, within the limits.
     *
     * @throws WasmFailure for any failure; after anything but an error code returned by the plugin the
     *     session is {@link #broken()} and not used again
     */
    public byte[] call(String function, byte[] input, BooleanSupplier canceled) {
        if (broken) {
            throw new IllegalStateException("a plugin session that failed is not used again");
        }
        return run(function, input, canceled);
    }

    public boolean broken() {
        return broken;
    }

    private byte[] run(String function, byte[] input, BooleanSupplier canceled) {
        ExportFunction fn = instance.export(function);
        if (budget != null) {
            budget.reset();
        }
        Watchdog dog = Watchdog.watch(Thread.currentThread(), limits.timeout(), canceled);
        try {
            if (input != null) {
                env.setInput(input);
            }
            long[] rc = fn.apply();
            if (input == null) {
                return null;
            }
            if (rc == null || rc.length == 0 || rc[0] != 0) {
                throw new WasmFailure(
                        WasmFailure.Reason.PLUGIN_ERROR,
                        "The plugin's function '" + function + "' failed"
                                + (rc == null || rc.length == 0 ? "" : " (code " + rc[0] + ")") + ": " + errorText());
            }
            byte[] out = env.getOutput();
            if (out.length > limits.maxOutputBytes()) {
                throw tooLarge(out.length, limits);
            }
            return out;
        } catch (WasiExitException e) {
            broken = true; // proc_exit leaves the instance mid-call: a fresh one for the next item
            if (e.exitCode() == 0 && input != null) {
                return env.getOutput();
            }
            throw new WasmFailure(
                    WasmFailure.Reason.PLUGIN_ERROR,
                    "The plugin exited with code " + e.exitCode() + ": " + errorText());
        } catch (Throwable t) {
            WasmFailure f = translate(function, t, dog.end());
            // an error code is the plugin's own answer; anything else may have left it half-way
            broken = f.reason() != WasmFailure.Reason.PLUGIN_ERROR;
            throw f;
        } finally {
            dog.end();
        }
    }

    private String errorText() {
        try {
            String e = env.getError();
            return e == null || e.isEmpty() ? "(no error message)" : e;
        } catch (RuntimeException e) {
            return "(no error message)";
        }
    }

    private WasmFailure translate(String function, Throwable t, Watchdog.Verdict verdict) {
        if (verdict == Watchdog.Verdict.CANCELED) {
            return new WasmFailure(WasmFailure.Reason.TIMEOUT, "The plugin was stopped: the execution was canceled");
        }
        if (verdict == Watchdog.Verdict.TIMED_OUT) {
            return new WasmFailure(
                    WasmFailure.Reason.TIMEOUT,
                    "The plugin ran longer than its timeout of "
                            + limits.timeout().toMillis() + " ms and was stopped");
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof WasmFailure f) {
                return f;
            }
            if (c instanceof BudgetExceeded) {
                return new WasmFailure(
                        WasmFailure.Reason.BUDGET,
                        "The plugin used more than its instruction budget of " + limits.instructionBudget()
                                + " and was stopped");
            }
            if (c instanceof ChicoryInterruptedException) {
                return new WasmFailure(
                        WasmFailure.Reason.TIMEOUT,
                        "The plugin ran longer than its timeout of "
                                + limits.timeout().toMillis() + " ms and was stopped");
            }
            if (c instanceof ExtismHttpException) {
                return new WasmFailure(WasmFailure.Reason.HTTP, "The plugin's " + c.getMessage(), c);
            }
            if (c instanceof StackOverflowError) {
                return new WasmFailure(WasmFailure.Reason.TRAP, "The plugin trapped: call stack exhausted", c);
            }
        }
        if (t instanceof TrapException || t instanceof ChicoryException) {
            if (instance.memory() instanceof CappedMemory mem && mem.refused()) {
                return new WasmFailure(
                        WasmFailure.Reason.OUT_OF_MEMORY,
                        "The plugin ran out of memory: it asked to grow past its cap of " + limits.memoryPages()
                                + " pages (" + limits.memoryPages() / 16 + " MiB) and then trapped ("
                                + t.getMessage() + ")",
                        t);
            }
            return new WasmFailure(
                    WasmFailure.Reason.TRAP, "The plugin trapped in '" + function + "': " + t.getMessage(), t);
        }
        if (t instanceof OutOfMemoryError) {
            return new WasmFailure(WasmFailure.Reason.OUT_OF_MEMORY, "The plugin ran out of memory", t);
        }
        return new WasmFailure(WasmFailure.Reason.TRAP, "The plugin failed in '" + function + "': " + t, t);
    }

    /** Counts interpreted instructions and stops the call past the budget. */
    private static final class BudgetListener implements com.dylibso.chicory.runtime.ExecutionListener {
        private final long budget;
        private long used;

        BudgetListener(long budget) {
            this.budget = budget;
        }

        void reset() {
            used = 0;
        }

        @Override
        public void onExecution(
                com.dylibso.chicory.wasm.types.Instruction instruction, com.dylibso.chicory.runtime.MStack stack) {
            if (++used > budget) {
                throw new BudgetExceeded();
            }
        }
    }

    private static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super("instruction budget exceeded", null, false, false);
        }
    }

    /** Routes Extism's log host functions (and WASI's warnings) to the node's run log. */
    private record LogBridge(Consumer<String> sink, Level min) implements Logger {
        @Override
        public void log(Level level, String msg, Throwable throwable) {
            if (isLoggable(level)) {
                sink.accept("[" + level.getName().toLowerCase(java.util.Locale.ROOT) + "] " + msg);
            }
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= min.getSeverity();
        }
    }
}
