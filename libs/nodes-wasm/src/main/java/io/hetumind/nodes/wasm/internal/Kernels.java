package io.hetumind.nodes.wasm.internal;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.util.function.Function;
import org.extism.sdk.chicory.Kernel;

/**
 * Extism's kernel (the SDK's extism-runtime.wasm: input, output, allocation, errors), with its machine
 * compiled to JVM bytecode once per process. A plugin reads its input a byte or eight at a time
 * through kernel calls, so the kernel's speed is part of every call's (compiled: 23 instead of 35 µs
 * CPU for a 64-byte echo in bench figures). The SDK builds compiled
 * kernels only behind a package-private constructor; this reaches it by reflection and falls back to
 * the SDK's public, interpreted kernel when that fails (another SDK version, a native image).
 */
final class Kernels {

    private static final Constructor<Kernel> COMPILED_CTOR = compiledConstructor();
    private static volatile Function<Instance, Machine> machine;

    private Kernels() {}

    static Kernel create() {
        if (COMPILED_CTOR != null) {
            try {
                return COMPILED_CTOR.newInstance(machine());
            } catch (ReflectiveOperationException | IOException | RuntimeException e) {
                // fall through to the interpreted kernel
            }
        }
        return new Kernel();
    }

    private static Function<Instance, Machine> machine() throws IOException {
        Function<Instance, Machine> m = machine;
        if (m == null) {
            synchronized (Kernels.class) {
                m = machine;
                if (m == null) {
                    try (InputStream in = Kernel.class.getClassLoader().getResourceAsStream("extism-runtime.wasm")) {
                        if (in == null) {
                            throw new IOException("extism-runtime.wasm is not on the class path");
                        }
                        m = MachineFactoryCompiler.compile(Parser.parse(in));
                    }
                    machine = m;
                }
            }
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Constructor<Kernel> compiledConstructor() {
        if (System.getProperty("org.graalvm.nativeimage.imagecode") != null) {
            return null;
        }
        try {
            Constructor<Kernel> c = Kernel.class.getDeclaredConstructor(Function.class);
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
