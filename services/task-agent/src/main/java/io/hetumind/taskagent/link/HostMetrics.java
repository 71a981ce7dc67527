package io.hetumind.taskagent.link;

import io.hetumind.core.task.Messages;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/** The host's CPU, memory and disk, as sent in heartbeats. */
final class HostMetrics {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Path disk;

    HostMetrics(Path disk) {
        this.disk = disk;
    }

    Messages.Heartbeat now(int running) {
        long total = os.getTotalMemorySize();
        double cpu = os.getCpuLoad();
        return new Messages.Heartbeat(
                Double.isNaN(cpu) || cpu < 0 ? 0 : cpu,
                total - os.getFreeMemorySize(),
                total,
                disk.toFile().getUsableSpace(),
                running);
    }
}
