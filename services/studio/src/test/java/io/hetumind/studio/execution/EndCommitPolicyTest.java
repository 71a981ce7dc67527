package io.hetumind.studio.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.Durability;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.InMemoryCheckpointer;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.spi.NodeRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which final commits a run leaves for its settle: only those whose node outcomes could all be produced again unseen,
 * so a settle that fails never makes a node with outside effects run twice.
 */
class EndCommitPolicyTest {

    private static final NodeRegistry REGISTRY = NodeRegistry.load();

    private static String chain(String lastType, boolean lastDisabled) {
        return """
                {"name": "chain", "nodes": [
                  {"name": "Start", "type": "hetumind.manualTrigger", "typeVersion": 1, "parameters": {}},
                  {"name": "Edit", "type": "hetumind.set", "typeVersion": 3.4, "parameters": {"mode": "manual",
                   "assignments": {"assignments": [{"id": "a", "name": "a", "value": "1", "type": "string"}]}}},
                  {"name": "Last", "type": "%s", "typeVersion": %s, "disabled": %s,
                   "parameters": {"jsCode": "return $input.all();"}}
                 ],
                 "connections": {"Start": {"main": [[{"node": "Edit", "type": "main", "index": 0}]]},
                                 "Edit": {"main": [[{"node": "Last", "type": "main", "index": 0}]]}}}
                """
                .formatted(lastType, lastType.endsWith("code") ? "2" : "1", lastDisabled);
    }

    /** The commits of one run at AT_END (one, carrying every outcome) and whether the runner would defer the last. */
    private static boolean deferred(String workflow) {
        List<Checkpointer.Commit> commits = new ArrayList<>();
        InMemoryCheckpointer memory = new InMemoryCheckpointer();
        Checkpointer recording = new Checkpointer() {
            @Override
            public Optional<Checkpoint> load(String executionId) {
                return memory.load(executionId);
            }

            @Override
            public Version commit(String executionId, Commit commit) {
                commits.add(commit);
                return memory.commit(executionId, commit);
            }

            @Override
            public void delete(String executionId) {
                memory.delete(executionId);
            }

            @Override
            public List<Unfinished> unfinished() {
                return memory.unfinished();
            }
        };
        Engine engine =
                Engine.builder().registry(REGISTRY).checkpointer(recording).build();
        PreparedWorkflow wf = engine.prepare(WorkflowFormat.readJson(workflow));
        var result = engine.run(wf, RunRequest.defaults().withDurability(Durability.AT_END));
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCESS);
        Checkpointer.Commit last = commits.getLast();
        assertThat(last.status().terminal()).isTrue();
        return ExecutionRunner.onlyReplaySafeOutcomes(last, wf.graph());
    }

    @Test
    void replaySafeOutcomesGoWithTheSettle() {
        assertThat(deferred(chain("hetumind.noOp", false))).isTrue();
    }

    @Test
    void anOutsideEffectsOutcomeIsCommittedAtOnce() {
        assertThat(deferred(chain("hetumind.code", false))).isFalse();
    }

    @Test
    void aDisabledNodeHasNoEffects() {
        assertThat(deferred(chain("hetumind.code", true))).isTrue();
    }
}
