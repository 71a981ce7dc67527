package io.hetumind.nodes.recovery;

import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.NodeTests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The standard node library with every node type counting its runs, plus {@code test.flaky}: a
 * stand-in for a remote service that fails its first call ever (the "world" remembers calls
 * across a crash, as a real service would).
 */
final class CountingNodes {

    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private static final AtomicInteger WORLD = new AtomicInteger();
    private static final AtomicInteger RESPONSES = new AtomicInteger();
    private static final NodeRegistry REGISTRY = counting(NodeRegistry.load());

    private CountingNodes() {}

    static Engine engine(Checkpointer store) {
        return Engine.builder()
                .registry(REGISTRY)
                .expressions(NodeTests.expressions())
                .checkpointer(store)
                .snapshotEvery(0)
                .build();
    }

    /** Forgets the counts; the flaky service has already seen {@code remoteCalls} calls. */
    static void reset(int remoteCalls) {
        CALLS.clear();
        WORLD.set(remoteCalls);
        RESPONSES.set(0);
    }

    static Map<String, Integer> calls() {
        Map<String, Integer> out = new java.util.HashMap<>();
        CALLS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    static void responded() {
        RESPONSES.incrementAndGet();
    }

    private static NodeRegistry counting(NodeRegistry registry) {
        List<NodeType> types = new ArrayList<>();
        for (NodeType t : registry.all()) {
            types.add(new Counting(t));
        }
        types.add(new Counting(new Flaky()));
        return NodeRegistry.of(types);
    }

    private record Counting(NodeType delegate) implements NodeType {
        @Override
        public NodeDescriptor descriptor() {
            return delegate.descriptor();
        }

        @Override
        public List<io.hetumind.core.spi.PortSpec> outputs(io.hetumind.core.model.Node node) {
            return delegate.outputs(node);
        }

        @Override
        public List<io.hetumind.core.spi.PortSpec> inputs(io.hetumind.core.model.Node node) {
            return delegate.inputs(node);
        }

        @Override
        public Map<String, io.hetumind.core.spi.OptionLoader> optionLoaders() {
            return delegate.optionLoaders();
        }

        @Override
        public boolean replaySafe(io.hetumind.core.model.Node node) {
            return delegate.replaySafe(node);
        }

        @Override
        public NodeResult execute(NodeContext ctx) throws Exception {
            CALLS.computeIfAbsent(ctx.node().name(), k -> new AtomicInteger()).incrementAndGet();
            return delegate.execute(ctx);
        }
    }

    /** Fails the first call the "remote service" ever gets, then echoes its input with {@code remote: true}. */
    static final class Flaky implements NodeType {
        private static final NodeDescriptor DESCRIPTOR =
                NodeDescriptor.builder("test.flaky").displayName("Flaky remote").build();

        @Override
        public NodeDescriptor descriptor() {
            return DESCRIPTOR;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
            if (WORLD.getAndIncrement() == 0) {
                throw NodeException.operational("the remote service is unavailable", null);
            }
            List<Item> out = new ArrayList<>();
            for (Item item : ctx.items()) {
                out.add(Item.of(item.json().deepCopy().put("remote", true)));
            }
            return NodeResult.of(out);
        }
    }
}
