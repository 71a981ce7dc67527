package io.hetumind.sdk.plugin;

import io.hetumind.core.spi.NodeType;
import java.nio.file.Path;
import java.util.List;

/** A plugin that was loaded: where it came from, what it declares and the node types it added. */
public record LoadedPlugin(Path jar, PluginManifest manifest, List<NodeType> nodeTypes) {

    public LoadedPlugin {
        nodeTypes = List.copyOf(nodeTypes);
    }

    public String label() {
        return manifest.label();
    }
}
