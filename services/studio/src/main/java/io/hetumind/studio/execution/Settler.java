package io.hetumind.studio.execution;

import io.hetumind.platform.db.Jdbc;
import io.hetumind.studio.engine.PgCheckpointer;
import io.hetumind.studio.queue.ExecutionQueue;
import io.hetumind.studio.statistics.ExecutionFigures;
import io.hetumind.studio.statistics.StatisticsRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Records parked and finished executions in batches (group commit): run threads hand in their outcome and wait; one
 * thread writes everything handed in meanwhile in one transaction — the queue rows released under each claim's lease
 * (one statement), then the records of the rows still held (one JDBC batch) or, for executions their workflow does not
 * keep, the records and checkpoints deleted. A run's final checkpoint commit, when its run left it for the settle
 * ({@link PgCheckpointer#endWithSettle}), is written with its record (or dropped with it). A row another worker took
 * over is left alone and its outcome reported lost. If a batch fails, each outcome is retried in its own transaction, so one bad row cannot hold up the others.
 */
@ApplicationScoped
public class Settler {
    private static final Logger LOG = Logger.getLogger(Settler.class);
    private static final int MAX_BATCH = 256;

    private final Jdbc db;
    private final LinkedBlockingQueue<Outcome> inbox = new LinkedBlockingQueue<>();
    private volatile boolean running = true;
    private Thread writer;

    private final io.hetumind.studio.config.BatchMeter meter;

    public Settler(Jdbc db, io.micrometer.core.instrument.MeterRegistry meters) {
        this.db = db;
        this.meter = new io.hetumind.studio.config.BatchMeter(meters, "hetumind_settle_batch", "settled executions");
    }

    /**
     * One execution's outcome under the claim {@code lease}: parked ({@code wakeAt} epoch ms, negative: only an
     * outside resume), or ended; {@code keep} false deletes an ended execution's record and checkpoint. An ended one's
     * {@code figures} (null: none) go to its workflow's statistics, kept or not.
     */
    public record Outcome(
            UUID id,
            long lease,
            boolean parked,
            long wakeAt,
            String status,
            Instant finishedAt,
            Instant waitTill,
            String lastNode,
            String error,
            byte[] data,
            boolean keep,
            CompletableFuture<Boolean> done,
            ExecutionFigures figures,
            PgCheckpointer.EndCommit end) {}

    void start(@Observes StartupEvent e) {
        writer = Thread.ofPlatform().daemon().name("execution-settler").start(this::loop);
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        if (writer != null) {
            writer.interrupt();
        }
    }

    /**
     * Records the outcome and releases the queue row; true when done, false when another worker holds the row now.
     * Throws {@link SQLException} when the database could not be reached (the lease then lapses and another worker
     * resumes the execution from its checkpoint).
     */
    public boolean settle(Outcome o) throws SQLException {
        if (writer == null || !writer.isAlive()) {
            return db.txChecked(c -> apply(c, List.of(o)).contains(o.id()));
        }
        inbox.add(o);
        try {
            return o.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while recording execution " + o.id(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            throw new SQLException(e.getCause().getMessage(), e.getCause());
        }
    }

    private void loop() {
        List<Outcome> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                Outcome first = inbox.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                inbox.drainTo(batch, MAX_BATCH - 1);
                long t0 = System.nanoTime();
                write(batch);
                meter.record(batch.size(), t0);
            } catch (InterruptedException ie) {
                break;
            } catch (RuntimeException | Error ex) {
                // never leave a run waiting on a settle this thread will not finish (an Error included)
                LOG.errorf(ex, "settling %d executions failed", batch.size());
                batch.forEach(o -> o.done().completeExceptionally(ex));
            } finally {
                batch.clear();
            }
        }
        // shutting down: whoever still waits gets an answer
        List<Outcome> left = new ArrayList<>();
        inbox.drainTo(left);
        left.forEach(o -> o.done().completeExceptionally(new SQLException("the studio is stopping")));
    }

    private void write(List<Outcome> batch) {
        try {
            Set<UUID> held = db.txChecked(c -> apply(c, batch));
            batch.forEach(o -> o.done().complete(held.contains(o.id())));
            return;
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(e);
                return;
            }
            LOG.debugf("settling a batch of %d failed (%s); one by one", batch.size(), e.getMessage());
        }
        for (Outcome o : batch) {
            try {
                o.done().complete(db.txChecked(c -> apply(c, List.of(o))).contains(o.id()));
            } catch (SQLException | RuntimeException e) {
                o.done().completeExceptionally(e);
            }
        }
    }

    /** Writes the outcomes on {@code c} (in its transaction); returns the ids whose rows were still held. */
    static Set<UUID> apply(Connection c, List<Outcome> batch) throws SQLException {
        List<Outcome> ended = batch.stream().filter(o -> !o.parked()).toList();
        List<Outcome> parked = batch.stream().filter(Outcome::parked).toList();
        ExecutionQueue.lockInOrder(c, batch.stream().map(Outcome::id).toList());
        Set<UUID> held = new HashSet<>();
        held.addAll(ExecutionQueue.doneAll(
                c,
                ended.stream().map(Outcome::id).toList(),
                ended.stream().map(Outcome::lease).toList()));
        held.addAll(ExecutionQueue.parkAll(
                c,
                parked.stream().map(Outcome::id).toList(),
                parked.stream().map(Outcome::lease).toList(),
                parked.stream().map(Outcome::wakeAt).toList()));
        List<Outcome> record = new ArrayList<>();
        List<Outcome> drop = new ArrayList<>();
        for (Outcome o : batch) {
            if (held.contains(o.id())) {
                (o.keep() || o.parked() ? record : drop).add(o);
            }
        }
        // the final checkpoint of a run whose record is kept; one not kept goes with its checkpoint below
        PgCheckpointer.writeEnds(
                c,
                record.stream()
                        .map(Outcome::end)
                        .filter(java.util.Objects::nonNull)
                        .toList());
        if (!record.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE execution SET status = ?, finished_at = ?,"
                    + " wait_till = ?, last_node = ?, error_message = ?, data = ?,"
                    + " started_at = coalesce(started_at, now()) WHERE id = ? AND created_at = ?")) {
                for (Outcome o : record) {
                    ps.setString(1, o.status());
                    ps.setTimestamp(2, o.finishedAt() == null ? null : Timestamp.from(o.finishedAt()));
                    ps.setTimestamp(3, o.waitTill() == null ? null : Timestamp.from(o.waitTill()));
                    ps.setString(4, o.lastNode());
                    ps.setString(5, o.error());
                    ps.setBytes(6, o.data());
                    ps.setObject(7, o.id());
                    ps.setTimestamp(8, Timestamp.from(ExecutionRecords.createdAt(o.id())));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        StatisticsRepository.insertAll(
                c,
                ended.stream()
                        .filter(o -> o.figures() != null && held.contains(o.id()))
                        .map(o -> new StatisticsRepository.Row(o.id(), o.status(), o.finishedAt(), o.figures()))
                        .toList());
        if (!drop.isEmpty()) {
            List<UUID> ids = drop.stream().map(Outcome::id).toList();
            ExecutionRecords.deleteAll(c, ids);
            PgCheckpointer.deleteAll(c, ids.stream().map(UUID::toString).toList());
        }
        return held;
    }
}
