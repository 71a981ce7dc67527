package io.hetumind.sdk;

import java.util.Map;

/**
 * Optional hooks of a node plugin, declared like node types: one implementation named in
 * {@code META-INF/services/io.hetumind.sdk.PluginLifecycle}. The host calls {@link #init} once when it loads the
 * plugin (before any of its nodes runs), {@link #health} when asked for the plugin's state, and {@link #destroy} when
 * it shuts down. A plugin whose {@code init} throws or does not return in time is refused.
 */
public interface PluginLifecycle {

    /**
     * Sets the plugin up with its configuration: the {@code NAME.properties} file beside the jar in the plugins
     * directory (empty when there is none).
     */
    default void init(Map<String, String> config) throws Exception {}

    /** Null when the plugin is healthy, else what is wrong ("licence server unreachable"). */
    default String health() {
        return null;
    }

    /** Releases what {@link #init} acquired (threads, connections); the plugin's nodes do not run afterwards. */
    default void destroy() throws Exception {}
}
