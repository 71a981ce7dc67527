package io.hetumind.studio.execution;

import io.hetumind.platform.db.Jdbc;
import io.hetumind.studio.config.BatchMeter;
import io.hetumind.studio.queue.ExecutionQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Records the executions that start inline (a webhook's run, on the thread that answers it) in batches (group commit):
 * each caller hands in its record and claimed queue row and waits; one thread writes everything handed in meanwhile in
 * one transaction (two JDBC batches and one commit), so a busy studio commits once per batch, not once per request.
 * If a batch fails, each start is retried in its own transaction, so one bad row cannot fail the others.
 */
@ApplicationScoped
public class StartWriter {
    private static final Logger LOG = Logger.getLogger(StartWriter.class);
    private static final int MAX_BATCH = 256;

    /** One start: its record and its queue row, claimed by this process. */
    public record Start(ExecutionRow record, ExecutionQueue.InlineRow row, CompletableFuture<Void> done) {}

    private final Jdbc db;
    private final BatchMeter meter;
    private final LinkedBlockingQueue<Start> inbox = new LinkedBlockingQueue<>();
    private volatile boolean running = true;
    private Thread writer;

    public StartWriter(Jdbc db, MeterRegistry meters) {
        this.db = db;
        this.meter = new BatchMeter(meters, "hetumind_start_batch", "inline starts");
    }

    void start(@Observes StartupEvent e) {
        writer = Thread.ofPlatform().daemon().name("execution-starts").start(this::loop);
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        if (writer != null) {
            writer.interrupt();
        }
    }

    /** Writes the record and the claimed row; returns once they are committed. */
    public void write(ExecutionRow record, ExecutionQueue.InlineRow row) throws SQLException {
        Start s = new Start(record, row, new CompletableFuture<>());
        if (writer == null || !writer.isAlive() || !running) {
            db.txChecked(c -> apply(c, List.of(s)));
            return;
        }
        inbox.add(s);
        try {
            s.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while recording execution " + record.id(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException(e.getCause().getMessage(), e.getCause());
        }
    }

    private void loop() {
        List<Start> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                Start first = inbox.poll(1, TimeUnit.SECONDS);
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
                // never leave a request waiting on a write this thread will not finish (an Error included)
                LOG.errorf(ex, "recording %d executions failed", batch.size());
                batch.forEach(s -> s.done().completeExceptionally(ex));
            } finally {
                batch.clear();
            }
        }
        List<Start> left = new ArrayList<>();
        inbox.drainTo(left);
        left.forEach(s -> s.done().completeExceptionally(new SQLException("the studio is stopping")));
    }

    private void write(List<Start> batch) {
        try {
            db.txChecked(c -> apply(c, batch));
            batch.forEach(s -> s.done().complete(null));
            return;
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(e);
                return;
            }
            LOG.debugf("recording a batch of %d failed (%s); one by one", batch.size(), e.getMessage());
        }
        for (Start s : batch) {
            try {
                db.txChecked(c -> apply(c, List.of(s)));
                s.done().complete(null);
            } catch (SQLException | RuntimeException e) {
                s.done().completeExceptionally(e);
            }
        }
    }

    private static Void apply(java.sql.Connection c, List<Start> batch) throws SQLException {
        ExecutionRecords.insertAll(c, batch.stream().map(Start::record).toList());
        ExecutionQueue.insertClaimed(c, batch.stream().map(Start::row).toList());
        return null;
    }
}
