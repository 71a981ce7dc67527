package io.hetumind.nodes.ai.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NetworkRefusedException;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResources;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.PortRule;
import io.hetumind.core.spi.PortSpec;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.internal.PerItem;
import io.hetumind.nodes.db.PgPools;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Postgres PGVector Store (n8n {@code vectorStorePGVector} 1–1.3): LangChain JS's PGVector table
 * layout (id, text, metadata jsonb, embedding vector; optional collections) written with SQL over
 * the Postgres node's pools, so n8n and Hetumind can share a table. Modes as the Simple Vector
 * Store; {@code load} and the tool answer LangChain's distance as the score (smaller is nearer).
 */
public final class PgVectorStoreNode implements SupplierNode {

    static final String DEFAULT_TABLE = "n8n_vectors";

    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private static final Map<String, List<JsonNode>> MAIN_MODES =
            Map.of("mode", List.of(Json.F.textNode("insert"), Json.F.textNode("load")));

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.vectorStorePGVector")
            .versions(1, 1.1, 1.2, 1.3)
            .displayName("Postgres PGVector Store")
            .description("Store and search documents by meaning in PostgreSQL with the pgvector extension")
            .group(NodeGroup.AI)
            .icon("database")
            .alias(AiParams.N8N + "vectorStorePGVector")
            .credential("postgres", true)
            .inputs()
            .outputs()
            .inputRule(
                    new PortRule.When(List.of(new PortRule.When.Case(MAIN_MODES, PortRule.fixed(PortSpec.MAIN))), null))
            .outputRule(
                    new PortRule.When(List.of(new PortRule.When.Case(MAIN_MODES, PortRule.fixed(PortSpec.MAIN))), null))
            .errorOutput(false)
            .supplies(ConnectionTypes.AI_VECTOR_STORE, ConnectionTypes.AI_TOOL)
            .subInput(SubPort.required(ConnectionTypes.AI_EMBEDDING, "Embedding"))
            .subInput(SubPort.required(ConnectionTypes.AI_DOCUMENT, "Document").showWhen("mode", "insert"))
            .subInput(SubPort.required(ConnectionTypes.AI_RERANKER, "Reranker")
                    .showWhen("mode", "load", "retrieve", "retrieve-as-tool")
                    .showWhen("useReranker", true))
            .property(PropertySpec.options("mode")
                    .displayName("Operation Mode")
                    .defaultValue("retrieve")
                    .option("load", "Get Many", "Get many ranked documents from the vector store for a query")
                    .option("insert", "Insert Documents", "Insert documents into the vector store")
                    .option(
                            "retrieve",
                            "Retrieve Documents (As Vector Store for Chain/Tool)",
                            "Retrieve documents from the vector store to be used as a vector store with AI nodes")
                    .option(
                            "retrieve-as-tool",
                            "Retrieve Documents (As Tool for AI Agent)",
                            "Retrieve documents from the vector store to be used as a tool with AI nodes")
                    .noExpression())
            .property(PropertySpec.string("toolName")
                    .displayName("Name")
                    .defaultValue("")
                    .required()
                    .showWhen("mode", "retrieve-as-tool")
                    .showWhen(PropertySpec.VERSION, 1.1, 1.2))
            .property(PropertySpec.string("toolDescription")
                    .displayName("Description")
                    .defaultValue("")
                    .required()
                    .rows(2)
                    .showWhen("mode", "retrieve-as-tool"))
            .property(PropertySpec.string("tableName")
                    .displayName("Table Name")
                    .defaultValue(DEFAULT_TABLE)
                    .description("The table to store the vectors in; created when missing"))
            .property(PropertySpec.string("prompt")
                    .displayName("Prompt")
                    .defaultValue("")
                    .required()
                    .showWhen("mode", "load"))
            .property(PropertySpec.number("topK")
                    .displayName("Limit")
                    .defaultValue(4)
                    .minValue(1)
                    .showWhen("mode", "load", "retrieve-as-tool"))
            .property(PropertySpec.bool("includeDocumentMetadata")
                    .displayName("Include Metadata")
                    .defaultValue(true)
                    .showWhen("mode", "load", "retrieve-as-tool"))
            .property(PropertySpec.bool("useReranker")
                    .displayName("Rerank Results")
                    .defaultValue(false)
                    .description("Whether or not to rerank results")
                    .showWhen("mode", "load", "retrieve", "retrieve-as-tool"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .defaultValue(Json.object())
                    .child(PropertySpec.fixedCollection("collection")
                            .displayName("Collection")
                            .child(PropertySpec.collection("values")
                                    .displayName("Collection Settings")
                                    .child(PropertySpec.bool("useCollection")
                                            .displayName("Use Collection")
                                            .defaultValue(false))
                                    .child(PropertySpec.string("collectionName")
                                            .displayName("Collection Name")
                                            .defaultValue("n8n"))
                                    .child(PropertySpec.string("collectionTableName")
                                            .displayName("Collection Table Name")
                                            .defaultValue("n8n_vector_collections"))))
                    .child(PropertySpec.fixedCollection("columnNames")
                            .displayName("Column Names")
                            .child(PropertySpec.collection("values")
                                    .displayName("Column Name Settings")
                                    .child(PropertySpec.string("idColumnName")
                                            .displayName("ID Column Name")
                                            .defaultValue("id"))
                                    .child(PropertySpec.string("vectorColumnName")
                                            .displayName("Vector Column Name")
                                            .defaultValue("embedding"))
                                    .child(PropertySpec.string("contentColumnName")
                                            .displayName("Content Column Name")
                                            .defaultValue("text"))
                                    .child(PropertySpec.string("metadataColumnName")
                                            .displayName("Metadata Column Name")
                                            .defaultValue("metadata"))))
                    .child(PropertySpec.fixedCollection("metadata")
                            .displayName("Metadata Filter")
                            .showWhen("/mode", "load", "retrieve", "retrieve-as-tool")
                            .child(PropertySpec.collection("metadataValues")
                                    .displayName("Fields to Set")
                                    .multipleValues()
                                    .child(PropertySpec.string("name")
                                            .displayName("Name")
                                            .defaultValue("")
                                            .required())
                                    .child(PropertySpec.string("value")
                                            .displayName("Value")
                                            .defaultValue(""))))
                    .child(PropertySpec.options("distanceStrategy")
                            .displayName("Distance Strategy")
                            .defaultValue("cosine")
                            .option("cosine", "Cosine")
                            .option("innerProduct", "Inner Product")
                            .option("euclidean", "Euclidean")))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Where and how one item's documents are stored. */
    private record Target(
            ObjectNode cred,
            NetworkPolicy policy,
            String who,
            String table,
            String id,
            String vector,
            String content,
            String metadata,
            String operator,
            String collection,
            String collectionTable,
            Map<String, String> filter) {}

    private static String mode(NodeParameters ctx) {
        return ctx.param("mode", 0, String.class, "retrieve");
    }

    private static Target target(NodeContext ctx, int item) {
        String name = ctx.node().name();
        ObjectNode cred = AiParams.credential(ctx, "postgres");
        String tableName =
                ctx.param("tableName", item, String.class, DEFAULT_TABLE).trim();
        String table = identifier(name, "tableName", tableName, TABLE, item);
        String id = column(ctx, "idColumnName", "id", item);
        String vector = column(ctx, "vectorColumnName", "embedding", item);
        String content = column(ctx, "contentColumnName", "text", item);
        String metadata = column(ctx, "metadataColumnName", "metadata", item);
        String strategy = ctx.param("options.distanceStrategy", item, String.class, "cosine");
        String operator =
                switch (strategy) {
                    case "cosine" -> "<=>";
                    case "innerProduct" -> "<#>";
                    case "euclidean" -> "<->";
                    default ->
                        throw NodeException.user(
                                "'" + name + "': unknown distance strategy '" + strategy
                                        + "' (cosine, innerProduct, euclidean)",
                                item);
                };
        String collection = null;
        String collectionTable = null;
        if (ctx.param("options.collection.values.useCollection", item, Boolean.class, false)) {
            collection = ctx.param("options.collection.values.collectionName", item, String.class, "n8n");
            if (collection == null || collection.isBlank()) {
                throw NodeException.user("'" + name + "': the collection name is empty", item);
            }
            collectionTable = identifier(
                    name,
                    "options.collection.values.collectionTableName",
                    ctx.param(
                            "options.collection.values.collectionTableName",
                            item,
                            String.class,
                            "n8n_vector_collections"),
                    TABLE,
                    item);
        }
        Map<String, String> filter = new java.util.LinkedHashMap<>();
        if (!"insert".equals(mode(ctx))) {
            JsonNode values = ctx.paramTree("options.metadata.metadataValues", item);
            if (values != null && values.isArray()) {
                for (JsonNode v : values) {
                    String key = v.path("name").asText("");
                    if (key.isBlank()) {
                        throw NodeException.user("'" + name + "': a metadata filter has no name", item);
                    }
                    filter.put(
                            key,
                            v.path("value").isTextual()
                                    ? v.get("value").asText()
                                    : v.path("value").toString());
                }
            }
        }
        NetworkPolicy policy = AiParams.policy(ctx);
        String who = "'" + name + "' (Postgres)";
        if (!policy.allowsEverything()) {
            String host = cred.path("host").asText("localhost");
            try {
                policy.resolve(host, cred.path("port").asInt(5432));
            } catch (NetworkRefusedException e) {
                throw e.by(name, item);
            } catch (UnknownHostException e) {
                throw NodeException.operational(who + ": the host '" + host + "' could not be resolved", e);
            }
        }
        return new Target(
                cred, policy, who, table, id, vector, content, metadata, operator, collection, collectionTable, filter);
    }

    private static String column(NodeParameters ctx, String key, String fallback, int item) {
        String path = "options.columnNames.values." + key;
        return identifier(ctx.node().name(), path, ctx.param(path, item, String.class, fallback), COLUMN, item);
    }

    private static String identifier(String node, String param, String value, Pattern pattern, int item) {
        String v = value == null ? "" : value.trim();
        if (!pattern.matcher(v).matches()) {
            throw NodeException.user(
                    "'" + node + "': parameter '" + param + "': '" + v
                            + "' is not an SQL name (letters, digits, _ and $"
                            + (pattern == TABLE ? ", optionally schema.table)" : ")"),
                    item);
        }
        StringBuilder sb = new StringBuilder();
        for (String part : v.split("\\.")) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append('"').append(part).append('"');
        }
        return sb.toString();
    }

    private static <T> T sql(NodeResources ctx, Target t, int item, PgPools.SqlWork<T> work) {
        PgPools pools = ctx.service(PgPools.class).orElseGet(PgPools::shared);
        try {
            return pools.withConnection(t.cred(), 30, t.policy(), work);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String msg = t.who() + ": " + e.getMessage();
            if (state.startsWith("08") || state.startsWith("57") || state.startsWith("53")) {
                throw NodeException.operational(msg, e);
            }
            throw NodeException.user(msg, item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw NodeException.user("the execution was canceled", item);
        }
    }

    /** The extension, the tables (as LangChain JS creates them) and the collection's id, or null. */
    private static String ensure(Connection c, Target t) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS vector");
            if (t.collection() != null) {
                st.execute("CREATE TABLE IF NOT EXISTS " + t.collectionTable()
                        + " (uuid uuid NOT NULL PRIMARY KEY, name character varying, cmetadata jsonb)");
            }
            st.execute("CREATE TABLE IF NOT EXISTS " + t.table() + " (" + t.id() + " uuid NOT NULL PRIMARY KEY, "
                    + t.content() + " text, " + t.metadata() + " jsonb, " + t.vector() + " vector"
                    + (t.collection() != null ? ", collection_id uuid" : "") + ")");
        }
        return t.collection() == null ? null : collectionId(c, t, true);
    }

    private static String collectionId(Connection c, Target t, boolean create) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("SELECT uuid FROM " + t.collectionTable() + " WHERE name = ? LIMIT 1")) {
            st.setString(1, t.collection());
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
        }
        if (!create) {
            return null;
        }
        String id = UUID.randomUUID().toString();
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO " + t.collectionTable() + " (uuid, name, cmetadata) VALUES (?::uuid, ?, '{}'::jsonb)")) {
            st.setString(1, id);
            st.setString(2, t.collection());
            st.executeUpdate();
        }
        return id;
    }

    static String vectorLiteral(float[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(v[i]);
        }
        return sb.append(']').toString();
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        String mode = mode(ctx);
        return switch (mode) {
            case "insert" -> insert(ctx);
            case "load" -> VectorSupply.load(ctx, PgVectorStoreNode::search);
            default -> throw VectorSupply.subNodeOnly(ctx, mode);
        };
    }

    private NodeResult insert(NodeContext ctx) {
        List<Item> out = new ArrayList<>();
        for (int item = 0; item < ctx.items().size(); item++) {
            Target t = target(ctx, item);
            DocumentLoader loader = ctx.attachedOne(
                            ConnectionTypes.AI_DOCUMENT, item, DocumentLoader.class, "a document loader")
                    .value();
            Embedder embedder = ctx.attachedOne(
                            ConnectionTypes.AI_EMBEDDING, item, Embedder.class, "an embeddings model")
                    .value();
            List<Doc> docs = loader.load(ctx.items().get(item), item);
            if (docs.isEmpty()) {
                continue;
            }
            List<float[]> vectors =
                    embedder.embed(docs.stream().map(Doc::pageContent).toList(), item);
            sql(ctx, t, item, c -> {
                String collectionId = ensure(c, t);
                c.setAutoCommit(false);
                try (PreparedStatement st = c.prepareStatement("INSERT INTO " + t.table() + " (" + t.id() + ", "
                        + t.content() + ", " + t.metadata() + ", " + t.vector()
                        + (collectionId != null ? ", collection_id" : "") + ") VALUES (?::uuid, ?, ?::jsonb, ?::vector"
                        + (collectionId != null ? ", ?::uuid" : "") + ")")) {
                    for (int i = 0; i < docs.size(); i++) {
                        st.setString(1, UUID.randomUUID().toString());
                        st.setString(2, docs.get(i).pageContent().replace("\0", ""));
                        st.setString(3, docs.get(i).metadata().toString());
                        st.setString(4, vectorLiteral(vectors.get(i)));
                        if (collectionId != null) {
                            st.setString(5, collectionId);
                        }
                        st.addBatch();
                    }
                    st.executeBatch();
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
                return null;
            });
            for (Doc d : docs) {
                out.add(PerItem.paired(Item.of(d.toJson()), item));
            }
        }
        ctx.log("inserted " + out.size() + " chunk(s)");
        return NodeResult.of(out);
    }

    private static List<MemoryVectorStore.Match> search(NodeContext ctx, int item, String query, int topK) {
        Target t = target(ctx, item);
        Embedder embedder = ctx.attachedOne(ConnectionTypes.AI_EMBEDDING, item, Embedder.class, "an embeddings model")
                .value();
        String vector = vectorLiteral(embedder.embed(List.of(query), item).getFirst());
        return sql(ctx, t, item, c -> {
            String collectionId = ensure(c, t);
            List<String> where = new ArrayList<>();
            if (collectionId != null) {
                where.add("collection_id = ?::uuid");
            }
            // as LangChain JS's PGVector filter: each metadata field equals the value, compared as text
            t.filter().keySet().forEach(k -> where.add(t.metadata() + "->>? = ?"));
            String sql = "SELECT " + t.content() + ", " + t.metadata() + ", " + t.vector() + " " + t.operator()
                    + " ?::vector AS _distance FROM " + t.table()
                    + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY _distance LIMIT ?";
            List<MemoryVectorStore.Match> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(sql)) {
                int p = 1;
                st.setString(p++, vector);
                if (collectionId != null) {
                    st.setString(p++, collectionId);
                }
                for (var f : t.filter().entrySet()) {
                    st.setString(p++, f.getKey());
                    st.setString(p++, f.getValue());
                }
                st.setInt(p, topK);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        String md = rs.getString(2);
                        JsonNode meta;
                        try {
                            meta = md == null ? Json.object() : Json.reader().readTree(md);
                        } catch (Exception e) {
                            meta = Json.object();
                        }
                        out.add(new MemoryVectorStore.Match(
                                new Doc(rs.getString(1), meta.isObject() ? (ObjectNode) meta : Json.object()),
                                rs.getDouble(3)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        return VectorSupply.supply(ctx, connectionType, item, mode(ctx), PgVectorStoreNode::search);
    }
}
