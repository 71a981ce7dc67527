package io.hetumind.taskserver.ws;

import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Protocol;
import io.hetumind.taskserver.config.SchedConfig;
import io.hetumind.taskserver.service.SchedMetrics;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent gateway. Upgrades are authenticated by {@link AgentUpgradeCheck}; on the event loop each frame is only
 * rate-limited and queued, then handled in order per connection off the loop by {@link FrameHandler}.
 */
@WebSocket(path = "/ws/agent")
public class AgentSocket {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AgentSocket.class);
    /** Frames of one connection that may wait for handling before the connection is closed as a flood. */
    static final int QUEUE_LIMIT = 256;

    private static final ExecutorService HANDLERS = Executors.newVirtualThreadPerTaskExecutor();
    private static final ScheduledExecutorService EXPIRY = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sched-token-expiry");
        t.setDaemon(true);
        return t;
    });

    private final AgentSessions sessions;
    private final FrameHandler handler;
    private final SchedConfig config;
    private final SchedMetrics metrics;

    public AgentSocket(AgentSessions sessions, FrameHandler handler, SchedConfig config, SchedMetrics metrics) {
        this.sessions = sessions;
        this.handler = handler;
        this.config = config;
        this.metrics = metrics;
    }

    @OnOpen
    @NonBlocking
    void open(WebSocketConnection conn) {
        session(conn);
    }

    /**
     * The connection's session, made on first use: by {@code @OnOpen}, or by the first frame should it be handled
     * first (an agent sends register as soon as its handshake completes, and a frame dropped for want of a session
     * left it waiting for a registered that never came).
     */
    private AgentSession session(WebSocketConnection conn) {
        AgentSession known = sessions.of(conn.id());
        if (known != null) {
            return known;
        }
        long expires = conn.userData().get(AgentUpgradeCheck.EXPIRES);
        boolean[] made = {false};
        AgentSession s = sessions.openedIfAbsent(
                conn.id(),
                () -> new AgentSession(
                        conn,
                        UUID.fromString(conn.userData().get(AgentUpgradeCheck.TENANT)),
                        conn.userData().get(AgentUpgradeCheck.NAMESPACE),
                        expires,
                        new SerialQueue(HANDLERS, QUEUE_LIMIT),
                        new TokenBucket(config.framesPerSecond(), config.frameBurst())),
                made);
        if (made[0]) {
            metrics.connections(sessions.size());
            // The token was checked once, at the upgrade; when it expires the agent must reconnect with a fresh one.
            long delay = Math.max(0, expires - System.currentTimeMillis());
            EXPIRY.schedule(() -> s.close(4001, "token expired"), delay, TimeUnit.MILLISECONDS);
        }
        return s;
    }

    @OnTextMessage
    @NonBlocking
    void text(String text, WebSocketConnection conn) {
        if (!conn.isOpen()) {
            return;
        }
        AgentSession s = session(conn);
        if (!s.bucket.take()) {
            refuse(s, "rate-limited", "more than " + config.framesPerSecond() + " frames per second");
            s.close(1008, "rate limit exceeded");
            return;
        }
        if (!s.inbound.offer(() -> handler.handle(s, text))) {
            refuse(s, "overloaded", "more than " + QUEUE_LIMIT + " frames waiting");
            s.close(1008, "too many frames in flight");
        }
    }

    @OnBinaryMessage
    @NonBlocking
    void binary(Buffer data, WebSocketConnection conn) {
        AgentSession s = sessions.of(conn.id());
        if (s != null) {
            refuse(s, "binary", "frames are JSON text");
            s.close(1003, "binary frames are not supported");
        }
    }

    /** Vert.x refuses a frame over the size limit while aggregating it; that is the agent's fault, not ours. */
    @OnError
    @NonBlocking
    void error(Throwable failure, WebSocketConnection conn) {
        AgentSession s = sessions.of(conn.id());
        boolean tooBig = String.valueOf(failure.getMessage()).contains("max message size");
        metrics.rejected(tooBig ? "too-big" : "internal");
        if (tooBig) {
            if (s != null) {
                s.close(1009, "frame too big");
            } else if (conn.isOpen()) {
                conn.close(new io.quarkus.websockets.next.CloseReason(1009, "frame too big"))
                        .subscribe()
                        .with(x -> {}, x -> {});
            }
        } else if (failure instanceof io.vertx.core.http.HttpClosedException) {
            LOG.debugf("agent connection %s closed under us", conn.id());
        } else {
            LOG.errorf(failure, "agent connection %s failed", conn.id());
            if (conn.isOpen()) {
                conn.close(io.quarkus.websockets.next.CloseReason.INTERNAL_SERVER_ERROR)
                        .subscribe()
                        .with(x -> {}, x -> {});
            }
        }
    }

    @OnClose
    @NonBlocking
    void closed(WebSocketConnection conn) {
        AgentSession s = sessions.of(conn.id());
        if (s != null) {
            sessions.closed(s);
            metrics.connections(sessions.size());
            HANDLERS.execute(() -> handler.closed(s));
        }
    }

    private void refuse(AgentSession s, String code, String message) {
        metrics.rejected(code);
        s.send(Protocol.encode(Kind.ERROR, new Messages.Error(null, code, message)));
    }
}
