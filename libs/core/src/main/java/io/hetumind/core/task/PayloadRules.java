package io.hetumind.core.task;

import java.util.Set;

/** The fields each payload cannot do without; answers what is wrong, or null. */
final class PayloadRules {
    static final Set<String> EVENTS = Set.of("started", "log", "succeeded", "failed", "timed_out", "canceled");
    static final int MAX_LOG_LINES = 1000;

    private PayloadRules() {}

    static String check(Object payload) {
        return switch (payload) {
            case Messages.Register r -> {
                if (r.name() == null || r.name().isBlank() || r.name().length() > 200) {
                    yield "name is required (at most 200 characters)";
                }
                if (r.maxConcurrency() < 1 || r.maxConcurrency() > 10_000) {
                    yield "max_concurrency must be 1..10000";
                }
                if (r.labels() != null && r.labels().size() > 64) {
                    yield "at most 64 labels";
                }
                if (r.capabilities() != null
                        && (r.capabilities().size() > 32
                                || r.capabilities().stream().anyMatch(x -> x == null || x.length() > 64))) {
                    yield "at most 32 capabilities of at most 64 characters";
                }
                yield null;
            }
            case Messages.AcquireTask a -> a.slots() < 1 || a.slots() > 1000 ? "slots must be 1..1000" : null;
            case Messages.InstanceUpdate u -> update(u);
            case Messages.Ack a -> a.ref() == null ? "ref is required" : null;
            case Messages.Cancel c -> c.instanceId() == null ? "instance_id is required" : null;
            case Messages.ScheduleSync ss -> sync(ss);
            case Messages.Heartbeat h -> h.running() < 0 ? "running must not be negative" : null;
            default -> null;
        };
    }

    static final Set<String> PINNED_KINDS = Set.of("cron", "daemon");
    static final Set<String> MISFIRES = Set.of("skip", "once");

    private static String sync(Messages.ScheduleSync s) {
        if (s.version() < 0 || s.schedules() == null) {
            return "version ≥ 0 and schedules are required";
        }
        for (Messages.PinnedSchedule p : s.schedules()) {
            if (p == null || p.scheduleId() == null || p.jobId() == null || p.command() == null) {
                return "each schedule needs schedule_id, job_id and command";
            }
            if (!PINNED_KINDS.contains(p.kind()) || !MISFIRES.contains(p.misfire())) {
                return "a pinned schedule is of kind cron|daemon with misfire skip|once";
            }
            if ("cron".equals(p.kind()) && p.cron() == null) {
                return "a cron schedule needs cron";
            }
        }
        return null;
    }

    private static String update(Messages.InstanceUpdate u) {
        if (u.instanceId() == null) {
            return "instance_id is required";
        }
        boolean anyFire = u.scheduleId() != null || u.fireAt() != null || u.attempt() != null;
        if (anyFire && (u.scheduleId() == null || u.fireAt() == null || u.attempt() == null)) {
            return "schedule_id, fire_at and attempt go together";
        }
        if (anyFire && (u.attempt() < 1 || u.fireAt() <= 0)) {
            return "attempt must be ≥ 1 and fire_at positive";
        }
        if (u.event() == null || !EVENTS.contains(u.event())) {
            return "event must be one of " + EVENTS;
        }
        if ("log".equals(u.event())) {
            if (u.firstSeq() == null
                    || u.firstSeq() < 0
                    || u.lines() == null
                    || u.lines().isEmpty()) {
                return "a log update needs first_seq ≥ 0 and lines";
            }
            if (u.lines().size() > MAX_LOG_LINES) {
                return "at most " + MAX_LOG_LINES + " lines per update";
            }
            for (Messages.LogLine l : u.lines()) {
                if (l == null || l.text() == null || !("stdout".equals(l.stream()) || "stderr".equals(l.stream()))) {
                    return "each line needs stream stdout|stderr and text";
                }
            }
        }
        return null;
    }
}
