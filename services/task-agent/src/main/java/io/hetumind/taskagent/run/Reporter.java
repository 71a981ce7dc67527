package io.hetumind.taskagent.run;

import io.hetumind.core.task.Messages;
import java.util.List;
import java.util.UUID;

/** Where a run's events go (the outbox, then the server). */
public interface Reporter {
    void started(UUID instance, long at);

    void log(UUID instance, long firstSeq, List<Messages.LogLine> lines);

    /** {@code event}: succeeded, failed, timed_out or canceled. */
    void ended(UUID instance, String event, Integer exitCode, Long cpuTimeMs, Long maxRssKb, String message);
}
