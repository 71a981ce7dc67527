package io.hetumind.core.engine;

/**
 * Observes executions: the studio's live feed, metrics and tests all use this one SPI. Events
 * arrive in order, asynchronously, from a bounded queue per listener, so a slow or failing
 * listener can neither slow a run nor change it; when its queue is full, events for it are
 * dropped and counted ({@link Engine#droppedEvents()}).
 */
@FunctionalInterface
public interface ExecutionListener {

    void onEvent(RunEvent event);
}
