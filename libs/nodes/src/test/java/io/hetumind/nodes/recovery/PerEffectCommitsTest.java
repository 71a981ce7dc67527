package io.hetumind.nodes.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.Durability;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.InMemoryCheckpointer;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which commits PER_EFFECT makes: none of its own for replay-safe nodes, always one around a node with effects. */
class PerEffectCommitsTest {

    private static final String ID = "0190c0de-0000-7000-8000-0000000effec";

    /** Start → A → {@code middle} → B, all Set nodes except {@code middle}'s type. */
    private static String chain(String middleType) {
        return """
                {"name": "chain", "nodes": [
                  {"name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "parameters": {}},
                  {"name": "A", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "parameters": {"assignments":
                    {"assignments": [{"id": "a", "name": "a", "value": "={{ $json.i }}", "type": "number"}]}}},
                  {"name": "Middle", "type": "%s", "typeVersion": 1, "parameters": {}},
                  {"name": "B", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "parameters": {"assignments":
                    {"assignments": [{"id": "b", "name": "b", "value": "={{ $json.a + 1 }}", "type": "number"}]}}}
                 ],
                 "connections": {
                  "Start": {"main": [[{"node": "A", "type": "main", "index": 0}]]},
                  "A": {"main": [[{"node": "Middle", "type": "main", "index": 0}]]},
                  "Middle": {"main": [[{"node": "B", "type": "main", "index": 0}]]}
                 }}
                """
                .formatted(middleType);
    }

    private static List<List<ExecutionEvent>> run(String workflow, Durability durability, int items) {
        Commits store = new Commits();
        Engine engine = CountingNodes.engine(store);
        List<Item> input = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            input.add(Item.of(Json.object().put("i", i)));
        }
        CountingNodes.reset(1); // the flaky remote has failed its first call already: it answers
        ExecutionResult r = engine.run(
                engine.prepare(WorkflowFormat.readJson(workflow)),
                RunRequest.defaults()
                        .withExecutionId(ID)
                        .withDurability(durability)
                        .withInput(input));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        return store.commits;
    }

    @Test
    void replaySafeNodesAloneCommitOnceAtTheEnd() {
        assertThat(run(chain("n8n-nodes-base.noOp"), Durability.PER_EFFECT, 1)).hasSize(1);
        assertThat(run(chain("n8n-nodes-base.noOp"), Durability.PER_NODE, 1))
                .as("one commit before each node starts, and the end")
                .hasSize(5);
    }

    @Test
    void aNodeWithEffectsStartsAndEndsOnCommits() {
        List<List<ExecutionEvent>> commits = run(chain("test.flaky"), Durability.PER_EFFECT, 1);
        assertThat(commits).hasSize(3);
        // 1: everything up to the start of Middle, which runs only once that is durable
        assertThat(last(commits.get(0)))
                .isInstanceOfSatisfying(ExecutionEvent.NodeStarted.class, e -> assertThat(e.node())
                        .isEqualTo("Middle"));
        assertThat(nodeEvents(commits.get(0), ExecutionEvent.NodeFinished.class))
                .containsExactly("Start", "A");
        // 2: Middle's outcome, made durable with the start of B and before B runs
        assertThat(nodeEvents(commits.get(1), ExecutionEvent.NodeFinished.class))
                .containsExactly("Middle");
        assertThat(last(commits.get(1)))
                .isInstanceOfSatisfying(ExecutionEvent.NodeStarted.class, e -> assertThat(e.node())
                        .isEqualTo("B"));
        // 3: the end
        assertThat(last(commits.get(2))).isInstanceOf(ExecutionEvent.Finished.class);
    }

    @Test
    void replaySafeProgressRidesAlongForAtMostABoundedNumberOfEvents() {
        String loop =
                """
                {"name": "loop", "nodes": [
                  {"name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "parameters": {}},
                  {"name": "Loop", "type": "n8n-nodes-base.splitInBatches", "typeVersion": 3,
                   "parameters": {"batchSize": 1, "options": {}}},
                  {"name": "Edit", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "parameters": {"assignments":
                    {"assignments": [{"id": "a", "name": "twice", "value": "={{ $json.i * 2 }}", "type": "number"}]}}}
                 ],
                 "connections": {
                  "Start": {"main": [[{"node": "Loop", "type": "main", "index": 0}]]},
                  "Loop": {"main": [[], [{"node": "Edit", "type": "main", "index": 0}]]},
                  "Edit": {"main": [[{"node": "Loop", "type": "main", "index": 0}]]}
                 }}
                """;
        List<List<ExecutionEvent>> commits = run(loop, Durability.PER_EFFECT, 300);
        int events = commits.stream().mapToInt(List::size).sum();
        assertThat(events).as("300 turns of two nodes").isGreaterThan(1_200);
        assertThat(commits.size()).isGreaterThanOrEqualTo(events / 257);
        // a commit is due once 256 events wait; the node starts of that dispatch come along
        assertThat(commits).allSatisfy(c -> assertThat(c.size()).isLessThanOrEqualTo(258));
    }

    private static ExecutionEvent last(List<ExecutionEvent> commit) {
        return commit.getLast();
    }

    private static List<String> nodeEvents(List<ExecutionEvent> commit, Class<?> kind) {
        List<String> out = new ArrayList<>();
        for (ExecutionEvent e : commit) {
            if (kind.isInstance(e) && e instanceof ExecutionEvent.NodeFinished f) {
                out.add(f.node());
            }
        }
        return out;
    }

    /** Keeps each commit's events, decoded. */
    private static final class Commits implements Checkpointer {
        private final InMemoryCheckpointer delegate = new InMemoryCheckpointer();
        final List<List<ExecutionEvent>> commits = new ArrayList<>();

        @Override
        public Optional<Checkpoint> load(String executionId) {
            return delegate.load(executionId);
        }

        @Override
        public synchronized Version commit(String executionId, Commit commit) {
            commits.add(commit.events().stream()
                    .map(e -> ExecutionEvent.fromJson(e.json()))
                    .toList());
            return delegate.commit(executionId, commit);
        }

        @Override
        public void delete(String executionId) {
            delegate.delete(executionId);
        }

        @Override
        public List<Unfinished> unfinished() {
            return delegate.unfinished();
        }
    }
}
