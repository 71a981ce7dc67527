package io.hetumind.executor.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process killed (SIGKILL) while a node runs: another worker on the same task queue picks the lost try up
 * after the heartbeat timeout, and nodes that had finished do not run again. The Temporal test service listens on a
 * real port, so the killed process's polls and connections die with it as they would against a real cluster; side
 * effects are counted by a local HTTP server every node calls.
 */
@Timeout(120)
class WorkerKillTest {

    private static final String QUEUE = "worker-kill";
    private static final Duration HEARTBEAT = Duration.ofSeconds(4);

    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final CountDownLatch releaseFirstSlowCall = new CountDownLatch(1);
    private HttpServer http;
    private TestServer.PortBoundTestServer temporal;
    private Process doomed;
    private WorkerFactory machine;
    private WorkerFactory survivor;
    private WorkflowServiceStubs clientStubs;
    private Path workerLog;

    @AfterEach
    void stop() throws Exception {
        releaseFirstSlowCall.countDown();
        if (doomed != null) {
            doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (WorkerFactory f : new WorkerFactory[] {survivor, machine}) {
            if (f != null) {
                f.shutdownNow();
                f.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
        if (clientStubs != null) {
            clientStubs.shutdownNow();
        }
        if (temporal != null) {
            temporal.close();
        }
        if (http != null) {
            http.stop(0);
        }
    }

    @Test
    void aKilledWorkersNodeRunsAgainElsewhereAndFinishedNodesDoNot(@TempDir Path storeDir) throws Exception {
        startHttp();
        ExecutionResult r = killWhileSlowRuns(storeDir, "kill-1", workflow());

        assertThat(r.state().runs("First")).hasSize(1);
        assertThat(r.state().runs("Slow")).singleElement().satisfies(run -> {
            assertThat(run.status().wire()).isEqualTo("success");
            assertThat(run.tries()).as("the lost try counts as one").isEqualTo(2);
        });
        assertThat(r.output("Last", 0))
                .singleElement()
                .satisfies(i -> assertThat(i.json().path("path").asText()).isEqualTo("/last"));
    }

    /**
     * The same kill inside a sub-workflow (Execute Workflow → child workflow First → Slow → Last): the child's lost try
     * runs again, nothing that finished in the child or the parent runs again, and the parent goes on with the child's
     * output.
     */
    @Test
    void aKilledWorkerInsideAChildResumesTheChildAndTheParent(@TempDir Path storeDir) throws Exception {
        startHttp();
        Workflow child = workflow();
        ObjectNode call = Json.object().put("name", "Call").put("type", "hetumind.executeWorkflow");
        call.putObject("parameters").put("source", "parameter").put("workflowJson", WorkflowFormat.writeJson(child));
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        Workflow parent = WorkflowFormat.readJson(
                """
                { "name": "worker kill parent", "nodes": [
                    { "name": "Start", "type": "test.trigger" },
                    { "name": "Before", "type": "hetumind.httpRequest", "parameters": { "url": "%1$s/before" } },
                    %2$s,
                    { "name": "After", "type": "hetumind.httpRequest", "parameters": { "url": "%1$s/after" } } ],
                  "connections": {
                    "Start": { "main": [[ { "node": "Before" } ]] },
                    "Before": { "main": [[ { "node": "Call" } ]] },
                    "Call": { "main": [[ { "node": "After" } ]] } } }
                """
                        .formatted(base, Json.write(call)));

        ExecutionResult r = killWhileSlowRuns(storeDir, "kill-2", parent);

        assertThat(count("/before")).isEqualTo(1);
        assertThat(count("/after")).isEqualTo(1);
        assertThat(r.state().runs("Call")).singleElement().satisfies(run -> assertThat(
                        run.outputs().getFirst().getFirst().json().path("path").asText())
                .isEqualTo("/last"));
    }

    /** Runs {@code wf} with the node worker in a process killed while Slow's first call hangs; asserts the counts. */
    private ExecutionResult killWhileSlowRuns(Path storeDir, String id, Workflow wf) throws Exception {
        int port = freePort();
        temporal = TestServer.createPortBoundServer(port);
        String target = "127.0.0.1:" + port;
        TemporalOptions options =
                TemporalOptions.defaults().withTaskQueue(QUEUE).withHeartbeatTimeout(HEARTBEAT);
        RunDataStore store = new DirectoryRunDataStore(storeDir);
        clientStubs = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
        WorkflowClient client = WorkflowClient.newInstance(clientStubs);
        TemporalExecutor executor = new TemporalExecutor(client, store, options);

        machine = WorkerProcess.start(target, options, store, WorkerProcess.Role.MACHINE);
        doomed = startWorkerProcess(target, storeDir);
        executor.start(
                wf,
                RunRequest.defaults()
                        .withExecutionId(id)
                        .withInput(List.of(Item.of(Json.object().put("n", 1)))));
        awaitHits("/slow", 1);
        assertThat(count("/first"))
                .as(() -> "before the kill: " + diagnose(client, id))
                .isEqualTo(1);

        doomed.destroyForcibly();
        assertThat(doomed.waitFor(10, TimeUnit.SECONDS)).isTrue();
        survivor = WorkerProcess.start(target, options, store, WorkerProcess.Role.NODES);
        ExecutionResult r = executor.await(id, Duration.ofSeconds(40))
                .orElseThrow(() -> new AssertionError(
                        "the execution did not end after its worker was killed: " + diagnose(client, id)));

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(count("/first")).as("a finished node runs once").isEqualTo(1);
        assertThat(count("/slow"))
                .as("the interrupted node runs again (its second activity attempt)")
                .isEqualTo(2);
        assertThat(count("/last")).isEqualTo(1);
        return r;
    }

    /** Calls, the history's events and the killed worker's log, for a failure message. */
    private String diagnose(WorkflowClient client, String id) {
        String log;
        try {
            log = Files.readString(workerLog);
        } catch (java.io.IOException e) {
            log = e.toString();
        }
        return "calls " + hits + ", history "
                + client.fetchHistory(id).getEvents().stream()
                        .map(e -> e.getEventType().name().replace("EVENT_TYPE_", ""))
                        .toList()
                + ", worker log:\n" + log;
    }

    private Workflow workflow() {
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        return WorkflowFormat.readJson(
                """
                { "name": "worker kill", "nodes": [
                    { "name": "Start", "type": "test.trigger" },
                    { "name": "First", "type": "hetumind.httpRequest", "parameters": { "url": "%1$s/first" } },
                    { "name": "Slow", "type": "hetumind.httpRequest", "parameters": { "url": "%1$s/slow" } },
                    { "name": "Last", "type": "hetumind.httpRequest", "parameters": { "url": "%1$s/last" } } ],
                  "connections": {
                    "Start": { "main": [[ { "node": "First" } ]] },
                    "First": { "main": [[ { "node": "Slow" } ]] },
                    "Slow": { "main": [[ { "node": "Last" } ]] } } }
                """
                        .formatted(base));
    }

    private void startHttp() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(Executors.newCachedThreadPool());
        http.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            int n = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            if (path.equals("/slow") && n == 1) {
                try {
                    // the first call hangs until the test ends: its worker is killed meanwhile
                    releaseFirstSlowCall.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body =
                    Json.write(Json.object().put("path", path).put("call", n)).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
    }

    private int count(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    private void awaitHits(String path, int n) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count(path) < n) {
            if (System.nanoTime() > until || !doomed.isAlive()) {
                throw new AssertionError(path + " was not called " + n + " time(s); the worker process is "
                        + (doomed.isAlive() ? "alive" : "dead (exit " + doomed.exitValue() + ")"));
            }
            Thread.sleep(20);
        }
    }

    private Process startWorkerProcess(String target, Path storeDir) throws Exception {
        Path log = Files.createTempFile(storeDir.getParent(), "worker-", ".log");
        workerLog = log;
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        WorkerProcess.class.getName(),
                        target,
                        QUEUE,
                        storeDir.toString(),
                        Long.toString(HEARTBEAT.toMillis()))
                .redirectError(log.toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("ready")) {
            // the worker's own output before it polls
        }
        if (line == null) {
            throw new AssertionError("the worker process ended before polling: " + Files.readString(log));
        }
        return p;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
