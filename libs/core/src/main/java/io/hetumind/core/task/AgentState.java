package io.hetumind.core.task;

import static io.hetumind.core.task.Lifecycle.t;

import java.util.Locale;

/** Connection states of an agent as the task-server sees it (drain and disable are separate admin flags). */
public enum AgentState {
    /** Connected and heartbeating. */
    ONLINE,
    /** Disconnected cleanly (or not seen since the server started). */
    OFFLINE,
    /** Missed heartbeats: its dispatched and running instances were declared lost. */
    DEAD;

    public static final Lifecycle<AgentState> LIFECYCLE = new Lifecycle<>(
            AgentState.class,
            t(OFFLINE, ONLINE, "registered"),
            t(ONLINE, OFFLINE, "the connection closed"),
            t(ONLINE, DEAD, "no heartbeat within the dead-after period"),
            t(OFFLINE, DEAD, "did not come back within the dead-after period"),
            t(DEAD, ONLINE, "registered again"),
            t(ONLINE, ONLINE, "registered again on a new connection before the old one was noticed closed"));

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AgentState ofWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
