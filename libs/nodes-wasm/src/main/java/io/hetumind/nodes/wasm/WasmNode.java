package io.hetumind.nodes.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.wasm.internal.ModuleCache;
import io.hetumind.nodes.wasm.internal.PluginSession;
import io.hetumind.nodes.wasm.internal.WasmFailure;
import io.hetumind.nodes.wasm.internal.WasmLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * WebAssembly (hetumind.wasm): calls a function of an Extism plugin once per item or once for all
 * items, on Chicory, inside the limits of {@link WasmLimits}. A plugin instance lives for one node
 * run (its variables carry from item to item) and is replaced after a trap or a limit.
 */
public final class WasmNode implements NodeType {

    public static final String TYPE = "hetumind.wasm";

    private static final NodeDescriptor DESCRIPTOR = WasmDescriptor.build();
    private static final int MAX_LOG_LINES = 1000;

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        NodePolicy.require(ctx, NodePolicy.Capability.CODE, "WebAssembly");
        Run run = new Run(ctx);
        try {
            return WasmDescriptor.ALL.equals(ctx.param("mode", 0, String.class, WasmDescriptor.EACH))
                    ? run.allItems()
                    : run.eachItem();
        } finally {
            run.sessions.clear();
        }
    }

    /** One node run: the plugin sessions by module hash and the settings read once. */
    private static final class Run {
        final NodeContext ctx;
        final Map<String, PluginSession> sessions = new HashMap<>();
        final Map<Object, ModuleCache.Prepared> modules = new HashMap<>();
        final WasmItems codec;
        final WasmLimits limits;
        final List<String> hosts;
        final String function;
        final boolean wasi;
        int logLines;

        Run(NodeContext ctx) {
            this.ctx = ctx;
            this.codec = new WasmItems(ctx);
            this.limits = limits(ctx);
            this.hosts = hosts(ctx.param("options.allowedHosts", 0, String.class, ""));
            this.function = ctx.param("function", 0, String.class, "run").strip();
            this.wasi = ctx.param("options.wasi", 0, Boolean.class, false);
            if (function.isEmpty()) {
                throw NodeException.user("parameter 'function': name the plugin function to call");
            }
        }

        NodeResult eachItem() {
            List<Item> out = new ArrayList<>();
            List<Item> errors = new ArrayList<>();
            List<Item> items = ctx.items();
            for (int i = 0; i < items.size(); i++) {
                if (ctx.canceled()) {
                    break;
                }
                try {
                    Item item = items.get(i);
                    byte[] output = call(item, codec.input(item, i), i);
                    out.addAll(codec.output(item, output, i, false));
                } catch (NodeException e) {
                    if (!ctx.continueOnFail()) {
                        throw e;
                    }
                    errors.add(
                            Item.of(Json.object().put("error", e.getMessage())).withPairedItem(i));
                }
            }
            return NodeResult.withErrors(List.of(out), errors);
        }

        NodeResult allItems() {
            List<Item> items = ctx.items();
            Item first = items.isEmpty() ? Item.empty() : items.get(0);
            try {
                ArrayNode all = Json.array();
                String mode = ctx.param("inputMode", 0, String.class, "json");
                for (int i = 0; i < items.size(); i++) {
                    switch (mode) {
                        case "json" -> all.add(items.get(i).json());
                        case "field" -> all.add(codec.field(items.get(i), i));
                        default ->
                            throw NodeException.user(
                                    "parameter 'inputMode': '" + mode + "' works only when running once for each item");
                    }
                }
                byte[] output = call(first, Json.write(all).getBytes(StandardCharsets.UTF_8), -1);
                return NodeResult.of(codec.output(first, output, -1, true));
            } catch (NodeException e) {
                if (!ctx.continueOnFail()) {
                    throw e;
                }
                return NodeResult.withErrors(
                        List.of(List.of()), List.of(Item.of(Json.object().put("error", e.getMessage()))));
            }
        }

        byte[] call(Item item, byte[] input, int i) {
            try {
                ModuleCache.Prepared prepared = prepared(item, i);
                if (input.length > (long) limits.memoryPages() * WasmLimits.PAGE) {
                    throw new WasmFailure(
                            WasmFailure.Reason.OUT_OF_MEMORY,
                            "The input (" + input.length + " bytes) is larger than the plugin's memory cap");
                }
                PluginSession s = sessions.get(prepared.sha256());
                if (s == null || s.broken()) {
                    s = PluginSession.open(prepared, limits, config(i), hosts, policy(), wasi, this::log);
                    s.requireFunction(function);
                    sessions.put(prepared.sha256(), s);
                }
                return s.call(function, input, ctx::canceled);
            } catch (WasmFailure e) {
                throw new NodeException(ErrorKind.USER, e.getMessage() + where(i), i, null, e);
            }
        }

        /** The item's module, decoded and hashed once per distinct base64 text or binary reference in the run. */
        private ModuleCache.Prepared prepared(Item item, int i) {
            boolean binary = "binary".equals(ctx.param("moduleSource", 0, String.class, "parameter"));
            String prop = binary ? ctx.param("moduleBinaryProperty", 0, String.class, "data") : null;
            Object key = binary ? item.binary().get(prop) : ctx.param("module", Math.max(i, 0), String.class, "");
            ModuleCache.Prepared p = key == null ? null : modules.get(key);
            if (p == null) {
                byte[] bytes = binary ? codec.binary(item, prop, "moduleBinaryProperty", i) : decode((String) key, i);
                p = ModuleCache.shared().get(bytes);
                modules.put(key, p);
            }
            return p;
        }

        private static byte[] decode(String text, int i) {
            String b64 = text.replaceAll("\\s+", "");
            if (b64.isEmpty()) {
                throw NodeException.user("parameter 'module': paste the plugin's .wasm file base64-encoded", i);
            }
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw NodeException.user("parameter 'module': not valid base64 (" + e.getMessage() + ")", i);
            }
        }

        private Map<String, String> config(int i) {
            Map<String, String> out = new LinkedHashMap<>();
            JsonNode tree = ctx.paramTree("config", Math.max(i, 0));
            JsonNode values = tree == null ? null : tree.get("values");
            if (values != null) {
                for (JsonNode v : values.isArray() ? values : Json.array().add(values)) {
                    String name = v.path("name").asText("");
                    if (!name.isEmpty()) {
                        out.put(
                                name,
                                v.path("value").isTextual() ? v.path("value").asText() : Json.write(v.path("value")));
                    }
                }
            }
            return out;
        }

        private NetworkPolicy policy() {
            return ctx.service(NetworkPolicy.class).orElse(NetworkPolicy.allowAll());
        }

        private void log(String line) {
            if (logLines++ < MAX_LOG_LINES) {
                ctx.log("[wasm] " + line);
            } else if (logLines == MAX_LOG_LINES + 1) {
                ctx.log("[wasm] (further plugin log lines dropped)");
            }
        }

        private static String where(int i) {
            return i >= 0 ? " [item " + i + "]" : "";
        }

        private static WasmLimits limits(NodeContext ctx) {
            WasmLimits d = WasmLimits.defaults();
            String runtime = ctx.param("options.runtime", 0, String.class, "interpreter");
            if (!runtime.equals("interpreter") && !runtime.equals("compiled")) {
                throw NodeException.user("parameter 'options.runtime': expected interpreter or compiled");
            }
            long timeout =
                    ctx.param("options.timeout", 0, Long.class, d.timeout().toMillis());
            long budget = ctx.param("options.instructionBudget", 0, Long.class, 0L);
            long memMb = ctx.param("options.maxMemoryMb", 0, Long.class, (long) d.memoryPages() / 16);
            long outKb = ctx.param("options.maxOutputKb", 0, Long.class, (long) d.maxOutputBytes() / 1024);
            if (timeout < 1) {
                throw NodeException.user("parameter 'options.timeout': must be at least 1 ms");
            }
            if (budget < 0) {
                throw NodeException.user("parameter 'options.instructionBudget': must be 0 (none) or more");
            }
            if (memMb < 1 || memMb > 1024) {
                throw NodeException.user("parameter 'options.maxMemoryMb': must be 1 to 1024");
            }
            if (outKb < 1 || outKb > 256 * 1024) {
                throw NodeException.user("parameter 'options.maxOutputKb': must be 1 to 262144");
            }
            return new WasmLimits(
                    runtime.equals("compiled"),
                    Duration.ofMillis(timeout),
                    budget,
                    (int) memMb * 16,
                    (int) outKb * 1024,
                    d.maxVarBytes(),
                    d.maxHttpResponseBytes());
        }

        private static List<String> hosts(String text) {
            List<String> out = new ArrayList<>();
            for (String h : text.split(",")) {
                String host = h.strip().toLowerCase(java.util.Locale.ROOT);
                if (host.isEmpty()) {
                    continue;
                }
                if (host.indexOf('*', 1) >= 0 || host.contains("/") || host.contains(":")) {
                    throw NodeException.user("parameter 'options.allowedHosts': '" + h.strip()
                            + "' is not a host name or *.domain pattern");
                }
                out.add(host);
            }
            return out;
        }
    }

    @Override
    public Optional<NodePolicy.Capability> capability(Node node) {
        return Optional.of(NodePolicy.Capability.CODE);
    }
}
