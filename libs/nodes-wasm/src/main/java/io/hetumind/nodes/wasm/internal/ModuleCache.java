package io.hetumind.nodes.wasm.internal;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Parsed (and, on demand, compiled) modules keyed by the SHA-256 of their bytes, so a workflow that
 * runs the same plugin again pays for parsing and bytecode generation once. Bounded (least recently
 * used out); instances are never cached, each run gets fresh ones.
 */
public final class ModuleCache {

    private static final ModuleCache SHARED = new ModuleCache(64);

    private final Map<String, Prepared> entries;

    public ModuleCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Prepared> eldest) {
                return size() > capacity;
            }
        };
    }

    public static ModuleCache shared() {
        return SHARED;
    }

    /** The prepared module for {@code bytes}, parsing it on first sight. */
    public Prepared get(byte[] bytes) {
        String key = sha256(bytes);
        synchronized (entries) {
            Prepared hit = entries.get(key);
            if (hit != null) {
                return hit;
            }
        }
        Prepared p = new Prepared(key, parse(bytes));
        synchronized (entries) {
            Prepared raced = entries.putIfAbsent(key, p);
            return raced == null ? p : raced;
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static WasmModule parse(byte[] bytes) {
        if (bytes.length < 8 || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm') {
            throw new WasmFailure(
                    WasmFailure.Reason.BAD_MODULE,
                    "The plugin is not a WebAssembly module (it does not start with the \\0asm header)");
        }
        try {
            return Parser.parse(bytes);
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new WasmFailure(
                    WasmFailure.Reason.BAD_MODULE,
                    "The plugin is not a valid WebAssembly module: " + e.getMessage(),
                    e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A parsed module and, once asked for, its machine compiled to JVM bytecode. */
    public static final class Prepared {
        private final String sha256;
        private final WasmModule module;
        private volatile Function<Instance, Machine> compiled;

        Prepared(String sha256, WasmModule module) {
            this.sha256 = sha256;
            this.module = module;
        }

        public String sha256() {
            return sha256;
        }

        public WasmModule module() {
            return module;
        }

        /** The compiled machine factory; compiles on first call (functions too large fall back to the interpreter). */
        public Function<Instance, Machine> compiled() {
            Function<Instance, Machine> f = compiled;
            if (f == null) {
                synchronized (this) {
                    f = compiled;
                    if (f == null) {
                        try {
                            f = MachineFactoryCompiler.builder(module)
                                    .withInterpreterFallback(InterpreterFallback.SILENT)
                                    .compile();
                        } catch (ChicoryException | IllegalArgumentException e) {
                            throw new WasmFailure(
                                    WasmFailure.Reason.BAD_MODULE,
                                    "The plugin could not be compiled to JVM bytecode: " + e.getMessage(),
                                    e);
                        }
                        compiled = f;
                    }
                }
            }
            return f;
        }
    }
}
