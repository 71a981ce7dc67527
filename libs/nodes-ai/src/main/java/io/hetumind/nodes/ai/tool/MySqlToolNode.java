package io.hetumind.nodes.ai.tool;

import io.hetumind.nodes.mysql.MySqlNode;
import java.util.Map;

/**
 * The MySQL node as an agent's tool (n8n 2.x {@code n8n-nodes-base.mySqlTool}); n8n marks versions 2 to
 * 2.5 {@code usableAsTool}, not 1. Put {@code $fromAI} in {@code options.queryReplacement} so the
 * model's text is bound as a parameter.
 */
public final class MySqlToolNode extends NodeAsToolNode {

    public MySqlToolNode() {
        super(new MySqlNode(), "hetumind.mySqlTool", "n8n-nodes-base.mySqlTool", 2);
    }

    /** n8n's {@code action} where it differs from the operation's description (MySQL 2.x). */
    @Override
    protected Map<String, String> actions() {
        return Map.of(
                "database/deleteTable", "Delete table or rows",
                "database/executeQuery", "Execute a SQL query");
    }
}
