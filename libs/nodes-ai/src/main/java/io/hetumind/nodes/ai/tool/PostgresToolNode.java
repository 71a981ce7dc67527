package io.hetumind.nodes.ai.tool;

import io.hetumind.nodes.db.PostgresNode;

/**
 * The Postgres node as an agent's tool (n8n 2.x {@code n8n-nodes-base.postgresTool}): the Postgres
 * node's parameters, values from the model through {@code $fromAI(...)} (best as query parameters,
 * {@code options.queryReplacement}, so the model's text is bound, never spliced into SQL).
 */
public final class PostgresToolNode extends NodeAsToolNode {

    public PostgresToolNode() {
        super(new PostgresNode(), "hetumind.postgresTool", "n8n-nodes-base.postgresTool");
    }
}
