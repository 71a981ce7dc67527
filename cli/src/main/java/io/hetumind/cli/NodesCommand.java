package io.hetumind.cli;

import io.hetumind.core.spi.DescriptorJson;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import java.util.stream.Collectors;

/** {@code hetumind nodes [TYPE]}: the node catalog, or one node's full descriptor as JSON. */
final class NodesCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec("nodes", "List node types or show one descriptor.")
            .parameters("TYPE", "Type id or n8n alias", 0, 1, null);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        String type = in.parameter("TYPE");
        var out = in.out();
        NodeRegistry registry = NodeCatalog.registry();
        if (type != null) {
            var found = registry.find(type);
            if (found.isEmpty()) {
                in.err().println("hetumind: unknown node type '" + type + "' (see: hetumind nodes)");
                return RunSupport.FAILED;
            }
            out.println(RunSupport.pretty(DescriptorJson.write(found.get().descriptor())));
            return RunSupport.OK;
        }
        out.printf("%-26s %-22s %-36s %s%n", "TYPE", "VERSIONS", "NAME", "DESCRIPTION");
        for (NodeType t : registry.all()) {
            NodeDescriptor d = t.descriptor();
            String versions = d.versions().stream()
                    .map(v -> v == Math.rint(v) ? String.valueOf(v.longValue()) : String.valueOf(v))
                    .collect(Collectors.joining(","));
            out.printf("%-26s %-22s %-36s %s%n", d.type(), versions, d.displayName(), d.description());
        }
        out.flush();
        return RunSupport.OK;
    }
}
