package io.hetumind.nodes.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionHandle;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.expr.ExpressionEngine;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Connections;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.OnError;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.model.WorkflowSettings;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Runs the WebAssembly node through the real engine after a feed trigger that emits the given items
 * (JSON, and binary properties given as base64 under {@code $binary}), with a file binary store.
 */
final class WasmHarness {

    static final Path STORE_DIR;

    static {
        try {
            STORE_DIR = Files.createTempDirectory("wasm-test-binaries");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final BinaryStore STORE = new FileBinaryStore(STORE_DIR, 64L << 20);

    private WasmHarness() {}

    /** The bytes of a test plugin compiled from src/test/wat during the build. */
    static byte[] plugin(String name) {
        try (InputStream in = WasmHarness.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalStateException("test plugin " + name + ".wasm was not built (see build-wat.sh)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String base64(String plugin) {
        return Base64.getEncoder().encodeToString(plugin(plugin));
    }

    static ExecutionResult run(
            ObjectNode params, OnError onError, List<ObjectNode> items, Map<Class<?>, Object> services) {
        Engine engine = engine(services);
        return engine.run(
                engine.prepare(workflow(params, onError, items)),
                RunRequest.defaults().sequential().withMode("test"));
    }

    /** Starts the run on a virtual thread, as the studio does, and returns its handle. */
    static ExecutionHandle start(ObjectNode params, List<ObjectNode> items) {
        Engine engine = engine(Map.of());
        return engine.start(engine.prepare(workflow(params, OnError.STOP, items)), RunRequest.defaults());
    }

    private static Engine engine(Map<Class<?>, Object> services) {
        Engine.Builder b = Engine.builder()
                .registry(NodeRegistry.of(List.of(new Feed(), new WasmNode())))
                .expressions(
                        ServiceLoader.load(ExpressionEngine.class).findFirst().orElse(null))
                .service(BinaryStore.class, STORE);
        services.forEach((type, value) -> register(b, type, value));
        return b.build();
    }

    private static Workflow workflow(ObjectNode params, OnError onError, List<ObjectNode> items) {
        ObjectNode feed = Json.object();
        feed.set("items", Json.valueToTree(items));
        Node wasm = Node.of("Node", WasmNode.TYPE, 1, params).withOnError(onError);
        return new Workflow(
                "wasm",
                "wasm",
                1,
                List.of(Node.of("Feed", "test.feed", 1, feed), wasm),
                Connections.builder().connect("Feed", 0, "Node", 0).build(),
                new WorkflowSettings(0, null, "UTC", 0, "v1"),
                null);
    }

    @SuppressWarnings("unchecked")
    private static <T> void register(Engine.Builder b, Class<T> type, Object value) {
        b.service(type, (T) value);
    }

    static ExecutionResult run(ObjectNode params, List<ObjectNode> items) {
        return run(params, OnError.STOP, items, Map.of());
    }

    /** Emits the configured items; {@code $binary: {prop: base64}} becomes stored binary data. */
    private static final class Feed implements NodeType {
        @Override
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.feed")
                    .displayName("Feed")
                    .trigger()
                    .build();
        }

        @Override
        public NodeResult execute(NodeContext ctx) throws IOException {
            List<Item> out = new ArrayList<>();
            for (JsonNode j : ctx.rawParam("items")) {
                ObjectNode json = ((ObjectNode) j).deepCopy();
                JsonNode bin = json.remove("$binary");
                Map<String, BinaryRef> binary = new java.util.LinkedHashMap<>();
                if (bin != null) {
                    for (var e : bin.properties()) {
                        byte[] bytes = Base64.getDecoder().decode(e.getValue().asText());
                        binary.put(
                                e.getKey(),
                                STORE.put(
                                        ctx.executionId(),
                                        new ByteArrayInputStream(bytes),
                                        "application/octet-stream",
                                        e.getKey()));
                    }
                }
                out.add(new Item(json, binary, null));
            }
            return NodeResult.of(out);
        }
    }
}
