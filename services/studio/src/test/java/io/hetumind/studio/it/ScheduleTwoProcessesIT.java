package io.hetumind.studio.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.platform.config.PgUrl;
import io.hetumind.testkit.TestPostgres;
import java.io.File;
import java.io.IOException;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged studio processes on one database, both claiming schedule ticks every 100 ms, race a schedule that ticks
 * every second: every tick is fired by exactly one of them. Proof: the executions recorded equal the schedule's fire
 * count and the sum of both processes' fire counters, both processes fired some ticks, and there are never more
 * executions than whole seconds (ticks) in the span they cover.
 */
class ScheduleTwoProcessesIT {
    private static final Path JAR =
            Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static PgUrl db;
    private static final List<Process> studios = new ArrayList<>();
    private static final List<Integer> ports = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        assertThat(JAR)
                .as("the packaged studio (mvn package builds it before integration tests)")
                .exists();
        PgUrl server = TestPostgres.server();
        String name =
                "hetumind_sched_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = TestPostgres.connect(server);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        db = server.withDatabase(name);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String masterKey = Base64.getEncoder().encodeToString(key);
        start("a", masterKey); // the first one migrates the schema
        start("b", masterKey);
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (Process p : studios) {
            p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        if (db != null) {
            try (Connection c = TestPostgres.connect(TestPostgres.server());
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db.database() + " WITH (FORCE)");
            }
        }
    }

    private static void start(String name, String masterKey) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(new File("target/schedule-studio-" + name + ".log"));
        Map<String, String> env = pb.environment();
        env.put(
                "HETUMIND_DB_URL",
                "postgresql://" + db.user() + (db.password() == null ? "" : ":" + db.password()) + "@" + db.host() + ":"
                        + db.port() + "/" + db.database());
        env.put("HETUMIND_STUDIO_ROLE", "worker"); // no API needed; workers claim schedule ticks too
        env.put("HETUMIND_STUDIO_PORT", String.valueOf(port));
        env.put("HETUMIND_STUDIO_HOST", "127.0.0.1");
        env.put("HETUMIND_STUDIO_CREDENTIALS_ACTIVE_KEY", "it");
        env.put("HETUMIND_STUDIO_CREDENTIALS_MASTER_KEYS_IT", masterKey);
        env.put("HETUMIND_STUDIO_TRIGGERS_SCHEDULE_POLL", "100ms");
        env.put("HETUMIND_STUDIO_DB_POOL", "6");
        Process p = pb.start();
        studios.add(p);
        ports.add(port);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive())
                    .as("studio %s exited; see target/schedule-studio-%s.log", name, name)
                    .isTrue();
            try {
                if (http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create("http://127.0.0.1:" + port + "/q/health/live"))
                                                .timeout(Duration.ofSeconds(2))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("studio " + name + " did not start; see target/schedule-studio-" + name + ".log");
    }

    private static Connection connect() throws SQLException {
        Connection c = TestPostgres.connect(db);
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO studio");
        }
        return c;
    }

    private static final String NODE =
            """
            {"id":"1","name":"Schedule Trigger","type":"n8n-nodes-base.scheduleTrigger","typeVersion":1.2,"position":[0,0],
             "parameters":{"rule":{"interval":[{"field":"seconds","secondsInterval":1}]}}}
            """;

    private static final String WORKFLOW =
            """
            {"name":"every second","nodes":[%s,
             {"id":"2","name":"Edit Fields","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],
              "parameters":{"assignments":{"assignments":[{"id":"a","name":"ok","value":true,"type":"boolean"}]},"options":{}}}],
             "connections":{"Schedule Trigger":{"main":[[{"node":"Edit Fields","type":"main","index":0}]]}}}
            """
                    .formatted(NODE);

    /** Fire counters of one process's {@code hetumind_schedule_fires_total{outcome="fired"}}. */
    private static double firedBy(int port) throws Exception {
        String text = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = Pattern.compile("(?m)^hetumind_schedule_fires_total\\{[^}]*outcome=\"fired\"[^}]*}\\s+(\\S+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void eachTickFiresOnceAcrossTwoProcesses() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID workflow = UUID.randomUUID();
        UUID schedule = UUID.randomUUID();
        try (Connection c = connect();
                PreparedStatement w = c.prepareStatement("INSERT INTO workflow (id, tenant_id, name, version, active,"
                        + " created_at, updated_at) VALUES (?, ?, 'every second', 1, true, now(), now())");
                PreparedStatement v = c.prepareStatement("INSERT INTO workflow_version (workflow_id, version,"
                        + " tenant_id, definition, source, created_at) VALUES (?, 1, ?, ?::json, 'hetumind', now())");
                PreparedStatement s = c.prepareStatement("INSERT INTO schedule (id, tenant_id, workflow_id,"
                        + " workflow_version, node, timezone, next_fire_at) VALUES (?, ?, ?, 1, ?::jsonb, 'UTC',"
                        + " date_trunc('second', now()) + interval '1 second')")) {
            w.setObject(1, workflow);
            w.setObject(2, tenant);
            w.executeUpdate();
            v.setObject(1, workflow);
            v.setObject(2, tenant);
            v.setString(3, WORKFLOW);
            v.executeUpdate();
            s.setObject(1, schedule);
            s.setObject(2, tenant);
            s.setObject(3, workflow);
            s.setString(4, NODE);
            s.executeUpdate();
        }
        Thread.sleep(12_000);
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE schedule SET next_fire_at = 'infinity'" + " WHERE id = ? RETURNING fires, misfires")) {
            ps.setObject(1, schedule); // stop it, then count
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long fires = rs.getLong(1);
                Thread.sleep(1_000); // a claim in flight commits or rolls back
                long executions;
                Instant first;
                Instant last;
                try (PreparedStatement q = c.prepareStatement("SELECT count(*), min(created_at), max(created_at)"
                        + " FROM execution WHERE workflow_id = ? AND mode = 'trigger'")) {
                    q.setObject(1, workflow);
                    try (ResultSet r = q.executeQuery()) {
                        r.next();
                        executions = r.getLong(1);
                        first = r.getTimestamp(2).toInstant();
                        last = r.getTimestamp(3).toInstant();
                    }
                }
                double a = firedBy(ports.get(0));
                double b = firedBy(ports.get(1));
                assertThat(fires).as("ticks fired in 12 s").isGreaterThanOrEqualTo(5);
                assertThat(executions).as("one execution per fired tick").isEqualTo(fires);
                assertThat(a + b).as("fires counted by the two processes").isEqualTo((double) fires);
                assertThat(a).as("process a fired some ticks").isPositive();
                assertThat(b).as("process b fired some ticks").isPositive();
                long seconds = Duration.between(first, last).toSeconds();
                assertThat(executions).as("at most one per tick (second)").isLessThanOrEqualTo(seconds + 2);
            }
        }
    }
}
