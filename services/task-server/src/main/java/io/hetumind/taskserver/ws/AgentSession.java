package io.hetumind.taskserver.ws;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** One agent connection on this server: who it is (from the token and its register), what it waits for. */
public final class AgentSession {
    /** A state-changing frame sent and not yet acknowledged. */
    record Pending(UUID id, String kind, String text, int sends, long nextAtNanos) {}

    final WebSocketConnection conn;
    final UUID tenant;
    final String namespace;
    final long tokenExpiresMillis;
    final SerialQueue inbound;
    final TokenBucket bucket;
    final Map<UUID, Pending> unacked = new ConcurrentHashMap<>();
    /** Cancels sent for instances, so each is sent once per connection (the reliable sender retries it). */
    final Set<UUID> cancelsSent = ConcurrentHashMap.newKeySet();

    volatile UUID agentId;
    /**
     * The agent row's {@code connected_at} written by this session's register: the row still belongs to this
     * connection while it holds that value, and a later register of the same agent (here or elsewhere) changes it.
     */
    volatile java.time.Instant registeredAt;
    /** The id of the register frame this session registered with: the same frame again is a retry, not an error. */
    volatile UUID registerFrame;
    /** The registered frame this session was answered with, sent again to a retried register. */
    volatile String registeredReply;

    volatile String labelsJson = "{}";
    volatile String mode = "active";
    /** The agent holds dispatches until their {@code not_before} itself ({@code held_dispatch}, protocol 2). */
    volatile boolean holdsDispatch;
    /** The agent reads {@code traceparent} from a dispatch (protocol 2). */
    volatile boolean tracesRuns;
    /** Cron instances sent ahead to an agent that holds them, with their fire time: cron lag is measured at start. */
    final Map<UUID, java.time.Instant> cronSentAhead = new ConcurrentHashMap<>();
    /**
     * Instances sent ahead to an agent that holds them, with their ready time, until the agent's first update of each:
     * what is released should this connection close ({@link Dispatcher#releaseHeldLater}).
     */
    final Map<UUID, java.time.Instant> heldAhead = new ConcurrentHashMap<>();
    /** The agent fires its pinned schedules itself and takes {@code schedule_sync} ({@code local_schedules}). */
    volatile boolean localSchedules;
    /** The highest pinned-set version sent on this connection (-1: none yet). */
    volatile long syncSent = -1;
    /** Serializes the syncs of this connection, so versions go out in order. */
    final Object syncLock = new Object();
    /** schedule_sync frames not yet acknowledged, with the version each carries. */
    final Map<UUID, Long> syncsInFlight = new ConcurrentHashMap<>();
    /** Slots asked for by a parked acquire_task (0: none parked) and when it was parked. */
    int parkedSlots;

    long parkedAtNanos;

    AgentSession(
            WebSocketConnection conn,
            UUID tenant,
            String namespace,
            long tokenExpiresMillis,
            SerialQueue inbound,
            TokenBucket bucket) {
        this.conn = conn;
        this.tenant = tenant;
        this.namespace = namespace;
        this.tokenExpiresMillis = tokenExpiresMillis;
        this.inbound = inbound;
        this.bucket = bucket;
    }

    /** The key dispatch wake-ups are grouped by. */
    String queueKey() {
        return tenant + "|" + namespace;
    }

    boolean registered() {
        return agentId != null;
    }

    public UUID agentId() {
        return agentId;
    }

    public String id() {
        return conn.id();
    }

    /** Sends without waiting; a failed send shows up as a close. */
    void send(String text) {
        if (conn.isOpen()) {
            conn.sendText(text).subscribe().with(ok -> {}, err -> {});
        }
    }

    void close(int code, String reason) {
        if (conn.isOpen()) {
            conn.close(new CloseReason(code, reason)).subscribe().with(ok -> {}, err -> {});
        }
    }
}
