package io.hetumind.studio.statistics;

import io.hetumind.platform.db.Jdbc;
import io.hetumind.platform.problem.ProblemException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A workflow's statistics over a time window, from the rows the settle wrote: executions by status, duration
 * percentiles, error messages, and per node runs, failures, items and run-time percentiles. Windows are either named
 * ({@code 1h}, {@code 24h}, {@code 7d}, {@code 30d}, ending now) or {@code from}/{@code to} instants.
 */
@ApplicationScoped
public class StatisticsService {
    private static final Logger LOG = Logger.getLogger(StatisticsService.class);
    static final Map<String, Duration> WINDOWS = Map.of(
            "1h",
            Duration.ofHours(1),
            "24h",
            Duration.ofHours(24),
            "7d",
            Duration.ofDays(7),
            "30d",
            Duration.ofDays(30));
    static final int TOP_ERRORS = 10;

    private final Jdbc db;
    private final StatisticsRepository repo;
    private final StatisticsConfig config;
    private final Clock clock = Clock.systemUTC();

    public StatisticsService(Jdbc db, StatisticsRepository repo, StatisticsConfig config) {
        this.db = db;
        this.repo = repo;
        this.config = config;
    }

    /** A half-open window {@code [from, to)}. */
    public record Window(Instant from, Instant to) {
        public double seconds() {
            return Math.max(1, Duration.between(from, to).toMillis()) / 1000.0;
        }
    }

    /** The figures of one workflow in one window. */
    public record Figures(
            Window window,
            List<StatisticsRepository.StatusCount> byStatus,
            StatisticsRepository.Totals totals,
            List<StatisticsRepository.NodeTotals> nodes,
            List<StatisticsRepository.MessageCount> errors) {}

    /** Reads {@code window} or {@code from}/{@code to}; a bad or too wide one is a 400 naming the parameter. */
    public Window window(String window, String from, String to) {
        Instant now = clock.instant();
        boolean explicit = notBlank(from) || notBlank(to);
        if (notBlank(window) && explicit) {
            throw ProblemException.invalid("window", "give either window or from/to, not both");
        }
        Window w;
        if (explicit) {
            Instant f = instant("from", from, null);
            Instant t = instant("to", to, now);
            if (f == null) {
                throw ProblemException.invalid("from", "required with to (an instant such as 2026-01-31T00:00:00Z)");
            }
            if (!f.isBefore(t)) {
                throw ProblemException.invalid("from", "must be before to");
            }
            w = new Window(f, t);
        } else {
            String name = notBlank(window) ? window.strip() : "24h";
            Duration d = WINDOWS.get(name);
            if (d == null) {
                throw ProblemException.invalid("window", "must be one of 1h, 24h, 7d, 30d");
            }
            w = new Window(now.minus(d), now);
        }
        if (Duration.between(w.from(), w.to()).compareTo(config.retention()) > 0) {
            throw ProblemException.invalid(
                    "from",
                    "the window is wider than the " + config.retention().toDays() + " days statistics are kept");
        }
        return w;
    }

    /** The figures of a workflow the caller's tenant owns (the caller checks that); empty ones when nothing ran. */
    public Figures of(UUID tenant, UUID workflow, Window w) {
        return db.tx(c -> new Figures(
                w,
                repo.byStatus(c, tenant, workflow, w.from(), w.to()),
                repo.totals(c, tenant, workflow, w.from(), w.to()),
                repo.nodes(c, tenant, workflow, w.from(), w.to()),
                repo.errors(c, tenant, workflow, w.from(), w.to(), TOP_ERRORS)));
    }

    @Scheduled(every = "1h", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        try {
            int n = db.tx(c -> repo.deleteBefore(c, clock.instant().minus(config.retention())));
            if (n > 0) {
                LOG.infof("deleted %d execution statistics older than %s", n, config.retention());
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not prune execution statistics: %s", e.getMessage());
        }
    }

    private static Instant instant(String name, String raw, Instant otherwise) {
        if (!notBlank(raw)) {
            return otherwise;
        }
        try {
            return Instant.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "must be an instant such as 2026-01-31T00:00:00Z");
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
