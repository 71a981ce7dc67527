package io.hetumind.iam.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.WorkerExecutor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Runs password hashing (Argon2id: CPU- and memory-heavy) on a pool of one thread per core, and resumes on the caller's
 * Vert.x context. More hashes at once would not finish sooner, but each holds its 19 MiB, so a burst of sign-ins would
 * grow the heap; they queue instead.
 */
@ApplicationScoped
public class Blocking {
    private final WorkerExecutor hashing;

    public Blocking(Vertx vertx) {
        this.hashing = vertx.createSharedWorkerExecutor(
                "hetumind-password-hashing", Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public <T> Uni<T> run(Supplier<T> work) {
        return hashing.executeBlocking(Uni.createFrom().item(work), false);
    }
}
