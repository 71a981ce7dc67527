package io.hetumind.studio.live;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a live connection holds: its subscription, its outbox (frames are sent one after the other, so a client sees
 * events in the order they were published; a client more than {@value #MAX_QUEUED} frames behind is closed with 1013),
 * and the timer that closes it when its token expires (the token was checked once, at the upgrade; the client
 * reconnects with a fresh one).
 */
final class LiveSession {
    static final int MAX_QUEUED = 1_000;
    private static final ScheduledExecutorService EXPIRY = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hetumind-live-expiry");
        t.setDaemon(true);
        return t;
    });
    private static final Map<String, LiveSession> OPEN = new ConcurrentHashMap<>();

    private final WebSocketConnection conn;
    private final ConcurrentLinkedQueue<String> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile Runnable unsubscribe = () -> {};
    private volatile ScheduledFuture<?> expiry;

    private LiveSession(WebSocketConnection conn) {
        this.conn = conn;
    }

    /** Registers the connection; {@code subscribe} gets this session's sink and returns how to unsubscribe. */
    static void open(WebSocketConnection conn, java.util.function.Function<LiveSession, Runnable> subscribe) {
        LiveSession s = new LiveSession(conn);
        OPEN.put(conn.id(), s);
        long delay = Math.max(0, conn.userData().get(LiveUpgradeCheck.EXPIRES) - System.currentTimeMillis());
        s.expiry = EXPIRY.schedule(() -> s.close(4001, "token expired"), delay, TimeUnit.MILLISECONDS);
        s.unsubscribe = subscribe.apply(s);
    }

    static void closed(WebSocketConnection conn) {
        LiveSession s = OPEN.remove(conn.id());
        if (s != null) {
            s.unsubscribe.run();
            s.expiry.cancel(false);
        }
    }

    void send(ExecutionEvent e) {
        if (!conn.isOpen()) {
            return;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            close(1013, "too far behind");
            return;
        }
        outbox.add(e.payload());
        drain();
    }

    private void drain() {
        if (!sending.compareAndSet(false, true)) {
            return;
        }
        String next = outbox.poll();
        if (next == null) {
            sending.set(false);
            if (!outbox.isEmpty()) {
                drain(); // a frame queued between the poll and the reset
            }
            return;
        }
        queued.decrementAndGet();
        conn.sendText(next).subscribe().with(v -> sent(), err -> sent());
    }

    private void sent() {
        sending.set(false);
        drain();
    }

    private void close(int code, String reason) {
        conn.close(new CloseReason(code, reason)).subscribe().with(v -> {}, e -> {});
    }
}
