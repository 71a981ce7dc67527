package io.hetumind.sdk.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What one {@link LivePlugins#reload} changed: the plugins it loaded (new, or a new version of one it replaced), those
 * it unloaded (removed or replaced; each is destroyed once no run holds it any more), those it kept as they were, and
 * the jars it refused this time, each with the version that stays in service instead, if any.
 */
public record PluginReload(
        List<Loaded> loaded, List<Unloaded> unloaded, List<LoadedPlugin> kept, List<Refused> refused) {

    public PluginReload {
        loaded = List.copyOf(loaded);
        unloaded = List.copyOf(unloaded);
        kept = List.copyOf(kept);
        refused = List.copyOf(refused);
    }

    /** True when the reload found nothing to load, unload or refuse: nothing was created, initialised or destroyed. */
    public boolean nothingChanged() {
        return loaded.isEmpty() && unloaded.isEmpty() && refused.isEmpty();
    }

    /**
     * A plugin this reload loaded.
     *
     * @param replaces {@code name@version} of the plugin it took the place of, null for a new plugin
     */
    public record Loaded(LoadedPlugin plugin, String replaces) {}

    /**
     * A plugin this reload took out of service: its node types are no longer found and its listeners hear no more
     * events; runs that started on it finish on it.
     *
     * @param replacedBy {@code name@version} of its new version, null when its jar was removed
     * @param runsInFlight runs that still held it when it was unloaded; it is destroyed when the last one ends
     * @param destroyed completes after its {@code destroy}, the leaked-thread check and the closing of its class
     *     loader, with what went wrong there (one line each; empty when nothing did)
     */
    public record Unloaded(
            LoadedPlugin plugin, String replacedBy, int runsInFlight, CompletableFuture<List<String>> destroyed) {}

    /**
     * A jar this reload tried and refused.
     *
     * @param stillServing {@code name@version} of the version that stays in service instead, null when none does
     */
    public record Refused(RefusedPlugin refusal, String stillServing) {

        public Path jar() {
            return refusal.jar();
        }
    }
}
