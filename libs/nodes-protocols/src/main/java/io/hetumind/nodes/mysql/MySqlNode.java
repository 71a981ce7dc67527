package io.hetumind.nodes.mysql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.credentials.Secrets;
import io.hetumind.nodes.mysql.MySql.Numbers;
import io.hetumind.nodes.mysql.MySql.Query;
import io.hetumind.nodes.net.TlsClient;
import io.hetumind.nodes.protocols.Endpoints;
import io.hetumind.nodes.ssh.SshTunnel;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * MySQL (n8n v1 and v2 … v2.5) over one connection per node run to a MySQL or MariaDB server.
 * Every value goes to the server as a bound parameter and every table or column name is quoted and
 * checked ({@link MySql#id}). v2 query batching: {@code single} runs the items' queries one after
 * the other (autocommit), {@code independently} the same but a failing item can become an error item,
 * {@code transaction} all in one transaction rolled back on the first failure.
 */
public final class MySqlNode implements NodeType {

    public static final String TYPE = "hetumind.mySql";

    private static final NodeDescriptor DESCRIPTOR = MySqlDescriptor.build();
    private static final Set<String> CONDITIONS =
            Set.of("equal", "=", "!=", "LIKE", ">", "<", ">=", "<=", "IS NULL", "IS NOT NULL");

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** What one item (or, for a single-query insert, all items) runs: statements and the item they pair to. */
    private record Plan(int item, List<Query> queries) {}

    /** One statement's outcome: rows, or the affected-rows header mysql2 returns for other statements. */
    private record Outcome(String sql, boolean select, List<ObjectNode> rows, ObjectNode header) {}

    @Override
    public NodeResult execute(NodeContext ctx) {
        ObjectNode cred = ctx.credentials("mySql")
                .orElseThrow(() -> NodeException.user("credentials of type 'mySql' are not set for this node"));
        Secrets secrets = Secrets.of(MySqlCredential.DESCRIPTOR, cred);
        List<Item> items = ctx.items();
        if (items.isEmpty()) {
            return NodeResult.empty();
        }
        double version = ctx.node().typeVersion();
        try {
            int option = version >= 2 ? ctx.param("options.connectionTimeoutMillis", 0, Integer.class, 0) : 0;
            int timeout = Math.max(
                    1, option > 0 ? option : cred.path("connectTimeout").asInt(10_000));
            // the tunnel (if any) closes after the connection
            try (SshTunnel tunnel = tunnel(ctx, cred, timeout);
                    Connection c = connect(ctx, cred, version, timeout, tunnel)) {
                return version < 2 ? v1(ctx, c, items, secrets) : v2(ctx, c, items, version, secrets);
            } catch (SQLException e) {
                throw sqlError(e, -1);
            }
        } catch (NodeException e) {
            throw secrets.redact(e);
        }
    }

    // ------------------------------------------------------------------ connection

    /**
     * The credential's SSH tunnel to its host and port, or null without one: the network policy checks the SSH server;
     * the database host is the SSH server's to reach.
     */
    private static SshTunnel tunnel(NodeContext ctx, ObjectNode cred, int timeoutMs) {
        SshTunnel.Settings ssh = SshTunnel.Settings.of("mySql", cred).orElse(null);
        if (ssh == null) {
            return null;
        }
        String host = Endpoints.host("mySql", cred.path("host").asText("localhost"));
        int port = Endpoints.port("mySql", cred.path("port").asInt(3306));
        NetworkPolicy policy = ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll);
        return SshTunnel.open(ssh, policy, "MySQL", host, port, Duration.ofMillis(timeoutMs));
    }

    private static Connection connect(NodeContext ctx, ObjectNode cred, double version, int timeout, SshTunnel tunnel) {
        String host = Endpoints.host("mySql", cred.path("host").asText("localhost"));
        int port = Endpoints.port("mySql", cred.path("port").asInt(3306));
        TlsClient tls = MySqlTls.of(cred, host);
        // through a tunnel the driver dials its loopback end; TLS still checks the credential's host name
        InetSocketAddress dial = tunnel != null
                ? tunnel.localAddress()
                : new InetSocketAddress(Endpoints.resolve(ctx, "MySQL", host, port), port);
        Properties p = new Properties();
        p.setProperty("user", cred.path("user").asText("mysql"));
        p.setProperty("password", cred.path("password").asText(""));
        p.setProperty("connectTimeout", String.valueOf(Math.max(1, timeout)));
        p.setProperty("tinyInt1isBit", "false");
        p.setProperty("yearIsDateType", "false");
        p.setProperty(
                "allowMultiQueries",
                String.valueOf(version < 2 && cred.path("multipleStatements").asBoolean(false)));
        if (tls != null) {
            // verify-full: a server without TLS is refused; the plugin checks the certificate and name
            p.setProperty("sslMode", "verify-full");
            p.setProperty("tlsSocketType", PinnedTlsPlugin.TYPE);
        }
        String database = cred.path("database").asText("");
        String url = "jdbc:mariadb://" + Endpoints.literal(dial.getAddress()) + ":" + dial.getPort() + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
        try {
            // the driver is on this module's class path but may not be visible to DriverManager's loader
            org.mariadb.jdbc.Driver driver = new org.mariadb.jdbc.Driver();
            return tls == null ? driver.connect(url, p) : PinnedTlsPlugin.with(tls, () -> driver.connect(url, p));
        } catch (SQLException e) {
            String refusal = tunnel == null ? null : tunnel.refusal(Duration.ofMillis(timeout));
            if (refusal != null) {
                throw NodeException.operational(refusal, null);
            }
            String failure = tls == null ? null : tls.failure(e);
            if (failure == null && tls != null && String.valueOf(e.getMessage()).contains("ssl not enabled")) {
                failure = "the server does not offer TLS (turn SSL off, or enable TLS on the server)";
            }
            if (failure != null) {
                throw new NodeException(
                        TlsClient.kind(failure),
                        "could not connect to MySQL at " + host + ":" + port + ": " + failure,
                        -1,
                        null,
                        null);
            }
            int code = e.getErrorCode();
            // 1045 access denied, 1044 no access to the database, 1049 unknown database
            boolean user = code == 1045 || code == 1044 || code == 1049 || "28000".equals(e.getSQLState());
            throw new NodeException(
                    user ? ErrorKind.USER : ErrorKind.OPERATIONAL,
                    "could not connect to MySQL at " + host + ":" + port + ": " + reason(e),
                    -1,
                    null,
                    null);
        }
    }

    private static String reason(SQLException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof java.net.ConnectException) {
            return "Connection refused";
        }
        if (t instanceof java.net.SocketTimeoutException) {
            return "no answer in time";
        }
        String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        // the driver prefixes its own context ("(conn=12) …", "Socket fail to connect to …")
        return m.replaceFirst("^\\(conn=\\d+\\) ", "");
    }

    private static NodeException sqlError(Exception e, int item) {
        if (e instanceof NodeException ne) {
            return ne;
        }
        SQLException s = (SQLException) e;
        String state = s.getSQLState() == null ? "" : s.getSQLState();
        boolean operational = state.startsWith("08") || state.startsWith("40") || state.startsWith("HY");
        return new NodeException(
                operational ? ErrorKind.OPERATIONAL : ErrorKind.USER,
                "MySQL: " + reason(s) + MySql.at(item),
                item,
                "code: " + s.getErrorCode() + ", SQLSTATE " + state,
                null);
    }

    // ------------------------------------------------------------------ version 2.x

    private static NodeResult v2(NodeContext ctx, Connection c, List<Item> items, double version, Secrets secrets)
            throws SQLException {
        JsonNode options = tree(ctx, "options", 0);
        String operation = ctx.param("operation", 0, String.class, "insert");
        String batching = options.path("queryBatching").asText("single");
        if (batching.isEmpty()) {
            batching = "single";
        }
        if (!Set.of("single", "independently", "transaction").contains(batching)) {
            throw NodeException.user("option 'queryBatching': '" + batching + "' is not supported (single,"
                    + " independently, transaction)");
        }
        List<Item> input = options.path("replaceEmptyStrings").asBoolean(false) ? withNulls(items) : items;
        List<Plan> plans =
                switch (operation) {
                    case "executeQuery" -> executeQuery(ctx, input, version);
                    case "insert" -> insert(ctx, input, batching);
                    case "update" -> update(ctx, input);
                    case "upsert" -> upsert(ctx, input);
                    case "select" -> select(ctx, input);
                    case "deleteTable" -> deleteTable(ctx, input);
                    default ->
                        throw NodeException.user("The operation \"" + operation + "\" is not supported! (executeQuery,"
                                + " insert, update, upsert, select, deleteTable)");
                };
        Numbers numbers = Numbers.v2(
                options.path("largeNumbersOutput").asText("text"),
                options.path("decimalNumbers").asBoolean(false));
        boolean detailed = options.path("detailedOutput").asBoolean(false);
        return run(ctx, c, plans, batching, numbers, detailed, version, secrets);
    }

    private static NodeResult run(
            NodeContext ctx,
            Connection c,
            List<Plan> plans,
            String batching,
            Numbers numbers,
            boolean detailed,
            double version,
            Secrets secrets)
            throws SQLException {
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        if (batching.equals("single")) {
            // n8n sends every item's query as one multi-statement text: one result, paired to the items
            List<Outcome> all = new ArrayList<>();
            try {
                for (Plan plan : plans) {
                    for (Query q : plan.queries()) {
                        all.add(exec(c, q, numbers, plan.item()));
                    }
                }
            } catch (SQLException | NodeException e) {
                NodeException err = secrets.redact(sqlError(e, -1));
                if (!ctx.continueOnFail()) {
                    throw err;
                }
                errors.add(
                        Item.of(Json.object().put("message", err.getMessage()).put("error", err.getMessage())));
                return NodeResult.withErrors(List.of(out), errors);
            }
            out.addAll(output(all, detailed, version, 0));
            return NodeResult.withErrors(List.of(out), errors);
        }
        boolean transaction = batching.equals("transaction");
        c.setAutoCommit(!transaction);
        for (Plan plan : plans) {
            List<Outcome> outcomes = new ArrayList<>();
            try {
                for (Query q : plan.queries()) {
                    outcomes.add(exec(c, q, numbers, plan.item()));
                }
                out.addAll(output(outcomes, detailed, version, plan.item()));
            } catch (SQLException | NodeException e) {
                if (transaction) {
                    c.rollback();
                }
                NodeException err = secrets.redact(sqlError(e, plan.item()));
                if (!ctx.continueOnFail()) {
                    throw err;
                }
                errors.add(errorItem(plan, err));
                if (transaction) {
                    // n8n stops at the failed item: the transaction is rolled back already
                    return NodeResult.withErrors(List.of(out), errors);
                }
            }
        }
        if (transaction) {
            c.commit();
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    /** n8n's error item of a failed item's query: the message, the query and values, the item index. */
    private static Item errorItem(Plan plan, NodeException err) {
        ObjectNode json = Json.object().put("message", err.getMessage()).put("error", err.getMessage());
        if (!plan.queries().isEmpty()) {
            Query q = plan.queries().getFirst();
            ObjectNode item = json.putObject("item").put("query", q.sql());
            ArrayNode values = item.putArray("values");
            q.values().forEach(values::add);
        }
        json.put("itemIndex", plan.item());
        return new Item(json, null, new PairedItem(plan.item(), 0));
    }

    private static Outcome exec(Connection c, Query q, Numbers numbers, int item) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql(), Statement.RETURN_GENERATED_KEYS)) {
            MySql.bind(ps, q.values());
            boolean rows = ps.execute();
            String shown = MySql.display(q);
            boolean select = isSelect(q.sql());
            if (rows) {
                try (ResultSet rs = ps.getResultSet()) {
                    return new Outcome(shown, select, MySql.rows(rs, numbers), null);
                }
            }
            return new Outcome(shown, select, null, header(ps));
        }
    }

    /** The part of mysql2's ResultSetHeader a JDBC driver can tell. */
    private static ObjectNode header(Statement st) throws SQLException {
        ObjectNode h = Json.object().put("fieldCount", 0).put("affectedRows", Math.max(0, st.getUpdateCount()));
        long insertId = 0;
        try (ResultSet keys = st.getGeneratedKeys()) {
            if (keys != null && keys.next()) {
                insertId = keys.getLong(1);
            }
        } catch (SQLException e) {
            // no generated keys for this statement
        }
        h.put("insertId", insertId);
        int warnings = 0;
        for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
            warnings++;
        }
        h.put("warningStatus", warnings);
        return h;
    }

    private static boolean isSelect(String sql) {
        return sql.replaceAll("(?s)/\\*.*?\\*/", "")
                .replace("\n", "")
                .strip()
                .toLowerCase(Locale.ROOT)
                .startsWith("select");
    }

    /**
     * n8n's output of a query: each statement's rows (or, with detailed output, {sql, data} per
     * statement); when nothing came out, {@code {success: true}} unless every statement was a
     * SELECT (from v2.2; before, always).
     */
    private static List<Item> output(List<Outcome> outcomes, boolean detailed, double version, int item) {
        List<Item> out = new ArrayList<>();
        PairedItem paired = new PairedItem(Math.max(0, item), 0);
        for (Outcome o : outcomes) {
            if (detailed) {
                ObjectNode json = Json.object().put("sql", o.sql());
                if (o.rows() != null) {
                    ArrayNode data = json.putArray("data");
                    o.rows().forEach(data::add);
                } else {
                    json.set("data", o.header());
                }
                out.add(new Item(json, null, paired));
            } else if (o.rows() != null) {
                o.rows().forEach(r -> out.add(new Item(r, null, paired)));
            }
        }
        if (out.isEmpty()) {
            boolean allSelect = !outcomes.isEmpty() && outcomes.stream().allMatch(Outcome::select);
            if (version < 2.2 || !allSelect) {
                out.add(new Item(Json.object().put("success", true), null, paired));
            }
        }
        return out;
    }

    private static List<Plan> executeQuery(NodeContext ctx, List<Item> items, double version) {
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String query = ctx.param("query", i, String.class, "");
            if (query.isBlank()) {
                throw NodeException.user("parameter 'query' is empty" + MySql.at(i), i);
            }
            JsonNode r = tree(ctx, "options", i).path("queryReplacement");
            List<JsonNode> replacements = new ArrayList<>();
            if (r.isTextual()) {
                if (!r.asText().isEmpty()) {
                    for (String part : r.asText().split(",", -1)) {
                        replacements.add(Json.F.textNode(part.strip()));
                    }
                }
            } else if (r.isArray()) {
                r.forEach(replacements::add);
            } else if (r.isObject() && r.path("values").isArray()) {
                // the fixed-collection form some versions saved: {values: [{value}]}
                r.path("values").forEach(v -> replacements.add(v.path("value")));
            } else if (!r.isMissingNode() && !r.isNull()) {
                throw NodeException.user(
                        "Query Replacement must be a string of comma-separated values, or an array of values"
                                + MySql.at(i),
                        i);
            }
            List<Query> queries = new ArrayList<>();
            for (String statement : MySql.statements(query)) {
                queries.add(MySql.parameters(statement, replacements, version, i));
            }
            plans.add(new Plan(i, queries));
        }
        return plans;
    }

    private static String table(NodeParameters ctx, int i) {
        JsonNode v = ctx.paramTree("table", i);
        if (v != null && v.isObject()) {
            v = v.get("value");
        }
        String s = v == null || v.isNull() ? "" : v.asText("");
        return MySql.id(s, "parameter 'table'", i);
    }

    /** Column → value of one item: its JSON (auto-map) or the Values to Send (manual). */
    private static ObjectNode row(NodeContext ctx, Item item, int i) {
        String mode = ctx.param("dataMode", i, String.class, "autoMapInputData");
        if (mode.equals("autoMapInputData")) {
            return item.json();
        }
        if (!mode.equals("defineBelow")) {
            throw NodeException.user("parameter 'dataMode': '" + mode + "' is not supported" + MySql.at(i), i);
        }
        ObjectNode row = Json.object();
        for (JsonNode v : tree(ctx, "valuesToSend", i).path("values")) {
            row.set(v.path("column").asText(""), v.path("value"));
        }
        return row;
    }

    private static String priorityAndIgnore(JsonNode options, int i) {
        String priority = options.path("priority").asText("");
        if (!priority.isEmpty() && !priority.equals("LOW_PRIORITY") && !priority.equals("HIGH_PRIORITY")) {
            throw NodeException.user("option 'priority': '" + priority + "' is not supported" + MySql.at(i), i);
        }
        String ignore = options.path("skipOnConflict").asBoolean(false) ? "IGNORE" : "";
        return ("INSERT " + priority + " " + ignore).replaceAll(" +", " ").strip();
    }

    private static List<Plan> insert(NodeContext ctx, List<Item> items, String batching) {
        String table = table(ctx, 0);
        if (batching.equals("single")) {
            List<ObjectNode> rows = new ArrayList<>();
            Set<String> columns = new LinkedHashSet<>();
            for (int i = 0; i < items.size(); i++) {
                ObjectNode row = row(ctx, items.get(i), i);
                rows.add(row);
                row.fieldNames().forEachRemaining(columns::add);
            }
            List<JsonNode> values = new ArrayList<>();
            StringBuilder tuples = new StringBuilder();
            String tuple = "(" + String.join(",", java.util.Collections.nCopies(columns.size(), "?")) + ")";
            for (ObjectNode row : rows) {
                tuples.append(tuples.isEmpty() ? "" : ",").append(tuple);
                for (String col : columns) {
                    values.add(row.has(col) ? row.get(col) : Json.F.nullNode());
                }
            }
            String sql = priorityAndIgnore(tree(ctx, "options", 0), 0) + " INTO " + table + " (" + ids(columns, 0)
                    + ") VALUES " + tuples;
            return List.of(new Plan(0, List.of(new Query(sql, values))));
        }
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ObjectNode row = row(ctx, items.get(i), i);
            List<String> columns = new ArrayList<>();
            List<JsonNode> values = new ArrayList<>();
            row.fields().forEachRemaining(f -> {
                columns.add(f.getKey());
                values.add(f.getValue());
            });
            String sql = priorityAndIgnore(tree(ctx, "options", i), i) + " INTO " + table + " (" + ids(columns, i)
                    + ") VALUES (" + String.join(",", java.util.Collections.nCopies(columns.size(), "?")) + ")";
            plans.add(new Plan(i, List.of(new Query(sql, values))));
        }
        return plans;
    }

    private static String ids(Iterable<String> columns, int i) {
        List<String> out = new ArrayList<>();
        for (String c : columns) {
            out.add(MySql.id(c, "column", i));
        }
        return String.join(", ", out);
    }

    private static List<Plan> update(NodeContext ctx, List<Item> items) {
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String table = table(ctx, i);
            String match = ctx.param("columnToMatchOn", i, String.class, "");
            String matchId = MySql.id(match, "parameter 'columnToMatchOn'", i);
            ObjectNode row = row(ctx, items.get(i), i);
            JsonNode matchValue = "defineBelow".equals(ctx.param("dataMode", i, String.class, "autoMapInputData"))
                    ? Json.F.textNode(ctx.param("valueToMatchOn", i, String.class, ""))
                    : row.path(match);
            List<String> sets = new ArrayList<>();
            List<JsonNode> values = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getKey().equals(match)) {
                    sets.add(MySql.id(f.getKey(), "column", i) + " = ?");
                    values.add(f.getValue());
                }
            }
            if (sets.isEmpty()) {
                throw NodeException.user("no column to update besides '" + match + "'" + MySql.at(i), i);
            }
            values.add(matchValue.isMissingNode() ? Json.F.nullNode() : matchValue);
            String sql = "UPDATE " + table + " SET " + String.join(", ", sets) + " WHERE " + matchId + " = ?";
            plans.add(new Plan(i, List.of(new Query(sql, values))));
        }
        return plans;
    }

    private static List<Plan> upsert(NodeContext ctx, List<Item> items) {
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String table = table(ctx, i);
            String match = ctx.param("columnToMatchOn", i, String.class, "");
            MySql.id(match, "parameter 'columnToMatchOn'", i);
            ObjectNode row = row(ctx, items.get(i), i).deepCopy();
            if ("defineBelow".equals(ctx.param("dataMode", i, String.class, "autoMapInputData"))) {
                row.put(match, ctx.param("valueToMatchOn", i, String.class, ""));
            }
            List<String> columns = new ArrayList<>();
            List<JsonNode> values = new ArrayList<>();
            row.fields().forEachRemaining(f -> {
                columns.add(f.getKey());
                values.add(f.getValue());
            });
            List<String> updates = new ArrayList<>();
            for (String col : columns) {
                if (!col.equals(match)) {
                    updates.add(MySql.id(col, "column", i) + " = ?");
                    values.add(row.get(col));
                }
            }
            String sql = "INSERT INTO " + table + "(" + ids(columns, i) + ") VALUES("
                    + String.join(",", java.util.Collections.nCopies(columns.size(), "?")) + ")"
                    + (updates.isEmpty()
                            ? " ON DUPLICATE KEY UPDATE " + MySql.id(match, "column", i) + " = "
                                    + MySql.id(match, "column", i)
                            : " ON DUPLICATE KEY UPDATE " + String.join(", ", updates));
            plans.add(new Plan(i, List.of(new Query(sql, values))));
        }
        return plans;
    }

    private static List<Plan> select(NodeContext ctx, List<Item> items) {
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String table = table(ctx, i);
            JsonNode options = tree(ctx, "options", i);
            List<String> columns = new ArrayList<>();
            options.path("outputColumns").forEach(col -> columns.add(col.asText("")));
            String what = columns.isEmpty() || columns.contains("*") ? "*" : ids(columns, i);
            String sql = (options.path("selectDistinct").asBoolean(false) ? "SELECT DISTINCT " : "SELECT ") + what
                    + " FROM " + table;
            List<JsonNode> values = new ArrayList<>();
            sql += where(ctx, i, values);
            List<String> order = new ArrayList<>();
            for (JsonNode rule : tree(ctx, "sort", i).path("values")) {
                String direction = rule.path("direction").asText("ASC").toUpperCase(Locale.ROOT);
                if (!direction.equals("ASC") && !direction.equals("DESC")) {
                    throw NodeException.user("sort direction '" + direction + "' is not ASC or DESC" + MySql.at(i), i);
                }
                order.add(MySql.id(rule.path("column").asText(""), "sort column", i) + " " + direction);
            }
            if (!order.isEmpty()) {
                sql += " ORDER BY " + String.join(", ", order);
            }
            if (!ctx.param("returnAll", i, Boolean.class, false)) {
                sql += " LIMIT ?";
                values.add(Json.F.numberNode(ctx.param("limit", i, Integer.class, 50)));
            }
            plans.add(new Plan(i, List.of(new Query(sql, values))));
        }
        return plans;
    }

    private static String where(NodeContext ctx, int i, List<JsonNode> values) {
        JsonNode clauses = tree(ctx, "where", i).path("values");
        if (clauses.isEmpty()) {
            return "";
        }
        // top-level in n8n's later versions, inside the options in earlier ones
        String combine = ctx.rawParam("combineConditions") == null
                ? tree(ctx, "options", i).path("combineConditions").asText("AND")
                : ctx.param("combineConditions", i, String.class, "AND");
        String with = "OR".equals(combine) ? " OR " : " AND ";
        List<String> parts = new ArrayList<>();
        int entry = 0;
        for (JsonNode clause : clauses) {
            entry++;
            String condition = clause.path("condition").asText("equal");
            if (!CONDITIONS.contains(condition)) {
                throw NodeException.user(
                        "operator '" + condition + "' in entry " + entry + " of 'Select Rows' is not supported"
                                + MySql.at(i),
                        i);
            }
            String op = condition.equals("equal") ? "=" : condition;
            String column = MySql.id(clause.path("column").asText(""), "column in entry " + entry, i);
            if (op.equals("IS NULL") || op.equals("IS NOT NULL")) {
                parts.add(column + " " + op);
                continue;
            }
            JsonNode value = clause.path("value");
            if (Set.of(">", "<", ">=", "<=").contains(op)) {
                double d;
                try {
                    d = value.isNumber()
                            ? value.asDouble()
                            : Double.parseDouble(value.asText("").strip());
                } catch (NumberFormatException e) {
                    d = Double.NaN;
                }
                if (Double.isNaN(d)) {
                    throw NodeException.user(
                            "Operator in entry " + entry + " of 'Select Rows' works with numbers," + " but value "
                                    + value.asText("") + " is not a number" + MySql.at(i),
                            i);
                }
                value = d == Math.rint(d) && Math.abs(d) < 1e15 ? Json.F.numberNode((long) d) : Json.F.numberNode(d);
            }
            parts.add(column + " " + op + " ?");
            values.add(value.isMissingNode() ? Json.F.textNode("") : value);
        }
        return " WHERE " + String.join(with, parts);
    }

    private static List<Plan> deleteTable(NodeContext ctx, List<Item> items) {
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String table = table(ctx, i);
            String command = ctx.param("deleteCommand", i, String.class, "truncate");
            List<JsonNode> values = new ArrayList<>();
            String sql =
                    switch (command) {
                        case "drop" -> "DROP TABLE IF EXISTS " + table;
                        case "truncate" -> "TRUNCATE TABLE " + table;
                        case "delete" -> "DELETE FROM " + table + where(ctx, i, values);
                        default ->
                            throw NodeException.user(
                                    "Invalid delete command, only drop, delete and truncate are supported"
                                            + MySql.at(i),
                                    i);
                    };
            plans.add(new Plan(i, List.of(new Query(sql, values))));
        }
        return plans;
    }

    private static List<Item> withNulls(List<Item> items) {
        List<Item> out = new ArrayList<>(items.size());
        for (Item item : items) {
            ObjectNode json = item.json().deepCopy();
            json.properties().forEach(f -> {
                if (f.getValue().isTextual() && f.getValue().asText().isEmpty()) {
                    f.setValue(Json.F.nullNode());
                }
            });
            out.add(item.withJson(json));
        }
        return out;
    }

    private static JsonNode tree(NodeParameters ctx, String path, int i) {
        JsonNode t = ctx.paramTree(path, i);
        return t == null ? Json.object() : t;
    }

    // ------------------------------------------------------------------ version 1

    private static NodeResult v1(NodeContext ctx, Connection c, List<Item> items, Secrets secrets) {
        String operation = ctx.param("operation", 0, String.class, "insert");
        try {
            List<Item> out =
                    switch (operation) {
                        case "executeQuery" -> v1Query(ctx, c, items);
                        case "insert" -> List.of(Item.of(v1Insert(ctx, c, items)));
                        case "update" -> v1Update(ctx, c, items);
                        default -> throw NodeException.user("The operation \"" + operation + "\" is not supported!");
                    };
            return NodeResult.of(out);
        } catch (SQLException | NodeException e) {
            NodeException err = secrets.redact(sqlError(e, e instanceof NodeException ne ? ne.itemIndex() : -1));
            if (!ctx.continueOnFail()) {
                throw err;
            }
            // n8n v1 replaces the whole output by one error item
            return NodeResult.withErrors(
                    List.of(List.of()), List.of(Item.of(Json.object().put("error", err.getMessage()))));
        }
    }

    private static List<Item> v1Query(NodeParameters ctx, Connection c, List<Item> items) throws SQLException {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String query = ctx.param("query", i, String.class, "");
            if (query.isBlank()) {
                throw NodeException.user("parameter 'query' is empty" + MySql.at(i), i);
            }
            PairedItem paired = new PairedItem(i, 0);
            try (Statement st = c.createStatement()) {
                boolean rows = st.execute(query, Statement.RETURN_GENERATED_KEYS);
                while (true) {
                    if (rows) {
                        try (ResultSet rs = st.getResultSet()) {
                            MySql.rows(rs, Numbers.V1).forEach(r -> out.add(new Item(r, null, paired)));
                        }
                    } else if (st.getUpdateCount() >= 0) {
                        out.add(new Item(header(st), null, paired));
                    } else {
                        break;
                    }
                    rows = st.getMoreResults();
                }
            } catch (SQLException e) {
                throw sqlError(e, i);
            }
        }
        return out;
    }

    private static List<String> v1Columns(NodeParameters ctx) {
        List<String> columns = new ArrayList<>();
        for (String c : ctx.param("columns", 0, String.class, "").split(",")) {
            columns.add(c.strip());
        }
        return columns;
    }

    private static ObjectNode v1Insert(NodeContext ctx, Connection c, List<Item> items) throws SQLException {
        String table = table(ctx, 0);
        List<String> columns = v1Columns(ctx);
        JsonNode options = tree(ctx, "options", 0);
        String priority = options.path("priority").asText("");
        if (!priority.isEmpty() && !priority.equals("LOW_PRIORITY") && !priority.equals("HIGH_PRIORITY")) {
            throw NodeException.user("option 'priority': '" + priority + "' is not supported");
        }
        String ignore = options.path("ignore").asBoolean(false) ? "IGNORE" : "";
        String tuple = "(" + String.join(",", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        List<JsonNode> values = new ArrayList<>();
        List<String> tuples = new ArrayList<>();
        for (Item item : items) {
            tuples.add(tuple);
            for (String col : columns) {
                JsonNode v = item.json().get(col);
                values.add(v == null ? Json.F.nullNode() : v);
            }
        }
        String sql = ("INSERT " + priority + " " + ignore).replaceAll(" +", " ").strip() + " INTO " + table + "("
                + ids(columns, -1) + ") VALUES " + String.join(",", tuples);
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            MySql.bind(ps, values);
            ps.executeUpdate();
            return header(ps);
        }
    }

    private static List<Item> v1Update(NodeContext ctx, Connection c, List<Item> items) throws SQLException {
        String table = table(ctx, 0);
        String key = ctx.param("updateKey", 0, String.class, "id");
        List<String> columns = v1Columns(ctx);
        if (!columns.contains(key)) {
            columns.addFirst(key);
        }
        String sql = "UPDATE " + table + " SET "
                + String.join(
                        ",",
                        columns.stream()
                                .map(col -> MySql.id(col, "column", -1) + " = ?")
                                .toList())
                + " WHERE " + MySql.id(key, "parameter 'updateKey'", -1) + " = ?";
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<JsonNode> values = new ArrayList<>();
            for (String col : columns) {
                JsonNode v = items.get(i).json().get(col);
                values.add(v == null ? Json.F.nullNode() : v);
            }
            JsonNode k = items.get(i).json().get(key);
            values.add(k == null ? Json.F.nullNode() : k);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                MySql.bind(ps, values);
                ps.executeUpdate();
                out.add(Item.of(header(ps)));
            } catch (SQLException e) {
                throw sqlError(e, i);
            }
        }
        return out;
    }
}
