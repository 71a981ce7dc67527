package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A hook told of every parameter path a node reads (through {@link NodeContext} or a trigger's
 * {@link io.hetumind.core.spi.trigger.TriggerParams}). Tests install one to check that every
 * parameter a node reads is declared in its descriptor; nothing is installed in production,
 * where a read costs one volatile load.
 */
public final class ParameterReads {

    /** Receives each read: the node's type id as written, its version, all its raw parameters, the path. */
    @FunctionalInterface
    public interface Listener {
        void read(String nodeType, double version, JsonNode parameters, String path);
    }

    private static volatile Listener listener;

    private ParameterReads() {}

    /** Installs {@code l} until the returned handle is closed (one listener at a time). */
    public static synchronized AutoCloseable install(Listener l) {
        Listener previous = listener;
        listener = l;
        return () -> {
            synchronized (ParameterReads.class) {
                listener = previous;
            }
        };
    }

    /** Called by readers of node parameters. */
    public static void record(String nodeType, double version, JsonNode parameters, String path) {
        Listener l = listener;
        if (l != null) {
            l.read(nodeType, version, parameters, path);
        }
    }
}
