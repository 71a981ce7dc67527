package io.hetumind.nodes.wasm;

import static io.hetumind.nodes.wasm.WasmHarness.run;
import static io.hetumind.nodes.wasm.WasmNodeTest.error;
import static io.hetumind.nodes.wasm.WasmNodeTest.item;
import static io.hetumind.nodes.wasm.WasmNodeTest.out;
import static io.hetumind.nodes.wasm.WasmNodeTest.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.model.OnError;
import io.hetumind.nodes.wasm.internal.ModuleCache;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile plugins are stopped with a clear error; with continue-on-fail the other items go on. */
class WasmSandboxTest {

    static ObjectNode hostile(String function, String runtime) {
        ObjectNode p = params("hostile", function);
        p.with("options").put("runtime", runtime);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"interpreter", "compiled"})
    void anInfiniteLoopIsStoppedAtTheTimeout(String runtime) {
        ObjectNode p = hostile("spin", runtime);
        p.with("options").put("timeout", 300);
        long t0 = System.nanoTime();
        assertThat(error(run(p, List.of(item("a")))))
                .isEqualTo("The plugin ran longer than its timeout of 300 ms and was stopped [item 0]");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void cancelingTheExecutionStopsARunawayPluginLongBeforeItsTimeout() throws Exception {
        ObjectNode p = hostile("spin", "compiled");
        p.with("options").put("timeout", 120_000);
        var handle = WasmHarness.start(p, List.of(item("a")));
        Thread.sleep(300);
        long t0 = System.nanoTime();
        handle.cancel("test");
        var r = handle.await(java.time.Duration.ofSeconds(30));
        assertThat(r.status()).isEqualTo(io.hetumind.core.engine.ExecutionStatus.CANCELED);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void anInfiniteLoopIsStoppedAtTheInstructionBudgetLongBeforeItsTimeout() {
        ObjectNode p = hostile("spin", "interpreter");
        p.with("options").put("instructionBudget", 100_000).put("timeout", 60_000);
        long t0 = System.nanoTime();
        assertThat(error(run(p, List.of(item("a")))))
                .isEqualTo("The plugin used more than its instruction budget of 100000 and was stopped [item 0]");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void theInstructionBudgetIsPerCall() {
        ObjectNode p = params("upper", "echo64").put("inputMode", "field").put("inputField", "text");
        p.put("outputMode", "text").with("options").put("instructionBudget", 2_000);
        List<ObjectNode> items = List.of(item("one"), item("two"), item("three"), item("four"));
        assertThat(out(run(p, items)))
                .extracting(j -> j.get("output").asText())
                .containsExactly("one", "two", "three", "four");

        p.with("options").put("instructionBudget", 20);
        assertThat(error(run(p, items)))
                .isEqualTo("The plugin used more than its instruction budget of 20 and was stopped [item 0]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"interpreter", "compiled"})
    void aMemoryGrowLoopStopsAtTheMemoryCap(String runtime) {
        ObjectNode p = hostile("grow", runtime);
        p.with("options").put("maxMemoryMb", 2);
        assertThat(error(run(p, List.of(item("a")))))
                .isEqualTo("The plugin ran out of memory: it asked to grow past its cap of 32 pages (2 MiB) and then"
                        + " trapped (Trapped on unreachable instruction) [item 0]");
    }

    @Test
    void allocatingHostMemoryInALoopStopsAtTheCap() {
        ObjectNode p = hostile("hog", "interpreter");
        p.with("options").put("maxMemoryMb", 4);
        assertThat(error(run(p, List.of(item("a")))))
                .startsWith("The plugin ran out of memory: it asked the host for 1048576 bytes")
                .contains("its cap is 4096 KiB");
    }

    @Test
    void aHugeOutputIsRefused() {
        ObjectNode p = hostile("huge", "interpreter");
        p.with("options").put("maxOutputKb", 64);
        assertThat(error(run(p, List.of(item("a")))))
                .isEqualTo("The plugin's output (1048576 bytes) is larger than the cap of 64 KiB [item 0]");
    }

    @Test
    void aModuleAskingForMoreMemoryThanTheCapAtStartIsRefused() {
        ObjectNode p = params("big", "run");
        p.with("options").put("maxMemoryMb", 1);
        assertThat(error(run(p, List.of(item("a")))))
                .isEqualTo("The plugin asks for 32 memory pages at start, above its cap of 16 pages (1 MiB) [item 0]");
    }

    @Test
    void withContinueOnFailABadItemBecomesAnErrorItemAndTheOthersGoOn() {
        ObjectNode p = hostile("picky", "interpreter");
        p.put("inputMode", "field").put("inputField", "text").put("outputMode", "text");
        List<ObjectNode> items = List.of(item("ok"), item("x marks a trap"), item("fine"));

        ExecutionResult r = run(p, OnError.CONTINUE, items, Map.of());

        List<JsonNode> out = out(r);
        assertThat(out).hasSize(3);
        assertThat(out.get(0).get("text").asText()).isEqualTo("ok");
        assertThat(out.get(1).get("text").asText()).isEqualTo("fine");
        assertThat(out.get(2).get("error").asText())
                .startsWith("The plugin trapped in 'picky'")
                .endsWith("[item 1]");

        assertThat(error(run(p, items)))
                .startsWith("The plugin trapped in 'picky'")
                .endsWith("[item 1]");
    }

    @Test
    void theTimeoutOfOneItemDoesNotStopTheNextWithContinueOnFail() {
        ObjectNode p = hostile("spin", "compiled");
        p.with("options").put("timeout", 200);
        ExecutionResult r = run(p, OnError.CONTINUE, List.of(item("a"), item("b")), Map.of());
        assertThat(out(r))
                .extracting(j -> j.get("error").asText())
                .containsExactly(
                        "The plugin ran longer than its timeout of 200 ms and was stopped [item 0]",
                        "The plugin ran longer than its timeout of 200 ms and was stopped [item 1]");
    }

    @Test
    void modulesAreCachedBySha256AndCompiledOnce() {
        byte[] bytes = WasmHarness.plugin("upper");
        ModuleCache cache = new ModuleCache(2);
        ModuleCache.Prepared a = cache.get(bytes);
        ModuleCache.Prepared b = cache.get(bytes.clone());
        assertThat(b).isSameAs(a);
        assertThat(a.sha256()).hasSize(64);
        assertThat(a.compiled()).isSameAs(b.compiled());
        cache.get(WasmHarness.plugin("hostile"));
        cache.get(WasmHarness.plugin("http"));
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(bytes)).isNotSameAs(a);
    }
}
