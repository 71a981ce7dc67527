package io.hetumind.nodes;

import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodePolicy.Capability;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.validate.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The nodes of a workflow that an instance's {@link NodePolicy} switches off, as validation problems
 * (code {@code node-disabled}), so a host can refuse or flag such a workflow when it is saved or
 * validated instead of only when it runs. The nodes themselves still check at run time; this is the
 * early warning. Disabled nodes are skipped (they never run).
 */
public final class NodePolicyCheck {

    /** Problem code of a node that the instance does not allow. */
    public static final String CODE = "node-disabled";

    private NodePolicyCheck() {}

    /** One problem per enabled node whose capability {@code policy} switches off. */
    public static List<Problem> problems(Workflow workflow, NodeRegistry registry, NodePolicy policy) {
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < workflow.nodes().size(); i++) {
            Node node = workflow.nodes().get(i);
            if (node.disabled()) {
                continue;
            }
            int index = i;
            required(node, registry)
                    .filter(c -> !policy.allows(c))
                    .ifPresent(c -> out.add(Problem.error(
                            CODE,
                            node.name(),
                            "$.nodes[" + index + "].type",
                            "this instance does not allow " + c.activity() + ", so this node cannot run here")));
        }
        return out;
    }

    /** What running {@code node} needs, if it needs anything the policy governs (its type says: {@code capability}). */
    static Optional<Capability> required(Node node, NodeRegistry registry) {
        return registry.find(node.type()).flatMap(t -> t.capability(node));
    }
}
