package io.hetumind.cli;

import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionListener;
import io.hetumind.core.spi.NodeRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the CLI's engine: the standard nodes, an allow-listed environment, a checkpointer. */
final class Engines {

    private Engines() {}

    static Engine create(Checkpointer checkpointer, ExecutionListener listener) {
        Engine.Builder b = Engine.builder()
                .registry(NodeRegistry.load())
                .checkpointer(checkpointer)
                .env(allowedEnv());
        if (listener != null) {
            b.listener(listener);
        }
        return b.build();
    }

    /** Only variables named in {@code HETUMIND_ENV_ALLOW} (comma-separated) reach {@code $env}. */
    static Map<String, String> allowedEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        String allow = System.getenv("HETUMIND_ENV_ALLOW");
        if (allow != null) {
            for (String name : allow.split(",")) {
                String v = System.getenv(name.trim());
                if (v != null) {
                    env.put(name.trim(), v);
                }
            }
        }
        return env;
    }
}
