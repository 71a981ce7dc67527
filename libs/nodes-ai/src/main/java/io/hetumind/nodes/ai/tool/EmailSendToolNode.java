package io.hetumind.nodes.ai.tool;

import io.hetumind.nodes.email.EmailSendNode;

/**
 * The Send Email node as an agent's tool (n8n 2.x {@code n8n-nodes-base.emailSendTool}); n8n marks
 * versions 2 and 2.1 {@code usableAsTool}, not 1.
 */
public final class EmailSendToolNode extends NodeAsToolNode {

    public EmailSendToolNode() {
        super(new EmailSendNode(), "hetumind.emailSendTool", "n8n-nodes-base.emailSendTool", 2);
    }
}
