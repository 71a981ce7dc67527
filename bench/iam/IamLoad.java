import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load against a running IAM (it starts nothing): sign-in and token-verified requests, printing req/s and
 * latency percentiles. Run: java bench/iam/IamLoad.java [iam-url] (see bench/iam/README.md).
 */
public class IamLoad {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String iam = args.length > 0 ? args[0] : env("HETUMIND_BENCH_IAM", "http://127.0.0.1:8081");
        int concurrency = Integer.parseInt(env("HETUMIND_BENCH_CONCURRENCY", "8"));
        Duration duration = Duration.ofSeconds(Long.parseLong(env("HETUMIND_BENCH_SECONDS", "20")));
        String email = env("HETUMIND_BENCH_EMAIL", "bench-" + System.currentTimeMillis() + "@example.test");
        String password = env("HETUMIND_BENCH_PASSWORD", "bench password 123");

        String signin = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
        if (System.getenv("HETUMIND_BENCH_EMAIL") == null) {
            HttpResponse<String> r = post(iam + "/api/v1/auth/signup", "{\"email\":\"" + email + "\",\"password\":\""
                    + password + "\",\"name\":\"Bench\",\"tenant\":\"Bench\"}");
            if (r.statusCode() != 201) {
                System.err.println("sign-up refused (" + r.statusCode() + "): " + r.body()
                        + "\nset HETUMIND_BENCH_EMAIL and HETUMIND_BENCH_PASSWORD to an existing account");
                System.exit(1);
            }
        }
        HttpResponse<String> first = post(iam + "/api/v1/auth/signin", signin);
        if (first.statusCode() != 200) {
            System.err.println("sign-in failed (" + first.statusCode() + "): " + first.body());
            System.exit(1);
        }
        Matcher m = Pattern.compile("\"accessToken\":\"([^\"]+)\"").matcher(first.body());
        m.find();
        String token = m.group(1);

        System.out.printf("IAM %s, %d concurrent clients, %d s per scenario%n", iam, concurrency, duration.toSeconds());
        run("sign-in (POST /api/v1/auth/signin, Argon2id)", concurrency, duration, () -> HTTP.send(
                HttpRequest.newBuilder(URI.create(iam + "/api/v1/auth/signin"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(signin))
                        .build(),
                HttpResponse.BodyHandlers.discarding()));
        run("token verification (GET /api/v1/users/me: RS256 check + one read)", concurrency, duration, () -> HTTP.send(
                HttpRequest.newBuilder(URI.create(iam + "/api/v1/users/me"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.discarding()));
    }

    interface Call {
        HttpResponse<?> send() throws Exception;
    }

    static void run(String name, int concurrency, Duration duration, Call call) throws Exception {
        // A short warm-up lets the JIT compile the hot paths first.
        load(concurrency, Duration.ofSeconds(3), call, new ArrayList<>(), new ConcurrentHashMap<>());
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        load(concurrency, duration, call, latencies, statuses);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(
                "%-70s %8.1f req/s  p50 %6.1f ms  p99 %6.1f ms  n=%d  status %s%n",
                name,
                sorted.size() / seconds,
                pct(sorted, 0.50),
                pct(sorted, 0.99),
                sorted.size(),
                statuses);
    }

    static void load(int concurrency, Duration d, Call call, List<Long> latencies, Map<Integer, AtomicLong> statuses)
            throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = call.send().statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        latencies.add(System.nanoTime() - t0);
                        statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                    }
                    return null;
                });
            }
        }
    }

    static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    static HttpResponse<String> post(String url, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }
}
