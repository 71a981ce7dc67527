package io.hetumind.nodes.protocols;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.expr.ExpressionEngine;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Connections;
import io.hetumind.core.model.CredentialRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.OnError;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.model.WorkflowSettings;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.trigger.ManualTriggerNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Runs one protocol node (named "Node") after a Manual Trigger through the real engine, with a file
 * binary store, credentials given as test data and host services such as a network policy.
 */
public final class ProtocolHarness {

    public static final BinaryStore STORE;

    static {
        try {
            STORE = new FileBinaryStore(Files.createTempDirectory("protocol-test-binaries"), 64L << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final NodeType type;
    private final Map<String, ObjectNode> credentials = new HashMap<>();
    private final Engine.Builder engine = Engine.builder().service(BinaryStore.class, STORE);
    private OnError onError = OnError.STOP;

    public ProtocolHarness(NodeType type) {
        this.type = type;
    }

    public ProtocolHarness credential(String credentialType, ObjectNode data) {
        credentials.put(credentialType, data);
        return this;
    }

    public <T> ProtocolHarness service(Class<T> serviceType, T value) {
        engine.service(serviceType, value);
        return this;
    }

    public ProtocolHarness onError(OnError value) {
        onError = value;
        return this;
    }

    public ExecutionResult run(double version, ObjectNode params, List<Item> input) {
        Map<String, CredentialRef> refs = new HashMap<>();
        credentials.keySet().forEach(t -> refs.put(t, new CredentialRef("cred-" + t, t + " account")));
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
        CredentialResolver resolver = (ref, credentialType) -> ref.id().equals("cred-" + credentialType)
                ? Optional.ofNullable(credentials.get(credentialType)).map(ObjectNode::deepCopy)
                : Optional.empty();
        Engine e = engine.registry(NodeRegistry.of(List.of(new ManualTriggerNode(), type)))
                .expressions(
                        ServiceLoader.load(ExpressionEngine.class).findFirst().orElse(null))
                .credentials(resolver)
                .build();
        Workflow wf = new Workflow(
                "test",
                "test",
                1,
                List.of(Node.of("Trigger", new ManualTriggerNode().descriptor().type(), 1, null), node),
                Connections.builder().connect("Trigger", 0, "Node", 0).build(),
                new WorkflowSettings(0, null, "UTC", 0, "v1"),
                null);
        return e.run(
                e.prepare(wf),
                RunRequest.defaults().sequential().withInput(input == null ? List.of(Item.empty()) : input));
    }

    public ExecutionResult run(double version, String params, List<Item> input) {
        return run(version, json(params), input);
    }

    /** Parses JSON written with single quotes. */
    public static ObjectNode json(String text) {
        return (ObjectNode) Json.parse(text.replace('\'', '"'));
    }

    /** Stores {@code data} as a binary attachment of a test item. */
    public static BinaryRef file(String fileName, String mimeType, byte[] data) {
        try {
            return STORE.put("input", new ByteArrayInputStream(data), mimeType, fileName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(BinaryRef ref) {
        try {
            return STORE.read(ref);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Item> output(ExecutionResult r) {
        if (r.status() != ExecutionStatus.SUCCESS) {
            throw new AssertionError("run failed: " + r.state().error());
        }
        return r.output("Node", 0);
    }

    public static String error(ExecutionResult r) {
        if (r.status() != ExecutionStatus.ERROR) {
            throw new AssertionError("expected an error, got " + r.status() + ": " + r.output("Node", 0));
        }
        return r.state().error().message();
    }

    public static Path tempDir() throws IOException {
        return Files.createTempDirectory("protocol-test");
    }
}
