package io.hetumind.nodes.ai.tool;

import io.hetumind.nodes.db.PostgresNode;
import java.util.Map;

/**
 * The Postgres node as an agent's tool (n8n 2.x {@code n8n-nodes-base.postgresTool}): the Postgres
 * node's parameters, values from the model through {@code $fromAI(...)} (best as query parameters,
 * {@code options.queryReplacement}, so the model's text is bound, never spliced into SQL).
 */
public final class PostgresToolNode extends NodeAsToolNode {

    public PostgresToolNode() {
        // n8n marks Postgres 2.x usableAsTool, not the legacy v1
        super(new PostgresNode(), "hetumind.postgresTool", "n8n-nodes-base.postgresTool", 2);
    }

    /** n8n's Postgres 2.x keeps its operations under a hidden {@code resource: database}. */
    @Override
    protected String impliedResource() {
        return "database";
    }

    /** n8n's {@code action} of each Postgres 2.x operation. */
    @Override
    protected Map<String, String> actions() {
        return Map.of(
                "database/deleteTable", "Delete table or rows",
                "database/executeQuery", "Execute a SQL query",
                "database/insert", "Insert rows in a table",
                "database/upsert", "Insert or update rows in a table",
                "database/select", "Select rows from a table",
                "database/update", "Update rows in a table");
    }
}
