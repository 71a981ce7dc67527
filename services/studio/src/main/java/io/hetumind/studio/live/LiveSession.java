package io.hetumind.studio.live;

import io.quarkus.websockets.next.WebSocketConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a live connection holds: its subscription and the timer that closes it when its token expires (the token was
 * checked once, at the upgrade; the client reconnects with a fresh one).
 */
final class LiveSession {
    private static final ScheduledExecutorService EXPIRY = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hetumind-live-expiry");
        t.setDaemon(true);
        return t;
    });
    private static final Map<String, LiveSession> OPEN = new ConcurrentHashMap<>();

    private final Runnable unsubscribe;
    private final ScheduledFuture<?> expiry;

    private LiveSession(Runnable unsubscribe, ScheduledFuture<?> expiry) {
        this.unsubscribe = unsubscribe;
        this.expiry = expiry;
    }

    static void open(WebSocketConnection conn, Runnable unsubscribe) {
        long expires = conn.userData().get(LiveUpgradeCheck.EXPIRES);
        long delay = Math.max(0, expires - System.currentTimeMillis());
        ScheduledFuture<?> f = EXPIRY.schedule(
                () -> conn.close(new io.quarkus.websockets.next.CloseReason(4001, "token expired"))
                        .subscribe()
                        .with(v -> {}, e -> {}),
                delay,
                TimeUnit.MILLISECONDS);
        OPEN.put(conn.id(), new LiveSession(unsubscribe, f));
    }

    static void closed(WebSocketConnection conn) {
        LiveSession s = OPEN.remove(conn.id());
        if (s != null) {
            s.unsubscribe.run();
            s.expiry.cancel(false);
        }
    }

    static void send(WebSocketConnection conn, ExecutionEvent e) {
        if (conn.isOpen()) {
            conn.sendText(e.payload()).subscribe().with(v -> {}, err -> {});
        }
    }
}
