package io.hetumind.cli;

import io.hetumind.core.spi.DescriptorJson;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hetumind nodes [TYPE]}: the node catalog, or one node's full descriptor as JSON. */
@Command(name = "nodes", mixinStandardHelpOptions = true, description = "List node types or show one descriptor.")
final class NodesCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "TYPE", arity = "0..1", description = "Type id or n8n alias")
    String type;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        NodeRegistry registry = NodeRegistry.load();
        if (type != null) {
            var found = registry.find(type);
            if (found.isEmpty()) {
                spec.commandLine().getErr().println("hetumind: unknown node type '" + type + "' (see: hetumind nodes)");
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
