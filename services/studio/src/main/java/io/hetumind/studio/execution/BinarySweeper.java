package io.hetumind.studio.execution;

import io.hetumind.core.spi.BinaryStore;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.studio.engine.EngineConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Removes kept binaries whose execution record is gone: deleted through the API, pruned, or never kept (a workflow
 * that saves nothing). Each process sweeps its store (its own {@code binary-dir}, or the instance's table when binaries
 * are kept in PostgreSQL), so every replica frees what it holds whoever removed the record. Two kinds of namespace:
 *
 * <ul>
 *   <li>an execution's, named by its id (child runs add {@code .c<task>.<n>}, an error run {@code .error}): it goes
 *       when no record has that id;
 *   <li>any other name was stored before its execution existed (a listener trigger's attachments, {@code imap-…},
 *       {@code rabbitmqTrigger-…}): the execution that took its files was recorded after it, so it goes once every
 *       record left is younger than it by more than the grace.
 * </ul>
 *
 * Nothing changed within {@code binary-sweep-grace} is touched.
 */
@ApplicationScoped
public class BinarySweeper {
    private static final Logger LOG = Logger.getLogger(BinarySweeper.class);
    private static final int BATCH = 1000;

    private final Jdbc db;
    private final BinaryStore binaries;
    private final EngineConfig config;
    private final Counter ofExecutions;
    private final Counter storedEarly;

    public BinarySweeper(Jdbc db, BinaryStore binaries, EngineConfig config, MeterRegistry meters) {
        this.db = db;
        this.binaries = binaries;
        this.config = config;
        this.ofExecutions = Counter.builder("hetumind_binaries_swept")
                .description("binary namespaces removed because their execution record is gone")
                .tag("namespace", "execution")
                .register(meters);
        this.storedEarly = Counter.builder("hetumind_binaries_swept")
                .description("binary namespaces removed because their execution record is gone")
                .tag("namespace", "before-execution")
                .register(meters);
    }

    /** What one pass removed. */
    public record Swept(int ofExecutions, int storedEarly) {}

    @Scheduled(
            every = "${hetumind.studio.engine.binary-sweep-every:10m}",
            delayed = "2m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            Swept s = sweep(config.binarySweepGrace());
            if (s.ofExecutions() + s.storedEarly() > 0) {
                LOG.infof(
                        "swept binaries: %d namespaces of removed executions, %d stored before theirs",
                        s.ofExecutions(), s.storedEarly());
            }
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warnf("sweeping binaries failed: %s", e.getMessage());
        }
    }

    /** One pass: namespaces unchanged for {@code grace} whose execution record is gone are deleted. */
    public Swept sweep(Duration grace) throws IOException, SQLException {
        Instant quietSince = Instant.now().minus(grace);
        Map<UUID, List<String>> byExecution = new LinkedHashMap<>();
        List<BinaryStore.Namespace> early = new ArrayList<>();
        for (BinaryStore.Namespace n : binaries.namespaces()) {
            if (!n.modified().isBefore(quietSince)) {
                continue;
            }
            Optional<UUID> execution = ExecutionNamespace.of(n.name());
            if (execution.isPresent()) {
                byExecution
                        .computeIfAbsent(execution.get(), k -> new ArrayList<>())
                        .add(n.name());
            } else {
                early.add(n);
            }
        }
        int gone = 0;
        List<UUID> ids = new ArrayList<>(byExecution.keySet());
        for (int i = 0; i < ids.size(); i += BATCH) {
            List<UUID> batch = ids.subList(i, Math.min(ids.size(), i + BATCH));
            Set<UUID> recorded = db.read(c -> recorded(c, batch));
            for (UUID id : batch) {
                if (!recorded.contains(id)) {
                    for (String name : byExecution.get(id)) {
                        binaries.deleteExecution(name);
                        gone++;
                    }
                }
            }
        }
        int before = 0;
        if (!early.isEmpty()) {
            Instant oldest = db.read(c -> Jdbc.one(
                    c,
                    "SELECT min(created_at) FROM execution",
                    rs -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant()));
            for (BinaryStore.Namespace n : early) {
                if (storedBeforeEveryRecord(n.modified(), grace, oldest)) {
                    binaries.deleteExecution(n.name());
                    before++;
                }
            }
        }
        ofExecutions.increment(gone);
        storedEarly.increment(before);
        return new Swept(gone, before);
    }

    /**
     * Whether files stored before their execution existed, last changed at {@code modified}, can belong to no record
     * left: the execution that took them was recorded after them, and the oldest record ({@code oldestRecord}, null
     * when there is none) is younger than them by more than {@code grace}.
     */
    static boolean storedBeforeEveryRecord(Instant modified, Duration grace, Instant oldestRecord) {
        return oldestRecord == null || modified.plus(grace).isBefore(oldestRecord);
    }

    /** The ids among {@code ids} that have an execution record (the key is (id, created_at), read off the id). */
    private static Set<UUID> recorded(Connection c, List<UUID> ids) throws SQLException {
        return new HashSet<>(Jdbc.list(
                c,
                "SELECT t.id FROM unnest(?::uuid[], ?::timestamptz[]) AS t(id, ca)"
                        + " WHERE EXISTS (SELECT 1 FROM execution e WHERE e.id = t.id AND e.created_at = t.ca)",
                rs -> rs.getObject(1, UUID.class),
                c.createArrayOf("uuid", ids.toArray()),
                c.createArrayOf(
                        "timestamptz",
                        ids.stream()
                                .map(id -> Timestamp.from(ExecutionRecords.createdAt(id)))
                                .toArray())));
    }
}
