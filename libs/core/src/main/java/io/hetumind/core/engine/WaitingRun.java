package io.hetumind.core.engine;

import io.hetumind.core.model.Item;
import java.util.List;

/** A node parked by a Wait: resumes at {@code until} (or from outside when -1) with {@code outputs}. */
public record WaitingRun(Task task, long startTime, long until, List<List<Item>> outputs) {}
