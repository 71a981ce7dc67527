package io.hetumind.cli;

import io.hetumind.core.engine.ExecutionListener;
import io.hetumind.core.engine.RunEvent;
import java.io.PrintWriter;

/** Prints one line per finished, retried, failed or parked node: item counts per output, time. */
final class Progress implements ExecutionListener {

    private final PrintWriter out;

    Progress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onEvent(RunEvent e) {
        switch (e.kind()) {
            case NODE_FINISHED -> finished(e);
            case NODE_RETRYING ->
                out.printf(
                        "↻ %-28s failed, retrying in %d ms: %s%n",
                        e.node(), Math.max(0, e.wakeAt() - e.at()), e.error().message());
            case NODE_FAILED -> out.printf("✘ %-28s %s%n", e.node(), e.error().message());
            case NODE_WAITING ->
                out.printf(
                        "⏸ %-28s waiting %s%n",
                        e.node(),
                        e.wakeAt() < 0 ? "to be resumed" : "until " + java.time.Instant.ofEpochMilli(e.wakeAt()));
            case EXECUTION_CRASHED -> out.printf("↯ the previous run was interrupted; what was in flight runs again%n");
            default -> {
                return;
            }
        }
        out.flush();
    }

    private void finished(RunEvent e) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < e.itemCounts().size(); i++) {
            items.append(i == 0 ? "" : " | ").append(e.itemCounts().get(i));
        }
        String mark = e.error() == null ? "✔" : "⚠";
        out.printf(
                "%s %-28s %8s items %6d ms%s%n",
                mark,
                e.node(),
                items,
                e.executionTimeMs(),
                e.error() == null ? "" : "  (continued after: " + e.error().message() + ")");
    }
}
