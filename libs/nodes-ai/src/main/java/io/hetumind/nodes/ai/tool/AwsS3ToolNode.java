package io.hetumind.nodes.ai.tool;

import io.hetumind.nodes.aws.AwsS3Node;
import java.util.Map;

/**
 * The AWS S3 node as an agent's tool (n8n 2.x {@code n8n-nodes-base.awsS3Tool}); n8n marks version 2
 * {@code usableAsTool}, not 1.
 */
public final class AwsS3ToolNode extends NodeAsToolNode {

    public AwsS3ToolNode() {
        super(new AwsS3Node(), "hetumind.awsS3Tool", "n8n-nodes-base.awsS3Tool", 2);
    }

    /** n8n's {@code action} where it differs from the operation's description (AWS S3 2). */
    @Override
    protected Map<String, String> actions() {
        return Map.of("bucket/search", "Search a bucket");
    }
}
