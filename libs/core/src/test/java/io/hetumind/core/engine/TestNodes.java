package io.hetumind.core.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PortSpec;
import io.hetumind.core.spi.PropertySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Small node types for engine tests; the real library lives in libs/nodes. Public (in the core test-jar) so other
 * engine hosts, such as libs/executor-temporal, run the same corpus with the same nodes.
 */
public final class TestNodes {

    /** Executions per node name across a test, to prove nothing ran twice. */
    public static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    private TestNodes() {}

    public static NodeRegistry registry() {
        return NodeRegistry.of(List.of(
                new Trigger(),
                new Tag(),
                new Merge2(),
                new Flaky(),
                new Route(),
                new Loop(),
                new Sleep(),
                new Wait(),
                new Partial(),
                new Burn()));
    }

    public static int calls(String node) {
        AtomicInteger c = CALLS.get(node);
        return c == null ? 0 : c.get();
    }

    private static void count(NodeContext ctx) {
        CALLS.computeIfAbsent(ctx.node().name(), k -> new AtomicInteger()).incrementAndGet();
    }

    /** Emits its input (the trigger items). */
    static final class Trigger implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.trigger")
                    .displayName("Trigger")
                    .trigger()
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            count(ctx);
            return NodeResult.of(ctx.items());
        }
    }

    /** Appends its node name to a {@code path} array on each item. */
    static final class Tag implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.tag")
                    .displayName("Tag")
                    .property(PropertySpec.string("note"))
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            count(ctx);
            List<Item> out = new ArrayList<>();
            for (int i = 0; i < ctx.items().size(); i++) {
                ObjectNode json = ctx.items().get(i).json().deepCopy();
                if (!json.has("path")) {
                    json.putArray("path");
                }
                json.withArray("path").add(ctx.node().name());
                String note = ctx.param("note", i, String.class);
                if (note != null && !note.isEmpty()) {
                    json.put("note", note);
                }
                out.add(Item.of(json).withPairedItem(i));
            }
            return NodeResult.of(out);
        }
    }

    /** Two inputs, appended. */
    static final class Merge2 implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.merge")
                    .displayName("Merge")
                    .inputs(PortSpec.of("a", "A"), PortSpec.of("b", "B"))
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            count(ctx);
            List<Item> out = new ArrayList<>(ctx.input(0));
            out.addAll(ctx.input(1));
            return NodeResult.of(out);
        }
    }

    /** Fails the first {@code failures} tries (per node name), then passes items through. */
    public static final class Flaky implements NodeType {
        public static final Map<String, AtomicInteger> TRIES = new ConcurrentHashMap<>();

        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.flaky")
                    .displayName("Flaky")
                    .property(PropertySpec.number("failures").defaultValue(1))
                    .property(PropertySpec.bool("userError"))
                    .build();
        }

        public NodeResult execute(NodeContext ctx) throws Exception {
            count(ctx);
            int tries = TRIES.computeIfAbsent(ctx.node().name(), k -> new AtomicInteger())
                    .incrementAndGet();
            if (tries <= ctx.param("failures", Integer.class)) {
                if (ctx.param("userError", Boolean.class)) {
                    throw NodeException.user("bad value in item", 0);
                }
                throw new java.io.IOException("remote down (try " + tries + ")");
            }
            return NodeResult.of(ctx.items());
        }
    }

    /** Items with {@code ok: true} go to output 0, others to output 1. */
    static final class Route implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.route")
                    .displayName("Route")
                    .outputs(PortSpec.of("true", "True"), PortSpec.of("false", "False"))
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            count(ctx);
            List<Item> yes = new ArrayList<>();
            List<Item> no = new ArrayList<>();
            for (Item i : ctx.items()) {
                (i.json().path("ok").asBoolean() ? yes : no).add(i);
            }
            return NodeResult.ports(List.of(yes, no));
        }
    }

    /** Loop over items one at a time: output 0 done (all), output 1 loop (next item). */
    static final class Loop implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.loop")
                    .displayName("Loop")
                    .loop()
                    .outputs(PortSpec.of("done", "Done"), PortSpec.of("loop", "Loop"))
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            count(ctx);
            ObjectNode st = ctx.nodeState();
            if (!st.has("todo")) {
                st.set(
                        "todo",
                        Json.valueToTree(ctx.items().stream().map(Item::json).toList()));
                st.putArray("done");
            } else {
                ctx.items().forEach(i -> st.withArray("done").add(i.json()));
            }
            var todo = st.withArray("todo");
            if (todo.isEmpty()) {
                List<Item> all = new ArrayList<>();
                st.withArray("done").forEach(j -> all.add(Item.of((ObjectNode) j)));
                st.removeAll();
                return NodeResult.ports(List.of(all, List.of()));
            }
            ObjectNode next = (ObjectNode) todo.remove(0);
            return NodeResult.ports(List.of(List.of(), List.of(Item.of(next))));
        }
    }

    /** Sleeps {@code ms} (interruptibly), then passes items through. */
    static final class Sleep implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.sleep")
                    .displayName("Sleep")
                    .property(PropertySpec.number("ms").defaultValue(50))
                    .build();
        }

        public NodeResult execute(NodeContext ctx) throws InterruptedException {
            count(ctx);
            Thread.sleep(ctx.param("ms", Long.class));
            return NodeResult.of(ctx.items());
        }
    }

    /** Allocates {@code mb} megabytes and spins the CPU for {@code spinMs}, then passes its items through. */
    static final class Burn implements NodeType {
        static volatile Object sink;

        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.burn")
                    .displayName("Burn")
                    .property(PropertySpec.number("mb").defaultValue(0))
                    .property(PropertySpec.number("spinMs").defaultValue(0))
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            count(ctx);
            int mb = ctx.param("mb", Integer.class);
            for (int i = 0; i < mb; i++) {
                sink = new byte[1 << 20];
            }
            long until = System.nanoTime() + ctx.param("spinMs", Long.class) * 1_000_000;
            long x = 0;
            while (System.nanoTime() < until) {
                x += System.nanoTime() % 7;
            }
            sink = x;
            return NodeResult.of(ctx.items());
        }
    }

    /** Parks the execution for {@code ms} (-1: until resumed from outside). */
    static final class Wait implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.wait")
                    .displayName("Wait")
                    .property(PropertySpec.number("ms").defaultValue(-1))
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            count(ctx);
            long ms = ctx.param("ms", Long.class);
            return new NodeResult.Wait(ms < 0 ? null : Instant.now().plusMillis(ms), List.of(ctx.items()));
        }
    }

    /** Fails items without {@code ok: true} one by one when continuing on failure. */
    static final class Partial implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.partial")
                    .displayName("Partial")
                    .versions(1, 2)
                    .property(PropertySpec.string("legacyOnly")
                            .showWhen(PropertySpec.VERSION, 1)
                            .required())
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            count(ctx);
            List<Item> ok = new ArrayList<>();
            List<Item> errors = new ArrayList<>();
            for (int i = 0; i < ctx.items().size(); i++) {
                Item item = ctx.items().get(i);
                if (item.json().path("ok").asBoolean()) {
                    ok.add(item);
                } else if (ctx.continueOnFail()) {
                    errors.add(Item.of(Json.object().put("error", "item " + i + " is not ok"))
                            .withPairedItem(i));
                } else {
                    throw NodeException.user("item " + i + " is not ok", i);
                }
            }
            return NodeResult.withErrors(List.of(ok), errors);
        }
    }
}
