package io.hetumind.taskserver.leader;

import io.hetumind.taskserver.config.SchedConfig;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.LeaseRepository;
import io.hetumind.taskserver.service.SchedMetrics;
import io.hetumind.taskserver.service.ServerIdentity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Leader election by a lease row: every replica tries to take or renew it each tick; the holder runs the leader's
 * duties, each in a transaction that first checks the fencing token, so a paused ex-leader cannot write.
 */
@ApplicationScoped
public class LeaderService {
    private static final Logger LOG = Logger.getLogger(LeaderService.class);
    private final Db db;
    private final LeaseRepository leases;
    private final ServerIdentity server;
    private final SchedConfig config;
    private final LeaderDuties duties;
    private final SchedMetrics metrics;
    private ScheduledExecutorService ticker;
    private volatile long fencing = -1;

    public LeaderService(
            Db db,
            LeaseRepository leases,
            ServerIdentity server,
            SchedConfig config,
            LeaderDuties duties,
            SchedMetrics metrics) {
        this.db = db;
        this.leases = leases;
        this.server = server;
        this.config = config;
        this.duties = duties;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent e) {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "sched-leader"));
        long period = config.leaderTick().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, 0, period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (fencing > 0) {
            try {
                db.tx(c -> {
                    leases.release(c, server.id());
                    return null;
                });
            } catch (RuntimeException ex) {
                LOG.debugf("lease not released: %s", ex.getMessage());
            }
        }
    }

    /** The fencing token while this replica leads, else -1. */
    public long fencing() {
        return fencing;
    }

    void tick() {
        try {
            Long token = db.tx(c -> {
                leases.heartbeat(c, server.id(), config.address(), config.weight());
                return leases.acquire(c, server.id(), config.leaseTtl());
            });
            long before = fencing;
            fencing = token == null ? -1 : token;
            metrics.leader(token != null);
            if (token != null && before != token) {
                LOG.infof("server %s leads (fencing token %d)", server.id(), token);
            } else if (token == null && before > 0) {
                LOG.infof("server %s lost the lease", server.id());
            }
            if (token != null) {
                duties.run(server.id(), token);
            }
        } catch (RuntimeException ex) {
            LOG.warnf("leader tick failed: %s", ex.getMessage());
        }
    }
}
