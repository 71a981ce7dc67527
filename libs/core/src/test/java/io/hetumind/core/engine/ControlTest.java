package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.internal.StateCodec;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancel, pause/resume, waits, deadlines, parallelism and crash recovery. */
class ControlTest {

    static Workflow chain(String middleType, String middleParams) {
        return WorkflowFormat.readJson(
                """
                {"name":"chain","nodes":[
                  {"name":"Start","type":"test.trigger"},
                  {"name":"First","type":"test.tag"},
                  {"name":"Middle","type":"%s","parameters":%s},
                  {"name":"Last","type":"test.tag"}],
                 "connections":{"Start":{"main":[[{"node":"First"}]]},"First":{"main":[[{"node":"Middle"}]]},
                   "Middle":{"main":[[{"node":"Last"}]]}}}
                """
                        .formatted(middleType, middleParams));
    }

    @BeforeEach
    void reset() {
        TestNodes.CALLS.clear();
        TestNodes.Flaky.TRIES.clear();
    }

    @Test
    void cancelStopsARunningExecution() throws Exception {
        Engine engine = Engine.builder().registry(TestNodes.registry()).build();
        ExecutionHandle h = engine.start(engine.prepare(chain("test.sleep", "{\"ms\":10000}")), RunRequest.defaults());
        Thread.sleep(100);
        h.cancel("user asked");
        ExecutionResult r = h.await(Duration.ofSeconds(5));
        assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(r.state().error().message()).contains("user asked");
        assertThat(r.state().runs("Last")).isEmpty();
    }

    @Test
    void abandonStopsTheRunWritingNothingAndTheNextOwnerFinishesIt() throws Exception {
        InMemoryCheckpointer cp = new InMemoryCheckpointer();
        Engine engine =
                Engine.builder().registry(TestNodes.registry()).checkpointer(cp).build();
        PreparedWorkflow wf = engine.prepare(chain("test.sleep", "{\"ms\":400}"));
        ExecutionHandle h = engine.start(wf, RunRequest.defaults().withExecutionId("a1"));
        long until = System.currentTimeMillis() + 10_000;
        while (TestNodes.calls("Middle") == 0 && System.currentTimeMillis() < until) {
            Thread.sleep(5);
        }
        Checkpointer.Version before = cp.load("a1").orElseThrow().version();
        h.abandon(); // the host lost its lease: another worker owns the execution now
        assertThatThrownBy(() -> h.await(Duration.ofSeconds(5)))
                .hasCauseInstanceOf(CheckpointConflictException.class)
                .cause()
                .hasMessageContaining("abandoned");
        Thread.sleep(500); // "Middle" would have finished by now, had it not been interrupted
        Checkpointer.Checkpoint after = cp.load("a1").orElseThrow();
        assertThat(after.version()).as("nothing written after abandoning").isEqualTo(before);
        assertThat(engine.recover(wf, "a1").status()).as("not canceled").isEqualTo(ExecutionStatus.RUNNING);

        ExecutionResult done = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(cp)
                .build()
                .resume(wf, "a1", RunRequest.defaults());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(TestNodes.calls("First")).isEqualTo(1);
        assertThat(TestNodes.calls("Middle"))
                .as("only the node in flight runs again")
                .isEqualTo(2);
        assertThat(TestNodes.calls("Last")).isEqualTo(1);
    }

    @Test
    void workflowTimeoutCancels() {
        Engine engine = Engine.builder().registry(TestNodes.registry()).build();
        Workflow wf = chain("test.sleep", "{\"ms\":5000}");
        wf = new Workflow(
                wf.id(),
                wf.name(),
                1,
                wf.nodes(),
                wf.connections(),
                new io.hetumind.core.model.WorkflowSettings(200, null, "UTC", 0, "v1"),
                null);
        ExecutionResult r = engine.run(engine.prepare(wf), RunRequest.defaults());
        assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(r.state().error().message()).contains("timed out after 200 ms");
    }

    @Test
    void pauseParksAndResumeFinishesWithoutRerunningFinishedNodes() throws Exception {
        InMemoryCheckpointer cp = new InMemoryCheckpointer();
        Engine engine =
                Engine.builder().registry(TestNodes.registry()).checkpointer(cp).build();
        PreparedWorkflow wf = engine.prepare(chain("test.sleep", "{\"ms\":300}"));
        ExecutionHandle h = engine.start(wf, RunRequest.defaults().withExecutionId("p1"));
        long until = System.currentTimeMillis() + 10_000;
        while (TestNodes.calls("Middle") == 0 && System.currentTimeMillis() < until) {
            Thread.sleep(5); // pause while "Middle" runs, however slow the machine is
        }
        h.pause();
        ExecutionResult paused = h.await(Duration.ofSeconds(5));
        assertThat(paused.status()).isEqualTo(ExecutionStatus.WAITING);
        assertThat(paused.state().pauseReason()).isEqualTo("pause");
        assertThat(paused.state().runs("Middle")).hasSize(1); // the running node finished
        ExecutionResult done = engine.resume(wf, "p1", RunRequest.defaults());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(TestNodes.calls("First")).isEqualTo(1);
        assertThat(TestNodes.calls("Middle")).isEqualTo(1);
        assertThat(TestNodes.calls("Last")).isEqualTo(1);
    }

    @Test
    void deadlineStopsABatchAndTheNextBatchContinues() {
        InMemoryCheckpointer cp = new InMemoryCheckpointer();
        Engine engine =
                Engine.builder().registry(TestNodes.registry()).checkpointer(cp).build();
        PreparedWorkflow wf = engine.prepare(chain("test.sleep", "{\"ms\":200}"));
        ExecutionResult first = engine.run(
                wf, RunRequest.defaults().withExecutionId("batch").withDeadline(System.currentTimeMillis() + 100));
        assertThat(first.status()).isEqualTo(ExecutionStatus.WAITING);
        assertThat(first.state().pauseReason()).isEqualTo("deadline");
        assertThat(first.state().runs("Last")).isEmpty();
        ExecutionResult second = engine.resume(wf, "batch", RunRequest.defaults());
        assertThat(second.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(TestNodes.calls("Middle")).isEqualTo(1);
    }

    @Test
    void externalWaitParksUntilResumedWithData() {
        InMemoryCheckpointer cp = new InMemoryCheckpointer();
        Engine engine =
                Engine.builder().registry(TestNodes.registry()).checkpointer(cp).build();
        PreparedWorkflow wf = engine.prepare(chain("test.wait", "{\"ms\":-1}"));
        ExecutionResult parked = engine.run(wf, RunRequest.defaults().withExecutionId("w1"));
        assertThat(parked.status()).isEqualTo(ExecutionStatus.WAITING);
        assertThat(parked.state().pauseReason()).isEqualTo("wait");
        ExecutionResult stillParked = engine.resume(wf, "w1", RunRequest.defaults());
        assertThat(stillParked.status()).isEqualTo(ExecutionStatus.WAITING);
        var body = List.of(List.of(Item.of(Json.object().put("approved", true))));
        ExecutionResult done = engine.resumeWaiting(wf, "w1", "Middle", body, RunRequest.defaults());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(done.lastOutput().getFirst().json().toString()).isEqualTo("{\"approved\":true,\"path\":[\"Last\"]}");
    }

    @Test
    void shortTimedWaitIsSleptInProcess() {
        Engine engine = Engine.builder().registry(TestNodes.registry()).build();
        ExecutionResult r = engine.run(engine.prepare(chain("test.wait", "{\"ms\":50}")), RunRequest.defaults());
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.state().runs("Last")).hasSize(1);
    }

    @Test
    void independentBranchesRunConcurrently() throws InterruptedException {
        List<String> started = new CopyOnWriteArrayList<>();
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .listener(e -> {
                    if (e.kind() == RunEvent.Kind.NODE_STARTED) {
                        started.add(e.node());
                    }
                })
                .build();
        StringBuilder nodes = new StringBuilder("{\"name\":\"Start\",\"type\":\"test.trigger\"}");
        StringBuilder targets = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            nodes.append(",{\"name\":\"S").append(i).append("\",\"type\":\"test.sleep\",\"parameters\":{\"ms\":300}}");
            targets.append(i == 0 ? "" : ",").append("{\"node\":\"S").append(i).append("\"}");
        }
        Workflow wf = WorkflowFormat.readJson("{\"name\":\"wide\",\"nodes\":[" + nodes
                + "],\"connections\":{\"Start\":{\"main\":[[" + targets + "]]}}}");
        long t0 = System.nanoTime();
        ExecutionResult r = engine.run(engine.prepare(wf), RunRequest.defaults());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(engine.awaitListeners(Duration.ofSeconds(5))).isTrue();
        assertThat(started).hasSize(9);
        // eight 300 ms sleeps in sequence would take 2.4 s; concurrently they overlap
        assertThat(ms).isLessThan(2000);
    }

    @Test
    void fileCheckpointRecoversACrashedRunWithoutRerunningFinishedNodes(@TempDir Path dir) {
        FileCheckpointer cp = new FileCheckpointer(dir, false);
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(cp)
                .snapshotEvery(3)
                .build();
        PreparedWorkflow wf = engine.prepare(chain("test.tag", "{}"));
        // Simulate a worker that died right after "Middle" started: replay the journal of a
        // run cut short by applying events by hand through the pure machine.
        HostedSteps.Machine m = HostedSteps.machine(wf, true);
        ExecutionState s = m.newState("crash1");
        List<ExecutionEvent> events = List.of(
                new ExecutionEvent.Started(
                        1,
                        "Start",
                        List.of(Item.empty()),
                        RunRequest.defaults()
                                .info(wf.workflow().id(), wf.workflow().version())),
                new ExecutionEvent.NodeStarted(2, 1, "Start"),
                new ExecutionEvent.NodeFinished(
                        3, 1, "Start", 2, 0, List.of(List.of(Item.empty())), null, List.of(), null),
                new ExecutionEvent.NodeStarted(4, 2, "First"),
                new ExecutionEvent.NodeFinished(
                        5,
                        2,
                        "First",
                        4,
                        0,
                        List.of(List.of(Item.of(Json.object().put("from", "before crash")))),
                        null,
                        List.of(),
                        null),
                new ExecutionEvent.NodeStarted(6, 3, "Middle"));
        Checkpointer.Version v = Checkpointer.Version.NONE;
        for (ExecutionEvent e : events) {
            m.apply(s, e);
            v = cp.commit(
                    "crash1",
                    new Checkpointer.Commit(
                            v,
                            List.of(new Checkpointer.Entry(s.seq(), ExecutionEvent.toJson(e))),
                            s.seq() == 3 ? s.toJson() : null,
                            s.status(),
                            -1));
        }
        cp.close(); // the worker died
        ExecutionResult r = engine.resume(wf, "crash1", RunRequest.defaults());
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(TestNodes.calls("Start")).isZero();
        assertThat(TestNodes.calls("First")).isZero();
        assertThat(TestNodes.calls("Middle")).isEqualTo(1);
        assertThat(r.lastOutput().getFirst().json().toString())
                .isEqualTo("{\"from\":\"before crash\",\"path\":[\"Middle\",\"Last\"]}");
        cp.close();
    }

    @Test
    void aTornJournalLineFromAKilledProcessDoesNotBreakLaterRecoveries(@TempDir Path dir) throws Exception {
        FileCheckpointer cp = new FileCheckpointer(dir, false);
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(cp)
                .snapshotEvery(0)
                .build();
        PreparedWorkflow wf = engine.prepare(chain("test.wait", "{\"ms\":-1}"));
        assertThat(engine.run(wf, RunRequest.defaults().withExecutionId("torn")).status())
                .isEqualTo(ExecutionStatus.WAITING);
        // a process killed in the middle of an append leaves half a line without a newline
        java.nio.file.Files.writeString(
                cp.log("torn"), "99\t{\"t\":\"NodeFin", java.nio.file.StandardOpenOption.APPEND);
        cp.close();
        // The resumed run journals its first event, then dies too (before any snapshot).
        Checkpointer.Checkpoint loaded = cp.load("torn").orElseThrow();
        ExecutionState recovered = engine.recover(wf, "torn");
        cp.commit(
                "torn",
                new Checkpointer.Commit(
                        loaded.version(),
                        List.of(new Checkpointer.Entry(
                                recovered.seq() + 1,
                                ExecutionEvent.toJson(new ExecutionEvent.Resumed(1, "Middle", null)))),
                        null,
                        ExecutionStatus.RUNNING,
                        -1));
        cp.close();
        ExecutionState again = engine.recover(wf, "torn");
        assertThat(again.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(again.runs("Middle")).hasSize(1);
        ExecutionResult done = engine.resume(wf, "torn", RunRequest.defaults());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(done.state().runs("Last")).hasSize(1);
        cp.close();
    }

    @Test
    void stateSurvivesACodecRoundTrip() {
        Engine engine = Engine.builder().registry(TestNodes.registry()).build();
        ExecutionResult r = engine.run(engine.prepare(chain("test.tag", "{}")), RunRequest.defaults());
        String json = r.state().toJson();
        ExecutionState back = StateCodec.read(json);
        assertThat(back.toJson()).isEqualTo(json);
        assertThat(RunDataView.toJson(back)).isEqualTo(RunDataView.toJson(r.state()));
    }
}
