package io.hetumind.studio.credential;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NetworkRefusedException;
import io.hetumind.core.spi.NodeException;
import io.hetumind.jdbc.sockets.RegisteredSocketFactory;
import io.hetumind.nodes.credentials.Secrets;
import io.hetumind.nodes.db.PgPools;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Tests a {@code postgres} credential: connects with it and runs {@code SELECT 1}, bounded by the test timeout. The
 * host is resolved and checked by the instance's {@link NetworkPolicy} (the one workflows run under), so a tenant
 * cannot probe addresses its workflows could not reach. The driver is given the name (so {@code verify-full} checks the
 * certificate against it) and sockets that resolve it through the policy again when they connect and connect to the
 * address it checked, as the Postgres node's pools do: a name that resolves elsewhere the second time gains nothing.
 */
@ApplicationScoped
public class PostgresTester implements CredentialTester {
    private final CredentialsConfig config;
    private final NetworkPolicy network;

    public PostgresTester(CredentialsConfig config, NetworkPolicy network) {
        this.config = config;
        this.network = network;
    }

    @Override
    public String type() {
        return "postgres";
    }

    @Override
    public Outcome test(CredentialDescriptor type, ObjectNode cred) {
        Secrets secrets = Secrets.of(type, cred);
        String host;
        try {
            host = PgPools.host(cred);
        } catch (NodeException e) {
            return new Outcome(false, e.getMessage());
        }
        String ssl = cred.path("ssl").asText("disable");
        int port = cred.path("port").asInt(5432);
        try {
            network.resolve(host, port);
        } catch (NetworkRefusedException e) {
            return new Outcome(false, e.getMessage());
        } catch (UnknownHostException e) {
            return new Outcome(false, "cannot connect: unknown host " + host);
        }
        int seconds = (int) Math.max(1, config.testTimeout().toSeconds());
        Properties p = new Properties();
        p.setProperty("user", cred.path("user").asText("postgres"));
        if (!cred.path("password").asText("").isEmpty()) {
            p.setProperty("password", cred.path("password").asText());
        }
        p.setProperty("sslmode", ssl);
        p.setProperty("connectTimeout", String.valueOf(seconds));
        p.setProperty("loginTimeout", String.valueOf(seconds));
        p.setProperty("socketTimeout", String.valueOf(seconds));
        p.setProperty("ApplicationName", "hetumind-credential-test");
        String url = "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
                + URLEncoder.encode(cred.path("database").asText("postgres"), StandardCharsets.UTF_8);
        try (RegisteredSocketFactory.Registration sockets =
                        network.allowsEverything() ? null : PgPools.throughPolicy(p, network);
                Connection c = DriverManager.getConnection(url, p);
                Statement s = c.createStatement()) {
            s.setQueryTimeout(seconds);
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
            return new Outcome(true, "connected to " + host + " and ran SELECT 1");
        } catch (SQLException e) {
            return new Outcome(false, secrets.redact("cannot connect: " + e.getMessage()));
        } catch (NodeException e) {
            return new Outcome(false, e.getMessage());
        }
    }
}
