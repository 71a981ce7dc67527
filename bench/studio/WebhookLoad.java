import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load on one webhook URL at a fixed rate: request i is due at start + i/rate and its latency counts from
 * that moment (a stalled server is not hidden by a client that waits — no coordinated omission). Bounded: at most
 * HETUMIND_BENCH_IN_FLIGHT requests outstanding; a request that would exceed it is counted as dropped.
 * Run: java bench/studio/WebhookLoad.java URL RATE SECONDS
 */
public class WebhookLoad {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        String body = System.getenv().getOrDefault("HETUMIND_BENCH_BODY", "{\"name\":\"bench\",\"n\":21}");
        int maxInFlight = Integer.parseInt(System.getenv().getOrDefault("HETUMIND_BENCH_IN_FLIGHT", "512"));
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        // warm-up: a quarter of the time at the same rate, not counted
        run(http, request, rate, Math.max(2, seconds / 4), maxInFlight, false);
        run(http, request, rate, seconds, maxInFlight, true);
    }

    static void run(HttpClient http, HttpRequest request, int rate, int seconds, int maxInFlight, boolean print)
            throws InterruptedException {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger done = new AtomicInteger();
        AtomicLong dropped = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(maxInFlight);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!inFlight.tryAcquire()) {
                dropped.incrementAndGet();
                latencies[i] = -1;
                done.incrementAndGet();
                continue;
            }
            int slot = i;
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                latencies[slot] = System.nanoTime() - due;
                statuses.computeIfAbsent(e == null ? r.statusCode() : -1, k -> new AtomicLong()).incrementAndGet();
                inFlight.release();
                done.incrementAndGet();
            });
        }
        while (done.get() < total) {
            Thread.sleep(10);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!print) {
            return;
        }
        long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        System.out.printf(
                "offered %d req/s for %d s: achieved %.0f req/s  p50 %.2f ms  p99 %.2f ms  max %.2f ms  dropped %d"
                        + "  status %s%n",
                rate,
                seconds,
                ok.length / elapsed,
                pct(ok, 0.50),
                pct(ok, 0.99),
                ok.length == 0 ? 0 : ok[ok.length - 1] / 1e6,
                dropped.get(),
                new TreeMap<>(statuses));
    }

    static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
