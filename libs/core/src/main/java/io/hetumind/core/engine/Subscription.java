package io.hetumind.core.engine;

/** A per-execution listener registration ({@link Engine#subscribe}); closing it stops delivery. */
public final class Subscription implements AutoCloseable {

    private final Runnable cancel;

    Subscription(Runnable cancel) {
        this.cancel = cancel;
    }

    @Override
    public void close() {
        cancel.run();
    }
}
