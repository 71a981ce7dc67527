package io.hetumind.nodes.ai.tool;

import io.hetumind.nodes.data.datetime.DateTimeNode;

/**
 * The Date &amp; Time node as an agent's tool (n8n 2.x {@code n8n-nodes-base.dateTimeTool}, n8n's
 * version 2 being {@code usableAsTool}): date arithmetic, formatting and extraction with values from
 * the model through {@code $fromAI(...)}.
 */
public final class DateTimeToolNode extends NodeAsToolNode {

    public DateTimeToolNode() {
        super(new DateTimeNode(), "hetumind.dateTimeTool", "n8n-nodes-base.dateTimeTool", 2);
    }
}
