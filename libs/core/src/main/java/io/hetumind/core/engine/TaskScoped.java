package io.hetumind.core.engine;

/** A run service that hands each node run its own instance (e.g. deterministic child ids). */
interface TaskScoped<T> {

    T forTask(Task task);
}
