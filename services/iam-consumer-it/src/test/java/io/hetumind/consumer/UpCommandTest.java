package io.hetumind.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./hetumind up} survives its own crash: real processes (the launcher, the embedded PostgreSQL, IAM) in a temp
 * data directory on free ports, killed with -9 and started again, stopped with {@code down}, shown by {@code status}.
 */
class UpCommandTest {
    private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    private static final Duration START = Duration.ofSeconds(180);

    private Path home;
    private int pgPort;
    private int iamPort;
    private int schedPort;
    private int agentPort;
    private int studioPort;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void dataDirectory() throws IOException {
        home = Files.createTempDirectory(Path.of("target"), "hetumind-home-").toAbsolutePath();
        pgPort = freePort();
        iamPort = freePort();
        schedPort = freePort();
        agentPort = freePort();
        studioPort = freePort();
    }

    @AfterEach
    void stopEverything() throws Exception {
        run("down");
        for (Process p : started) {
            p.destroyForcibly();
        }
        // The data directory holds a database and its unpacked binaries (~100 MB): do not keep one per run.
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private ProcessBuilder launcher(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("hetumind").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        env.put("HETUMIND_HOME", home.toString());
        env.put("HETUMIND_PG_PORT", String.valueOf(pgPort));
        env.put("HETUMIND_IAM_PORT", String.valueOf(iamPort));
        env.put("HETUMIND_SCHED_PORT", String.valueOf(schedPort));
        env.put("HETUMIND_STUDIO_PORT", String.valueOf(studioPort));
        env.put("HETUMIND_AGENT_PORT", String.valueOf(agentPort));
        // the reactor has just packaged IAM, the task-server and the embedded PostgreSQL (see the pom)
        env.put("HETUMIND_UP_NO_BUILD", "1");
        env.remove("HETUMIND_DB_URL");
        env.remove("HETUMIND_IAM_MASTER_KEY");
        return pb;
    }

    /** Runs a short launcher command to its end; returns exit code and output. */
    private Result run(String... args) throws Exception {
        Path out = Files.createTempFile(home, "cmd-", ".out");
        Process p = launcher(args).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS))
                .as("./hetumind " + String.join(" ", args))
                .isTrue();
        return new Result(p.exitValue(), Files.readString(out));
    }

    record Result(int code, String out) {}

    /** Starts {@code ./hetumind up} and waits until it says it is up. */
    private Process up(Map<String, String> extraEnv) throws Exception {
        Path out = Files.createTempFile(home, "up-", ".out");
        ProcessBuilder pb = launcher("up").redirectOutput(out.toFile());
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        started.add(p);
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(out);
            if (text.contains("Hetumind is up.")) {
                return p;
            }
            assertThat(p.isAlive()).as("up exited early:\n" + text).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("up did not come up in " + START + ":\n" + Files.readString(out));
    }

    /** The pid recorded for {@code name} in the data directory. */
    private long pid(String name) throws IOException {
        return Long.parseLong(
                Files.readString(home.resolve("run/" + name + ".pid")).split(" ")[0]);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void awaitDead(long pid, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (alive(pid) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(alive(pid)).as(what + " (pid " + pid + ") still runs").isFalse();
    }

    @Test
    void aCrashedUpIsCleanedUpAndTheNextUpDownAndStatusWork() throws Exception {
        // 1. A crash that leaves children behind (as without a parent-death signal): kill -9 of up.
        Process first = up(Map.of("HETUMIND_UP_NO_DEATHSIG", "1"));
        long iam1 = pid("iam");
        long pg1 = pid("postgres");
        first.destroyForcibly().waitFor();
        Thread.sleep(500);
        assertThat(alive(iam1)).isTrue();
        assertThat(alive(pg1)).isTrue();
        Result leftovers = run("status");
        assertThat(leftovers.out()).contains("iam").contains("running").contains(String.valueOf(iam1));

        // 2. The next up finds them through the pid files, stops them, and starts fresh; the crash's logs are kept.
        up(Map.of());
        awaitDead(iam1, "the earlier IAM");
        awaitDead(pg1, "the earlier PostgreSQL wrapper");
        assertThat(pid("iam")).isNotEqualTo(iam1);
        try (Stream<Path> previous = Files.list(home.resolve("logs"))) {
            assertThat(previous.filter(p -> p.getFileName().toString().startsWith("previous-")))
                    .singleElement()
                    .satisfies(dir -> assertThat(dir.resolve("iam.log")).exists());
        }
        Result running = run("status");
        assertThat(running.code()).isZero();
        assertThat(running.out()).contains("iam").contains("running, ready");
        assertThat(running.out()).containsPattern("studio +running, ready");

        // 3. down stops it all.
        long iam2 = pid("iam");
        long studio2 = pid("studio");
        long pg2 = pid("postgres");
        assertThat(run("down").code()).isZero();
        awaitDead(iam2, "IAM after down");
        awaitDead(studio2, "the studio after down");
        awaitDead(pg2, "PostgreSQL after down");
        assertThat(run("status").code()).isEqualTo(3);

        // 4. With the parent-death signal (the default), kill -9 of up takes its children with it.
        Process third = up(Map.of());
        long iam3 = pid("iam");
        long pg3 = pid("postgres");
        third.destroyForcibly().waitFor();
        awaitDead(iam3, "IAM after up was killed");
        awaitDead(pg3, "PostgreSQL after up was killed");
        Result after = run("status");
        assertThat(after.code()).isEqualTo(3);
        assertThat(after.out()).contains("stale pid file").doesNotContain("running (pid");
    }

    @Test
    void aForeignProgramOnThePostgresPortIsNotReused() throws Exception {
        try (ServerSocket foreign = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            pgPort = foreign.getLocalPort();
            Result r = run("up");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.out()).contains("port " + pgPort).contains("not this data directory's");
            assertThat(home.resolve("run/iam.pid")).doesNotExist();
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
