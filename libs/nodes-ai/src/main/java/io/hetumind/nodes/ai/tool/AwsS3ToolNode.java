package io.hetumind.nodes.ai.tool;

import io.hetumind.nodes.aws.AwsS3Node;

/**
 * The AWS S3 node as an agent's tool (n8n 2.x {@code n8n-nodes-base.awsS3Tool}); n8n marks version 2
 * {@code usableAsTool}, not 1.
 */
public final class AwsS3ToolNode extends NodeAsToolNode {

    public AwsS3ToolNode() {
        super(new AwsS3Node(), "hetumind.awsS3Tool", "n8n-nodes-base.awsS3Tool", 2);
    }
}
