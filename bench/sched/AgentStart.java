import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Uuid7;
import io.hetumind.taskagent.run.LocalLogs;
import io.hetumind.taskagent.run.Reporter;
import io.hetumind.taskagent.run.Runner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's start path alone, no server and no network: the task-agent's {@code Runner} gets
 * {@code HETUMIND_BENCH_JOBS} (20) held dispatches of {@code true} for every whole second, each
 * {@code HETUMIND_BENCH_LEAD_MS} (250, the server's dispatch-lead) ahead of its {@code not_before}, for
 * {@code HETUMIND_BENCH_SECONDS} (30) after {@code HETUMIND_BENCH_WARMUP_SECONDS} (5), and prints the lag from each
 * {@code not_before} to the {@code started} timestamp the runner reports (taken after the fork, as the real agent
 * reports it: after the fork, or, with the process started ahead, at the release of the command). The command is
 * {@code date +%s%3N}, so each run also prints the instant the command itself was running by its own clock: the second
 * lag, not_before → the command's clock, includes the exec however the agent starts it.
 * {@code HETUMIND_BENCH_START_AHEAD=false} turns the start ahead off (builds that have it). The runner's public API is
 * the same in older builds, so the same program measures any agent jar:
 * {@code java -cp "<quarkus-app>/app/*:<quarkus-app>/lib/main/*" bench/sched/AgentStart.java}; see {@code agent-start}.
 */
public class AgentStart {
    public static void main(String[] args) throws Exception {
        int jobs = Integer.parseInt(env("HETUMIND_BENCH_JOBS", "20"));
        long leadMs = Long.parseLong(env("HETUMIND_BENCH_LEAD_MS", "250"));
        int seconds = Integer.parseInt(env("HETUMIND_BENCH_SECONDS", "30"));
        int warmup = Integer.parseInt(env("HETUMIND_BENCH_WARMUP_SECONDS", "5"));
        Path dir = Files.createTempDirectory("agent-start");
        LocalLogs logs = new LocalLogs(dir.resolve("logs"), 10 << 20, 3, 200);
        Runner runner = Boolean.parseBoolean(env("HETUMIND_BENCH_START_AHEAD", "true"))
                ? new Runner(jobs * 2, logs, Duration.ofSeconds(5))
                : (Runner) Runner.class
                        .getConstructor(
                                int.class,
                                LocalLogs.class,
                                Duration.class,
                                io.opentelemetry.api.trace.Tracer.class,
                                boolean.class)
                        .newInstance(
                                jobs * 2,
                                logs,
                                Duration.ofSeconds(5),
                                io.opentelemetry.api.OpenTelemetry.noop().getTracer("bench"),
                                false);
        Map<UUID, Long> notBefore = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> commandLags = new ConcurrentLinkedQueue<>();
        AtomicInteger ended = new AtomicInteger();
        long recordFrom = (System.currentTimeMillis() / 1000 + 1 + warmup) * 1000;
        long until = recordFrom + seconds * 1000L;
        Reporter reporter = new Reporter() {
            @Override
            public void started(UUID instance, long at) {
                Long nb = notBefore.get(instance);
                if (nb != null && nb >= recordFrom && nb < until) {
                    lags.add(at - nb);
                }
            }

            @Override
            public void log(UUID instance, long firstSeq, List<Messages.LogLine> lines) {
                Long nb = notBefore.get(instance);
                for (Messages.LogLine line : lines) {
                    if (nb != null && nb >= recordFrom && nb < until && line.text().matches("[0-9]{13}")) {
                        commandLags.add(Long.parseLong(line.text()) - nb);
                    }
                }
            }

            @Override
            public void ended(UUID instance, String event, Integer exit, Long cpu, Long rss, String message) {
                ended.incrementAndGet();
            }
        };
        int sent = 0;
        for (long fire = (System.currentTimeMillis() / 1000 + 1) * 1000; fire < until; fire += 1000) {
            long sendAt = fire - leadMs;
            long wait = sendAt - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            for (int j = 0; j < jobs; j++) {
                Messages.Dispatch d = new Messages.Dispatch(
                                Uuid7.next(), Uuid7.next(), "bench", 1, "date", List.of("+%s%3N"), Map.of(), null, 60_000)
                        .with(fire, null);
                notBefore.put(d.instanceId(), fire);
                runner.start(d, reporter);
                sent++;
            }
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (ended.get() < sent && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        List<Long> l = new ArrayList<>(lags);
        Collections.sort(l);
        System.out.printf(
                "agent start path: %d jobs every second, %d s recorded, %d runs (%d ended of %d sent); lag not_before →"
                        + " started: min %d ms, p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                jobs, seconds, l.size(), ended.get(), sent, l.isEmpty() ? -1 : l.getFirst(), pct(l, 0.5),
                pct(l, 0.9), pct(l, 0.99), l.isEmpty() ? -1 : l.getLast());
        List<Long> c = new ArrayList<>(commandLags);
        Collections.sort(c);
        System.out.printf(
                "  not_before → the command's own clock (date +%%s%%3N, exec included): %d runs, min %d ms, p50 %d ms,"
                        + " p90 %d ms, p99 %d ms, max %d ms%n",
                c.size(), c.isEmpty() ? -1 : c.getFirst(), pct(c, 0.5), pct(c, 0.9), pct(c, 0.99),
                c.isEmpty() ? -1 : c.getLast());
        System.exit(0);
    }

    static long pct(List<Long> sorted, double q) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    static String env(String k, String d) {
        String v = System.getenv(k);
        return v == null || v.isBlank() ? d : v;
    }
}
