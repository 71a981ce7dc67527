package io.hetumind.cli;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.NodeProfile;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** {@code run --profile}: every node run by cost, and the bottleneck named. */
final class ProfileTable {
    private ProfileTable() {}

    static void print(ExecutionResult r, PrintWriter out) {
        List<NodeProfile> rows = NodeProfile.of(r.state());
        out.println();
        out.println("Profile (costliest first):");
        int width =
                Math.max(4, rows.stream().mapToInt(p -> label(p).length()).max().orElse(4));
        out.println(String.format(
                Locale.ROOT,
                "  %-" + width + "s %9s %9s %11s %8s %9s %8s",
                "node",
                "wall ms",
                "cpu ms",
                "alloc KiB",
                "items in",
                "items out",
                "wait ms"));
        long total = 0;
        for (NodeProfile p : rows) {
            total += p.wallMs();
            out.println(String.format(
                    Locale.ROOT,
                    "  %-" + width + "s %9d %9s %11s %8d %9d %8d",
                    label(p),
                    p.wallMs(),
                    p.cpuNanos() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", p.cpuNanos() / 1e6),
                    p.allocatedBytes() < 0 ? "-" : Long.toString(p.allocatedBytes() / 1024),
                    p.itemsIn(),
                    p.itemsOut(),
                    p.waitMs()));
        }
        if (!rows.isEmpty() && total > 0) {
            NodeProfile top = rows.getFirst();
            out.println(String.format(
                    Locale.ROOT,
                    "Bottleneck: '%s' — %d ms, %d%% of the time spent in nodes",
                    top.node(),
                    top.wallMs(),
                    Math.round(100.0 * top.wallMs() / total)));
        }
        out.flush();
    }

    private static String label(NodeProfile p) {
        return p.run() == 0 ? p.node() : p.node() + " #" + (p.run() + 1);
    }
}
