package io.hetumind.nodes.wasm;

import static io.hetumind.nodes.wasm.WasmHarness.base64;
import static io.hetumind.nodes.wasm.WasmHarness.plugin;
import static io.hetumind.nodes.wasm.WasmHarness.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The WebAssembly node with plugins built from src/test/wat: the Extism contract and the sandbox. */
class WasmNodeTest {

    static ObjectNode params(String plugin, String function) {
        ObjectNode p = Json.object().put("module", base64(plugin)).put("function", function);
        p.putObject("options");
        return p;
    }

    static ObjectNode item(String text) {
        return Json.object().put("text", text);
    }

    static List<JsonNode> out(ExecutionResult r) {
        assertThat(r.status()).as("status, error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        return r.output("Node", 0).stream().map(i -> (JsonNode) i.json()).toList();
    }

    static String error(ExecutionResult r) {
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        return r.state().error().message();
    }

    @ParameterizedTest
    @ValueSource(strings = {"interpreter", "compiled"})
    void anExtismPluginReadsInputConfigAndVariablesAndWritesOutputAndLog(String runtime) {
        ObjectNode p = params("upper", "upper").put("inputMode", "field").put("inputField", "text");
        p.put("outputMode", "text").put("outputField", "shout");
        p.with("options").put("runtime", runtime);
        p.putObject("config")
                .putArray("values")
                .addObject()
                .put("name", "prefix")
                .put("value", "> ");

        ExecutionResult r = run(p, List.of(item("hello"), item("wörld")));

        // the call count is a plugin variable: it carries from item to item within the run
        assertThat(out(r)).extracting(j -> j.get("shout").asText()).containsExactly("> HELLO#1", "> WöRLD#2");
        assertThat(out(r)).extracting(j -> j.get("text").asText()).containsExactly("hello", "wörld");
        assertThat(r.state().runs("Node").get(0).console())
                .containsExactly("[wasm] [info] upper called", "[wasm] [info] upper called");
    }

    @Test
    void itemJsonGoesInAndJsonComesOut() {
        ExecutionResult r =
                run(params("upper", "echo"), List.of(Json.object().put("a", 1).put("b", "x")));
        assertThat(out(r)).containsExactly(Json.object().put("a", 1).put("b", "x"));
        assertThat(r.output("Node", 0).get(0).pairedItem().item()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"interpreter", "compiled"})
    void eightByteCopiesAsThePdksDoThemKeepEveryByte(String runtime) {
        ObjectNode p = params("upper", "echo64").put("inputMode", "field").put("inputField", "text");
        p.put("outputMode", "text").with("options").put("runtime", runtime);
        List<ObjectNode> items = List.of(item(""), item("1234567"), item("12345678"), item("0123456789abcdefXYZ ü"));
        assertThat(out(run(p, items)))
                .extracting(j -> j.get("output").asText())
                .containsExactly("", "1234567", "12345678", "0123456789abcdefXYZ ü");
    }

    @Test
    void interpretedAndCompiledComputeTheSame() {
        ObjectNode p = params("upper", "crunch").put("inputMode", "field").put("inputField", "text");
        p.put("outputMode", "binary");
        List<ObjectNode> items = List.of(item("the quick brown fox"), item(""));
        var interpreted = run(p, items);
        p.with("options").put("runtime", "compiled");
        var compiled = run(p, items);
        for (int i = 0; i < 2; i++) {
            assertThat(read(compiled.output("Node", 0).get(i)))
                    .isEqualTo(read(interpreted.output("Node", 0).get(i)));
        }
        // FNV-1a of the empty input is its offset basis, little-endian
        assertThat(read(compiled.output("Node", 0).get(1)))
                .containsExactly(0x25, 0x23, 0x22, 0x84, 0xe4, 0x9c, 0xf2, 0xcb);
    }

    private static int[] read(Item item) {
        try {
            byte[] b = WasmHarness.STORE.read(item.binary().get("data"));
            int[] out = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                out[i] = b[i] & 0xff;
            }
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void onceForAllItemsSendsAnArrayAndEachElementBecomesAnItem() {
        ObjectNode p = params("upper", "echo").put("mode", "runOnceForAllItems");
        ExecutionResult r = run(p, List.of(item("a"), item("b"), item("c")));
        assertThat(out(r)).extracting(j -> j.get("text").asText()).containsExactly("a", "b", "c");
    }

    @Test
    void jsonThatIsNotAnObjectGoesToTheOutputField() {
        ObjectNode p = params("upper", "echo").put("inputMode", "field").put("inputField", "n");
        ExecutionResult r = run(p, List.of(Json.object().put("n", 42)));
        assertThat(out(r)).containsExactly(Json.object().put("output", 42));
    }

    @Test
    void outputThatIsNotJsonIsAClearError() {
        ObjectNode p = params("upper", "upper").put("inputMode", "field").put("inputField", "text");
        assertThat(error(run(p, List.of(item("abc")))))
                .startsWith("The plugin's output is not JSON")
                .contains("set Output to Text or Binary Data")
                .endsWith("[item 0]");
    }

    @Test
    void binaryInTheModuleAndTheInputAndBinaryOut() throws Exception {
        ObjectNode p = Json.object().put("moduleSource", "binary").put("moduleBinaryProperty", "plugin");
        p.put("function", "upper").put("inputMode", "binary").put("inputBinaryProperty", "doc");
        p.put("outputMode", "binary").put("outputBinaryProperty", "result");
        ObjectNode in = item("keep");
        in.putObject("$binary")
                .put("plugin", base64("upper"))
                .put("doc", Base64.getEncoder().encodeToString("binary data".getBytes(StandardCharsets.UTF_8)));

        ExecutionResult r = run(p, List.of(in));

        assertThat(out(r)).containsExactly(item("keep"));
        Item result = r.output("Node", 0).get(0);
        assertThat(result.binary()).containsKeys("plugin", "doc", "result");
        assertThat(new String(WasmHarness.STORE.read(result.binary().get("result")), StandardCharsets.UTF_8))
                .isEqualTo("BINARY DATA#1");
    }

    @Test
    void aPluginErrorCodeCarriesItsMessage() {
        assertThat(error(run(params("upper", "fail"), List.of(item("a")))))
                .isEqualTo("The plugin's function 'fail' failed (code 1): boom: the plugin said no [item 0]");
    }

    @Test
    void badModuleBytesAreAClearError() {
        ObjectNode p = params("upper", "echo")
                .put("module", Base64.getEncoder().encodeToString("not wasm at all".getBytes(StandardCharsets.UTF_8)));
        assertThat(error(run(p, List.of(item("a"))))).startsWith("The plugin is not a WebAssembly module");

        byte[] truncated = java.util.Arrays.copyOf(plugin("upper"), 60);
        p.put("module", Base64.getEncoder().encodeToString(truncated));
        assertThat(error(run(p, List.of(item("a"))))).startsWith("The plugin is not a valid WebAssembly module");

        p.put("module", "@@not base64@@");
        assertThat(error(run(p, List.of(item("a"))))).startsWith("parameter 'module': not valid base64");
    }

    @Test
    void aMissingOrMistypedExportIsAClearError() {
        assertThat(error(run(params("upper", "nope"), List.of(item("a")))))
                .isEqualTo(
                        "The plugin exports no function 'nope'; it exports: add, crunch, echo, echo64, fail, upper [item 0]");
        assertThat(error(run(params("upper", "add"), List.of(item("a")))))
                .startsWith("The plugin's export 'add' is not an Extism function: it must take no parameters"
                        + " and return an i32");
    }

    @Test
    void aWasiModuleIsRefusedUnlessWasiIsOnAndThenItsStdoutIsLogged() {
        ObjectNode p = params("wasi", "run").put("outputMode", "text");
        assertThat(error(run(p, List.of(item("a")))))
                .startsWith("The plugin needs an import this host does not provide")
                .contains("wasi_snapshot_preview1");

        p.with("options").put("wasi", true);
        ExecutionResult r = run(p, List.of(item("a")));
        assertThat(out(r).get(0).get("output").asText()).isEqualTo("ok");
        assertThat(r.state().runs("Node").get(0).console()).containsExactly("[wasm] [stdout] hello from wasi");
    }

    @Test
    void theCodeSwitchOfTheInstanceAlsoSwitchesPluginsOff() {
        NodePolicy off =
                NodePolicy.builder().allow(NodePolicy.Capability.CODE, false).build();
        ExecutionResult r =
                run(params("upper", "echo"), OnError.STOP, List.of(item("a")), Map.of(NodePolicy.class, off));
        assertThat(error(r)).startsWith("The WebAssembly node is disabled on this instance");
    }

    @Test
    void theNodeIsFoundByServiceLoaderAndItsDescriptorPassesTheRegistryChecks() {
        var type = NodeRegistry.load().find(WasmNode.TYPE);
        assertThat(type).isPresent();
        assertThat(type.get().descriptor().property("options").children())
                .extracting(s -> s.name())
                .containsExactly(
                        "runtime",
                        "timeout",
                        "instructionBudget",
                        "maxMemoryMb",
                        "maxOutputKb",
                        "allowedHosts",
                        "wasi");
    }
}
