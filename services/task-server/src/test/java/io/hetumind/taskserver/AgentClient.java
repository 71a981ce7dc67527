package io.hetumind.taskserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Protocol;
import io.hetumind.core.task.Uuid7;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A scripted agent over a real WebSocket: sends what a test says, records every frame and the close. */
public final class AgentClient implements AutoCloseable {
    private final BlockingQueue<Protocol.Frame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket ws;
    private UUID agentId;

    private AgentClient(WebSocket ws) {
        this.ws = ws;
    }

    public static URI gateway() {
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.http.test-port", Integer.class);
        return URI.create("ws://127.0.0.1:" + port + "/ws/agent");
    }

    /** Connects with {@code token}; fails when the upgrade is refused. */
    public static AgentClient connect(String token) throws Exception {
        AgentClient[] self = new AgentClient[1];
        CompletableFuture<Void> ready = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        ready.join();
                        self[0].frames.add(Protocol.decode(partial.toString()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    partial.setLength(0);
                }
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                self[0].closed.complete(code);
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                self[0].closed.complete(1006);
            }
        };
        WebSocket ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(gateway(), listener)
                .get(10, TimeUnit.SECONDS);
        self[0] = new AgentClient(ws);
        ready.complete(null);
        return self[0];
    }

    public UUID register(String name, Map<String, String> labels, int slots, List<UUID> running) throws Exception {
        return register(name, labels, slots, running, null);
    }

    /** Registers announcing {@code capabilities} (protocol 2), e.g. {@link Protocol#HELD_DISPATCH}. */
    public UUID register(
            String name, Map<String, String> labels, int slots, List<UUID> running, List<String> capabilities)
            throws Exception {
        // As the agent does: a register not answered within a few seconds is sent again, the same frame (same id),
        // which the server answers once more instead of refusing a second register.
        String frame = Protocol.encode(
                Uuid7.next(),
                Kind.REGISTER,
                new Messages.Register(Protocol.VERSION, name, labels, "test", slots, running, capabilities));
        agentId =
                first(frame, Kind.REGISTERED).payload(Messages.Registered.class).agentId();
        return agentId;
    }

    /**
     * Sends a connection's first frame and waits for its {@code answer}, sending the same frame again (as the agent
     * does with register) while none has come and the connection is open: a first frame may be lost to the upgrade.
     */
    public Protocol.Frame first(String frame, Kind answer) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            sendRaw(frame);
            Protocol.Frame f = attempt < 3 ? next(answer, 4_000) : expect(answer, 4_000);
            if (f != null) {
                return f;
            }
            if (closed.isDone()) {
                return expect(answer, 0);
            }
        }
    }

    public UUID agentId() {
        return agentId;
    }

    public UUID send(Kind kind, Object payload) {
        UUID id = Uuid7.next();
        sendRaw(Protocol.encode(id, kind, payload));
        return id;
    }

    /** Sends one text frame; fails (with a thread dump) when the send does not complete within 10 s. */
    public void sendRaw(String text) {
        bounded(ws.sendText(text, true), "sending a " + text.length() + "-character frame");
    }

    /**
     * The next frame of {@code kind} within 10 s (frames of other kinds before it are dropped); a missing frame
     * fails the test with what was seen and a dump of this JVM's threads (the server runs in it too).
     */
    public Protocol.Frame next(Kind kind) throws InterruptedException {
        return expect(kind, 10_000);
    }

    /** Like {@link #next(Kind, long)}, but the frame must come: no frame fails with a diagnosis. */
    public Protocol.Frame expect(Kind kind, long millis) throws InterruptedException {
        List<String> skipped = new java.util.ArrayList<>();
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            Protocol.Frame f = frames.poll(Math.max(0, left), TimeUnit.MILLISECONDS);
            if (f == null) {
                throw stalled("no " + kind.wire() + " frame within " + millis + " ms (skipped " + skipped
                        + ", connection " + (closed.isDone() ? "closed " + closed.getNow(null) : "open") + ")");
            }
            if (f.kind() == kind) {
                return f;
            }
            skipped.add(f.kind().wire());
        }
    }

    private static void bounded(CompletableFuture<?> op, String what) {
        try {
            op.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw stalled(what + " did not complete within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(what + " failed", e.getCause());
        }
    }

    /**
     * An assertion failure naming the stall, with every thread of this JVM (server included) written to standard
     * error, so a stall seen once in CI can be read afterwards.
     */
    static AssertionError stalled(String what) {
        StringBuilder dump = new StringBuilder("---- thread dump: " + what + " ----\n");
        for (java.lang.management.ThreadInfo t :
                java.lang.management.ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append(t.toString().stripTrailing());
            StackTraceElement[] st = t.getStackTrace();
            // ThreadInfo.toString cuts stacks at 8 frames; the rest matters for a stall.
            for (int i = 8; i < st.length; i++) {
                dump.append("\n\tat ").append(st[i]);
            }
            dump.append('\n');
        }
        System.err.println(dump);
        return new AssertionError(what + " (thread dump on standard error)");
    }

    public Protocol.Frame next(Kind kind, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            Protocol.Frame f = frames.poll(Math.max(0, left), TimeUnit.MILLISECONDS);
            if (f == null) {
                return null;
            }
            if (f.kind() == kind) {
                return f;
            }
        }
    }

    /** Asks for work and waits for a dispatch, possibly empty (within {@code millis}), acknowledging it. */
    public Messages.TaskDispatch acquire(int slots, long millis) throws InterruptedException {
        send(Kind.ACQUIRE_TASK, new Messages.AcquireTask(slots));
        Protocol.Frame f = expect(Kind.TASK_DISPATCH, millis);
        send(Kind.ACK, new Messages.Ack(f.id(), true, false, null));
        return f.payload(Messages.TaskDispatch.class);
    }

    /** Sends an instance update and returns the server's ack of it. */
    public Messages.Ack update(Messages.InstanceUpdate u) throws InterruptedException {
        UUID id = send(Kind.INSTANCE_UPDATE, u);
        return ackOf(id);
    }

    public Messages.Ack ackOf(UUID id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Protocol.Frame f = next(Kind.ACK, deadline - System.currentTimeMillis());
            if (f != null && f.payload(Messages.Ack.class).ref().equals(id)) {
                return f.payload(Messages.Ack.class);
            }
        }
        throw stalled("no ack for " + id + " within 10 s");
    }

    public static Messages.InstanceUpdate event(UUID instance, String event, Integer exit) {
        return new Messages.InstanceUpdate(
                instance, event, null, null, exit, null, null, null, System.currentTimeMillis());
    }

    public static Messages.InstanceUpdate log(UUID instance, long first, String... lines) {
        return new Messages.InstanceUpdate(
                instance,
                "log",
                first,
                java.util.Arrays.stream(lines)
                        .map(l -> new Messages.LogLine("stdout", l, System.currentTimeMillis()))
                        .toList(),
                null,
                null,
                null,
                null,
                System.currentTimeMillis());
    }

    /** The close code within {@code millis}, or null while still open. */
    public Integer closeCode(long millis) {
        try {
            return closed.get(millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void assertOpen() {
        assertThat(closed).isNotDone();
    }

    public void sendBinary(byte[] data) {
        bounded(ws.sendBinary(java.nio.ByteBuffer.wrap(data), true), "sending a binary frame");
    }

    public void abort() {
        ws.abort();
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        ws.abort();
    }
}
