package io.hetumind.nodes.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Items to plugin input bytes and plugin output bytes to items, as the node's input and output modes say. */
final class WasmItems {

    private final NodeContext ctx;

    WasmItems(NodeContext ctx) {
        this.ctx = ctx;
    }

    byte[] input(Item item, int i) {
        return switch (ctx.param("inputMode", i, String.class, "json")) {
            case "json" -> Json.write(item.json()).getBytes(StandardCharsets.UTF_8);
            case "field" -> {
                JsonNode v = field(item, i);
                yield (v.isTextual() ? v.asText() : Json.write(v)).getBytes(StandardCharsets.UTF_8);
            }
            case "binary" ->
                binary(item, ctx.param("inputBinaryProperty", i, String.class, "data"), "inputBinaryProperty", i);
            default -> throw NodeException.user("parameter 'inputMode': expected json, field or binary", i);
        };
    }

    JsonNode field(Item item, int i) {
        String path = ctx.param("inputField", Math.max(i, 0), String.class, "");
        if (path.isBlank()) {
            throw NodeException.user("parameter 'inputField': name the field to pass to the plugin", i);
        }
        JsonNode v = item.json();
        for (String part : path.split("\\.")) {
            v = v == null ? null : v.get(part);
        }
        if (v == null || v.isMissingNode()) {
            throw NodeException.user("parameter 'inputField': the item has no field '" + path + "'" + where(i), i);
        }
        return v;
    }

    List<Item> output(Item item, byte[] output, int i, boolean all) {
        int at = Math.max(i, 0);
        switch (ctx.param("outputMode", at, String.class, "json")) {
            case "binary" -> {
                String prop = ctx.param("outputBinaryProperty", at, String.class, "data");
                Map<String, BinaryRef> binary = new LinkedHashMap<>(item.binary());
                binary.put(prop, store(output, i));
                return List.of(paired(new Item(item.json().deepCopy(), binary, null), i));
            }
            case "text" -> {
                ObjectNode json = all ? Json.object() : item.json().deepCopy();
                json.put(outputField(at), new String(output, StandardCharsets.UTF_8));
                return List.of(paired(new Item(json, all ? Map.of() : item.binary(), null), i));
            }
            default -> {
                JsonNode v;
                try {
                    v = Json.reader().readTree(output);
                } catch (IOException e) {
                    throw NodeException.user(
                            "The plugin's output is not JSON ("
                                    + e.getMessage().lines().findFirst().orElse("")
                                    + "); set Output to Text or Binary Data" + where(i),
                            i);
                }
                if (v != null && v.isObject()) {
                    return List.of(paired(Item.of((ObjectNode) v), i));
                }
                if (all && v != null && v.isArray()) {
                    List<Item> items = new ArrayList<>();
                    for (JsonNode e : v) {
                        items.add(
                                e.isObject()
                                        ? Item.of((ObjectNode) e)
                                        : Item.of(Json.object().set(outputField(at), e)));
                    }
                    return items;
                }
                ObjectNode json = Json.object();
                json.set(outputField(at), v == null ? Json.F.nullNode() : v);
                return List.of(paired(Item.of(json), i));
            }
        }
    }

    private String outputField(int i) {
        String f = ctx.param("outputField", i, String.class, "output");
        return f.isBlank() ? "output" : f;
    }

    private static Item paired(Item item, int i) {
        return i >= 0 ? item.withPairedItem(i) : item;
    }

    byte[] binary(Item item, String prop, String param, int i) {
        BinaryRef ref = item.binary().get(prop);
        if (ref == null) {
            throw NodeException.user(
                    "parameter '" + param + "': the item has no binary property '" + prop + "'" + where(i), i);
        }
        BinaryStore store = ctx.service(BinaryStore.class)
                .orElseThrow(
                        () -> NodeException.user("parameter '" + param + "': no binary data store is configured", i));
        try {
            return store.read(ref);
        } catch (IOException e) {
            throw new NodeException(
                    ErrorKind.OPERATIONAL, "binary data could not be read: " + e.getMessage() + where(i), i, null, e);
        }
    }

    private BinaryRef store(byte[] data, int i) {
        BinaryStore store = ctx.service(BinaryStore.class)
                .orElseThrow(
                        () -> NodeException.user("Binary output needs a binary data store; none is configured", i));
        try {
            return store.put(ctx.executionId(), new ByteArrayInputStream(data), "application/octet-stream", null);
        } catch (IOException e) {
            throw new NodeException(
                    ErrorKind.OPERATIONAL, "binary output could not be stored: " + e.getMessage(), i, null, e);
        }
    }

    private static String where(int i) {
        return i >= 0 ? " [item " + i + "]" : "";
    }
}
