package io.hetumind.sdk.plugin;

import io.hetumind.core.engine.ExecutionListener;
import io.hetumind.core.engine.RunEvent;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plugin's {@link ExecutionListener} as hosts register it: the engine hands it an event and it returns at once,
 * queueing the event (at most {@link #CAPACITY}; beyond that events are dropped and counted) for a daemon thread of
 * the plugin's own that calls the plugin. Whatever the plugin's listener does — throws, hangs, sleeps — the engine's
 * delivery to other listeners, the runs and the host's shutdown are not held up; failures and drops are logged.
 */
final class PluginListener implements ExecutionListener {

    static final int CAPACITY = 4096;
    private static final System.Logger LOG = System.getLogger(PluginListener.class.getName());

    private final String label;
    private final ExecutionListener delegate;
    private final BlockingQueue<RunEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    PluginListener(String label, ExecutionListener delegate, ClassLoader loader) {
        this.label = label;
        this.delegate = delegate;
        this.thread = Thread.ofPlatform()
                .daemon()
                .name("hetumind-plugin-" + label + "-listener")
                .unstarted(this::drain);
        thread.setContextClassLoader(loader);
        thread.start();
    }

    @Override
    public void onEvent(RunEvent event) {
        if (closed) {
            return;
        }
        if (queue.offer(event)) {
            offered.incrementAndGet();
        } else {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "execution listener of plugin " + label + " is too slow: " + n + " event(s) dropped so far");
            }
        }
    }

    private void drain() {
        while (!closed) {
            RunEvent e;
            try {
                e = queue.take();
            } catch (InterruptedException ie) {
                return;
            }
            try {
                delegate.onEvent(e);
            } catch (OutOfMemoryError fatal) {
                throw fatal;
            } catch (Throwable t) { // a StackOverflowError too: the plugin's bug, this thread survives it
                long n = failed.incrementAndGet();
                if (n <= 10 || n % 1000 == 0) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "execution listener of plugin " + label + " failed on " + e.kind() + " of execution "
                                    + e.executionId() + " (" + n + " failure(s) so far): " + t);
                }
            } finally {
                delivered.incrementAndGet();
            }
        }
    }

    /** Events dropped because the plugin's listener did not keep up. */
    long dropped() {
        return dropped.get();
    }

    /** Events on which the plugin's listener threw. */
    long failed() {
        return failed.get();
    }

    /** Waits up to {@code grace} for queued events to be handled, then stops the thread (interrupting it). */
    void close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (delivered.get() < offered.get() && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closed = true;
        thread.interrupt();
    }
}
