package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.internal.MachineState;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a service needs from a run: recorded run info, deadlines, parking, resume tokens, per-run services, listeners. */
class RunServicesTest {

    @BeforeEach
    void reset() {
        TestNodes.CALLS.clear();
        TestNodes.Flaky.TRIES.clear();
    }

    private static Workflow versioned(String middleType, String middleParams, String extra) {
        return versioned(3, middleType, middleParams, extra, "");
    }

    private static Workflow versioned(
            int version, String middleType, String middleParams, String extra, String middle) {
        return WorkflowFormat.readJson(
                """
                {"id":"wf-1","version":%d,"name":"chain",%s"nodes":[
                  {"name":"Start","type":"test.trigger"},
                  {"name":"First","type":"test.tag"},
                  {"name":"Middle","type":"%s","parameters":%s%s},
                  {"name":"Last","type":"test.tag"}],
                 "connections":{"Start":{"main":[[{"node":"First"}]]},"First":{"main":[[{"node":"Middle"}]]},
                   "Middle":{"main":[[{"node":"Last"}]]}}}
                """
                        .formatted(version, extra, middleType, middleParams, middle));
    }

    /** A clock tests move by hand. */
    static final class TestClock extends Clock {
        final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void theStartRecordsWhatTheRunIsAndResumeKeepsItAndRefusesAnotherWorkflowVersion() {
        InMemoryCheckpointer store = new InMemoryCheckpointer();
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(store)
                .build();
        PreparedWorkflow wf = engine.prepare(versioned("test.wait", "{\"ms\":-1}", ""));
        RunRequest req = RunRequest.defaults()
                .withExecutionId("hook-1")
                .withMode("webhook")
                .withParent("parent-9")
                .sequential()
                .withDurability(Durability.EVERY_EVENT);
        assertThat(engine.run(wf, req).status()).isEqualTo(ExecutionStatus.WAITING);

        RunInfo info = engine.recover(wf, "hook-1").info();
        assertThat(info)
                .isEqualTo(new RunInfo("webhook", "parent-9", "wf-1", 3, false, 0, false, Durability.EVERY_EVENT));

        PreparedWorkflow v4 = engine.prepare(versioned(4, "test.wait", "{\"ms\":-1}", "", ""));
        assertThatThrownBy(() -> engine.resumeWaiting(v4, "hook-1", "Middle", null, RunRequest.defaults()))
                .isInstanceOf(WorkflowMismatchException.class)
                .hasMessageContaining("hook-1")
                .hasMessageContaining("version 3");
        // resumed with default options, it still runs as the webhook run it started as
        ExecutionResult done = engine.resumeWaiting(wf, "hook-1", "Middle", null, RunRequest.defaults());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(done.state().mode()).isEqualTo("webhook");
        assertThat(done.state().info().parallel()).isFalse();
    }

    @Test
    void theWorkflowTimeoutCountsFromTheExecutionsStartAcrossRunCalls() throws Exception {
        InMemoryCheckpointer store = new InMemoryCheckpointer();
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(store)
                .build();
        PreparedWorkflow wf =
                engine.prepare(versioned("test.sleep", "{\"ms\":200}", "\"settings\":{\"timeoutMs\":300},"));
        ExecutionResult first = engine.run(
                wf, RunRequest.defaults().withExecutionId("t1").withDeadline(System.currentTimeMillis() + 50));
        assertThat(first.status()).isEqualTo(ExecutionStatus.WAITING);
        Thread.sleep(150);
        ExecutionResult second = engine.resume(wf, "t1", RunRequest.defaults());
        assertThat(second.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(second.state().error().message()).contains("timed out after 300 ms");
        assertThat(second.state().runs("Last")).isEmpty();
    }

    @Test
    void aLongRetryBackOffParksTheExecutionWithAWakeUpTimeInsteadOfHoldingAThread() {
        TestClock clock = new TestClock();
        InMemoryCheckpointer store = new InMemoryCheckpointer();
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(store)
                .clock(clock)
                .parkAfter(Duration.ofSeconds(5))
                .build();
        Workflow wf = versioned(
                3, "test.flaky", "{\"failures\":1}", "", ",\"retry\":{\"maxTries\":2,\"waitMs\":60000,\"backoff\":1}");
        PreparedWorkflow prepared = engine.prepare(wf);
        long t0 = clock.millis();
        ExecutionResult parked = engine.run(prepared, RunRequest.defaults().withExecutionId("r1"));
        assertThat(parked.status()).isEqualTo(ExecutionStatus.WAITING);
        assertThat(parked.state().pauseReason()).isEqualTo("wait");
        assertThat(parked.state().wakeAt()).isEqualTo(t0 + 60_000);
        assertThat(store.unfinished())
                .contains(new Checkpointer.Unfinished("r1", ExecutionStatus.WAITING, t0 + 60_000));
        // woken too early, it stays parked without running anything
        assertThat(engine.resume(prepared, "r1", RunRequest.defaults()).status())
                .isEqualTo(ExecutionStatus.WAITING);
        assertThat(TestNodes.calls("Middle")).isEqualTo(1);
        clock.millis.addAndGet(60_000);
        ExecutionResult done = engine.resume(prepared, "r1", RunRequest.defaults());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(TestNodes.calls("Middle")).isEqualTo(2);
        assertThat(done.state().runs("Middle").getFirst().tries()).isEqualTo(2);
        assertThat(store.unfinished()).isEmpty();
    }

    @Test
    void aTryLostWithItsWorkerCountsAndANodeThatKeepsKillingItsWorkerFails() {
        PreparedWorkflow wf =
                Engine.builder().registry(TestNodes.registry()).build().prepare(versioned("test.tag", "{}", ""));
        // one lost try: the node in flight runs once more
        InMemoryCheckpointer once = seededCrash(wf, 1);
        Engine e1 = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(once)
                .build();
        ExecutionResult recovered = e1.resume(wf, "lost", RunRequest.defaults());
        assertThat(recovered.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(TestNodes.calls("Middle")).isEqualTo(1);
        assertThat(recovered.state().runs("Middle").getFirst().tries()).isEqualTo(2);

        // two lost tries of a node without retries: it fails instead of being retried forever
        TestNodes.CALLS.clear();
        InMemoryCheckpointer twice = seededCrash(wf, 2);
        Engine e2 = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(twice)
                .build();
        ExecutionResult failed = e2.resume(wf, "lost", RunRequest.defaults());
        assertThat(failed.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(failed.state().error().message())
                .isEqualTo("the worker running node 'Middle' was lost 2 times; not trying again");
        assertThat(TestNodes.calls("Middle")).isZero();
        assertThat(TestNodes.calls("Last")).isZero();
    }

    @Test
    void aRunItsHostBrokeOffRunsWhatWasInFlightAgainAsTheSameTryHoweverOftenItHappens() {
        PreparedWorkflow wf =
                Engine.builder().registry(TestNodes.registry()).build().prepare(versioned("test.tag", "{}", ""));
        // four breaks by the host (each journalled and read back), then one more: never counted as a lost worker
        InMemoryCheckpointer store = seededCrash(wf, 5, false);
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(store)
                .build();
        ExecutionResult done = engine.resumeInterrupted(wf, "lost", RunRequest.defaults());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(TestNodes.calls("Middle")).isEqualTo(1);
        assertThat(done.state().runs("Middle").getFirst().tries()).isEqualTo(1);

        // a host that cannot tell resumes as after a crash: that try counts, the earlier breaks still do not
        TestNodes.CALLS.clear();
        ExecutionResult afterCrash = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(seededCrash(wf, 5, false))
                .build()
                .resume(wf, "lost", RunRequest.defaults());
        assertThat(afterCrash.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(afterCrash.state().runs("Middle").getFirst().tries()).isEqualTo(2);
    }

    /** A journal in which "Middle" was started {@code crashes} times and each time its worker died. */
    private static InMemoryCheckpointer seededCrash(PreparedWorkflow wf, int crashes) {
        return seededCrash(wf, crashes, true);
    }

    /** A journal in which "Middle" was started {@code crashes} times and each time its run was lost ({@code counted}). */
    private static InMemoryCheckpointer seededCrash(PreparedWorkflow wf, int crashes, boolean counted) {
        HostedSteps.Machine m = HostedSteps.machine(wf, true);
        ExecutionState s = m.newState("lost");
        List<ExecutionEvent> events = new ArrayList<>(List.of(
                new ExecutionEvent.Started(
                        1, "Start", List.of(Item.empty()), RunRequest.defaults().info("wf-1", 3)),
                new ExecutionEvent.NodeStarted(2, 1, "Start"),
                new ExecutionEvent.NodeFinished(
                        3, 1, "Start", 2, 0, List.of(List.of(Item.empty())), null, List.of(), null),
                new ExecutionEvent.NodeStarted(4, 2, "First"),
                new ExecutionEvent.NodeFinished(
                        5, 2, "First", 4, 0, List.of(List.of(Item.empty())), null, List.of(), null),
                new ExecutionEvent.NodeStarted(6, 3, "Middle")));
        for (int i = 1; i < crashes; i++) {
            events.add(new ExecutionEvent.Crashed(7, counted));
            events.add(new ExecutionEvent.Continued(8));
            events.add(new ExecutionEvent.NodeStarted(9, 3, "Middle"));
        }
        List<Checkpointer.Entry> entries = new ArrayList<>();
        for (ExecutionEvent e : events) {
            m.apply(s, e);
            entries.add(new Checkpointer.Entry(s.seq(), ExecutionEvent.toJson(e)));
        }
        InMemoryCheckpointer store = new InMemoryCheckpointer();
        store.commit(
                "lost", new Checkpointer.Commit(Checkpointer.Version.NONE, entries, null, ExecutionStatus.RUNNING, -1));
        return store;
    }

    @Test
    void aResumeTokenResumesTheWaitingNodeAndAForgedOneIsRefused() {
        InMemoryCheckpointer store = new InMemoryCheckpointer();
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(store)
                .resumeKey("a-key-of-32-bytes-for-the-tests!".getBytes(StandardCharsets.UTF_8))
                .resumeUrlBase("https://hooks.example/resume/")
                .build();
        Workflow wf = WorkflowFormat.readJson(
                """
                {"name":"approval","nodes":[{"name":"Start","type":"test.trigger"},
                  {"name":"Ask","type":"test.tag","parameters":{"note":"={{ $execution.resumeUrl }}"}},
                  {"name":"Hold","type":"test.wait","parameters":{"ms":-1}},
                  {"name":"After","type":"test.tag"}],
                 "connections":{"Start":{"main":[[{"node":"Ask"}]]},"Ask":{"main":[[{"node":"Hold"}]]},
                   "Hold":{"main":[[{"node":"After"}]]}}}""");
        PreparedWorkflow prepared = engine.prepare(wf);
        ExecutionResult parked = engine.run(prepared, RunRequest.defaults().withExecutionId("ask-1"));
        assertThat(parked.status()).isEqualTo(ExecutionStatus.WAITING);
        String token = engine.resumeToken("ask-1");
        assertThat(parked.output("Ask", 0).getFirst().json().path("note").asText())
                .isEqualTo("https://hooks.example/resume/" + token);

        String forgedMac = token.substring(0, token.length() - 2) + "AA";
        String otherExecution = "ask-2" + token.substring(token.lastIndexOf('.'));
        for (String bad : List.of(forgedMac, otherExecution, "ask-1", "", ".", token + ".x")) {
            assertThatThrownBy(() -> engine.resumeWaiting(prepared, bad, null, RunRequest.defaults()))
                    .as(bad)
                    .isInstanceOf(InvalidResumeTokenException.class)
                    .hasMessage("invalid resume token");
        }
        assertThat(engine.recover(prepared, "ask-1").status()).isEqualTo(ExecutionStatus.WAITING);

        var body = List.of(List.of(Item.of(Json.object().put("approved", true))));
        ExecutionResult done = engine.resumeWaiting(prepared, token, body, RunRequest.defaults());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(done.output("After", 0).getFirst().json().path("approved").asBoolean())
                .isTrue();
        // another engine with the same key (another worker) accepts the token too
        Engine other = Engine.builder()
                .registry(TestNodes.registry())
                .resumeKey("a-key-of-32-bytes-for-the-tests!".getBytes(StandardCharsets.UTF_8))
                .build();
        assertThat(other.executionOfResumeToken(token)).isEqualTo("ask-1");
    }

    /** Stores the text of its {@code content} parameter in the run's binary store. */
    static final class Attach implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.attach").displayName("Attach").build();
        }

        public NodeResult execute(NodeContext ctx) throws Exception {
            BinaryStore store = ctx.service(BinaryStore.class).orElseThrow();
            BinaryRef ref = store.put(
                    ctx.executionId(),
                    new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)),
                    "text/plain",
                    "a.txt");
            return NodeResult.of(List.of(Item.of(Json.object().put("id", ref.id()))));
        }
    }

    @Test
    void eachRunUsesItsOwnBinaryStoreOverTheEngines(@TempDir Path dir) throws Exception {
        FileBinaryStore engineWide = new FileBinaryStore(dir.resolve("engine"), 1 << 20);
        Engine engine = Engine.builder()
                .registry(TestNodes.registry().with(List.of(new Attach())))
                .service(BinaryStore.class, engineWide)
                .build();
        PreparedWorkflow wf = engine.prepare(versioned("test.attach", "{}", ""));
        FileBinaryStore perRun = new FileBinaryStore(dir.resolve("run-a"), 1 << 20);
        ExecutionResult a = engine.run(wf, RunRequest.defaults().withService(BinaryStore.class, perRun));
        ExecutionResult b = engine.run(wf, RunRequest.defaults());
        assertThat(a.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(b.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(tree(dir.resolve("run-a"))).anyMatch(p -> p.contains(a.executionId()));
        assertThat(tree(dir.resolve("run-a"))).noneMatch(p -> p.contains(b.executionId()));
        assertThat(tree(dir.resolve("engine"))).anyMatch(p -> p.contains(b.executionId()));
        assertThat(tree(dir.resolve("engine"))).noneMatch(p -> p.contains(a.executionId()));
        assertThatThrownBy(() -> RunRequest.defaults().withService((Class) BinaryStore.class, "not a store"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Reads the secret of its {@code testApi} credential, or "none". */
    static final class UsesSecret implements NodeType {
        @Override
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.secret").displayName("Secret").build();
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
            String secret = ctx.credentials("testApi")
                    .map(c -> c.path("secret").asText())
                    .orElse("none");
            return NodeResult.of(List.of(Item.of(Json.object().put("secret", secret))));
        }
    }

    @Test
    void aRunsOwnCredentialResolverWinsOverTheEngines() {
        CredentialResolver engineWide = (ref, type) -> Optional.of(Json.object().put("secret", "engine"));
        Engine engine = Engine.builder()
                .registry(TestNodes.registry().with(List.of(new UsesSecret())))
                .credentials(engineWide)
                .build();
        PreparedWorkflow wf = engine.prepare(versioned(
                3, "test.secret", "{}", "", ",\"credentials\":{\"testApi\":{\"id\":\"c1\",\"name\":\"mine\"}}"));
        CredentialResolver tenantScoped = (ref, type) ->
                "c1".equals(ref.id()) ? Optional.of(Json.object().put("secret", "tenant")) : Optional.empty();
        ExecutionResult scoped =
                engine.run(wf, RunRequest.defaults().withService(CredentialResolver.class, tenantScoped));
        ExecutionResult plain = engine.run(wf, RunRequest.defaults());
        assertThat(scoped.output("Middle", 0).getFirst().json().path("secret").asText())
                .isEqualTo("tenant");
        assertThat(plain.output("Middle", 0).getFirst().json().path("secret").asText())
                .isEqualTo("engine");
    }

    private static List<String> tree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (var files = Files.walk(root)) {
            return files.map(Path::toString).toList();
        }
    }

    @Test
    void aSlowOrFailingListenerNeitherBlocksNorBreaksTheRun() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<RunEvent> slow = new CopyOnWriteArrayList<>();
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .listener(e -> {
                    try {
                        release.await(10, TimeUnit.SECONDS); // stuck until the run is over
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    slow.add(e);
                })
                .listener(e -> {
                    throw new IllegalStateException("listener bug");
                })
                .build();
        ExecutionResult r = engine.run(engine.prepare(versioned("test.tag", "{}", "")), RunRequest.defaults());
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(slow).isEmpty(); // the run finished while its listener was still stuck
        release.countDown();
        assertThat(engine.awaitListeners(Duration.ofSeconds(10))).isTrue();
        assertThat(slow).extracting(RunEvent::kind).startsWith(RunEvent.Kind.EXECUTION_STARTED);
        assertThat(slow.getLast().kind()).isEqualTo(RunEvent.Kind.EXECUTION_FINISHED);
        assertThat(slow.getLast().status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(slow).extracting(RunEvent::seq).isSorted();
    }

    @Test
    void aFullListenerQueueDropsAndCountsInsteadOfWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .listenerQueue(1)
                .listener(e -> {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                })
                .build();
        assertThat(engine.run(engine.prepare(versioned("test.tag", "{}", "")), RunRequest.defaults())
                        .status())
                .isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(engine.droppedEvents()).isPositive();
        release.countDown();
    }

    @Test
    void everyParkedAndTerminalStateReachesASubscriberOfThatExecution() throws Exception {
        InMemoryCheckpointer store = new InMemoryCheckpointer();
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(store)
                .build();
        PreparedWorkflow wf = engine.prepare(versioned("test.wait", "{\"ms\":-1}", ""));
        List<RunEvent> mine = new CopyOnWriteArrayList<>();
        CountDownLatch finished = new CountDownLatch(1);
        try (Subscription ignored = engine.subscribe("sub-1", e -> {
            mine.add(e);
            if (e.kind() == RunEvent.Kind.EXECUTION_FINISHED) {
                finished.countDown();
            }
        })) {
            engine.run(wf, RunRequest.defaults().withExecutionId("other"));
            engine.run(wf, RunRequest.defaults().withExecutionId("sub-1"));
            engine.resumeWaiting(wf, "sub-1", "Middle", null, RunRequest.defaults());
            assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(mine).extracting(RunEvent::executionId).containsOnly("sub-1");
        assertThat(mine)
                .extracting(RunEvent::kind)
                .containsSubsequence(
                        RunEvent.Kind.EXECUTION_STARTED,
                        RunEvent.Kind.NODE_STARTED,
                        RunEvent.Kind.NODE_FINISHED,
                        RunEvent.Kind.NODE_WAITING,
                        RunEvent.Kind.EXECUTION_WAITING,
                        RunEvent.Kind.NODE_RESUMED,
                        RunEvent.Kind.NODE_FINISHED,
                        RunEvent.Kind.EXECUTION_FINISHED);
        RunEvent waiting = mine.stream()
                .filter(e -> e.kind() == RunEvent.Kind.EXECUTION_WAITING)
                .findFirst()
                .orElseThrow();
        assertThat(waiting.reason()).isEqualTo("wait");
        assertThat(waiting.status()).isEqualTo(ExecutionStatus.WAITING);
        RunEvent first = mine.stream()
                .filter(e -> e.kind() == RunEvent.Kind.NODE_FINISHED && "First".equals(e.node()))
                .findFirst()
                .orElseThrow();
        assertThat(first.itemCounts()).containsExactly(1);
        assertThat(first.runIndex()).isZero();
        assertThat(first.tryNumber()).isEqualTo(1);
    }

    @Test
    void aCorruptSnapshotOrJournalIsAClearErrorNamingTheExecution(@TempDir Path dir) throws Exception {
        FileCheckpointer files = new FileCheckpointer(dir, false);
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(files)
                .build();
        PreparedWorkflow wf = engine.prepare(versioned("test.wait", "{\"ms\":-1}", ""));
        engine.run(wf, RunRequest.defaults().withExecutionId("bad-snap"));
        String cut = "{\"v\":2,\"status\":";
        Files.writeString(files.log("bad-snap"), "S12 " + cut.length() + "\n" + cut + "\n#WAITING -1\n");
        assertThatThrownBy(() -> engine.resume(wf, "bad-snap", RunRequest.defaults()))
                .isInstanceOf(CheckpointCorruptException.class)
                .hasMessageStartingWith("checkpoint of execution bad-snap is corrupt: its snapshot cannot be read");

        String started = ExecutionEvent.toJson(new ExecutionEvent.Started(
                1, "Start", List.of(Item.empty()), RunRequest.defaults().info("wf-1", 3)));
        files.commit(
                "bad-line",
                new Checkpointer.Commit(
                        Checkpointer.Version.NONE,
                        List.of(
                                new Checkpointer.Entry(1, started),
                                new Checkpointer.Entry(2, "{\"t\"=\"NodeStarted\"}"),
                                new Checkpointer.Entry(3, started)),
                        null,
                        ExecutionStatus.RUNNING,
                        -1));
        files.release("bad-line");
        assertThatThrownBy(() -> engine.resume(wf, "bad-line", RunRequest.defaults()))
                .isInstanceOf(CheckpointCorruptException.class)
                .hasMessageStartingWith("checkpoint of execution bad-line is corrupt: event 2 cannot be read");
        assertThatThrownBy(() -> engine.resume(wf, "never-ran", RunRequest.defaults()))
                .isInstanceOf(ExecutionNotFoundException.class)
                .hasMessage("no checkpoint for execution 'never-ran'");
    }

    @Test
    void twoWorkersResumingOneExecutionNeverBothAdvanceIt(@TempDir Path dir) throws Exception {
        FileCheckpointer first = new FileCheckpointer(dir, false);
        Engine a = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(first)
                .build();
        PreparedWorkflow wf = a.prepare(versioned("test.sleep", "{\"ms\":400}", ""));
        ExecutionResult paused =
                a.run(wf, RunRequest.defaults().withExecutionId("shared").withDeadline(System.currentTimeMillis() - 1));
        assertThat(paused.status()).isEqualTo(ExecutionStatus.WAITING);
        TestNodes.CALLS.clear();
        // worker A takes it and is busy in the slow node; worker B (another process's store) tries too
        ExecutionHandle running = a.start(wf, RunRequest.defaults().withExecutionId("other-execution"));
        running.await(Duration.ofSeconds(10));
        var inA = new java.util.concurrent.CompletableFuture<ExecutionResult>();
        Thread.ofVirtual().start(() -> {
            try {
                inA.complete(a.resume(wf, "shared", RunRequest.defaults()));
            } catch (RuntimeException e) {
                inA.completeExceptionally(e);
            }
        });
        long until = System.currentTimeMillis() + 10_000;
        while (TestNodes.calls("Middle") < 2 && System.currentTimeMillis() < until) {
            Thread.sleep(5); // A is now inside "Middle" of "shared"
        }
        Engine b = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(new FileCheckpointer(dir, false))
                .build();
        assertThatThrownBy(() -> b.resume(wf, "shared", RunRequest.defaults()))
                .isInstanceOf(CheckpointConflictException.class)
                .hasMessageContaining("shared");
        ExecutionResult done = inA.get(10, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(done.state().runs("Last")).hasSize(1);
        // B, having lost, finds it finished and runs nothing
        assertThat(b.resume(wf, "shared", RunRequest.defaults()).status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(TestNodes.calls("Last")).isEqualTo(2); // one per execution, none twice
    }

    @Test
    void resumingAWaitingNodeOfACrashedRunAlsoReRunsWhatWasInFlight() {
        Workflow workflow = WorkflowFormat.readJson(
                """
                {"id":"wf-2","name":"two branches","nodes":[{"name":"Start","type":"test.trigger"},
                  {"name":"Hold","type":"test.wait","parameters":{"ms":-1}},
                  {"name":"After hold","type":"test.tag"},
                  {"name":"Busy","type":"test.tag"}],
                 "connections":{"Start":{"main":[[{"node":"Hold"},{"node":"Busy"}]]},
                   "Hold":{"main":[[{"node":"After hold"}]]}}}""");
        InMemoryCheckpointer store = new InMemoryCheckpointer();
        Engine engine = Engine.builder()
                .registry(TestNodes.registry())
                .checkpointer(store)
                .build();
        PreparedWorkflow wf = engine.prepare(workflow);
        // the journal of a worker that parked "Hold" and died while "Busy" ran
        HostedSteps.Machine m = HostedSteps.machine(wf, true);
        ExecutionState s = m.newState("split");
        List<ExecutionEvent> events = new ArrayList<>();
        java.util.function.Consumer<ExecutionEvent> on = e -> {
            m.apply(s, e);
            events.add(e);
        };
        on.accept(new ExecutionEvent.Started(
                1, "Start", List.of(Item.empty()), RunRequest.defaults().info("wf-2", 1)));
        on.accept(new ExecutionEvent.NodeStarted(2, 1, "Start"));
        on.accept(new ExecutionEvent.NodeFinished(
                3, 1, "Start", 2, 0, List.of(List.of(Item.empty())), null, List.of(), null));
        for (Task t : MachineState.of(s).readyTasks()) {
            on.accept(new ExecutionEvent.NodeStarted(4, t.id(), t.node()));
            if (t.node().equals("Hold")) {
                on.accept(
                        new ExecutionEvent.NodeWaiting(5, t.id(), "Hold", 4, -1, List.of(List.of(Item.empty())), null));
            }
        }
        List<Checkpointer.Entry> entries = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            entries.add(new Checkpointer.Entry(i + 1, ExecutionEvent.toJson(events.get(i))));
        }
        store.commit(
                "split",
                new Checkpointer.Commit(Checkpointer.Version.NONE, entries, null, ExecutionStatus.RUNNING, -1));

        ExecutionResult done = engine.resumeWaiting(wf, "split", "Hold", null, RunRequest.defaults());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(done.state().runs("Busy")).hasSize(1);
        assertThat(done.state().runs("After hold")).hasSize(1);
        assertThat(TestNodes.calls("Busy")).isEqualTo(1);
        assertThat(TestNodes.calls("Hold")).isZero();
    }
}
