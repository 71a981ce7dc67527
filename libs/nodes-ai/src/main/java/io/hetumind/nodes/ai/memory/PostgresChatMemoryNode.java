package io.hetumind.nodes.ai.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NetworkRefusedException;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.db.PgPools;
import java.io.IOException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Postgres Chat Memory (n8n {@code memoryPostgresChat} 1–1.3): a session's messages in a PostgreSQL table, in
 * LangChain's layout so n8n and Hetumind share it — {@code (id SERIAL, session_id VARCHAR(255), message JSONB)}, one
 * row per message, {@code message} = {@code {type: "human"|"ai"|"system", content, …}}; created when missing. The last
 * {@code contextWindowLength} exchanges are sent (1.1+; version 1 sends the whole history).
 */
public final class PostgresChatMemoryNode implements SupplierNode {

    static final String DEFAULT_TABLE = "n8n_chat_histories";

    /** A table name, optionally schema-qualified; each part is quoted in SQL. */
    private static final Pattern TABLE =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_$]{0,62})(\\.[A-Za-z_][A-Za-z0-9_$]{0,62})?");

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.memoryPostgresChat")
            .versions(1, 1.1, 1.2, 1.3)
            .displayName("Postgres Chat Memory")
            .description("Stores the chat history of a session in a PostgreSQL table")
            .group(NodeGroup.AI)
            .icon("database")
            .alias(AiParams.N8N + "memoryPostgresChat")
            .subNode(ConnectionTypes.AI_MEMORY)
            .credential("postgres", true)
            // every version chooses the session as n8n's getSessionId does (unlike Window Buffer Memory 1 and 1.1)
            .property(PropertySpec.options("sessionIdType")
                    .displayName("Session ID")
                    .defaultValue("fromInput")
                    .option("fromInput", "Connected Chat Trigger Node", "Looks for an input field called 'sessionId'")
                    .option("customKey", "Define below", "Use an expression to reference data in previous nodes"))
            .property(PropertySpec.string("sessionKey")
                    .displayName("Key")
                    .defaultValue("")
                    .required()
                    .showWhen("sessionIdType", "customKey"))
            .property(PropertySpec.string("tableName")
                    .displayName("Table Name")
                    .defaultValue(DEFAULT_TABLE)
                    .description("Created if it does not exist (schema.table for another schema than the default)"))
            .property(PropertySpec.number("contextWindowLength")
                    .displayName("Context Window Length")
                    .defaultValue(5)
                    .minValue(1)
                    .description("How many past exchanges the model receives")
                    .showWhen(PropertySpec.VERSION, 1.1, 1.2, 1.3))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        ObjectNode cred = AiParams.credential(ctx, "postgres");
        String session = WindowBufferMemoryNode.sessionKey(ctx, item, true);
        if (session.length() > 255) {
            throw NodeException.user(
                    "'" + ctx.node().name() + "': the session ID is longer than 255 characters (the column's size)",
                    item);
        }
        String tableName =
                ctx.param("tableName", item, String.class, DEFAULT_TABLE).trim();
        if (!TABLE.matcher(tableName).matches()) {
            throw NodeException.user(
                    "'" + ctx.node().name() + "': parameter 'tableName': '" + tableName
                            + "' is not a table name (letters, digits, _ and $, optionally schema.table)",
                    item);
        }
        String table = quoted(tableName);
        int window =
                ctx.node().typeVersion() >= 1.1 ? AiParams.intIn(ctx, "contextWindowLength", item, 5, 1, 10_000) : -1;
        NetworkPolicy policy = AiParams.policy(ctx);
        String who = "'" + ctx.node().name() + "' (Postgres)";
        if (!policy.allowsEverything()) {
            String host = cred.path("host").asText("localhost");
            try {
                policy.resolve(host, cred.path("port").asInt(5432));
            } catch (NetworkRefusedException e) {
                throw e.by(ctx.node().name(), item);
            } catch (UnknownHostException e) {
                throw NodeException.operational(who + ": the host '" + host + "' could not be resolved", e);
            }
        }
        PgPools pools = ctx.service(PgPools.class).orElseGet(PgPools::shared);
        return new AgentMemory() {
            @Override
            public List<ChatMessage> history() {
                List<ChatMessage> all = sql(who, item, c -> read(c, table, session));
                if (window < 0) {
                    return all;
                }
                int from = Math.max(0, all.size() - 2 * window);
                return all.subList(from, all.size());
            }

            @Override
            public List<ChatMessage> all() {
                return sql(who, item, c -> read(c, table, session));
            }

            @Override
            public void save(String userText, String aiText) {
                sql(who, item, c -> {
                    ensureTable(c, table);
                    try (PreparedStatement st = c.prepareStatement(
                            "INSERT INTO " + table + " (session_id, message) VALUES (?, ?::jsonb), (?, ?::jsonb)")) {
                        st.setString(1, session);
                        st.setString(2, stored("human", userText).toString());
                        st.setString(3, session);
                        st.setString(4, stored("ai", aiText).toString());
                        st.executeUpdate();
                    }
                    return null;
                });
                ctx.log("saved an exchange to session '" + session + "' in " + tableName);
            }

            private <T> T sql(String who, int item, PgPools.SqlWork<T> work) {
                try {
                    return pools.withConnection(cred, 30, policy, work);
                } catch (SQLException e) {
                    String state = e.getSQLState() == null ? "" : e.getSQLState();
                    String msg = who + ": " + e.getMessage();
                    if (state.startsWith("08") || state.startsWith("57") || state.startsWith("53")) {
                        throw NodeException.operational(msg, e);
                    }
                    throw NodeException.user(msg, item);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw NodeException.user("the execution was canceled", item);
                }
            }
        };
    }

    private static String quoted(String tableName) {
        StringBuilder sb = new StringBuilder();
        for (String part : tableName.split("\\.")) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append('"').append(part).append('"');
        }
        return sb.toString();
    }

    /** LangChain's table; a concurrent creator's unique violation (23505) on the type is harmless, as there. */
    private static void ensureTable(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + table
                    + " (id SERIAL PRIMARY KEY, session_id VARCHAR(255) NOT NULL, message JSONB NOT NULL)");
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static List<ChatMessage> read(Connection c, String table, String session) throws SQLException {
        ensureTable(c, table);
        List<ChatMessage> out = new ArrayList<>();
        try (PreparedStatement st =
                c.prepareStatement("SELECT message::text FROM " + table + " WHERE session_id = ? ORDER BY id")) {
            st.setString(1, session);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ChatMessage m = message(rs.getString(1));
                    if (m != null) {
                        out.add(m);
                    }
                }
            }
        }
        return out;
    }

    /** A stored row as a chat message: human, ai, system; tool and other rows are not part of the history sent. */
    static ChatMessage message(String json) throws SQLException {
        JsonNode m;
        try {
            m = Json.reader().readTree(json);
        } catch (IOException e) {
            throw new SQLException("a stored message is not JSON", "22000", e);
        }
        String content = content(m.path("content"));
        return switch (m.path("type").asText("")) {
            case "human", "user" -> UserMessage.from(content);
            case "ai", "assistant" -> AiMessage.from(content);
            case "system" -> content.isEmpty() ? null : SystemMessage.from(content);
            default -> null;
        };
    }

    /** LangChain content is a string or a list of parts ({@code {type: "text", text}}). */
    private static String content(JsonNode c) {
        if (c.isTextual()) {
            return c.asText();
        }
        if (c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : c) {
                if ("text".equals(part.path("type").asText()) && part.has("text")) {
                    sb.append(part.get("text").asText());
                }
            }
            return sb.toString();
        }
        return c.isMissingNode() || c.isNull() ? "" : c.toString();
    }

    /** A message as LangChain JS stores it: {@code {...data, type}}. */
    static ObjectNode stored(String type, String text) {
        ObjectNode o = Json.object().put("type", type).put("content", text == null ? "" : text);
        o.putObject("additional_kwargs");
        o.putObject("response_metadata");
        if (type.equals("ai")) {
            o.putArray("tool_calls");
            o.putArray("invalid_tool_calls");
        }
        return o;
    }
}
