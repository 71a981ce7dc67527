package io.hetumind.taskagent.link;

import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Protocol;
import io.hetumind.core.task.ProtocolException;
import io.hetumind.taskagent.outbox.Outbox;
import io.hetumind.taskagent.run.Runner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The agent's side of the protocol over one WebSocket at a time: register, heartbeats, poll-mode acquire, running
 * what is dispatched, and delivering the outbox in order per instance until each message is acknowledged. All
 * protocol state lives on one thread; reconnects back off exponentially with full jitter.
 */
public final class ServerLink {
    /** Settings of the link. */
    public record Settings(
            List<URI> servers,
            String name,
            Map<String, String> labels,
            Duration reconnectMin,
            Duration reconnectMax,
            Duration ackTimeout,
            Path dataDir) {}

    private static final Logger LOG = Logger.getLogger(ServerLink.class);
    /** How long a register may go unanswered before it is sent again, and how many tries before reconnecting. */
    private static final long REGISTER_RETRY_MS = 5_000;

    private static final int REGISTER_TRIES = 3;
    private final Settings settings;
    private final TokenSource tokens;
    private final Outbox outbox;
    private final Runner runner;
    private final HostMetrics metrics;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-link");
        t.setDaemon(true);
        return t;
    });
    private final Delivery delivery;
    private final Set<UUID> dispatchesSeen = new HashSet<>();
    private WebSocket ws;
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private boolean registered;
    private boolean draining;
    private boolean acquiring;
    private int attempt;
    private int serverIndex;
    private ScheduledFuture<?> heartbeat;
    private volatile UUID agentId;
    private volatile boolean stopped;
    private long heartbeatNanos;
    private volatile long lastHeardNanos;

    public ServerLink(Settings settings, TokenSource tokens, Outbox outbox, Runner runner) {
        this.settings = settings;
        this.tokens = tokens;
        this.outbox = outbox;
        this.runner = runner;
        this.metrics = new HostMetrics(settings.dataDir());
        this.delivery =
                new Delivery(outbox, settings.ackTimeout(), settings.dataDir(), loop, this::send, () -> registered);
        runner.onSlotFree(() -> loop.execute(this::maybeAcquire));
    }

    public void start() {
        loop.execute(this::connect);
        loop.scheduleWithFixedDelay(delivery::resendOverdue, 250, 250, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        stopped = true;
        loop.execute(() -> {
            if (ws != null) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "agent stopping");
            }
        });
        loop.shutdown();
    }

    /** Whether the agent is registered with a server now (readiness). */
    public boolean connected() {
        return agentId != null && registered;
    }

    public UUID agentId() {
        return agentId;
    }

    private void connect() {
        if (stopped) {
            return;
        }
        String token;
        try {
            token = tokens.get();
        } catch (IOException e) {
            LOG.warnf("no access token from IAM: %s", rootMessage(e));
            reconnectLater();
            return;
        }
        try {
            ws = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(server(), new Listener())
                    .get(15, TimeUnit.SECONDS);
            sendChain = CompletableFuture.completedFuture(null);
            Set<UUID> known = new HashSet<>(runner.runningIds());
            known.addAll(outbox.instances());
            String register = Protocol.encode(
                    Kind.REGISTER,
                    new Messages.Register(
                            Protocol.VERSION,
                            settings.name(),
                            settings.labels(),
                            System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                            runner.maxConcurrency(),
                            List.copyOf(known),
                            List.of(Protocol.HELD_DISPATCH, Protocol.TRACE_CONTEXT, Protocol.LOCAL_SCHEDULES)));
            send(register);
            WebSocket socket = ws;
            loop.schedule(() -> registerAgain(socket, register, 1), REGISTER_RETRY_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warnf("cannot connect to %s: %s", server(), rootMessage(e));
            serverIndex++;
            reconnectLater();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A register not answered in time is sent again — the same frame, which the server de-duplicates by id and
     * answers once more — and after a few tries the connection is dropped and made again.
     */
    private void registerAgain(WebSocket socket, String register, int tries) {
        if (stopped || registered || ws != socket) {
            return;
        }
        if (tries >= REGISTER_TRIES) {
            LOG.warnf("no answer to register after %d tries; reconnecting", tries);
            socket.abort();
            disconnected(1006, "register not answered");
            return;
        }
        LOG.infof("no answer to register yet; sending it again");
        send(register);
        loop.schedule(() -> registerAgain(socket, register, tries + 1), REGISTER_RETRY_MS, TimeUnit.MILLISECONDS);
    }

    private URI server() {
        return settings.servers()
                .get(Math.floorMod(serverIndex, settings.servers().size()));
    }

    private void reconnectLater() {
        if (stopped) {
            return;
        }
        long cap = Math.min(
                settings.reconnectMax().toMillis(), settings.reconnectMin().toMillis() << Math.min(attempt, 16));
        long delay =
                ThreadLocalRandom.current().nextLong(settings.reconnectMin().toMillis() / 2, Math.max(cap, 2) + 1);
        attempt++;
        loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void disconnected(int code, String reason) {
        if (ws == null) {
            return;
        }
        LOG.infof("disconnected (%d %s); reconnecting", code, reason);
        ws = null;
        // A held run is bound to the link it came on: with the link gone the server may give it to another agent
        // (held-release-after), so it must not start here. It is not listed in the next register either.
        int dropped = runner.dropHeld();
        if (dropped > 0) {
            LOG.infof("dropped %d held run(s) with the link; the server re-queues them", dropped);
        }
        registered = false;
        acquiring = false;
        delivery.reset();
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (code != 4001) {
            // Try the next replica: the one we lost may be gone for good.
            serverIndex++;
        }
        if (code == 4001) {
            tokens.expire();
            attempt = 0;
        }
        reconnectLater();
    }

    private void handle(String text) {
        Protocol.Frame f;
        try {
            f = Protocol.decode(text);
        } catch (ProtocolException e) {
            LOG.warnf("ignored a frame from the server: %s", e.getMessage());
            return;
        }
        switch (f.kind()) {
            case REGISTERED -> registered(f.payload(Messages.Registered.class));
            case HEARTBEAT_REPLY ->
                commands(f.payload(Messages.HeartbeatReply.class).commands());
            case TASK_DISPATCH -> dispatched(f);
            case SCHEDULE_SYNC -> scheduleSync(f);
            case CANCEL -> {
                ack(f.id());
                runner.cancel(f.payload(Messages.Cancel.class).instanceId());
            }
            case ACK -> delivery.acked(f.payload(Messages.Ack.class));
            case ERROR ->
                LOG.warnf(
                        "server refused a frame: %s",
                        f.payload(Messages.Error.class).message());
            default -> LOG.debugf("ignored %s", f.kind().wire());
        }
    }

    private void registered(Messages.Registered r) {
        if (registered) {
            return; // the answer to a register sent again
        }
        registered = true;
        attempt = 0;
        agentId = r.agentId();
        LOG.infof("registered as %s with server %s", r.agentId(), r.serverId());
        long every = Math.max(100, r.heartbeatIntervalMs());
        heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(every);
        heartbeat = loop.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        delivery.pump();
        maybeAcquire();
    }

    private void commands(List<String> commands) {
        boolean was = draining;
        draining = commands.contains("draining");
        if (was && !draining) {
            maybeAcquire();
        }
    }

    private void dispatched(Protocol.Frame f) {
        ack(f.id());
        acquiring = false;
        if (dispatchesSeen.add(f.id())) {
            for (Messages.Dispatch d : f.payload(Messages.TaskDispatch.class).instances()) {
                runner.start(d, delivery);
            }
        }
        maybeAcquire();
    }

    /**
     * Stores the pinned set before acknowledging it: a sync not stored is not acknowledged, and the server sends it
     * again. With no wheel (none installed) it is not acknowledged either.
     */
    private void scheduleSync(Protocol.Frame f) {
        SyncTarget target = syncTarget;
        if (target == null) {
            LOG.warn("schedule_sync before the wheel is ready; left unacknowledged");
            return;
        }
        try {
            target.apply(f.payload(Messages.ScheduleSync.class));
            ack(f.id());
        } catch (IOException | RuntimeException e) {
            LOG.errorf("pinned schedules not stored (%s); the server will send them again", e.getMessage());
        }
    }

    /** What stores and arms a schedule_sync (the wheel). */
    @FunctionalInterface
    public interface SyncTarget {
        void apply(Messages.ScheduleSync sync) throws IOException;
    }

    private volatile SyncTarget syncTarget;

    /** Where schedule_sync frames go; until set they are left unacknowledged. */
    public void onScheduleSync(SyncTarget target) {
        this.syncTarget = target;
    }

    /** A reporter for a run this agent fired itself: its updates name the schedule, fire time and attempt. */
    public io.hetumind.taskagent.run.Reporter reporterForFire(UUID scheduleId, long fireAt, int attempt) {
        return delivery.forFire(new Delivery.Fire(scheduleId, fireAt, attempt));
    }

    private void maybeAcquire() {
        int free = runner.free();
        if (registered && !draining && !acquiring && free > 0) {
            acquiring = true;
            send(Protocol.encode(Kind.ACQUIRE_TASK, new Messages.AcquireTask(free)));
        }
    }

    private void heartbeat() {
        if (registered && System.nanoTime() - lastHeardNanos > 3 * heartbeatNanos) {
            // Three heartbeats without any answer: the link is dead even if TCP has not noticed.
            WebSocket dead = ws;
            disconnected(1006, "no answer to heartbeats");
            dead.abort();
            return;
        }
        if (registered) {
            send(Protocol.encode(Kind.HEARTBEAT, metrics.now(runner.running())));
        }
    }

    private void ack(UUID ref) {
        send(Protocol.encode(Kind.ACK, new Messages.Ack(ref, true, false, null)));
    }

    /** Sends on the link thread, one frame after the other (the JDK client allows one outstanding send). */
    private void send(String text) {
        WebSocket socket = ws;
        if (socket == null) {
            return;
        }
        sendChain = sendChain.handle((x, err) -> null).thenCompose(x -> socket.sendText(text, true));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            lastHeardNanos = System.nanoTime();
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                loop.execute(() -> {
                    if (socket == ws) {
                        handle(text);
                    }
                });
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            loop.execute(() -> {
                if (socket == ws) {
                    disconnected(code, reason);
                }
            });
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            loop.execute(() -> {
                if (socket == ws) {
                    disconnected(1006, rootMessage(error));
                }
            });
        }
    }
}
