package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.format.WorkflowFormat;
import org.junit.jupiter.api.Test;

class EngineSmokeTest {

    @Test
    void runsAChain() {
        Engine engine = Engine.builder().registry(TestNodes.registry()).build();
        var wf = WorkflowFormat.readJson(
                """
                {"name":"chain","nodes":[
                  {"name":"T","type":"test.trigger"},
                  {"name":"A","type":"test.tag"},
                  {"name":"B","type":"test.tag"}],
                 "connections":{"T":{"main":[[{"node":"A"}]]},"A":{"main":[[{"node":"B"}]]}}}
                """);
        ExecutionResult r = engine.run(engine.prepare(wf), RunRequest.defaults());
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.lastOutput().getFirst().json().toString()).isEqualTo("{\"path\":[\"A\",\"B\"]}");
    }
}
