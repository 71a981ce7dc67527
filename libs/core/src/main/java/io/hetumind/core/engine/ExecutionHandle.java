package io.hetumind.core.engine;

import io.hetumind.core.engine.internal.Control;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A running execution: cancel it, pause it, or wait for its result. */
public final class ExecutionHandle {

    private final String executionId;
    private final Control control;
    private final CompletableFuture<ExecutionResult> result;
    private volatile Thread thread;

    ExecutionHandle(String executionId, Control control, CompletableFuture<ExecutionResult> result) {
        this.executionId = executionId;
        this.control = control;
        this.result = result;
    }

    void bind(Thread coordinator) {
        this.thread = coordinator;
    }

    public String executionId() {
        return executionId;
    }

    /** Stops the execution: no new node starts and running nodes are interrupted. */
    public void cancel(String reason) {
        control.cancel(reason);
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /**
     * The host lost its hold on the execution (another worker took it over): stops the run without writing anything
     * more to the checkpoint — not even a cancel, which would end the execution for its new owner. Running nodes are
     * interrupted; {@link #await} then throws {@link CheckpointConflictException}.
     */
    public void abandon() {
        control.abandon();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Lets running nodes finish, starts no new ones, and parks the execution as waiting. */
    public void pause() {
        control.pause();
    }

    public ExecutionResult await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("execution " + executionId + " failed unexpectedly", e.getCause());
        }
    }

    public ExecutionResult await(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("execution " + executionId + " failed unexpectedly", e.getCause());
        }
    }

    public CompletableFuture<ExecutionResult> future() {
        return result;
    }
}
