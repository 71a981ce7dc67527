package io.hetumind.core.engine.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Requests from outside a running execution (cancel, pause, abandon) and the inbox of node results. */
public final class Control {

    /** Sent to the inbox to wake the coordinator without a result. */
    static final Object WAKE = new Object();

    private volatile String cancelReason;
    private volatile boolean pauseRequested;
    private volatile boolean abandoned;
    final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();

    public void cancel(String reason) {
        cancelReason = reason == null ? "canceled" : reason;
        inbox.add(WAKE);
    }

    public void pause() {
        pauseRequested = true;
        inbox.add(WAKE);
    }

    public void abandon() {
        abandoned = true;
        inbox.add(WAKE);
    }

    boolean abandoned() {
        return abandoned;
    }

    boolean canceled() {
        return cancelReason != null;
    }

    String cancelReason() {
        return cancelReason;
    }

    boolean pauseRequested() {
        return pauseRequested;
    }
}
