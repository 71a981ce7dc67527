package io.hetumind.taskagent.run;

import io.hetumind.core.task.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Numbers a run's output lines (one sequence over stdout and stderr) and hands them to the reporter in chunks: when
 * a chunk reaches its line or byte limit, or on {@link #flush()} (called every 100 ms and at the end).
 */
final class LineBatcher {
    static final int MAX_LINES = 500;
    static final int MAX_BYTES = 128 * 1024;
    private final UUID instance;
    private final Reporter reporter;
    private final LocalLogs.Writer local;
    private List<Messages.LogLine> chunk = new ArrayList<>();
    private long firstSeq;
    private long nextSeq;
    private int bytes;

    LineBatcher(UUID instance, Reporter reporter, LocalLogs.Writer local) {
        this.instance = instance;
        this.reporter = reporter;
        this.local = local;
    }

    synchronized void add(String stream, String text) {
        local.line(stream, text);
        if (chunk.isEmpty()) {
            firstSeq = nextSeq;
        }
        chunk.add(new Messages.LogLine(stream, text, System.currentTimeMillis()));
        nextSeq++;
        bytes += text.length() + 64;
        if (chunk.size() >= MAX_LINES || bytes >= MAX_BYTES) {
            flush();
        }
    }

    synchronized void flush() {
        if (!chunk.isEmpty()) {
            reporter.log(instance, firstSeq, chunk);
            chunk = new ArrayList<>();
            bytes = 0;
        }
    }

    synchronized long lines() {
        return nextSeq;
    }
}
