package io.hetumind.nodes.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.expr.CodeBudget;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.NodeTests;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile Code nodes are stopped by the run's budget even though nodes run on virtual threads
 * (where the JVM accounts neither allocation nor CPU time): unbounded allocation, a string that
 * doubles, and a busy loop.
 */
class CodeBudgetTest {

    private static final Engine ENGINE = Engine.builder()
            .registry(NodeRegistry.load())
            .expressions(NodeTests.expressions())
            .build();

    private static ExecutionResult runCode(String js, CodeBudget budget) throws Exception {
        var code = Json.object().put("jsCode", js).put("timeout", 120);
        String wf =
                """
                {"name":"hostile","nodes":[
                  {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"parameters":{}},
                  {"name":"Hostile","type":"n8n-nodes-base.code","typeVersion":2,"parameters":%s}],
                 "connections":{"Start":{"main":[[{"node":"Hostile","type":"main","index":0}]]}}}"""
                        .formatted(Json.write(code));
        // start() runs the execution, and so the node, on a virtual thread
        return ENGINE.start(
                        ENGINE.prepare(WorkflowFormat.readJson(wf)),
                        RunRequest.defaults().withService(CodeBudget.class, budget))
                .await(Duration.ofSeconds(60));
    }

    @Test
    void unboundedAllocationIsStoppedAtTheMemoryBudget() throws Exception {
        ExecutionResult r = runCode(
                "const keep = []; for (;;) { keep.push('x'.repeat(100000) + keep.length); }",
                new CodeBudget(Duration.ofSeconds(30), 64L << 20, 0));
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message())
                .startsWith("Code exceeded its memory budget of 64 MB (the host sets it with HETUMIND_CODE_MEMORY_MB)");
        assertThat(r.state().error().node()).isEqualTo("Hostile");
    }

    @Test
    void aDoublingStringIsStoppedBeforeItTakesTheHeap() throws Exception {
        ExecutionResult r = runCode(
                "let s = 'x'; for (;;) { s = (s + s).toUpperCase(); }",
                new CodeBudget(Duration.ofSeconds(30), 64L << 20, 0));
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message()).containsAnyOf("memory budget of 64 MB", "string");
    }

    @Test
    void aBusyLoopIsStoppedAtTheCpuBudgetLongBeforeItsTimeout() throws Exception {
        ExecutionResult r = runCode("for (;;) {}", new CodeBudget(Duration.ofMillis(500), 256L << 20, 0));
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message())
                .startsWith(
                        "Code exceeded its CPU time budget of 500 ms (the host sets it with HETUMIND_CODE_CPU_SECONDS)");
    }

    @Test
    void codeWithinItsBudgetRunsAndTheBudgetGrowsWithTheInput() throws Exception {
        ExecutionResult r = runCode(
                "return Array.from({length: 1000}, (_, i) => ({json: {i, text: 'row ' + i}}));", CodeBudget.defaults());
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Hostile", 0)).hasSize(1000);
        assertThat(CodeBudget.defaults().memoryFor(1_000_000)).isEqualTo((256L << 20) + 4096L * 1_000_000);
    }

    @Test
    void aBadBudgetInTheEnvironmentNamesTheVariable() {
        assertThatThrownBy(() -> CodeBudget.fromEnvironment(Map.of("HETUMIND_CODE_MEMORY_MB", "lots")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HETUMIND_CODE_MEMORY_MB must be a positive number, got 'lots'");
        assertThat(CodeBudget.fromEnvironment(Map.of("HETUMIND_CODE_CPU_SECONDS", "2.5"))
                        .cpuTime())
                .isEqualTo(Duration.ofMillis(2500));
    }
}
