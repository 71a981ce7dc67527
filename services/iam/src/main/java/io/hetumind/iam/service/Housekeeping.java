package io.hetumind.iam.service;

import io.hetumind.iam.config.IamConfig;
import io.hetumind.iam.repository.RevokedTokenRepository;
import io.hetumind.iam.repository.SigninThrottleRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Drops expired revocations and forgotten sign-in failures; fills e-mail skeletons of accounts from before V2. */
@ApplicationScoped
public class Housekeeping {
    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final RevokedTokenRepository revoked;
    private final SigninThrottleRepository throttle;
    private final Accounts accounts;
    private final IamConfig config;
    private final Vertx vertx;

    public Housekeeping(
            RevokedTokenRepository revoked,
            SigninThrottleRepository throttle,
            Accounts accounts,
            IamConfig config,
            Vertx vertx) {
        this.revoked = revoked;
        this.throttle = throttle;
        this.accounts = accounts;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        // Hibernate Reactive needs a Vert.x context; start-up observers run on the main thread.
        int filled = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(accounts::backfillSkeletons));
        if (filled > 0) {
            LOG.infof("filled the e-mail skeleton of %d account(s)", filled);
        }
        vertx.setPeriodic(Duration.ofMinutes(5).toMillis(), id -> sweep());
    }

    void sweep() {
        revoked.purge()
                .chain(() -> throttle.purge(config.throttleReset()))
                .subscribe()
                .with(n -> {}, e -> LOG.warnf("housekeeping failed: %s", e.getMessage()));
    }
}
