package io.hetumind.core.task;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every message kind of the agent protocol, with its wire name and payload type. */
public enum Kind {
    /** agent → server, first frame on a connection. */
    REGISTER("register", Messages.Register.class, true),
    /** server → agent, answer to {@code register}. */
    REGISTERED("registered", Messages.Registered.class, false),
    /** agent → server, every heartbeat interval. */
    HEARTBEAT("heartbeat", Messages.Heartbeat.class, false),
    /** server → agent, answer to {@code heartbeat}, carrying commands. */
    HEARTBEAT_REPLY("heartbeat_reply", Messages.HeartbeatReply.class, false),
    /** agent → server: it has free slots and asks for work (poll mode). */
    ACQUIRE_TASK("acquire_task", Messages.AcquireTask.class, false),
    /** server → agent, answer to {@code acquire_task}: zero or more instances to run. */
    TASK_DISPATCH("task_dispatch", Messages.TaskDispatch.class, true),
    /** agent → server: an instance started, produced log lines, or ended. */
    INSTANCE_UPDATE("instance_update", Messages.InstanceUpdate.class, true),
    /** server → agent: stop an instance. */
    CANCEL("cancel", Messages.Cancel.class, true),
    /** server → agent ({@link Protocol#LOCAL_SCHEDULES}): the agent's whole set of pinned schedules. */
    SCHEDULE_SYNC("schedule_sync", Messages.ScheduleSync.class, true),
    /** either way: a state-changing message was processed (or refused for good). */
    ACK("ack", Messages.Ack.class, false),
    /** server → agent: the frame was refused; the connection may be closed after it. */
    ERROR("error", Messages.Error.class, false);

    private static final Map<String, Kind> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Kind::wire, Function.identity()));

    private final String wire;
    private final Class<?> payloadType;
    private final boolean stateChanging;

    Kind(String wire, Class<?> payloadType, boolean stateChanging) {
        this.wire = wire;
        this.payloadType = payloadType;
        this.stateChanging = stateChanging;
    }

    /** The name on the wire ({@code kind} field). */
    public String wire() {
        return wire;
    }

    public Class<?> payloadType() {
        return payloadType;
    }

    /** Whether the receiver must {@code ack} it and the sender retry it until acknowledged. */
    public boolean stateChanging() {
        return stateChanging;
    }

    public static Optional<Kind> of(String wire) {
        return Optional.ofNullable(wire == null ? null : BY_WIRE.get(wire));
    }
}
