package io.hetumind.taskagent.link;

import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Protocol;
import io.hetumind.core.task.Uuid7;
import io.hetumind.taskagent.outbox.Outbox;
import io.hetumind.taskagent.run.Reporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox: runs report into it (from their threads), and on the link thread the oldest unacknowledged
 * message of each instance is sent, resent after the ack timeout (doubling), and dropped once acknowledged.
 */
final class Delivery implements Reporter {
    private record Inflight(UUID id, int sends, long nextAtNanos) {}

    private static final Logger LOG = Logger.getLogger(Delivery.class);
    private final Outbox outbox;
    private final Duration ackTimeout;
    private final Path dataDir;
    private final Executor loop;
    private final Consumer<String> send;
    private final BooleanSupplier registered;
    private final Map<UUID, Inflight> inflight = new HashMap<>();

    Delivery(
            Outbox outbox,
            Duration ackTimeout,
            Path dataDir,
            Executor loop,
            Consumer<String> send,
            BooleanSupplier registered) {
        this.outbox = outbox;
        this.ackTimeout = ackTimeout;
        this.dataDir = dataDir;
        this.loop = loop;
        this.send = send;
        this.registered = registered;
    }

    /** The connection is gone: everything unacknowledged is sent again on the next one. */
    void reset() {
        inflight.clear();
    }

    void acked(Messages.Ack a) {
        Outbox.Entry e = outbox.get(a.ref());
        if (e == null) {
            return;
        }
        if (!a.ok() && a.retry()) {
            inflight.put(e.instance(), new Inflight(e.id(), 1, System.nanoTime() + ackTimeout.toNanos()));
            return;
        }
        if (!a.ok()) {
            deadLetter(e, a.reason());
        }
        outbox.ack(a.ref());
        inflight.remove(e.instance());
        pump();
    }

    private void deadLetter(Outbox.Entry e, String reason) {
        LOG.warnf("server refused %s for good: %s", e.id(), reason);
        try {
            Files.writeString(
                    dataDir.resolve("dead-letter.log"),
                    reason + " " + e.frame() + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException ex) {
            LOG.warnf("dead letter not written: %s", ex.getMessage());
        }
    }

    /** Sends the oldest unacknowledged message of every instance that has none in flight. */
    void pump() {
        if (!registered.getAsBoolean()) {
            return;
        }
        for (Outbox.Entry e : outbox.heads()) {
            if (!inflight.containsKey(e.instance())) {
                inflight.put(e.instance(), new Inflight(e.id(), 1, System.nanoTime() + ackTimeout.toNanos()));
                send.accept(e.frame());
            }
        }
    }

    void resendOverdue() {
        if (!registered.getAsBoolean()) {
            return;
        }
        long now = System.nanoTime();
        for (Map.Entry<UUID, Inflight> i : new ArrayList<>(inflight.entrySet())) {
            Inflight f = i.getValue();
            if (f.nextAtNanos() > now) {
                continue;
            }
            Outbox.Entry e = outbox.get(f.id());
            if (e == null) {
                inflight.remove(i.getKey());
                continue;
            }
            int sends = f.sends() + 1;
            inflight.put(i.getKey(), new Inflight(f.id(), sends, now + (ackTimeout.toNanos() << Math.min(sends, 5))));
            send.accept(e.frame());
        }
        pump();
    }

    // Reporter: called from run threads; the outbox stores first, the link thread sends.

    /** Log chunks with at least this many characters of text travel gzip'd ({@code lines_gz}). */
    static final int COMPRESS_FROM = 512;

    @Override
    public void started(UUID instance, long at) {
        store(instance, started(instance, at, null));
    }

    private static Messages.InstanceUpdate started(UUID instance, long at, Fire fire) {
        return fire == null
                ? new Messages.InstanceUpdate(instance, "started", null, null, null, null, null, null, at)
                : new Messages.InstanceUpdate(instance, "started", null, null, null, null, null, null, at)
                        .fired(fire.scheduleId(), fire.fireAt(), fire.attempt());
    }

    /** A run the agent fired itself from a pinned schedule. */
    record Fire(UUID scheduleId, long fireAt, int attempt) {}

    /**
     * A reporter for a run of {@code fire}: its start and end updates carry schedule, fire time and attempt (the server
     * records the run from the first of them it sees); its log chunks are as any run's.
     */
    Reporter forFire(Fire fire) {
        return new Reporter() {
            @Override
            public void started(UUID instance, long at) {
                store(instance, Delivery.started(instance, at, fire));
            }

            @Override
            public void log(UUID instance, long firstSeq, List<Messages.LogLine> lines) {
                Delivery.this.log(instance, firstSeq, lines);
            }

            @Override
            public void ended(
                    UUID instance, String event, Integer exitCode, Long cpuTimeMs, Long maxRssKb, String message) {
                store(
                        instance,
                        ending(instance, event, exitCode, cpuTimeMs, maxRssKb, message)
                                .fired(fire.scheduleId(), fire.fireAt(), fire.attempt()));
            }
        };
    }

    @Override
    public void log(UUID instance, long firstSeq, List<Messages.LogLine> lines) {
        long text = lines.stream().mapToLong(l -> l.text().length()).sum();
        // Compressed (in the outbox too) unless so short that gzip and base64 would add more than they save.
        store(
                instance,
                text >= COMPRESS_FROM
                        ? Messages.InstanceUpdate.compressedLog(instance, firstSeq, lines, System.currentTimeMillis())
                        : new Messages.InstanceUpdate(
                                instance,
                                "log",
                                firstSeq,
                                List.copyOf(lines),
                                null,
                                null,
                                null,
                                null,
                                System.currentTimeMillis()));
    }

    @Override
    public void ended(UUID instance, String event, Integer exitCode, Long cpuTimeMs, Long maxRssKb, String message) {
        store(instance, ending(instance, event, exitCode, cpuTimeMs, maxRssKb, message));
    }

    private static Messages.InstanceUpdate ending(
            UUID instance, String event, Integer exitCode, Long cpuTimeMs, Long maxRssKb, String message) {
        return new Messages.InstanceUpdate(
                instance, event, null, null, exitCode, cpuTimeMs, maxRssKb, message, System.currentTimeMillis());
    }

    private void store(UUID instance, Messages.InstanceUpdate u) {
        UUID id = Uuid7.next();
        outbox.add(id, instance, Protocol.encode(id, Kind.INSTANCE_UPDATE, u));
        loop.execute(this::pump);
    }
}
