package io.hetumind.nodes.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NetworkRefusedException;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.OptionLoader;
import io.hetumind.nodes.credentials.PostgresCredential;
import io.hetumind.nodes.credentials.Secrets;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL (n8n v2 shapes; v1, the legacy node, in {@link PgLegacy}): one statement per input item over a pooled connection. Query batching
 * {@code single}/{@code transaction} runs all items in one transaction (all or nothing);
 * {@code independently} commits each item on its own, so per-item failures can become error items.
 */
public final class PostgresNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = PostgresDescriptor.build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Map<String, OptionLoader> optionLoaders() {
        return PgOptionLoaders.all();
    }

    @Override
    public NodeResult execute(NodeContext ctx) throws InterruptedException {
        ObjectNode cred = ctx.credentials("postgres")
                .orElseThrow(() -> NodeException.user("credentials of type 'postgres' are not set for this node"));
        Secrets secrets = Secrets.of(PostgresCredential.DESCRIPTOR, cred);
        List<Item> items = ctx.items();
        if (items.isEmpty()) {
            return NodeResult.empty();
        }
        boolean legacy = ctx.node().typeVersion() < 2;
        String batching = legacy ? "single" : ctx.param("options.queryBatching", 0, String.class, "single");
        int connectTimeout = legacy ? 30 : ctx.param("options.connectionTimeout", 0, Integer.class, 30);
        long statementTimeout = legacy ? 0 : ctx.param("options.statementTimeout", 0, Long.class, 0L);
        int keepAliveDelay = legacy ? 0 : ctx.param("options.delayClosingIdleConnection", 0, Integer.class, 0);
        NetworkPolicy policy = ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll);
        checkHost(policy, cred);
        PgPool pool = ctx.service(PgPools.class)
                .orElseGet(PgPools::shared)
                .pool(cred, connectTimeout, keepAliveDelay, policy);
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        try (PgPool.Lease lease = pool.borrow()) {
            Connection c = lease.connection();
            c.setAutoCommit(false);
            try {
                if (legacy) {
                    try {
                        return PgLegacy.run(ctx, c);
                    } catch (NodeException e) {
                        throw secrets.redact(e);
                    }
                }
                if ("independently".equals(batching)) {
                    for (int i = 0; i < items.size() && !ctx.canceled(); i++) {
                        try {
                            timeout(c, statementTimeout);
                            out.addAll(paired(run(ctx, c, i), i));
                            c.commit();
                        } catch (SQLException | NodeException e) {
                            c.rollback();
                            NodeException err = secrets.redact(PgErrors.of(e, i));
                            if (!ctx.continueOnFail()) {
                                throw err;
                            }
                            errors.add(
                                    new Item(Json.object().put("error", err.getMessage()), null, new PairedItem(i, 0)));
                        }
                    }
                } else {
                    timeout(c, statementTimeout);
                    for (int i = 0; i < items.size() && !ctx.canceled(); i++) {
                        try {
                            out.addAll(paired(run(ctx, c, i), i));
                        } catch (SQLException | NodeException e) {
                            c.rollback();
                            throw secrets.redact(PgErrors.of(e, i));
                        }
                    }
                    c.commit();
                }
            } catch (SQLException e) {
                lease.markBroken();
                throw e;
            }
        } catch (SQLException e) {
            throw secrets.redact(PgErrors.of(e, -1));
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    /** A clear refusal before any connection; the pool's sockets check again when they connect. */
    static void checkHost(NetworkPolicy policy, ObjectNode cred) {
        if (policy.allowsEverything() || cred.path("sshTunnel").asBoolean(false)) {
            // through a tunnel the policy checks the SSH server when the tunnel opens
            return;
        }
        String host = PgPools.host(cred);
        try {
            policy.resolve(host, PgPools.port(cred));
        } catch (NetworkRefusedException e) {
            throw e.by("Postgres", -1);
        } catch (UnknownHostException e) {
            throw NodeException.operational("The host '" + host + "' could not be resolved", null);
        }
    }

    private static void timeout(Connection c, long ms) throws SQLException {
        if (ms > 0) {
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL statement_timeout = " + ms);
            }
        }
    }

    private static List<ObjectNode> run(NodeContext ctx, Connection c, int i) throws SQLException {
        PgParams p = new PgParams(ctx, i);
        boolean large = "numbers".equals(ctx.param("options.largeNumbersOutput", i, String.class, "text"));
        String op = ctx.param("operation", i, String.class, "insert");
        PgTableOps table = new PgTableOps(c, p, large);
        return switch (op) {
            case "executeQuery" -> PgQuery.run(c, p, large);
            case "select" -> table.select();
            case "insert" -> table.insert();
            case "update" -> table.update();
            case "upsert" -> table.upsert();
            case "deleteTable" -> table.deleteTable();
            default ->
                throw NodeException.user(
                        "parameter 'operation': '" + op + "' is not supported (executeQuery, select,"
                                + " insert, update, upsert, deleteTable) [item " + i + "]",
                        i);
        };
    }

    private static List<Item> paired(List<ObjectNode> rows, int i) {
        List<Item> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(new Item(r, null, new PairedItem(i, 0))));
        return out;
    }

    /** Maps driver errors to node errors by SQLSTATE class: connection and resource trouble is retryable. */
    static final class PgErrors {
        private PgErrors() {}

        static NodeException of(Exception e, int i) {
            if (e instanceof NodeException ne) {
                return ne;
            }
            SQLException s = (SQLException) e;
            String state = s.getSQLState() == null ? "" : s.getSQLState();
            boolean operational = state.startsWith("08")
                    || state.startsWith("53")
                    || state.startsWith("57P")
                    || state.startsWith("40")
                    || state.isEmpty();
            String where = i >= 0 ? " [item " + i + "]" : "";
            String message = "Postgres: "
                    + String.valueOf(s.getMessage()).lines().findFirst().orElse("") + where;
            return new NodeException(
                    operational ? ErrorKind.OPERATIONAL : ErrorKind.USER, message, i, "SQLSTATE " + state, null);
        }
    }
}
