package io.hetumind.nodes.debug;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.OnError;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Debug Helper (n8n {@code debugHelper} v1): causes problems on purpose and makes test data. As n8n does: "Do
 * Nothing" outputs nothing; "Throw Error" fails with the message (per item with continue-on-fail); "Out Of Memory"
 * allocates about {@code memorySizeValue} MB and outputs the process's memory figures under n8n's keys; "Generate
 * Random Data" makes {@code randomDataCount} records per input item in n8n's shapes, reseeded per item when a seed
 * is set. Differences: the allocation is capped (system property {@value #MAX_MEMORY_PROPERTY}, default 64 MB) so a
 * workflow cannot take a shared host down, and random records come from our own word lists (see {@link RandomData}).
 */
public final class DebugHelperNode implements NodeType {

    static final String MAX_MEMORY_PROPERTY = "hetumind.debugHelper.maxMemoryMb";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.debugHelper")
            .versions(1)
            .displayName("DebugHelper")
            .description("Causes problems intentionally and generates useful data for debugging")
            .group(NodeGroup.UTILITY)
            .icon("bug")
            .alias("n8n-nodes-base.debugHelper")
            .property(PropertySpec.options("category")
                    .displayName("Category")
                    .option("doNothing", "Do Nothing", "Does nothing")
                    .option("throwError", "Throw Error", "Throws an error with the specified type and message")
                    .option("oom", "Out Of Memory", "Allocates memory (capped on this host)")
                    .option("randomData", "Generate Random Data", "Generates random data sets")
                    .defaultValue("throwError")
                    .noExpression())
            .property(PropertySpec.options("throwErrorType")
                    .displayName("Error Type")
                    .option("NodeApiError", "NodeApiError")
                    .option("NodeOperationError", "NodeOperationError")
                    .option("Error", "Error")
                    .defaultValue("NodeApiError")
                    .noExpression()
                    .showWhen("category", "throwError"))
            .property(PropertySpec.string("throwErrorMessage")
                    .displayName("Error Message")
                    .defaultValue("Node has thrown an error")
                    .description("The message to send as part of the error")
                    .showWhen("category", "throwError"))
            .property(PropertySpec.number("memorySizeValue")
                    .displayName("Memory Size to Generate")
                    .defaultValue(10)
                    .description("The approximate amount of memory to allocate, in MB")
                    .showWhen("category", "oom"))
            .property(PropertySpec.options("randomDataType")
                    .displayName("Data Type")
                    .option("address", "Address")
                    .option("latLong", "Coordinates")
                    .option("creditCard", "Credit Card")
                    .option("email", "Email")
                    .option("ipv4", "IPv4")
                    .option("ipv6", "IPv6")
                    .option("macAddress", "MAC")
                    .option("nanoid", "NanoIds")
                    .option("url", "URL")
                    .option("user", "User Data")
                    .option("uuid", "UUID")
                    .option("semver", "Version")
                    .defaultValue("user")
                    .noExpression()
                    .showWhen("category", "randomData"))
            .property(PropertySpec.string("nanoidAlphabet")
                    .displayName("NanoId Alphabet")
                    .defaultValue("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
                    .description("The alphabet to use for generating the nanoIds")
                    .showWhen("category", "randomData")
                    .showWhen("randomDataType", "nanoid"))
            .property(PropertySpec.string("nanoidLength")
                    .displayName("NanoId Length")
                    .defaultValue("16")
                    .description("The length of each nanoIds")
                    .showWhen("category", "randomData")
                    .showWhen("randomDataType", "nanoid"))
            .property(PropertySpec.string("randomDataSeed")
                    .displayName("Seed")
                    .defaultValue("")
                    .placeholder("Leave empty for random seed")
                    .description("If set, seed to use for generating the data (same seed will generate the same data)")
                    .showWhen("category", "randomData"))
            .property(PropertySpec.number("randomDataCount")
                    .displayName("Number of Items to Generate")
                    .defaultValue(10)
                    .description("The number of random data items to generate into an array")
                    .showWhen("category", "randomData"))
            .property(PropertySpec.bool("randomDataSingleArray")
                    .displayName("Output as Single Array")
                    .defaultValue(false)
                    .description("Whether to output a single array instead of multiple items")
                    .showWhen("category", "randomData"))
            .build();

    /** Records one run may generate at most: a typo of a few zeros must not fill the host's memory. */
    static final int MAX_RECORDS = 100_000;

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        String category = ctx.param("category", 0, String.class, "throwError");
        List<Item> items = ctx.items();
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        boolean inline = ctx.onError() == OnError.CONTINUE;
        for (int i = 0; i < items.size(); i++) {
            try {
                switch (category) {
                    case "doNothing" -> {
                        // n8n's "as it says on the tin": not even the input goes on
                    }
                    case "throwError" -> throw error(ctx, i);
                    case "oom" -> out.add(memory(ctx, items.get(i), i));
                    case "randomData" -> out.addAll(randomData(ctx, i));
                    default ->
                        throw NodeException.user(
                                "parameter 'category': unknown value '" + category
                                        + "', expected doNothing, throwError, oom or randomData",
                                i);
                }
            } catch (NodeException e) {
                if (!ctx.continueOnFail()) {
                    throw e;
                }
                Item error = new Item(Json.object().put("error", e.getMessage()), null, new PairedItem(i, 0));
                (inline ? out : errors).add(error);
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    private static NodeException error(NodeParameters ctx, int i) {
        String type = ctx.param("throwErrorType", 0, String.class, "NodeApiError");
        String message = ctx.param("throwErrorMessage", 0, String.class, "Node has thrown an error");
        return switch (type) {
            // an API error is what a remote end answered: operational, as the HTTP nodes' are
            case "NodeApiError" -> NodeException.operational(message, null);
            case "NodeOperationError", "Error" -> NodeException.user(message, i);
            default ->
                NodeException.user(
                        "parameter 'throwErrorType': unknown value '" + type
                                + "', expected NodeApiError, NodeOperationError or Error",
                        i);
        };
    }

    private static Item memory(NodeParameters ctx, Item item, int i) {
        double requested = ctx.param("memorySizeValue", 0, Double.class, 10.0);
        int cap = Integer.getInteger(MAX_MEMORY_PROPERTY, 64);
        if (!(requested >= 0) || requested > cap) {
            throw NodeException.user(
                    "Memory Size to Generate: " + requested + " MB is over this host's limit of " + cap + " MB ("
                            + MAX_MEMORY_PROPERTY + ")",
                    i);
        }
        // n8n fills an array of size/8 numbers on the heap; a long[] of the same length is the same bytes here
        long[] garbage = new long[(int) Math.max(1, Math.floor(requested * 1024 * 1024 / 8))];
        java.util.Arrays.fill(garbage, 0L);
        Runtime rt = Runtime.getRuntime();
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            direct += Math.max(0, pool.getMemoryUsed());
        }
        long nonHeap =
                ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed();
        ObjectNode usage = Json.object()
                .put("rss", rt.totalMemory() + nonHeap + direct)
                .put("heapTotal", rt.totalMemory())
                .put("heapUsed", rt.totalMemory() - rt.freeMemory())
                .put("external", nonHeap + direct)
                .put("arrayBuffers", direct);
        // the allocation stays reachable until the figures are read
        java.lang.ref.Reference.reachabilityFence(garbage);
        return new Item(usage, item.binary(), new PairedItem(i, 0));
    }

    private static List<Item> randomData(NodeParameters ctx, int i) {
        String type = ctx.param("randomDataType", 0, String.class, "user");
        int count = ctx.param("randomDataCount", 0, Integer.class, 10);
        String seed = ctx.param("randomDataSeed", 0, String.class, "");
        boolean single = ctx.param("randomDataSingleArray", 0, Boolean.class, false);
        if (count < 0 || count > MAX_RECORDS) {
            throw NodeException.user("Number of Items to Generate: " + count + " is outside 0 … " + MAX_RECORDS, i);
        }
        int nanoidLength = 16;
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        if (type.equals("nanoid")) {
            alphabet = ctx.param("nanoidAlphabet", 0, String.class, alphabet);
            String length = ctx.param("nanoidLength", 0, String.class, "16").trim();
            try {
                nanoidLength = Integer.parseInt(length);
            } catch (NumberFormatException e) {
                throw NodeException.user("NanoId Length: '" + length + "' is not a whole number", i);
            }
            if (alphabet.isEmpty() || nanoidLength < 1 || nanoidLength > 1024) {
                throw NodeException.user("NanoId: the alphabet must not be empty and the length must be 1 … 1024", i);
            }
        }
        Supplier<ObjectNode> make = RandomData.seeded(seed).of(type, alphabet, nanoidLength);
        if (make == null) {
            throw NodeException.user("parameter 'randomDataType': unknown value '" + type + "'", i);
        }
        List<Item> out = new ArrayList<>();
        if (single) {
            ArrayNode generated = Json.F.arrayNode();
            for (int n = 0; n < count; n++) {
                generated.add(make.get());
            }
            ObjectNode json = Json.object();
            json.set("generatedItems", generated);
            out.add(new Item(json, null, new PairedItem(i, 0)));
        } else {
            for (int n = 0; n < count; n++) {
                out.add(new Item(make.get(), null, new PairedItem(i, 0)));
            }
        }
        return out;
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
