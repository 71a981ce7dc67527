package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The engine's promise, checked at every point a run could be killed: a run's whole journal (every event journaled,
 * a snapshot every two events, so some snapshots fall while a node is in flight) is cut after each event, and the
 * store is given what it would hold then — the events alone, or the latest snapshot so far and the events after it.
 * Each cut resumes to the uninterrupted run's result, and no node that had finished before the cut runs again; a
 * node in flight at the cut runs once more.
 */
class CrashAtEveryPointTest {

    private static final List<String> NODES = List.of("P1", "P2", "P3", "P4", "P5");

    /** Trigger → P1 → (P2, P3) → P4 (merge) → P5, P2 with Execute Once. */
    private static final String WORKFLOW =
            """
            {"name":"every point","nodes":[
              {"name":"T","type":"test.trigger"},
              {"name":"P1","type":"test.tag"},
              {"name":"P2","type":"test.tag","executeOnce":true},
              {"name":"P3","type":"test.tag"},
              {"name":"P4","type":"test.merge"},
              {"name":"P5","type":"test.tag"}],
             "connections":{"T":{"main":[[{"node":"P1"}]]},
               "P1":{"main":[[{"node":"P2"},{"node":"P3"}]]},
               "P2":{"main":[[{"node":"P4","index":0}]]},
               "P3":{"main":[[{"node":"P4","index":1}]]},
               "P4":{"main":[[{"node":"P5"}]]}}}
            """;

    /** A store that keeps every commit it was given, in order. */
    private static final class Recording implements Checkpointer {
        final InMemoryCheckpointer store = new InMemoryCheckpointer();
        final List<Commit> commits = new ArrayList<>();

        @Override
        public Optional<Checkpoint> load(String executionId) {
            return store.load(executionId);
        }

        @Override
        public Version commit(String executionId, Commit commit) {
            commits.add(commit);
            return store.commit(executionId, commit);
        }

        @Override
        public void delete(String executionId) {
            store.delete(executionId);
        }

        @Override
        public List<Unfinished> unfinished() {
            return store.unfinished();
        }
    }

    private static RunRequest request() {
        List<Item> input = List.of(
                Item.of(Json.object().put("n", 1)),
                Item.of(Json.object().put("n", 2)),
                Item.of(Json.object().put("n", 3)));
        return RunRequest.defaults()
                .sequential()
                .withDurability(Durability.EVERY_EVENT)
                .withExecutionId("x")
                .withInput(input);
    }

    private static Engine engine(Checkpointer store) {
        return Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(store)
                .snapshotEvery(2)
                .build();
    }

    private static void resetCalls() {
        NODES.forEach(TestNodes.CALLS::remove);
    }

    @Test
    void everyCutResumesToTheSameResultWithoutRerunningAFinishedNode() {
        resetCalls();
        Recording recording = new Recording();
        Engine first = engine(recording);
        PreparedWorkflow wf = first.prepare(WorkflowFormat.readJson(WORKFLOW));
        ExecutionResult whole = first.run(wf, request());
        assertThat(whole.status()).isEqualTo(ExecutionStatus.SUCCESS);
        Map<String, Integer> runs = new HashMap<>();
        NODES.forEach(n -> runs.put(n, TestNodes.calls(n)));

        // the journal as one list, and the snapshots it held, by the sequence number they follow
        List<Checkpointer.Entry> journal = new ArrayList<>();
        Map<Long, String> snapshots = new HashMap<>();
        for (Checkpointer.Commit c : recording.commits) {
            journal.addAll(c.events());
            if (c.snapshotJson() != null) {
                snapshots.put(c.lastSeq(), c.snapshotJson());
            }
        }
        long midNode = snapshots.keySet().stream()
                .filter(seq -> seq > 0
                        && ExecutionEvent.fromJson(
                                        journal.get(seq.intValue() - 1).json())
                                instanceof ExecutionEvent.NodeStarted)
                .count();
        assertThat(midNode).as("snapshots taken while a node was in flight").isPositive();

        int cuts = 0;
        for (int cut = 1; cut <= journal.size(); cut++) {
            List<Checkpointer.Entry> prefix = journal.subList(0, cut);
            Map<String, Integer> finished = new HashMap<>();
            for (Checkpointer.Entry e : prefix) {
                if (ExecutionEvent.fromJson(e.json()) instanceof ExecutionEvent.NodeFinished f) {
                    finished.merge(f.node(), 1, Integer::sum);
                }
            }
            long latest = snapshots.keySet().stream()
                    .filter(seq -> seq <= prefix.size())
                    .max(Long::compare)
                    .orElse(0L);
            for (boolean withSnapshot : latest > 0 ? List.of(false, true) : List.of(false)) {
                InMemoryCheckpointer store = new InMemoryCheckpointer();
                Checkpointer.Version v = Checkpointer.Version.NONE;
                if (withSnapshot) {
                    v = store.commit(
                            "x",
                            new Checkpointer.Commit(
                                    v,
                                    prefix.subList(0, (int) latest),
                                    snapshots.get(latest),
                                    ExecutionStatus.RUNNING,
                                    -1));
                }
                List<Checkpointer.Entry> tail = prefix.subList((int) v.seq(), prefix.size());
                if (!tail.isEmpty()) {
                    store.commit("x", new Checkpointer.Commit(v, tail, null, ExecutionStatus.RUNNING, -1));
                }
                resetCalls();
                ExecutionResult resumed = engine(store).resume(wf, "x", request());
                String at = "cut after event " + cut + (withSnapshot ? ", snapshot at " + latest : ", no snapshot");
                assertThat(resumed.status()).as(at).isEqualTo(ExecutionStatus.SUCCESS);
                assertThat(resumed.output("P5", 0)).as(at).isEqualTo(whole.output("P5", 0));
                for (String n : NODES) {
                    assertThat(TestNodes.calls(n))
                            .as("%s: runs of %s after the cut", at, n)
                            .isEqualTo(runs.get(n) - finished.getOrDefault(n, 0));
                }
                cuts++;
            }
        }
        assertThat(cuts).isGreaterThan(journal.size());
    }
}
