package io.hetumind.platform.concurrent;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.WorkerExecutor;
import java.util.function.Supplier;

/**
 * A bounded pool for CPU- or memory-heavy work (password hashing, compression of large run data) that must not run on
 * an event loop; the result resumes on the caller's Vert.x context. More jobs than threads queue instead of growing
 * the heap.
 */
public final class Blocking {
    private final WorkerExecutor pool;

    private Blocking(WorkerExecutor pool) {
        this.pool = pool;
    }

    /** A shared pool named {@code name} with {@code threads} threads (the same name gives the same pool). */
    public static Blocking pool(Vertx vertx, String name, int threads) {
        return new Blocking(vertx.createSharedWorkerExecutor(name, Math.max(1, threads)));
    }

    /** A pool of one thread per core. */
    public static Blocking perCore(Vertx vertx, String name) {
        return pool(vertx, name, Runtime.getRuntime().availableProcessors());
    }

    /** Runs {@code work} on the pool, unordered. */
    public <T> Uni<T> run(Supplier<T> work) {
        return pool.executeBlocking(Uni.createFrom().item(work), false);
    }
}
