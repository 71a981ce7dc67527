package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.Task;

/** A run service that hands each node run its own instance (e.g. deterministic child ids). */
interface TaskScoped<T> {

    T forTask(Task task);
}
