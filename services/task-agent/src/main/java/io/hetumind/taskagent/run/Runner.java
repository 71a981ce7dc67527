package io.hetumind.taskagent.run;

import io.hetumind.core.task.Messages;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Runs dispatched instances up to the concurrency limit, each once, and says when a slot frees up. */
public final class Runner {
    private final int maxConcurrency;
    private final LocalLogs logs;
    private final Duration killGrace;
    private final Map<UUID, ProcessRun> running = new ConcurrentHashMap<>();
    /** Every instance ever started here, so a re-sent dispatch never starts it twice. */
    private final Set<UUID> seen = ConcurrentHashMap.newKeySet();

    private volatile Runnable onSlotFree = () -> {};

    public Runner(int maxConcurrency, LocalLogs logs, Duration killGrace) {
        this.maxConcurrency = maxConcurrency;
        this.logs = logs;
        this.killGrace = killGrace;
    }

    public void onSlotFree(Runnable r) {
        this.onSlotFree = r;
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    public int free() {
        return Math.max(0, maxConcurrency - running.size());
    }

    public int running() {
        return running.size();
    }

    public Set<UUID> runningIds() {
        return Set.copyOf(running.keySet());
    }

    /** Starts {@code d} unless it was started here before; false for such a duplicate. */
    public boolean start(Messages.Dispatch d, Reporter reporter) {
        if (!seen.add(d.instanceId())) {
            return false;
        }
        ProcessRun run = new ProcessRun(d, reporter, logs, killGrace);
        running.put(d.instanceId(), run);
        Thread.ofPlatform().name("run-" + d.instanceId()).daemon().start(() -> {
            try {
                run.run();
            } finally {
                running.remove(d.instanceId());
                onSlotFree.run();
            }
        });
        return true;
    }

    /** Cancels a running instance; false when it is not running here. */
    public boolean cancel(UUID instance) {
        ProcessRun r = running.get(instance);
        if (r == null) {
            return false;
        }
        r.cancel();
        return true;
    }

    /** Stops everything (agent shutdown). */
    public void cancelAll() {
        running.values().forEach(ProcessRun::cancel);
    }
}
