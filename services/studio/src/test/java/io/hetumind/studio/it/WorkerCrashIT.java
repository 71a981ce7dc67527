package io.hetumind.studio.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hetumind.platform.config.PgUrl;
import io.hetumind.platform.id.Ids;
import io.hetumind.testkit.TestPostgres;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged studio workers (role=worker) on one database. The one running a long execution is killed with SIGKILL;
 * the other takes the lapsed lease and finishes it from its checkpoint: the node that had finished (an HTTP call this
 * test counts) is not called again. Then every database connection is terminated again and again while executions
 * are claimed and run: every one of them still settles, and no node ran more than once again (at most the node in
 * flight when a commit was cut off).
 */
class WorkerCrashIT {
    private static final Path JAR =
            Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static PgUrl db;
    private static HttpServer counter;
    private static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private static final List<Process> workers = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        assertThat(JAR)
                .as("the packaged studio (mvn package builds it before integration tests)")
                .exists();
        PgUrl server = TestPostgres.server();
        String name =
                "hetumind_crash_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = TestPostgres.connect(server);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        db = server.withDatabase(name);
        // a backlog and threads enough for every execution's call at once: a refused call would fail its execution
        counter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        counter.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        counter.createContext("/", ex -> {
            String key = ex.getRequestURI().getPath()
                    + (ex.getRequestURI().getQuery() == null
                            ? ""
                            : "?" + ex.getRequestURI().getQuery());
            hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            byte[] body = "{\"ok\":true}".getBytes();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        counter.start();
        workers.add(startWorker("a"));
        awaitLive(workers.getFirst(), "a"); // the first one migrates the schema
        workers.add(startWorker("b"));
        awaitLive(workers.get(1), "b");
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (Process p : workers) {
            p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        if (counter != null) {
            counter.stop(0);
        }
        if (db != null) {
            try (Connection c = TestPostgres.connect(TestPostgres.server());
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db.database() + " WITH (FORCE)");
            }
        }
    }

    private static final String MASTER_KEY = masterKey();

    private static String masterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static Process startWorker(String name) throws IOException {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(new File("target/crash-worker-" + name + ".log"));
        Map<String, String> env = pb.environment();
        env.put(
                "HETUMIND_DB_URL",
                "postgresql://" + db.user() + (db.password() == null ? "" : ":" + db.password()) + "@" + db.host() + ":"
                        + db.port() + "/" + db.database());
        env.put("HETUMIND_STUDIO_ROLE", "worker");
        env.put("HETUMIND_STUDIO_PORT", String.valueOf(port));
        env.put("HETUMIND_STUDIO_HOST", "127.0.0.1");
        // Replicas share the credentials master key (resume tokens are signed with a key derived from it).
        env.put("HETUMIND_STUDIO_CREDENTIALS_ACTIVE_KEY", "it");
        env.put("HETUMIND_STUDIO_CREDENTIALS_MASTER_KEYS_IT", MASTER_KEY);
        // The long execution's HTTP node calls a server of this test on loopback.
        env.put("HETUMIND_STUDIO_NODES_ALLOW_LOOPBACK", "true");
        env.put("HETUMIND_STUDIO_QUEUE_LEASE", "3s");
        env.put("HETUMIND_STUDIO_QUEUE_POLL", "200ms");
        env.put("HETUMIND_STUDIO_DB_POOL", "8");
        Process p = pb.start();
        portOf.put(p, port);
        return p;
    }

    private static final Map<Process, Integer> portOf = new ConcurrentHashMap<>();

    private static void awaitLive(Process p, String name) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive())
                    .as("worker %s exited; see target/crash-worker-%s.log", name, name)
                    .isTrue();
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portOf.get(p) + "/q/health/live"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("worker " + name + " did not start; see target/crash-worker-" + name + ".log");
    }

    private static String workflow(String base) {
        return """
                {"name": "Slow", "nodes": [
                  {"id": "t", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
                  {"id": "c", "name": "Count", "type": "hetumind.httpRequest", "typeVersion": 4.2, "position": [200, 0],
                   "parameters": {"method": "GET", "url": "=BASE/count?id={{ $execution.id }}"}},
                  {"id": "w", "name": "Wait", "type": "hetumind.wait", "typeVersion": 1.1, "position": [400, 0],
                   "parameters": {"resume": "timeInterval", "amount": WAIT, "unit": "seconds"}},
                  {"id": "a", "name": "After", "type": "hetumind.httpRequest", "typeVersion": 4.2, "position": [600, 0],
                   "parameters": {"method": "GET", "url": "=BASE/after?id={{ $execution.id }}"}}],
                 "connections": {"Manual Trigger": {"main": [[{"node": "Count", "type": "main", "index": 0}]]},
                                 "Count": {"main": [[{"node": "Wait", "type": "main", "index": 0}]]},
                                 "Wait": {"main": [[{"node": "After", "type": "main", "index": 0}]]}}}
                """
                .replace("BASE", base);
    }

    private static Connection connect() throws SQLException {
        Connection c = TestPostgres.connect(db);
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO studio");
        }
        return c;
    }

    private static UUID saveWorkflow(UUID tenant, String json) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = connect();
                PreparedStatement w = c.prepareStatement("INSERT INTO workflow (id, tenant_id, name, version,"
                        + " created_at, updated_at) VALUES (?, ?, 'Slow', 1, now(), now())");
                PreparedStatement v = c.prepareStatement("INSERT INTO workflow_version (workflow_id, version,"
                        + " tenant_id, definition, source, created_at) VALUES (?, 1, ?, ?::json, 'hetumind', now())")) {
            w.setObject(1, id);
            w.setObject(2, tenant);
            w.executeUpdate();
            v.setObject(1, id);
            v.setObject(2, tenant);
            v.setString(3, json);
            v.executeUpdate();
        }
        return id;
    }

    /** Queues executions as the studio's API does: a record and a queue row in one transaction, then NOTIFY. */
    private static List<UUID> enqueue(UUID tenant, UUID workflow, int n) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement e = c.prepareStatement("INSERT INTO execution (id, created_at, tenant_id,"
                            + " workflow_id, workflow_version, mode, status, launch) VALUES (?, ?, ?, ?, 1, 'trigger',"
                            + " 'new', '{\"mode\":\"trigger\"}')");
                    PreparedStatement q = c.prepareStatement("INSERT INTO execution_queue (id, created_at, tenant_id,"
                            + " workflow_id, workflow_version, state, run_at, launch) VALUES (?, ?, ?, ?, 1, 'queued',"
                            + " now(), '{\"mode\":\"trigger\"}')")) {
                for (int i = 0; i < n; i++) {
                    UUID id = Ids.next();
                    java.sql.Timestamp created =
                            java.sql.Timestamp.from(Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16));
                    for (PreparedStatement ps : List.of(e, q)) {
                        ps.setObject(1, id);
                        ps.setTimestamp(2, created);
                        ps.setObject(3, tenant);
                        ps.setObject(4, workflow);
                        ps.addBatch();
                    }
                    ids.add(id);
                }
                e.executeBatch();
                q.executeBatch();
            }
            c.createStatement().execute("NOTIFY hetumind_execution_queue");
            c.commit();
        }
        return ids;
    }

    private static String status(UUID id) throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT status FROM execution WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long settled(List<UUID> ids) throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM execution WHERE id = ANY(?) AND status = 'success'")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** What became of the executions that did not succeed: their records, queue rows and what the workers logged. */
    private static String unsettled(List<UUID> ids) {
        StringBuilder out = new StringBuilder("executions that did not succeed:");
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT e.id, e.status, e.last_node, e.error_message,"
                                + " q.state, q.claims, q.lease, q.lease_owner, q.lease_until, q.run_at, now() FROM execution e"
                                + " LEFT JOIN execution_queue q ON q.id = e.id WHERE e.id = ANY(?) AND e.status <> 'success'")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    out.append("\n  ").append(id).append(": status ").append(rs.getString(2));
                    out.append(", last node ")
                            .append(rs.getString(3))
                            .append(", error ")
                            .append(rs.getString(4));
                    out.append("; queue row: state ").append(rs.getString(5)).append(", claims ");
                    out.append(rs.getString(6))
                            .append(", lease ")
                            .append(rs.getString(7))
                            .append(" of ");
                    out.append(rs.getString(8))
                            .append(" until ")
                            .append(rs.getString(9))
                            .append(", run at ");
                    out.append(rs.getString(10))
                            .append(" (now ")
                            .append(rs.getString(11))
                            .append(')');
                    for (File log : new File("target").listFiles((d, n) -> n.startsWith("crash-worker-"))) {
                        try (var lines = java.nio.file.Files.lines(log.toPath())) {
                            lines.filter(l -> l.contains(id)).forEach(l -> out.append("\n    ")
                                    .append(log.getName())
                                    .append(": ")
                                    .append(l));
                        }
                    }
                }
            }
        } catch (SQLException | IOException | java.io.UncheckedIOException e) {
            out.append(" (could not read them: ").append(e).append(')');
        }
        return out.toString();
    }

    private static long ownerPid(UUID id) throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT lease_owner FROM execution_queue WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return -1;
                }
                return Long.parseLong(
                        rs.getString(1).substring(0, rs.getString(1).indexOf('@')));
            }
        }
    }

    /**
     * How many times the workers' logs say a run of {@code id} was broken off or taken over, each of which may run the
     * node that was in flight once more.
     */
    private static int breakOffs(UUID id) throws IOException {
        int n = 0;
        for (File log : new File("target").listFiles((d, name) -> name.startsWith("crash-worker-"))) {
            try (var lines = java.nio.file.Files.lines(log.toPath())) {
                n += (int) lines.filter(l -> l.contains(id.toString()))
                        .filter(l -> l.contains("broke off")
                                || l.contains("could not record execution")
                                || l.contains("seemed to fail had landed")
                                || l.contains("taken over by another worker"))
                        .count();
            }
        }
        return n;
    }

    private static int hitsOf(String path, UUID id) {
        AtomicInteger n = hits.get(path + "?id=" + id);
        return n == null ? 0 : n.get();
    }

    @Test
    void aKilledWorkersExecutionIsFinishedByTheOtherWithoutRerunningFinishedNodes() throws Exception {
        String base = "http://127.0.0.1:" + counter.getAddress().getPort();
        UUID tenant = UUID.randomUUID();
        UUID wf = saveWorkflow(tenant, workflow(base).replace("WAIT", "4"));
        UUID id = enqueue(tenant, wf, 1).getFirst();
        long deadline = System.currentTimeMillis() + 30_000;
        while (hitsOf("/count", id) == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(hitsOf("/count", id)).isEqualTo(1);
        Thread.sleep(500); // the Wait node is running now, its start committed
        long pid = ownerPid(id);
        Process victim =
                workers.stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
        victim.destroyForcibly(); // SIGKILL: no shutdown hook, no lease release
        assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(status(id)).isIn("running", "new");

        deadline = System.currentTimeMillis() + 40_000;
        while (!"success".equals(status(id)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(status(id)).isEqualTo("success");
        assertThat(hitsOf("/count", id)).as("the finished HTTP node ran once").isEqualTo(1);
        assertThat(hitsOf("/after", id)).isEqualTo(1);
        long survivor = workers.stream()
                .filter(Process::isAlive)
                .findFirst()
                .orElseThrow()
                .pid();
        assertThat(survivor).isNotEqualTo(pid);
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT claims FROM execution_queue WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next())
                        .as("a finished execution leaves the queue")
                        .isFalse();
            }
        }

        // restart a worker for the next test
        Process again = startWorker("c");
        workers.add(again);
        awaitLive(again, "c");
    }

    @Test
    void terminatedDatabaseConnectionsMidClaimLoseNothing() throws Exception {
        String base = "http://127.0.0.1:" + counter.getAddress().getPort();
        UUID tenant = UUID.randomUUID();
        UUID wf = saveWorkflow(tenant, workflow(base).replace("WAIT", "0"));
        List<UUID> ids = enqueue(tenant, wf, 150);
        long deadline = System.currentTimeMillis() + 6_000;
        int killed = 0;
        while (System.currentTimeMillis() < deadline) {
            try (Connection c = connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
                rs.next();
                killed += rs.getInt(1);
            }
            Thread.sleep(150);
        }
        assertThat(killed).isPositive();
        deadline = System.currentTimeMillis() + 60_000;
        while (settled(ids) < ids.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(settled(ids)).as(() -> unsettled(ids)).isEqualTo(ids.size());
        for (UUID id : ids) {
            // each break-off runs again at most the node in flight when a commit was cut (PER_NODE durability)
            int again = breakOffs(id);
            assertThat(hitsOf("/after", id))
                    .as("execution %s, broken off %d times", id, again)
                    .isBetween(1, 1 + again);
            assertThat(hitsOf("/count", id))
                    .as("execution %s, broken off %d times", id, again)
                    .isBetween(1, 1 + again);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
