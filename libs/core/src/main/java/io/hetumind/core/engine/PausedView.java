package io.hetumind.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.internal.NodeRunContext;
import io.hetumind.core.model.Item;
import java.util.List;

/**
 * An execution held at a breakpoint, as a debugger shows it: the node, whether it is held before it starts or after it
 * finished, the items on each of its inputs, its outputs (after only), and its expression context — {@link #evaluate}
 * answers any expression as the node sees it for one item ({@code $json}, {@code $('Other')}, {@code $execution} …).
 */
public final class PausedView {
    private final String executionId;
    private final String node;
    private final boolean after;
    private final List<List<Item>> inputs;
    private final List<List<Item>> outputs;
    private final NodeRunContext context;

    PausedView(
            String executionId,
            String node,
            boolean after,
            List<List<Item>> inputs,
            List<List<Item>> outputs,
            NodeRunContext context) {
        this.executionId = executionId;
        this.node = node;
        this.after = after;
        this.inputs = inputs;
        this.outputs = outputs;
        this.context = context;
    }

    public String executionId() {
        return executionId;
    }

    public String node() {
        return node;
    }

    /** True when held after the node finished; false when held before it starts. */
    public boolean after() {
        return after;
    }

    /** Items on each input of the node. */
    public List<List<Item>> inputs() {
        return inputs;
    }

    /** Items on each output of the node; empty when held before it ran. */
    public List<List<Item>> outputs() {
        return outputs;
    }

    /**
     * Evaluates {@code expression} (an n8n expression such as {@code ={{ $json.name }}}, or a template with {@code {{ }}}
     * parts) in the node's context for input item {@code itemIndex}, with the same sandbox and limits as a run.
     */
    public JsonNode evaluate(String expression, int itemIndex) {
        int items = inputs.isEmpty() ? 0 : inputs.getFirst().size();
        if (itemIndex < 0 || (items > 0 && itemIndex >= items)) {
            throw new IllegalArgumentException(
                    "item " + itemIndex + " is not one of the node's " + items + " input items");
        }
        return context.evaluate(expression, itemIndex);
    }
}
