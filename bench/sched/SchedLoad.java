import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load against a running task-server and IAM (it starts nothing), over loopback, bounded in time:
 * (1) simulated agent connections held with a heartbeat every 10 s, with the server's memory and CPU;
 * (2) dispatch throughput and ready→started p50/p99; (3) cron lag p50/p99. See bench/sched/README.md.
 */
public class SchedLoad {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(2);
    static String server;
    static String iam;
    static String owner;

    public static void main(String[] args) throws Exception {
        server = args.length > 0 ? args[0] : env("HETUMIND_BENCH_SERVER", "http://127.0.0.1:8082");
        iam = args.length > 1 ? args[1] : env("HETUMIND_BENCH_IAM", "http://127.0.0.1:8081");
        owner = signUp();
        long pid = Long.parseLong(env("HETUMIND_BENCH_SERVER_PID", "0"));
        System.out.printf("task-server %s, IAM %s, server pid %s, %d cores%n", server, iam, pid == 0 ? "unknown" : pid,
                Runtime.getRuntime().availableProcessors());
        connections(Integer.parseInt(env("HETUMIND_BENCH_CONNECTIONS", "10000")),
                Integer.parseInt(env("HETUMIND_BENCH_HOLD_SECONDS", "60")), pid);
        dispatch(Integer.parseInt(env("HETUMIND_BENCH_INSTANCES", "20000")));
        cron(Integer.parseInt(env("HETUMIND_BENCH_CRON_JOBS", "20")), Integer.parseInt(env("HETUMIND_BENCH_CRON_SECONDS", "30")));
        System.exit(0);
    }

    // ---- scenario 1: connections held with heartbeats

    static void connections(int n, int holdSeconds, long pid) throws Exception {
        if (n == 0) {
            return;
        }
        String token = agentToken("bench-conn");
        List<Agent> agents = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        long t0 = System.nanoTime();
        Semaphore opening = new Semaphore(200);
        for (int i = 0; i < n; i++) {
            opening.acquire();
            int k = i;
            Agent.open(token, "conn-" + k, 1).whenComplete((a, e) -> {
                opening.release();
                if (e != null) {
                    if (failed.incrementAndGet() <= 3) {
                        System.out.println("connection failed: " + e);
                    }
                } else {
                    agents.add(a);
                }
            });
        }
        opening.acquire(200);
        long registeredBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (agents.stream().filter(a -> a.registered).count() < agents.size() && System.nanoTime() < registeredBy) {
            Thread.sleep(200);
        }
        long registered = agents.stream().filter(a -> a.registered).count();
        double openS = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%nconnections: %d opened, %d registered, %d refused, in %.1f s (%.0f registrations/s)%n",
                agents.size(), registered, failed.get(), openS, registered / openS);
        long[] cpu0 = cpu(pid);
        long h0 = Agent.heartbeatReplies.get();
        Thread.sleep(holdSeconds * 1000L);
        long[] cpu1 = cpu(pid);
        long alive = agents.stream().filter(a -> !a.closed).count();
        System.out.printf("held %d s: %d connections still open, %d heartbeat replies (%.0f/s)%n", holdSeconds, alive,
                Agent.heartbeatReplies.get() - h0, (Agent.heartbeatReplies.get() - h0) / (double) holdSeconds);
        if (pid != 0) {
            double cpuSeconds = (cpu1[0] - cpu0[0]) / 100.0;
            System.out.printf("server: RSS %d MiB, CPU %.1f%% of one core while holding (%.1f s CPU in %d s)%n",
                    rssKb(pid) / 1024, 100 * cpuSeconds / holdSeconds, cpuSeconds, holdSeconds);
        }
        agents.forEach(Agent::close);
    }

    // ---- scenario 2: dispatch throughput, ready→started

    static void dispatch(int instances) throws Exception {
        if (instances == 0) {
            return;
        }
        String token = agentToken("bench-dispatch");
        // (a) Pure dispatch: agents with room for everything hold what they get; how fast does the backlog go out?
        String burstJob = createJob("bench-dispatch", "burst-" + UUID.randomUUID());
        int agentsN = 20;
        List<Agent> holders = new ArrayList<>();
        for (int i = 0; i < agentsN; i++) {
            Agent a = new Agent("holder-" + UUID.randomUUID(), (instances + agentsN - 1) / agentsN);
            a.hold = true;
            holders.add(Agent.open(a, token).get(60, TimeUnit.SECONDS));
        }
        Thread.sleep(500);
        Agent.received.set(0);
        long t0 = System.nanoTime();
        for (int left = instances; left > 0; left -= 10_000) {
            post(server + "/api/v1/jobs/" + burstJob + "/trigger-many?count=" + Math.min(10_000, left), owner, "");
        }
        long queued = System.nanoTime();
        while (Agent.received.get() < instances && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(120)) {
            Thread.sleep(5);
        }
        double seconds = (Agent.lastReceivedNanos - t0) / 1e9;
        System.out.printf("%ndispatch: %d instances queued in %.2f s (batched inserts); %d dispatched to %d agents, the"
                        + " last %.2f s after queueing began = %.0f instances/s%n",
                instances, (queued - t0) / 1e9, Agent.received.get(), agentsN, seconds, Agent.received.get() / seconds);
        holders.forEach(Agent::close);
        // The held instances would be re-queued when their agents are declared dead: remove the job with them.
        delete(server + "/api/v1/jobs/" + burstJob);

        // (b) Full cycle: agents that start and finish at once; instances completed per second.
        String job = createJob("bench-dispatch", "cycle-" + UUID.randomUUID());
        List<Agent> workers = new ArrayList<>();
        for (int i = 0; i < agentsN; i++) {
            workers.add(Agent.open(new Agent("worker-" + UUID.randomUUID(), 200), token).get(60, TimeUnit.SECONDS));
        }
        int cycle = instances / 2;
        Agent.done.set(0);
        long c0 = System.nanoTime();
        post(server + "/api/v1/jobs/" + job + "/trigger-many?count=" + cycle, owner, "");
        while (Agent.done.get() < cycle && System.nanoTime() - c0 < TimeUnit.SECONDS.toNanos(120)) {
            Thread.sleep(20);
        }
        double cs = (System.nanoTime() - c0) / 1e9;
        System.out.printf("full cycle (dispatch + started + succeeded, 2 acknowledged updates each): %d instances in"
                        + " %.2f s = %.0f instances/s%n", Agent.done.get(), cs, Agent.done.get() / cs);
        // (c) Paced at 200/s (a batch of 20 every 100 ms, one job per batch so the agent side knows each batch's
        // ready time): ready → dispatch received by the agent, which reports started at that moment.
        Thread.sleep(2000);
        java.util.Map<String, Long> readyAt = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            jobs.add(createJob("bench-dispatch", "paced-" + UUID.randomUUID()));
        }
        Agent.startLatencyMs.clear();
        Agent.readyAtByJob = readyAt;
        for (String j : jobs) {
            readyAt.put(j, System.nanoTime());
            post(server + "/api/v1/jobs/" + j + "/trigger-many?count=20", owner, "");
            Thread.sleep(100);
        }
        Thread.sleep(3000);
        List<Long> lat = new ArrayList<>(Agent.startLatencyMs);
        Collections.sort(lat);
        System.out.printf("paced 200/s for 5 s: %d instances, ready→started (agent side) p50 %d ms, p99 %d ms, max %d ms%n",
                lat.size(), pct(lat, 0.5), pct(lat, 0.99), lat.isEmpty() ? -1 : lat.getLast());
        workers.forEach(Agent::close);
    }

    // ---- scenario 3: cron lag

    static void cron(int jobs, int seconds) throws Exception {
        if (jobs == 0) {
            return;
        }
        String realAgentJar = env("HETUMIND_BENCH_REAL_AGENT_JAR", "");
        if (!realAgentJar.isEmpty()) {
            cronWithRealAgents(jobs, seconds, Path.of(realAgentJar));
            return;
        }
        String token = agentToken("bench-cron");
        List<Agent> agents = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            agents.add(Agent.open(token, "cron-" + UUID.randomUUID(), jobs).get(60, TimeUnit.SECONDS));
        }
        List<String> schedules = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            String job = createJob("bench-cron", "cron-" + UUID.randomUUID());
            schedules.add(field(post(server + "/api/v1/jobs/" + job + "/schedules", owner,
                    "{\"kind\":\"cron\",\"cron\":\"* * * * * *\",\"timeZone\":\"Europe/Paris\"}"), "id"));
        }
        // Warm-up: the first planning of 20 new schedules (2 min ahead each) under load dispatches some early fire
        // times late; recording only after it measures the steady state.
        Thread.sleep(Long.parseLong(env("HETUMIND_BENCH_CRON_WARMUP_SECONDS", "10")) * 1000L);
        Agent.lagsMs.clear();
        Agent.recordLag = true;
        Thread.sleep(seconds * 1000L);
        Agent.recordLag = false;
        for (String s : schedules) {
            post(server + "/api/v1/schedules/" + s + "/disable", owner, "");
        }
        List<Long> lags = new ArrayList<>(Agent.lagsMs);
        Collections.sort(lags);
        String metrics = get(server + "/q/metrics", null);
        System.out.printf("%ncron: %d jobs every second for %d s, %d runs received; lag fire time → %s"
                        + " (agent side): min %d ms, p50 %d ms, p99 %d ms, max %d ms; server timer p50 %s ms, p99 %s ms;"
                        + " instances received again (resent dispatches, whole bench): %d%n",
                jobs, seconds, lags.size(),
                Agent.HELD_DISPATCH ? "start by the agent's timer (held_dispatch)" : "dispatch received", lags.isEmpty() ? -1 : lags.getFirst(), pct(lags, 0.5), pct(lags, 0.99),
                lags.isEmpty() ? -1 : lags.getLast(),
                quantileMs(metrics, "sched_cron_lag_seconds", "0.5"), quantileMs(metrics, "sched_cron_lag_seconds", "0.99"),
                Agent.resentInstances.get());
        agents.forEach(Agent::close);
    }

    /**
     * The cron scenario with real agent processes (the task-agent jar, {@code held_dispatch}) running {@code true}:
     * the lag of each run is its {@code startedAt} (the agent's clock, after the fork) minus its fire time, read from
     * the API for the fires inside the recording window.
     */
    static void cronWithRealAgents(int jobs, int seconds, Path jar) throws Exception {
        int count = Integer.parseInt(env("HETUMIND_BENCH_REAL_AGENTS", "4"));
        Path dir = Files.createDirectories(Path.of("bench", "sched", "target", "agents-" + System.currentTimeMillis()));
        List<Process> agents = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String name = "real-" + i;
                String secret = field(post(iam + "/api/v1/agent-tokens", owner,
                        "{\"name\":\"" + name + "\",\"namespace\":\"bench-real\"}"), "secret");
                int port;
                try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                    port = free.getLocalPort();
                }
                ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx160m", "-jar", jar.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(name + ".log").toFile());
                pb.environment().put("HETUMIND_AGENT_TOKEN", secret);
                pb.environment().put("HETUMIND_AGENT_SERVER_URL", server.replaceFirst("^http", "ws") + "/ws/agent");
                pb.environment().put("HETUMIND_AGENT_IAM_URL", iam);
                pb.environment().put("HETUMIND_AGENT_NAME", name);
                pb.environment().put("HETUMIND_AGENT_DATA_DIR", dir.resolve(name).toString());
                pb.environment().put("HETUMIND_AGENT_MAX_CONCURRENCY", String.valueOf(jobs));
                pb.environment().put("HETUMIND_AGENT_PORT", String.valueOf(port));
                agents.add(pb.start());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!ready("http://127.0.0.1:" + port + "/q/health/ready")) {
                    if (System.nanoTime() > deadline || !agents.getLast().isAlive()) {
                        throw new IllegalStateException("agent " + name + " not ready; see " + dir.resolve(name + ".log"));
                    }
                    Thread.sleep(500);
                }
            }
            List<String> jobIds = new ArrayList<>();
            List<String> schedules = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                String job = createJob("bench-real", "cron-" + UUID.randomUUID());
                jobIds.add(job);
                schedules.add(field(post(server + "/api/v1/jobs/" + job + "/schedules", owner,
                        "{\"kind\":\"cron\",\"cron\":\"* * * * * *\",\"timeZone\":\"Europe/Paris\"}"), "id"));
            }
            Thread.sleep(Long.parseLong(env("HETUMIND_BENCH_CRON_WARMUP_SECONDS", "10")) * 1000L);
            java.time.Instant from = java.time.Instant.now();
            Thread.sleep(seconds * 1000L);
            java.time.Instant until = java.time.Instant.now();
            for (String sched : schedules) {
                post(server + "/api/v1/schedules/" + sched + "/disable", owner, "");
            }
            Thread.sleep(3000); // the last fires of the window report started
            List<Long> lags = new ArrayList<>();
            int notStarted = 0;
            Pattern run = Pattern.compile("\"readyAt\":\"([^\"]+)\"[^}]*?\"startedAt\":(null|\"([^\"]+)\")");
            Pattern next = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");
            for (String job : jobIds) {
                StringBuilder pages = new StringBuilder();
                String cursor = "";
                do {
                    String page = get(server + "/api/v1/task-instances?limit=200&jobId=" + job + cursor, owner);
                    pages.append(page);
                    Matcher n = next.matcher(page);
                    cursor = n.find() ? "&cursor=" + n.group(1) : null;
                } while (cursor != null);
                Matcher m = run.matcher(pages);
                while (m.find()) {
                    java.time.Instant ready = java.time.Instant.parse(m.group(1));
                    if (ready.isBefore(from) || !ready.isBefore(until)) {
                        continue;
                    }
                    if (m.group(3) == null) {
                        notStarted++;
                    } else {
                        lags.add(Duration.between(ready, java.time.Instant.parse(m.group(3))).toMillis());
                    }
                }
            }
            Collections.sort(lags);
            String metrics = get(server + "/q/metrics", null);
            System.out.printf("%ncron with %d real agents: %d jobs every second for %d s, %d runs started (%d not);"
                            + " lag fire time → started (agent's clock): min %d ms, p50 %d ms, p99 %d ms, max %d ms;"
                            + " server cron-lag timer p50 %s ms, p99 %s ms%n",
                    count, jobs, seconds, lags.size(), notStarted, lags.isEmpty() ? -1 : lags.getFirst(),
                    pct(lags, 0.5), pct(lags, 0.99), lags.isEmpty() ? -1 : lags.getLast(),
                    quantileMs(metrics, "sched_cron_lag_seconds", "0.5"),
                    quantileMs(metrics, "sched_cron_lag_seconds", "0.99"));
        } finally {
            for (Process p : agents) {
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** One simulated agent: registers, answers dispatches at once (started, succeeded), keeps asking for work. */
    static final class Agent implements WebSocket.Listener {
        static final AtomicLong heartbeatReplies = new AtomicLong();
        static final AtomicInteger done = new AtomicInteger();
        static final ConcurrentLinkedQueue<Long> lagsMs = new ConcurrentLinkedQueue<>();
        /** Instances received, so a dispatch the server resent (its ack came late) is not counted twice. */
        static final Set<String> seenInstances = ConcurrentHashMap.newKeySet();
        static final AtomicLong resentInstances = new AtomicLong();
        static volatile boolean recordLag;
        static final ConcurrentLinkedQueue<Long> startLatencyMs = new ConcurrentLinkedQueue<>();
        static volatile java.util.Map<String, Long> readyAtByJob = java.util.Map.of();
        static final Pattern JOB = Pattern.compile("\"job_id\":\"([0-9a-f-]+)\"");
        static final AtomicInteger received = new AtomicInteger();
        static volatile long lastReceivedNanos;
        volatile boolean hold;
        static final Pattern INSTANCE = Pattern.compile("\"instance_id\":\"([0-9a-f-]+)\"");
        static final Pattern NOT_BEFORE = Pattern.compile("\"not_before\":(\\d+)");
        /** Announce held_dispatch (protocol 2) and start held dispatches at their not_before, as the real agent does. */
        static final boolean HELD_DISPATCH = !"false".equals(System.getenv("HETUMIND_BENCH_HELD_DISPATCH"));
        static final ScheduledExecutorService START_TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-start-timer");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        static final Pattern REF = Pattern.compile("\"ref\":\"([0-9a-f-]+)\"");

        final int slots;
        final String name;
        final Semaphore window = new Semaphore(100);
        final StringBuilder partial = new StringBuilder();
        final CompletableFuture<Agent> registeredFuture = new CompletableFuture<>();
        WebSocket ws;
        CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
        volatile boolean registered;
        volatile boolean closed;
        final AtomicInteger free;
        volatile boolean asking;

        Agent(String name, int slots) {
            this.name = name;
            this.slots = slots;
            this.free = new AtomicInteger(slots);
        }

        static CompletableFuture<Agent> open(String token, String name, int slots) {
            return open(new Agent(name, slots), token);
        }

        static CompletableFuture<Agent> open(Agent a, String token) {
            String name = a.name;
            int slots = a.slots;
            return HTTP.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(server.replace("http", "ws") + "/ws/agent"), a)
                    .thenCompose(ws -> {
                        a.ws = ws;
                        a.send("register", (HELD_DISPATCH
                                        ? "{\"protocol_version\":2,\"capabilities\":[\"held_dispatch\"],"
                                        : "{\"protocol_version\":1,")
                                + "\"name\":\"" + name + "\",\"labels\":{},\"os\":\"bench\","
                                + "\"max_concurrency\":" + slots + ",\"running_instances\":[]}");
                        return a.registeredFuture;
                    })
                    .orTimeout(60, TimeUnit.SECONDS);
        }

        synchronized void send(String kind, String payload) {
            String frame = "{\"id\":\"" + UUID.randomUUID() + "\",\"kind\":\"" + kind + "\",\"ts\":"
                    + System.currentTimeMillis() + ",\"payload\":" + payload + "}";
            WebSocket w = ws;
            chain = chain.handle((x, e) -> null).thenCompose(x -> w.sendText(frame, true));
        }

        void heartbeat() {
            if (!closed) {
                send("heartbeat", "{\"cpu_load\":0.1,\"memory_used_bytes\":1,\"memory_total_bytes\":2,\"disk_free_bytes\":3,\"running\":0}");
            }
        }

        void ask() {
            int n = free.get();
            if (!asking && n > 0 && registered) {
                asking = true;
                send("acquire_task", "{\"slots\":" + n + "}");
            }
        }

        void update(String instance, String event) {
            try {
                window.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send("instance_update", "{\"instance_id\":\"" + instance + "\",\"event\":\"" + event + "\",\"exit_code\":0,\"at\":"
                    + System.currentTimeMillis() + "}");
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                Thread.ofVirtual().start(() -> handle(text));
            }
            w.request(1);
            return null;
        }

        void handle(String text) {
            String kind = field(text, "kind");
            switch (kind) {
                case "registered" -> {
                    registered = true;
                    // Every 10 s from a random offset, so heartbeats are spread evenly.
                    TIMER.scheduleAtFixedRate(this::heartbeat, ThreadLocalRandom.current().nextLong(10_000), 10_000,
                            TimeUnit.MILLISECONDS);
                    registeredFuture.complete(this);
                    if (slots > 1) {
                        ask();
                    }
                }
                case "heartbeat_reply" -> heartbeatReplies.incrementAndGet();
                case "task_dispatch" -> {
                    long now = System.currentTimeMillis();
                    send("ack", "{\"ref\":\"" + field(text, "id") + "\",\"ok\":true,\"retry\":false}");
                    Matcher m = INSTANCE.matcher(text);
                    List<String> got = new ArrayList<>();
                    while (m.find()) {
                        if (seenInstances.add(m.group(1))) {
                            got.add(m.group(1));
                        } else {
                            resentInstances.incrementAndGet();
                        }
                    }
                    if (got.isEmpty() && m.reset().find()) {
                        return; // a resend of a dispatch already handled (the real agent ignores it too)
                    }
                    Matcher nb = NOT_BEFORE.matcher(text);
                    long startAt = nb.find() ? Long.parseLong(nb.group(1)) : 0;
                    if (startAt > System.currentTimeMillis()) {
                        // held_dispatch: like the real agent, start it at not_before by our own timer
                        free.addAndGet(-got.size());
                        asking = false;
                        START_TIMER.schedule(() -> {
                            free.addAndGet(got.size());
                            started(got, text, System.currentTimeMillis());
                        }, startAt - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
                        ask();
                        return;
                    }
                    asking = false;
                    started(got, text, now);
                }
                case "ack" -> window.release();
                default -> {}
            }
        }

        /** The instances of one dispatch start now ({@code now}): the lag is recorded, then they run. */
        void started(List<String> got, String text, long now) {
            if (recordLag) {
                // Signed: an arrival just before a whole second counts as early (negative), not as almost a second late.
                got.forEach(i -> lagsMs.add((now + 500) % 1000 - 500));
            }
            Matcher jm = JOB.matcher(text);
            while (jm.find()) {
                Long ready = readyAtByJob.get(jm.group(1));
                if (ready != null) {
                    startLatencyMs.add((System.nanoTime() - ready) / 1_000_000);
                }
            }
            received.addAndGet(got.size());
            lastReceivedNanos = System.nanoTime();
            if (hold) {
                free.addAndGet(-got.size());
                ask();
                return;
            }
            free.addAndGet(-got.size());
            for (String i : got) {
                update(i, "started");
                update(i, "succeeded");
                done.incrementAndGet();
                free.incrementAndGet();
            }
            ask();
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            closed = true;
            registeredFuture.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            closed = true;
            registeredFuture.completeExceptionally(error);
        }

        void close() {
            closed = true;
            if (ws != null) {
                ws.abort();
            }
        }
    }

    // ---- helpers

    static String signUp() throws Exception {
        String email = "bench-" + UUID.randomUUID() + "@example.test";
        return field(post(iam + "/api/v1/auth/signup", null, "{\"email\":\"" + email
                + "\",\"password\":\"bench password 123\",\"name\":\"Bench\",\"tenant\":\"Bench\"}"), "accessToken");
    }

    static String agentToken(String ns) throws Exception {
        String secret = field(post(iam + "/api/v1/agent-tokens", owner, "{\"name\":\"" + ns + "-" + UUID.randomUUID()
                + "\",\"namespace\":\"" + ns + "\"}"), "secret");
        return field(post(iam + "/api/v1/auth/agent", null, "{\"secret\":\"" + secret + "\"}"), "accessToken");
    }

    static String createJob(String ns, String name) throws Exception {
        return field(post(server + "/api/v1/jobs", owner, "{\"name\":\"" + name + "\",\"namespace\":\"" + ns
                + "\",\"command\":\"true\",\"timeoutMs\":60000}"), "id");
    }

    static String post(String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " → " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static void delete(String url) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + owner).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    static String get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Whether a health endpoint says UP (false while nothing listens). */
    static boolean ready(String url) {
        try {
            return get(url, null).contains("\"UP\"");
        } catch (Exception e) {
            return false;
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static String quantileMs(String metrics, String name, String q) {
        Matcher m = Pattern.compile("^" + name + "\\{[^}]*quantile=\"" + q + "\"[^}]*\\} ([0-9.eE+-]+)", Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? String.format("%.1f", Double.parseDouble(m.group(1)) * 1000) : "n/a";
    }

    static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    /** utime+stime of a process in clock ticks. */
    static long[] cpu(long pid) throws Exception {
        if (pid == 0) {
            return new long[] {0};
        }
        String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll(".*\\) ", "").split(" ");
        return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12])};
    }

    static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static String env(String k, String d) {
        String v = System.getenv(k);
        return v == null || v.isBlank() ? d : v;
    }
}
