package io.hetumind.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workflow definition in the n8n-shaped format: nodes, connections keyed by source node
 * name, settings and optional pinned data.
 */
public record Workflow(
        String id,
        String name,
        int version,
        List<Node> nodes,
        Connections connections,
        WorkflowSettings settings,
        Map<String, List<Item>> pinData) {

    public Workflow {
        name = name == null ? "" : name;
        nodes = List.copyOf(nodes == null ? List.of() : nodes);
        connections = connections == null ? Connections.EMPTY : connections;
        settings = settings == null ? WorkflowSettings.DEFAULT : settings;
        pinData = pinData == null ? Map.of() : Maps.ordered(pinData);
    }

    /** The node with this name, if any. Linear: hot paths use the engine's compiled graph. */
    public Optional<Node> node(String nodeName) {
        for (Node n : nodes) {
            if (n.name().equals(nodeName)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    public Workflow withNodes(List<Node> newNodes) {
        return new Workflow(id, name, version, newNodes, connections, settings, pinData);
    }

    public Workflow withConnections(Connections newConnections) {
        return new Workflow(id, name, version, nodes, newConnections, settings, pinData);
    }

    public Workflow withPinData(Map<String, List<Item>> newPinData) {
        return new Workflow(id, name, version, nodes, connections, settings, newPinData);
    }

    public Workflow withId(String newId) {
        return new Workflow(newId, name, version, nodes, connections, settings, pinData);
    }
}
