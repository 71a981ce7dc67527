package io.hetumind.nodes.wasm;

import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.wasm.internal.WasmLimits;

/** The WebAssembly node's descriptor: module, function, input and output shapes, sandbox options. */
final class WasmDescriptor {

    static final String EACH = "runOnceForEachItem";
    static final String ALL = "runOnceForAllItems";

    private WasmDescriptor() {}

    static NodeDescriptor build() {
        WasmLimits d = WasmLimits.defaults();
        return NodeDescriptor.builder(WasmNode.TYPE)
                .versions(1)
                .displayName("WebAssembly")
                .description("Run an Extism WebAssembly plugin over the input items, sandboxed")
                .group(NodeGroup.WASM)
                .icon("wasm")
                .property(PropertySpec.options("mode")
                        .displayName("Mode")
                        .option(EACH, "Run Once for Each Item", "Call the plugin with each input item")
                        .option(ALL, "Run Once for All Items", "Call the plugin once with all input items")
                        .defaultValue(EACH)
                        .noExpression())
                .property(PropertySpec.options("moduleSource")
                        .displayName("Module Source")
                        .option("parameter", "Parameter", "The module's bytes, base64-encoded, in this node")
                        .option("binary", "Binary Data", "The module is a binary property of the input item")
                        .defaultValue("parameter")
                        .noExpression())
                .property(PropertySpec.string("module")
                        .displayName("Module (Base64)")
                        .description("The .wasm file, base64-encoded (e.g. base64 -w0 plugin.wasm)")
                        .placeholder("AGFzbQEAAAA…")
                        .rows(4)
                        .defaultValue("")
                        .required()
                        .showWhen("moduleSource", "parameter"))
                .property(PropertySpec.string("moduleBinaryProperty")
                        .displayName("Module Binary Property")
                        .description("The item's binary property holding the .wasm file (the first item's in"
                                + " all-items mode)")
                        .defaultValue("data")
                        .required()
                        .showWhen("moduleSource", "binary"))
                .property(PropertySpec.string("function")
                        .displayName("Function")
                        .description("The plugin function to call: an export taking no parameters and returning"
                                + " an i32 (0 = success), as every Extism PDK builds them")
                        .defaultValue("run")
                        .required())
                .property(PropertySpec.options("inputMode")
                        .displayName("Input")
                        .option("json", "Item JSON", "The item's JSON (all items: a JSON array of them)")
                        .option("field", "Field", "One field: text as UTF-8, other values as JSON")
                        .option("binary", "Binary Data", "A binary property's bytes (each-item mode only)")
                        .defaultValue("json"))
                .property(PropertySpec.string("inputField")
                        .displayName("Input Field")
                        .description("The field passed to the plugin, e.g. text or customer.name")
                        .defaultValue("")
                        .required()
                        .showWhen("inputMode", "field"))
                .property(PropertySpec.string("inputBinaryProperty")
                        .displayName("Input Binary Property")
                        .defaultValue("data")
                        .required()
                        .showWhen("inputMode", "binary"))
                .property(PropertySpec.options("outputMode")
                        .displayName("Output")
                        .option(
                                "json",
                                "JSON",
                                "Parse the output as JSON: an object becomes the item (all items: an array"
                                        + " becomes one item per element), another value goes to the output field")
                        .option("text", "Text", "The output as UTF-8 text in the output field")
                        .option("binary", "Binary Data", "The output bytes as a binary property of the item")
                        .defaultValue("json"))
                .property(PropertySpec.string("outputField")
                        .displayName("Output Field")
                        .description("The field the output goes to (text output, or JSON that is not an object)")
                        .defaultValue("output")
                        .showWhen("outputMode", "json", "text"))
                .property(PropertySpec.string("outputBinaryProperty")
                        .displayName("Output Binary Property")
                        .defaultValue("data")
                        .showWhen("outputMode", "binary"))
                .property(PropertySpec.fixedCollection("config")
                        .displayName("Plugin Config")
                        .description("Key/value pairs the plugin reads with config_get (Extism manifest config)")
                        .multipleValues()
                        .addButtonText("Add Config Value")
                        .child(PropertySpec.collection("values")
                                .displayName("Value")
                                .child(PropertySpec.string("name").displayName("Name"))
                                .child(PropertySpec.string("value").displayName("Value"))))
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .child(PropertySpec.options("runtime")
                                .displayName("Runtime")
                                .option("interpreter", "Interpreter", "Starts at once; slower calls")
                                .option(
                                        "compiled",
                                        "Compiled",
                                        "Compiles the module to JVM bytecode once (cached by its SHA-256): much"
                                                + " faster calls for hot plugins; no instruction budget")
                                .defaultValue("interpreter"))
                        .child(PropertySpec.number("timeout")
                                .displayName("Timeout (ms)")
                                .description("Wall-clock time one call may take before the plugin is stopped")
                                .minValue(1)
                                .defaultValue(d.timeout().toMillis()))
                        .child(PropertySpec.number("instructionBudget")
                                .displayName("Instruction Budget")
                                .description("WebAssembly instructions one call may execute (interpreter only);"
                                        + " 0 = no budget, the timeout still applies")
                                .minValue(0)
                                .defaultValue(d.instructionBudget()))
                        .child(PropertySpec.number("maxMemoryMb")
                                .displayName("Max Memory (MiB)")
                                .description("Cap of the plugin's linear memory and, separately, of the host"
                                        + " memory holding its input, output and allocations")
                                .minValue(1)
                                .maxValue(1024)
                                .defaultValue(d.memoryPages() / 16))
                        .child(PropertySpec.number("maxOutputKb")
                                .displayName("Max Output (KiB)")
                                .description("Largest output a call may return")
                                .minValue(1)
                                .defaultValue(d.maxOutputBytes() / 1024))
                        .child(PropertySpec.string("allowedHosts")
                                .displayName("Allowed HTTP Hosts")
                                .description("Comma-separated hosts the plugin may call with http_request"
                                        + " (*.example.com for subdomains); empty = no network access")
                                .placeholder("api.example.com, *.example.org")
                                .defaultValue(""))
                        .child(PropertySpec.bool("wasi")
                                .displayName("WASI")
                                .description("Link WASI preview 1 for PDKs that need it (Go, JS): no files, no"
                                        + " arguments, no environment; stdout and stderr go to the run log")
                                .defaultValue(false)))
                .build();
    }
}
