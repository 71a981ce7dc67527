package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.ExecutionListener;
import io.hetumind.core.engine.RunEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers {@link RunEvent}s to listeners asynchronously: one bounded mailbox and one virtual
 * thread per listener, so a listener sees events in order and can neither block nor break a run.
 */
public final class EventBus {

    /**
     * The logger, fetched on first use: the first {@code System.getLogger} looks for a logger backend with a
     * ServiceLoader scan of every jar on the class path (~130 in the CLI, 100-250 ms), and a run that logs nothing
     * should not pay it.
     */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(EventBus.class.getName());
    }

    private final List<Mailbox> global;
    private final Map<String, List<Mailbox>> perExecution = new ConcurrentHashMap<>();
    private final int capacity;
    private final AtomicLong dropped = new AtomicLong();

    public EventBus(List<ExecutionListener> listeners, int capacity) {
        this.capacity = capacity;
        this.global =
                listeners.stream().map(l -> new Mailbox(l, capacity, dropped)).toList();
    }

    /** True when someone listens to this execution: only then are events built. */
    boolean wants(String executionId) {
        return !global.isEmpty() || perExecution.containsKey(executionId);
    }

    void publish(List<RunEvent> events) {
        for (RunEvent e : events) {
            for (Mailbox m : global) {
                m.offer(e);
            }
            List<Mailbox> subs = perExecution.get(e.executionId());
            if (subs != null) {
                for (Mailbox m : subs) {
                    m.offer(e);
                }
            }
        }
    }

    /** Registers {@code listener} for one execution; running the answer stops delivery. */
    public Runnable subscribe(String executionId, ExecutionListener listener) {
        Mailbox box = new Mailbox(listener, capacity, dropped);
        perExecution
                .computeIfAbsent(executionId, k -> new CopyOnWriteArrayList<>())
                .add(box);
        return () -> {
            perExecution.computeIfPresent(executionId, (k, list) -> {
                list.remove(box);
                return list.isEmpty() ? null : list;
            });
            box.close();
        };
    }

    public long dropped() {
        return dropped.get();
    }

    /** Waits until every global listener has handled what was published so far. */
    public boolean awaitDelivered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Mailbox m : global) {
            if (!m.awaitIdle(deadline)) {
                return false;
            }
        }
        return true;
    }

    /** A listener's queue and the virtual thread that drains it. */
    private static final class Mailbox {
        private final ExecutionListener listener;
        private final BlockingQueue<RunEvent> queue;
        private final AtomicLong dropped;
        private final AtomicLong offered = new AtomicLong();
        private final AtomicLong delivered = new AtomicLong();
        private final Thread thread;
        private volatile boolean closed;

        Mailbox(ExecutionListener listener, int capacity, AtomicLong dropped) {
            this.listener = listener;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.dropped = dropped;
            this.thread = Thread.ofVirtual().name("hetumind-listener").start(this::drain);
        }

        void offer(RunEvent e) {
            if (closed) {
                return;
            }
            if (queue.offer(e)) {
                offered.incrementAndGet();
            } else {
                dropped.incrementAndGet();
            }
        }

        private void drain() {
            while (!closed) {
                RunEvent e;
                try {
                    e = queue.take(); // close() interrupts it
                } catch (InterruptedException ie) {
                    return;
                }
                try {
                    listener.onEvent(e);
                } catch (RuntimeException ex) {
                    Log.LOG.log(System.Logger.Level.WARNING, "execution listener failed: " + ex);
                } finally {
                    synchronized (this) {
                        delivered.incrementAndGet();
                        notifyAll();
                    }
                }
            }
        }

        synchronized boolean awaitIdle(long deadlineNanos) throws InterruptedException {
            while (delivered.get() < offered.get()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        void close() {
            closed = true;
            thread.interrupt();
        }
    }
}
