package io.hetumind.nodes.command;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Execute Command (n8n executeCommand v1): runs a shell command on the host ({@code /bin/sh -c}, in
 * the process's working directory) once, or once per item, and emits {@code exitCode}, {@code stdout}
 * and {@code stderr} (trimmed). A non-zero exit fails the item with n8n's "Command failed: …". Governed
 * by {@link NodePolicy.Capability#EXECUTE_COMMAND}: a multi-tenant host switches it off.
 */
public final class ExecuteCommandNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.executeCommand")
            .versions(1)
            .displayName("Execute Command")
            .description("Executes a command on the host")
            .group(NodeGroup.UTILITY)
            .icon("terminal")
            .alias("n8n-nodes-base.executeCommand")
            .property(PropertySpec.bool("executeOnce")
                    .displayName("Execute Once")
                    .description("Whether to execute only once instead of once for each entry")
                    .defaultValue(true))
            .property(PropertySpec.string("command")
                    .displayName("Command")
                    .description("The command to execute")
                    .placeholder("echo 'test'")
                    .rows(5)
                    .defaultValue("")
                    .required())
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) throws InterruptedException {
        NodePolicy.require(ctx, NodePolicy.Capability.EXECUTE_COMMAND, "Execute Command");
        List<Item> items = ctx.items();
        int count = items.isEmpty() ? 0 : ctx.param("executeOnce", 0, Boolean.class, true) ? 1 : items.size();
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        for (int i = 0; i < count && !ctx.canceled(); i++) {
            try {
                String command = ctx.param("command", i, String.class, "");
                ShellRun.Result r = ShellRun.run(command, ctx::canceled);
                if (r.exitCode() != 0) {
                    throw NodeException.user("Command failed: " + command + "\n" + r.stderr(), i);
                }
                out.add(new Item(
                        Json.object()
                                .put("exitCode", r.exitCode())
                                .put("stderr", r.stderr())
                                .put("stdout", r.stdout()),
                        null,
                        new PairedItem(i, 0)));
            } catch (NodeException e) {
                if (!ctx.continueOnFail()) {
                    throw e;
                }
                errors.add(new Item(Json.object().put("error", e.getMessage()), null, new PairedItem(i, 0)));
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    @Override
    public Optional<NodePolicy.Capability> capability(Node node) {
        return Optional.of(NodePolicy.Capability.EXECUTE_COMMAND);
    }
}
