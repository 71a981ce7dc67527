package io.hetumind.taskserver.ws;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs one connection's frames one after another, in arrival order, on a shared executor; at most {@code limit} may
 * wait, which is the per-connection back-pressure bound.
 */
final class SerialQueue {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SerialQueue.class);
    private final Executor executor;
    private final int limit;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerialQueue(Executor executor, int limit) {
        this.executor = executor;
        this.limit = limit;
    }

    /** False when the queue is full: the sender is not waiting for acks and must be stopped. */
    synchronized boolean offer(Runnable r) {
        if (queue.size() >= limit) {
            return false;
        }
        queue.add(r);
        if (!running) {
            running = true;
            executor.execute(this::drain);
        }
        return true;
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "a frame handler failed");
            }
        }
    }
}
