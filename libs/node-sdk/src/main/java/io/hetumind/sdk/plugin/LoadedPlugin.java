package io.hetumind.sdk.plugin;

import io.hetumind.core.spi.NodeType;
import io.hetumind.sdk.PluginLifecycle;
import java.nio.file.Path;
import java.util.List;

/**
 * A plugin that was loaded: where it came from, what it declares, the node types it added and its lifecycle hooks
 * (null when it declares none).
 */
public record LoadedPlugin(
        Path jar,
        PluginManifest manifest,
        List<NodeType> nodeTypes,
        PluginLifecycle lifecycle,
        PluginClassLoader loader) {

    public LoadedPlugin {
        nodeTypes = List.copyOf(nodeTypes);
    }

    public String label() {
        return manifest.label();
    }
}
