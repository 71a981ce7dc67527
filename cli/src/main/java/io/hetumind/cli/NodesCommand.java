package io.hetumind.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.DescriptorJson;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import io.hetumind.sdk.plugin.LoadedPlugin;
import io.hetumind.sdk.plugin.Plugins;
import io.hetumind.sdk.plugin.RefusedPlugin;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code hetumind nodes [TYPE]}: the node catalog (with the plugin each type comes from, and the plugins refused with
 * their reasons), or one node's full descriptor as JSON.
 */
final class NodesCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec("nodes", "List node types or show one descriptor.")
            .parameters("TYPE", "Type id or n8n alias", 0, 1, null);

    /** The descriptor JSON, with {@code plugin: name@version} for a plugin's node type. */
    static ObjectNode describe(NodeType t) {
        ObjectNode d = DescriptorJson.write(t.descriptor());
        Plugins.origin(t).ifPresent(p -> d.put("plugin", p));
        return d;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        String type = in.parameter("TYPE");
        var out = in.out();
        Plugins plugins = NodeCatalog.catalog();
        NodeRegistry registry = plugins.registry();
        if (type != null) {
            var found = registry.find(type);
            if (found.isEmpty()) {
                in.err().println("hetumind: unknown node type '" + type + "' (see: hetumind nodes)");
                return RunSupport.FAILED;
            }
            out.println(RunSupport.pretty(describe(found.get())));
            return RunSupport.OK;
        }
        out.printf("%-26s %-22s %-36s %-24s %s%n", "TYPE", "VERSIONS", "NAME", "PLUGIN", "DESCRIPTION");
        for (NodeType t : registry.all()) {
            NodeDescriptor d = t.descriptor();
            String versions = d.versions().stream()
                    .map(v -> v == Math.rint(v) ? String.valueOf(v.longValue()) : String.valueOf(v))
                    .collect(Collectors.joining(","));
            out.printf(
                    "%-26s %-22s %-36s %-24s %s%n",
                    d.type(), versions, d.displayName(), Plugins.origin(t).orElse("-"), d.description());
        }
        if (!plugins.loaded().isEmpty()) {
            out.println();
            out.println("Plugins (from " + NodeCatalog.pluginsDir() + "):");
            Map<String, String> health = plugins.health(Duration.ofSeconds(5));
            for (LoadedPlugin p : plugins.loaded()) {
                String problem = health.get(p.label());
                out.println("  " + p.label() + ": " + (problem == null ? "healthy" : "unhealthy: " + problem));
                out.println("    permissions: " + p.manifest().permissions().summary()
                        + (p.listeners().isEmpty() ? "" : "; " + p.listeners().size() + " execution listener(s)"));
            }
        }
        if (!plugins.refused().isEmpty()) {
            out.println();
            out.println("Refused plugins (from " + NodeCatalog.pluginsDir() + "):");
            for (RefusedPlugin r : plugins.refused()) {
                out.println("  " + r.message());
            }
        }
        out.flush();
        return RunSupport.OK;
    }
}
