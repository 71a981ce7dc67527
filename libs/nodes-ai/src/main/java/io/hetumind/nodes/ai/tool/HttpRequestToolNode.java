package io.hetumind.nodes.ai.tool;

import io.hetumind.nodes.http.HttpRequestNode;

/**
 * The HTTP Request node as an agent's tool (n8n 2.x {@code n8n-nodes-base.httpRequestTool}): the
 * HTTP Request node's parameters, values from the model through {@code $fromAI(...)}; n8n marks its
 * version 3 node (3 to 4.x) {@code usableAsTool}, not 1 and 2.
 */
public final class HttpRequestToolNode extends NodeAsToolNode {

    public HttpRequestToolNode() {
        super(new HttpRequestNode(), "hetumind.httpRequestTool", "n8n-nodes-base.httpRequestTool", 3);
    }
}
