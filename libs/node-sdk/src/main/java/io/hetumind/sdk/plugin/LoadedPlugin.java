package io.hetumind.sdk.plugin;

import io.hetumind.core.engine.ExecutionListener;
import io.hetumind.core.spi.NodeType;
import io.hetumind.sdk.PluginLifecycle;
import java.nio.file.Path;
import java.util.List;

/**
 * A plugin that was loaded: where it came from, what it declares, the node types it added, its lifecycle hooks (null
 * when it declares none) and its execution listeners (each behind its own queue and thread, as hosts register them).
 */
public record LoadedPlugin(
        Path jar,
        PluginManifest manifest,
        List<NodeType> nodeTypes,
        PluginLifecycle lifecycle,
        PluginClassLoader loader,
        List<ExecutionListener> listeners) {

    public LoadedPlugin {
        nodeTypes = List.copyOf(nodeTypes);
        listeners = List.copyOf(listeners);
    }

    public String label() {
        return manifest.label();
    }
}
