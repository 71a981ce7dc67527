package io.hetumind.nodes.ai.tool;

import io.hetumind.nodes.graphql.GraphQlNode;

/**
 * The GraphQL node as an agent's tool (n8n 2.x {@code n8n-nodes-base.graphqlTool}): best with the model's
 * values in {@code variables}, so they are sent as GraphQL variables, never spliced into the query.
 */
public final class GraphQlToolNode extends NodeAsToolNode {

    public GraphQlToolNode() {
        super(new GraphQlNode(), "hetumind.graphqlTool", "n8n-nodes-base.graphqlTool");
    }
}
