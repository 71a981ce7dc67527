package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.spi.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile or broken expressions end the run with an error naming node, parameter and expression. */
class HostileExpressionTest {

    private final Engine engine =
            Engine.builder().registry(TestNodes.registry()).build();

    private ExecutionResult runWithNote(String note) {
        String escaped = note.replace("\\", "\\\\").replace("\"", "\\\"");
        return engine.run(
                engine.prepare(ControlTest.chain("test.tag", "{\"note\":\"" + escaped + "\"}")), RunRequest.defaults());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "={{ (() => { while (true) {} })() }}",
                "={{ java.lang.System.exit(1) }}",
                "={{ Packages.java.lang.Runtime.getRuntime() }}",
                "={{ 'x'.repeat(1e9) }}",
                "={{ $json. }}",
                "={{ $('Nope').item.json.a }}"
            })
    void failsTheNodeWithAClearUserError(String note) {
        ExecutionResult r = runWithNote(note);
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        ExecutionError e = r.state().error();
        assertThat(e.node()).isEqualTo("Middle");
        assertThat(e.kind()).isEqualTo(ErrorKind.USER);
        assertThat(e.message()).startsWith("expression error in parameter 'note':");
        assertThat(e.description()).isEqualTo("expression: " + note.substring(1));
        assertThat(r.state().runs("Last")).isEmpty();
    }

    @Test
    void theEngineSurvivesAndRunsTheNextWorkflow() {
        runWithNote("={{ (() => { while (true) {} })() }}");
        ExecutionResult ok = runWithNote("={{ 1 + 1 }}");
        assertThat(ok.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(ok.output("Middle", 0).getFirst().json().path("note").asText())
                .isEqualTo("2");
    }
}
