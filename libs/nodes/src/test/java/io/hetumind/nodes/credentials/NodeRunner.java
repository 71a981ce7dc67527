package io.hetumind.nodes.credentials;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.model.Connections;
import io.hetumind.core.model.CredentialRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.OnError;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.model.WorkflowSettings;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.trigger.ManualTriggerNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one node after a Manual Trigger through the real engine, with credentials (test input data)
 * and host services such as a binary store: what {@code NodeHarness} does, plus those.
 */
public final class NodeRunner {

    private final NodeType type;
    private final Map<String, ObjectNode> credentialData = new HashMap<>();
    private final Map<String, String> credentialTypes = new HashMap<>();
    private final Map<String, CredentialRef> refs = new HashMap<>();
    private final Engine.Builder engine = Engine.builder();
    private OnError onError = OnError.STOP;

    public NodeRunner(NodeType type) {
        this.type = type;
    }

    /** Assigns a credential of {@code credentialType} with this decrypted data to the node. */
    public NodeRunner credential(String credentialType, ObjectNode data) {
        String id = "cred-" + credentialType;
        credentialData.put(id, data);
        credentialTypes.put(id, credentialType);
        refs.put(credentialType, new CredentialRef(id, credentialType + " account"));
        return this;
    }

    public <T> NodeRunner service(Class<T> serviceType, T value) {
        engine.service(serviceType, value);
        return this;
    }

    public NodeRunner binaryStore(BinaryStore store) {
        return service(BinaryStore.class, store);
    }

    public NodeRunner onError(OnError value) {
        this.onError = value;
        return this;
    }

    /** Runs the node (named "Node") with {@code params} on {@code input} items (one empty item if null). */
    public ExecutionResult run(double version, ObjectNode params, List<Item> input) {
        Node node = new Node(
                "Node",
                "Node",
                type.descriptor().type(),
                version,
                null,
                params,
                refs,
                null,
                onError,
                false,
                false,
                false,
                null);
        Engine e = engine.registry(NodeRegistry.of(List.of(new ManualTriggerNode(), type)))
                .expressions(NodeTests.expressions())
                .credentials(new MapCredentialResolver(Map.copyOf(credentialData), Map.copyOf(credentialTypes)))
                .build();
        Workflow wf = new Workflow(
                "test",
                "test",
                1,
                List.of(Node.of("Trigger", new ManualTriggerNode().descriptor().type(), 1, null), node),
                Connections.builder().connect("Trigger", 0, "Node", 0).build(),
                new WorkflowSettings(0, null, "UTC", 0, "v1"),
                null);
        List<Item> items = input == null ? List.of(Item.empty()) : input;
        return e.run(e.prepare(wf), RunRequest.defaults().sequential().withInput(items));
    }

    public ExecutionResult run(double version, String params) {
        return run(version, NodeTests.json(params), null);
    }
}
