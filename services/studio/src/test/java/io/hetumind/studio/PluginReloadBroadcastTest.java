package io.hetumind.studio;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.core.spi.NodeType;
import io.hetumind.studio.engine.PluginReloadNotices;
import io.hetumind.studio.testsupport.InstanceAdmins;
import io.hetumind.studio.testsupport.TestPlugins;
import io.hetumind.testkit.IamAndDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A reload reaches every studio process sharing the database: the answering one sends a notice on
 * {@code hetumind_plugin_reload}, and this process, hearing a real {@code NOTIFY} from "another replica" over JDBC,
 * reloads its own plugins directory without anyone calling its endpoint; its own notice it ignores.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class PluginReloadBroadcastTest {

    private static final String JAR = "acme-relay.jar";

    private static final String NODE =
            """
            package acme.relay;

            import io.hetumind.core.spi.*;

            public final class RelayNode implements NodeType {
                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("acme-relay.relay").displayName("Relay VERSION").build();
                }

                public NodeResult execute(NodeContext ctx) {
                    return NodeResult.of(ctx.items());
                }
            }
            """;

    @Inject
    DataSource db;

    @Inject
    PluginReloadNotices notices;

    @Inject
    MeterRegistry meters;

    private static void relay(String version) throws Exception {
        TestPlugins.build(
                TestPlugins.DIR,
                JAR,
                Map.of("acme.relay.RelayNode", NODE.replace("VERSION", version)),
                Map.of(
                        "META-INF/services/" + NodeType.class.getName(),
                        "acme.relay.RelayNode\n",
                        "META-INF/hetumind-plugin.properties",
                        "name=acme-relay\nversion=" + version + "\nsdk-version=1.0.0\n"));
    }

    private void notify(String payload) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, PluginReloadNotices.CHANNEL);
            ps.setString(2, payload);
            ps.execute();
        }
    }

    private static List<String> loaded(String admin) {
        return given().auth()
                .oauth2(admin)
                .get("/api/v1/plugins")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("loaded.plugin", String.class);
    }

    /** Waits up to 20 s for this process's plugins to include {@code label}; returns them. */
    private static List<String> awaitLoaded(String admin, String label) throws InterruptedException {
        long until = System.currentTimeMillis() + 20_000;
        List<String> now = loaded(admin);
        while (!now.contains(label) && System.currentTimeMillis() < until) {
            Thread.sleep(100);
            now = loaded(admin);
        }
        return now;
    }

    private double notices(String outcome) {
        Counter c = meters.find("hetumind.plugins.reload.notices")
                .tag("outcome", outcome)
                .counter();
        return c == null ? 0 : c.count();
    }

    private double reloads(String outcome, String source) {
        Counter c = meters.find("hetumind.plugins.reloads")
                .tag("outcome", outcome)
                .tag("source", source)
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aReloadAnswersThatItToldTheOthersAndItsNoticeIsOnTheChannel() throws Exception {
        String admin = InstanceAdmins.token(db);
        List<String> heard = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("LISTEN " + PluginReloadNotices.CHANNEL);
            }
            given().auth()
                    .oauth2(admin)
                    .post("/api/v1/plugins/reload")
                    .then()
                    .statusCode(200)
                    .body("broadcast", equalTo(true));
            long until = System.currentTimeMillis() + 10_000;
            PGConnection pg = c.unwrap(PGConnection.class);
            while (!heard.contains(notices.origin()) && System.currentTimeMillis() < until) {
                PGNotification[] got = pg.getNotifications(500);
                if (got != null) {
                    for (PGNotification n : got) {
                        heard.add(n.getParameter());
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("UNLISTEN *");
            }
        }
        assertThat(heard).contains(notices.origin());
    }

    @Test
    void aNoticeFromAnotherProcessReloadsThisOneAndItsOwnNoticeDoesNot() throws Exception {
        String admin = InstanceAdmins.token(db);
        try {
            relay("1.0.0");
            double changedBefore = reloads("changed", "notice");
            notify(UUID.randomUUID().toString()); // another replica reloaded and tells the others
            assertThat(awaitLoaded(admin, "acme-relay@1.0.0")).contains("acme-relay@1.0.0", TestPlugins.LABEL);
            given().auth()
                    .oauth2(admin)
                    .get("/api/v1/node-types/acme-relay.relay")
                    .then()
                    .statusCode(200)
                    .body("plugin", equalTo("acme-relay@1.0.0"));
            assertThat(reloads("changed", "notice")).isEqualTo(changedBefore + 1);

            // v2 is on disk, but a notice of this process's own is not a reason to reload
            relay("2.0.0");
            double own = notices("own");
            notify(notices.origin());
            long until = System.currentTimeMillis() + 10_000;
            while (notices("own") == own && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
            assertThat(notices("own")).isEqualTo(own + 1);
            Thread.sleep(300); // a reload it wrongly started would have finished by now
            assertThat(loaded(admin)).contains("acme-relay@1.0.0").doesNotContain("acme-relay@2.0.0");

            notify("from psql"); // any other payload asks for a reload
            assertThat(awaitLoaded(admin, "acme-relay@2.0.0"))
                    .contains("acme-relay@2.0.0")
                    .doesNotContain("acme-relay@1.0.0");
            given().auth()
                    .oauth2(admin)
                    .get("/api/v1/node-types/acme-relay.relay")
                    .then()
                    .body("plugin", equalTo("acme-relay@2.0.0"));
        } finally {
            if (Files.deleteIfExists(TestPlugins.DIR.resolve(JAR))) {
                given().auth()
                        .oauth2(admin)
                        .post("/api/v1/plugins/reload"); // the other tests see the directory as it was
            }
        }
    }
}
