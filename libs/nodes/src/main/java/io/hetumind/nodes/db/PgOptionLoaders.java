package io.hetumind.nodes.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.OptionLoader;
import io.hetumind.core.spi.OptionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Postgres node's design-time choices: the schemas of the database and the tables of a schema. */
final class PgOptionLoaders {

    static final String SCHEMAS = "schemas";
    static final String TABLES = "tables";
    static final String COLUMNS = "columns";

    private PgOptionLoaders() {}

    static Map<String, OptionLoader> all() {
        return Map.of(
                SCHEMAS,
                r -> list(
                        r,
                        "SELECT schema_name FROM information_schema.schemata WHERE schema_name NOT IN"
                                + " ('pg_catalog', 'information_schema') AND schema_name NOT LIKE 'pg\\_%'"
                                + " ORDER BY 1"),
                TABLES,
                r -> list(
                        r,
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1",
                        schema(r.parameters())),
                COLUMNS,
                r -> list(
                        r,
                        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                                + " ORDER BY ordinal_position",
                        schema(r.parameters()),
                        name(r.parameters(), "table", "")));
    }

    private static List<OptionSpec> list(OptionLoader.Request r, String sql, String... args) throws Exception {
        ObjectNode cred = r.credentials().get("postgres");
        if (cred == null) {
            throw new IllegalArgumentException("credentials of type 'postgres' are not set for this node");
        }
        int timeout = r.parameters().path("options").path("connectionTimeout").asInt(30);
        List<OptionSpec> out = new ArrayList<>();
        // the host's policy, as the node's run gets it: a designer's list is no way around it
        NetworkPolicy policy = r.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll);
        PostgresNode.checkHost(policy, cred);
        try (PgPool.Lease lease = PgPools.shared().pool(cred, timeout, policy).borrow()) {
            Connection c = lease.connection();
            try (PreparedStatement st = c.prepareStatement(sql)) {
                for (int k = 0; k < args.length; k++) {
                    st.setString(k + 1, args[k]);
                }
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(OptionSpec.of(rs.getString(1), rs.getString(1)));
                    }
                }
            }
        }
        return out;
    }

    /** The schema a list is for; "public" when unset. */
    private static String schema(JsonNode params) {
        return name(params, "schema", "public");
    }

    /** A locator parameter's name: text or a resource locator's value; {@code fallback} when unset. */
    private static String name(JsonNode params, String parameter, String fallback) {
        JsonNode s = params.path(parameter);
        String name = s.isObject() ? s.path("value").asText("") : s.asText("");
        if (name.startsWith("=")) {
            throw new IllegalArgumentException(
                    "parameter '" + parameter + "' is an expression: pick or type a " + parameter + " name");
        }
        return name.isEmpty() ? fallback : name;
    }
}
