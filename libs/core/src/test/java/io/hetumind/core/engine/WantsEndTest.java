package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A store that does not want an execution's end gets no final commit, and the run's result is unchanged. */
class WantsEndTest {

    /** An in-memory store that records what it is asked and given, answering {@code wantsEnd} as told. */
    static final class Asked implements Checkpointer {
        final InMemoryCheckpointer memory = new InMemoryCheckpointer();
        final List<Commit> commits = new ArrayList<>();
        final List<List<ExecutionEvent>> asked = new ArrayList<>();
        final boolean wants;

        Asked(boolean wants) {
            this.wants = wants;
        }

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

        @Override
        public boolean wantsEnd(String executionId, ExecutionStatus status, List<ExecutionEvent> events) {
            asked.add(List.copyOf(events));
            return wants;
        }
    }

    private static ExecutionResult run(Asked store, Durability durability) {
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(store)
                .build();
        var wf = WorkflowFormat.readJson(
                """
                {"name":"ends","nodes":[{"name":"T","type":"test.trigger"},{"name":"A","type":"test.tag"},
                  {"name":"B","type":"test.tag"}],
                 "connections":{"T":{"main":[[{"node":"A"}]]},"A":{"main":[[{"node":"B"}]]}}}
                """);
        return engine.run(
                engine.prepare(wf),
                RunRequest.defaults()
                        .withDurability(durability)
                        .withInput(List.of(Item.of(Json.object().put("n", 1)))));
    }

    @Test
    void anEndTheStoreDoesNotWantIsNotBuiltAndTheResultIsTheSame() {
        Asked unwanted = new Asked(false);
        ExecutionResult r = run(unwanted, Durability.AT_END);
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("B", 0).getFirst().json().get("path").toString()).isEqualTo("[\"A\",\"B\"]");
        assertThat(unwanted.commits).as("AT_END: the end was the only commit").isEmpty();
        assertThat(unwanted.asked).hasSize(1);
        assertThat(unwanted.asked.getFirst().stream()
                        .map(ExecutionEvent::outcomeNode)
                        .filter(java.util.Objects::nonNull))
                .as("the store is shown every outcome not committed yet")
                .containsExactly("T", "A", "B");

        Asked wanted = new Asked(true);
        run(wanted, Durability.AT_END);
        assertThat(wanted.commits).hasSize(1);
        assertThat(wanted.commits.getLast().status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(wanted.commits.getLast().snapshotJson()).isNotNull();
    }

    @Test
    void commitsBeforeTheEndAreMadeAsEver() {
        Asked unwanted = new Asked(false);
        run(unwanted, Durability.PER_NODE);
        assertThat(unwanted.commits).isNotEmpty();
        assertThat(unwanted.commits)
                .allSatisfy(c -> assertThat(c.status().terminal()).isFalse());
        assertThat(unwanted.asked).hasSize(1);
    }
}
