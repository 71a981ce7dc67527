package io.hetumind.cli;

import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.ExecutionListener;
import io.hetumind.core.engine.ExecutionState;
import java.io.PrintWriter;

/** Prints one line per finished or failed node: status, item counts per output, time. */
final class Progress implements ExecutionListener {

    private final PrintWriter out;

    Progress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void nodeFinished(ExecutionState state, ExecutionEvent.NodeFinished e) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < e.outputs().size(); i++) {
            items.append(i == 0 ? "" : " | ").append(e.outputs().get(i).size());
        }
        String mark = e.error() == null ? "✔" : "⚠";
        out.printf(
                "%s %-28s %8s items %6d ms%s%n",
                mark,
                e.node(),
                items,
                e.executionTimeMs(),
                e.error() == null ? "" : "  (continued after: " + e.error().message() + ")");
        out.flush();
    }

    @Override
    public void nodeFailed(ExecutionState state, ExecutionEvent.NodeFailed e) {
        if (e.retryAt() >= 0) {
            out.printf(
                    "↻ %-28s failed, retrying in %d ms: %s%n",
                    e.node(), Math.max(0, e.retryAt() - e.at()), e.error().message());
        } else {
            out.printf("✘ %-28s %s%n", e.node(), e.error().message());
        }
        out.flush();
    }
}
