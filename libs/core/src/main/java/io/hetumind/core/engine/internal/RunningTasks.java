package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The tasks of an execution that are running, in the order they started, by task id. Bounded by the execution's
 * concurrency limit (one in a sequential run), so a list searched from its newest end costs less than a map's entry
 * and boxed key for every node run.
 */
final class RunningTasks {

    private final ArrayList<Task> tasks = new ArrayList<>(1);
    private final List<Task> view = Collections.unmodifiableList(tasks);

    void put(long id, Task task) {
        int i = find(id);
        if (i >= 0) {
            tasks.set(i, task);
        } else {
            tasks.add(task);
        }
    }

    /** The task with this id, or null. */
    Task get(long id) {
        int i = find(id);
        return i < 0 ? null : tasks.get(i);
    }

    /** Removes and returns the task with this id, or null. */
    Task remove(long id) {
        int i = find(id);
        return i < 0 ? null : tasks.remove(i);
    }

    /** The running tasks in start order; a live view, not to be kept across changes. */
    List<Task> values() {
        return view;
    }

    /** Whether a task of {@code node} is running. */
    boolean runsNode(String node) {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).node().equals(node)) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return tasks.size();
    }

    boolean isEmpty() {
        return tasks.isEmpty();
    }

    void clear() {
        tasks.clear();
    }

    private int find(long id) {
        for (int i = tasks.size() - 1; i >= 0; i--) {
            if (tasks.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }
}
