package io.hetumind.core.engine;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Where a run pauses for a debugger: before a node starts ({@code before}), after it finished ({@code after}), or before
 * every node ({@code step}). A paused run is {@code WAITING} with pause reason {@code breakpoint}, checkpointed like any
 * parked run; {@link Engine#resume} with the breakpoints to honour from there goes on (the node it was held before runs
 * this time), {@link Engine#abort} ends it. Not recorded with the execution: the host passes them on every call.
 */
public record Breakpoints(Set<String> before, Set<String> after, boolean step) {
    public static final Breakpoints NONE = new Breakpoints(Set.of(), Set.of(), false);

    public Breakpoints {
        before = before == null ? Set.of() : Set.copyOf(before);
        after = after == null ? Set.of() : Set.copyOf(after);
    }

    /** Pauses before each of {@code nodes}. */
    public static Breakpoints before(String... nodes) {
        return new Breakpoints(Set.of(nodes), Set.of(), false);
    }

    /** These breakpoints and a pause after each of {@code nodes}. */
    public Breakpoints andAfter(String... nodes) {
        Set<String> more = new HashSet<>(after);
        more.addAll(Arrays.asList(nodes));
        return new Breakpoints(before, more, step);
    }

    /** These breakpoints and a pause before every node: one node per resume. */
    public Breakpoints stepping() {
        return new Breakpoints(before, after, true);
    }

    public boolean any() {
        return step || !before.isEmpty() || !after.isEmpty();
    }

    public boolean pausesBefore(String node) {
        return step || before.contains(node);
    }

    public boolean pausesAfter(String node) {
        return after.contains(node);
    }
}
