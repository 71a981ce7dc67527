package io.hetumind.taskagent.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Resource use of a process tree, sampled while it runs: CPU time (summed over the tree) and peak RSS of the root. */
final class ResourceSampler {
    private final Map<Long, Long> cpuByPid = new HashMap<>();
    private long maxRssKb = -1;

    synchronized void sample(ProcessHandle root) {
        record(root);
        root.descendants().forEach(this::record);
        maxRssKb = Math.max(maxRssKb, peakRss(root.pid()));
    }

    private void record(ProcessHandle p) {
        p.info().totalCpuDuration().map(Duration::toMillis).ifPresent(ms -> cpuByPid.merge(p.pid(), ms, Math::max));
    }

    synchronized Long cpuMillis() {
        return cpuByPid.isEmpty()
                ? null
                : cpuByPid.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized Long maxRssKb() {
        return maxRssKb < 0 ? null : maxRssKb;
    }

    /** VmHWM from /proc (Linux); -1 elsewhere or once the process is gone. */
    private static long peakRss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process already ended
        }
        return -1;
    }
}
