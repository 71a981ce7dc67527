package io.hetumind.executor.temporal;

import io.hetumind.core.engine.Breakpoints;
import java.util.Set;

/**
 * What a debugger asks of an execution's workflow ({@link ExecutionWorkflow#debug}): {@code continue} goes on from a
 * breakpoint or a pause with {@code breakpoints} honoured from there (the held node runs this time); {@code
 * breakpoints} only replaces the breakpoints (held or not); {@code pause} stops starting node tries and holds the run
 * once the tries in flight have ended, as the engine's pause does.
 */
public record DebugCommand(String action, Breakpoints breakpoints) {
    public static final String CONTINUE = "continue";
    public static final String BREAKPOINTS = "breakpoints";
    public static final String PAUSE = "pause";

    private static final Set<String> ACTIONS = Set.of(CONTINUE, BREAKPOINTS, PAUSE);

    public DebugCommand {
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("a debug command is one of " + ACTIONS + ", was " + action);
        }
    }

    /** Go on from where the run is held, pausing again at {@code breakpoints} (null: none). */
    public static DebugCommand proceed(Breakpoints breakpoints) {
        return new DebugCommand(CONTINUE, breakpoints == null ? Breakpoints.NONE : breakpoints);
    }
}
