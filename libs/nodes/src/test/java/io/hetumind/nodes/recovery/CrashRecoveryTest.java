package io.hetumind.nodes.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.Checkpointer.Entry;
import io.hetumind.core.engine.Durability;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.InMemoryCheckpointer;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.WebhookResponder;
import io.hetumind.nodes.NodeTests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine's promise, proved by enumeration rather than by example: for each workflow below,
 * the full journal of an uncrashed run is recorded, then the run is recovered from <b>every</b>
 * prefix of it (a crash after event k) — with no snapshot, with a snapshot taken at k (often
 * while nodes are in flight), and with a snapshot half-way plus the journal after it — and each
 * recovery must end with the uncrashed result, every node run that finished before the crash
 * never running again, and only the runs in flight at the crash running once more. A sub-workflow
 * is also cut at every point of its own journal while its calling node is in flight.
 */
class CrashRecoveryTest {

    private static final String ID = "0190c0de-0000-7000-8000-00000000c4a5";

    static Stream<Arguments> workflows() {
        List<Arguments> out = new ArrayList<>();
        for (String file : List.of(
                "parallel-loop-wait-merge.json",
                "retries-and-error-outputs.json",
                "subworkflow.json",
                "respond-to-webhook.json")) {
            for (Durability durability : List.of(Durability.EVERY_EVENT, Durability.PER_EFFECT)) {
                out.add(Arguments.of(file, false, durability));
                out.add(Arguments.of(file, true, durability));
            }
        }
        return out.stream();
    }

    /**
     * A crash may come at any moment; what the store then holds is the journal up to the last commit before it: every
     * prefix at EVERY_EVENT, the commit boundaries at PER_EFFECT (where replay-safe nodes finished since the last
     * commit run again and nodes with effects never do, as the call counts check).
     */
    @ParameterizedTest(name = "{0} parallel={1} {2}")
    @MethodSource("workflows")
    void everyPrefixOfTheJournalRecoversToTheUncrashedResult(String file, boolean parallel, Durability durability)
            throws Exception {
        Workflow workflow = read(file);
        Recorder recorder = new Recorder();
        Engine recording = CountingNodes.engine(recorder);
        PreparedWorkflow wf = recording.prepare(workflow);
        CountingNodes.reset(0);
        ExecutionResult uncrashed = recording.run(wf, request(parallel, durability));
        assertThat(uncrashed.status()).as("uncrashed run of %s", file).isEqualTo(ExecutionStatus.SUCCESS);
        Map<String, Integer> uncrashedCalls = CountingNodes.calls();
        List<Entry> journal = recorder.journal(ID);
        Map<String, List<Entry>> children = recorder.childrenOf(ID);

        int scenarios = 0;
        List<Integer> crashPoints = durability == Durability.EVERY_EVENT
                ? java.util.stream.IntStream.rangeClosed(1, journal.size())
                        .boxed()
                        .toList()
                : recorder.boundaries(ID);
        for (int k : crashPoints) {
            List<Entry> prefix = journal.subList(0, k);
            for (Snapshot snapshot : Snapshot.values()) {
                for (List<Map.Entry<String, List<Entry>>> cut : childCuts(prefix, children, snapshot)) {
                    recover(file, wf, parallel, durability, journal, prefix, snapshot, cut, uncrashed, uncrashedCalls);
                    scenarios++;
                }
            }
        }
        assertThat(scenarios).isGreaterThanOrEqualTo(3 * crashPoints.size());
    }

    private void recover(
            String file,
            PreparedWorkflow wf,
            boolean parallel,
            Durability durability,
            List<Entry> journal,
            List<Entry> prefix,
            Snapshot snapshot,
            List<Map.Entry<String, List<Entry>>> children,
            ExecutionResult uncrashed,
            Map<String, Integer> uncrashedCalls) {
        String what =
                file + " crashed after event " + prefix.size() + "/" + journal.size() + " (" + snapshot + ", children "
                        + children.stream().map(c -> c.getValue().size()).toList() + ")";
        InMemoryCheckpointer store = new InMemoryCheckpointer();
        Engine engine = CountingNodes.engine(store);
        seed(engine, wf, store, ID, prefix, snapshot);
        List<List<Entry>> journals = new ArrayList<>(List.of(prefix));
        for (Map.Entry<String, List<Entry>> child : children) {
            if (!child.getValue().isEmpty()) {
                seed(engine, wf, store, child.getKey(), child.getValue(), Snapshot.NONE);
                journals.add(child.getValue());
            }
        }
        Replay before = Replay.of(journals, journal, childJournals(children));
        CountingNodes.reset(before.started("Remote"));

        ExecutionResult recovered = engine.resume(wf, ID, request(parallel, durability));

        assertThat(recovered.status()).as(what).isEqualTo(ExecutionStatus.SUCCESS);
        assertSameRunData(what, uncrashed.state(), recovered.state());
        Map<String, Integer> calls = CountingNodes.calls();
        for (var e : uncrashedCalls.entrySet()) {
            String node = e.getKey();
            int expected = e.getValue() - before.completed(node) - before.failedInFlight(node);
            assertThat(calls.getOrDefault(node, 0))
                    .as(
                            "%s: runs of '%s' after recovery (%d in the uncrashed run, %d finished before the crash,"
                                    + " in flight %s)",
                            what, node, e.getValue(), before.completed(node), before.inFlight(node))
                    .isEqualTo(expected);
        }
    }

    private static Map<String, List<Entry>> childJournals(List<Map.Entry<String, List<Entry>>> cut) {
        Map<String, List<Entry>> out = new HashMap<>();
        cut.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * How each child execution stands at the crash: whole when its calling task finished before
     * it, absent when that task never started, and — with the calling task in flight — cut at
     * every point of the children's journals in the order they ran.
     */
    private static List<List<Map.Entry<String, List<Entry>>>> childCuts(
            List<Entry> prefix, Map<String, List<Entry>> children, Snapshot snapshot) {
        Replay parent = Replay.of(List.of(prefix), prefix, Map.of());
        List<Map.Entry<String, List<Entry>>> fixed = new ArrayList<>();
        List<Map.Entry<String, List<Entry>>> cuttable = new ArrayList<>();
        for (var child : new TreeMap<>(children).entrySet()) {
            long task = Long.parseLong(
                    child.getKey().substring(ID.length() + 2, child.getKey().lastIndexOf('.')));
            if (parent.finishedTasks.contains(task)) {
                fixed.add(child);
            } else if (parent.inFlightTasks.contains(task)) {
                cuttable.add(child);
            }
        }
        List<List<Map.Entry<String, List<Entry>>>> out = new ArrayList<>();
        int total = cuttable.stream().mapToInt(c -> c.getValue().size()).sum();
        int cuts = snapshot == Snapshot.NONE ? total : 0; // one variant enumerates the children's cuts
        for (int c = cuts; c >= 0; c--) {
            List<Map.Entry<String, List<Entry>>> one = new ArrayList<>(fixed);
            int left = snapshot == Snapshot.NONE ? c : total;
            for (var child : cuttable) {
                int take = Math.min(left, child.getValue().size());
                one.add(Map.entry(child.getKey(), child.getValue().subList(0, take)));
                left -= take;
            }
            out.add(one);
        }
        return out;
    }

    /** Puts a journal prefix into a fresh store, with or without snapshots, as a crash left it. */
    private static void seed(
            Engine engine, PreparedWorkflow wf, Checkpointer store, String id, List<Entry> events, Snapshot snapshot) {
        if (snapshot == Snapshot.NONE) {
            store.commit(
                    id, new Checkpointer.Commit(Checkpointer.Version.NONE, events, null, ExecutionStatus.RUNNING, -1));
            return;
        }
        int at = snapshot == Snapshot.AT_CRASH ? events.size() : Math.max(1, events.size() / 2);
        InMemoryCheckpointer scratch = new InMemoryCheckpointer();
        scratch.commit(
                id,
                new Checkpointer.Commit(
                        Checkpointer.Version.NONE, events.subList(0, at), null, ExecutionStatus.RUNNING, -1));
        ExecutionState state = CountingNodes.engine(scratch).recover(wf, id);
        Checkpointer.Version v = store.commit(
                id,
                new Checkpointer.Commit(
                        Checkpointer.Version.NONE, events.subList(0, at), state.toJson(), ExecutionStatus.RUNNING, -1));
        if (at < events.size()) {
            store.commit(
                    id,
                    new Checkpointer.Commit(v, events.subList(at, events.size()), null, ExecutionStatus.RUNNING, -1));
        }
    }

    private static void assertSameRunData(String what, ExecutionState expected, ExecutionState actual) {
        assertThat(new TreeMap<>(shape(actual))).as(what).isEqualTo(new TreeMap<>(shape(expected)));
    }

    /** Per node: each run's status, outputs and error message (not timings or tries). */
    private static Map<String, List<String>> shape(ExecutionState s) {
        Map<String, List<String>> out = new HashMap<>();
        for (String node : s.executedNodes()) {
            List<String> runs = new ArrayList<>();
            for (NodeRun r : s.runs(node)) {
                List<List<String>> ports = new ArrayList<>();
                for (List<Item> port : r.outputs()) {
                    ports.add(port.stream().map(i -> i.json().toString()).toList());
                }
                runs.add(r.status() + " " + ports
                        + (r.error() == null ? "" : " error=" + r.error().message()));
            }
            out.put(node, runs);
        }
        return out;
    }

    private static RunRequest request(boolean parallel, Durability durability) {
        var body = Json.object();
        body.putObject("body").put("order", "A-17");
        return RunRequest.defaults()
                .withExecutionId(ID)
                .withParallel(parallel)
                .withDurability(durability)
                .withInput(List.of(Item.of(body)))
                .withService(WebhookResponder.class, (id, response) -> CountingNodes.responded());
    }

    private static Workflow read(String file) throws IOException {
        try (InputStream in = CrashRecoveryTest.class.getResourceAsStream("/recovery/" + file)) {
            return WorkflowFormat.readJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Where the state is snapshotted in the crashed store. */
    enum Snapshot {
        NONE,
        AT_CRASH,
        HALF_WAY
    }

    /** A store that remembers every committed event, for the journal of the uncrashed run. */
    static final class Recorder implements Checkpointer {
        private final InMemoryCheckpointer delegate = new InMemoryCheckpointer();
        private final Map<String, List<Entry>> journals = new HashMap<>();
        private final Map<String, List<Integer>> boundaries = new HashMap<>();

        @Override
        public java.util.Optional<Checkpoint> load(String executionId) {
            return delegate.load(executionId);
        }

        @Override
        public synchronized Version commit(String executionId, Commit commit) {
            Version v = delegate.commit(executionId, commit);
            List<Entry> journal = journals.computeIfAbsent(executionId, k -> new ArrayList<>());
            journal.addAll(commit.events());
            boundaries.computeIfAbsent(executionId, k -> new ArrayList<>()).add(journal.size());
            return v;
        }

        @Override
        public void delete(String executionId) {
            delegate.delete(executionId);
        }

        @Override
        public List<Unfinished> unfinished() {
            return delegate.unfinished();
        }

        synchronized List<Entry> journal(String id) {
            return List.copyOf(journals.get(id));
        }

        /** The journal's length after each commit. */
        synchronized List<Integer> boundaries(String id) {
            return List.copyOf(boundaries.get(id));
        }

        synchronized Map<String, List<Entry>> childrenOf(String id) {
            Map<String, List<Entry>> out = new HashMap<>();
            journals.forEach((k, v) -> {
                if (k.startsWith(id + ".c")) {
                    out.put(k, List.copyOf(v));
                }
            });
            return out;
        }
    }

    /** What the journals up to a crash say about node runs. */
    static final class Replay {
        final Map<String, Integer> completed = new HashMap<>();
        final Map<String, Integer> startedByNode = new HashMap<>();
        final Map<String, Integer> failedInFlight = new HashMap<>();
        final Map<String, List<Long>> inFlightByNode = new HashMap<>();
        final Set<Long> finishedTasks = new HashSet<>();
        final Set<Long> inFlightTasks = new HashSet<>();

        /**
         * {@code journals}: what the store holds at the crash (the parent's prefix first); {@code
         * parentFull}/{@code childrenFull}: the uncrashed journals, to know how an in-flight try ended.
         */
        static Replay of(List<List<Entry>> journals, List<Entry> parentFull, Map<String, List<Entry>> childrenFull) {
            Replay r = new Replay();
            for (int j = 0; j < journals.size(); j++) {
                List<Entry> full = j == 0 ? parentFull : fullOf(childrenFull, journals.get(j));
                r.add(journals.get(j), full);
            }
            return r;
        }

        private static List<Entry> fullOf(Map<String, List<Entry>> children, List<Entry> part) {
            return children.values().stream()
                    .filter(c -> !c.isEmpty() && !part.isEmpty() && c.getFirst().equals(part.getFirst()))
                    .findFirst()
                    .orElse(part);
        }

        private void add(List<Entry> prefix, List<Entry> full) {
            Map<Long, String> inFlight = new HashMap<>();
            Set<Long> finished = new HashSet<>();
            for (Entry e : prefix) {
                switch (ExecutionEvent.fromJson(e.json())) {
                    case ExecutionEvent.NodeStarted s -> {
                        inFlight.put(s.taskId(), s.node());
                        startedByNode.merge(s.node(), 1, Integer::sum);
                    }
                    case ExecutionEvent.NodeFinished f -> done(inFlight, finished, f.taskId(), f.node(), true);
                    case ExecutionEvent.NodeFailed f -> done(inFlight, finished, f.taskId(), f.node(), f.retryAt() < 0);
                    case ExecutionEvent.NodeWaiting w -> done(inFlight, finished, w.taskId(), w.node(), true);
                    case ExecutionEvent.NodeDeferred d -> done(inFlight, finished, d.taskId(), d.node(), false);
                    default -> {}
                }
            }
            finishedTasks.addAll(finished);
            inFlightTasks.addAll(inFlight.keySet());
            inFlight.forEach((task, node) -> {
                inFlightByNode.computeIfAbsent(node, k -> new ArrayList<>()).add(task);
                if (endedWithRetry(full, prefix.size(), task)) {
                    failedInFlight.merge(node, 1, Integer::sum);
                }
            });
        }

        private void done(Map<Long, String> inFlight, Set<Long> finished, long task, String node, boolean last) {
            inFlight.remove(task);
            if (last) {
                finished.add(task);
            }
            completed.merge(node, 1, Integer::sum);
        }

        /** Whether the try in flight at the crash failed and was retried in the uncrashed run. */
        private static boolean endedWithRetry(List<Entry> full, int from, long task) {
            for (Entry e : full.subList(Math.min(from, full.size()), full.size())) {
                ExecutionEvent ev = ExecutionEvent.fromJson(e.json());
                if (ev instanceof ExecutionEvent.NodeFailed f && f.taskId() == task) {
                    return f.retryAt() >= 0;
                }
                if (ev instanceof ExecutionEvent.NodeFinished f && f.taskId() == task) {
                    return false;
                }
            }
            return false;
        }

        int completed(String node) {
            return completed.getOrDefault(node, 0);
        }

        int started(String node) {
            return startedByNode.getOrDefault(node, 0);
        }

        int failedInFlight(String node) {
            return failedInFlight.getOrDefault(node, 0);
        }

        List<Long> inFlight(String node) {
            return inFlightByNode.getOrDefault(node, List.of());
        }
    }

    static {
        NodeTests.expressions(); // load the expression engine once, outside the measured runs
    }
}
