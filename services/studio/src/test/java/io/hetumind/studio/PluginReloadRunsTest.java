package io.hetumind.studio;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.core.spi.NodeType;
import io.hetumind.studio.testsupport.InstanceAdmins;
import io.hetumind.studio.testsupport.TestPlugins;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A plugin reload under load, through the studio: a run in flight on v1 finishes on v1 while new runs get v2, and v1
 * is destroyed only after that run; an active workflow's listening trigger of a changed plugin is closed and opened
 * again with the new version's code. The plugins note what they do in a file named by their {@code NAME.properties}.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class PluginReloadRunsTest {

    /** Notes to the events file; its {@code init}, {@code destroy} and nodes share it. */
    private static final String HOOKS =
            """
            package PKG;

            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;
            import java.util.Map;

            public final class Hooks implements io.hetumind.sdk.PluginLifecycle {
                static volatile Path events;

                public void init(Map<String, String> config) {
                    events = Path.of(config.get("events"));
                }

                public void destroy() throws Exception {
                    note("destroyed VERSION");
                }

                static synchronized void note(String what) throws java.io.IOException {
                    Files.writeString(events, what + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
            """;

    /** Notes its start, waits (up to 60 s) for the file {@code gate} names, notes its end, stamps its version. */
    private static final String HOLD =
            """
            package acme.hold;

            import io.hetumind.core.model.Item;
            import io.hetumind.core.spi.*;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.ArrayList;
            import java.util.List;

            public final class HoldNode implements NodeType {
                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("acme-hold.hold")
                            .displayName("Hold")
                            .property(PropertySpec.string("gate").required())
                            .build();
                }

                public NodeResult execute(NodeContext ctx) throws Exception {
                    Hooks.note("started VERSION");
                    Path gate = Path.of(ctx.param("gate", 0, String.class));
                    long until = System.currentTimeMillis() + 60_000;
                    while (!Files.exists(gate) && System.currentTimeMillis() < until) {
                        Thread.sleep(50);
                    }
                    Hooks.note("finished VERSION");
                    List<Item> out = new ArrayList<>();
                    for (Item it : ctx.items()) {
                        out.add(it.withJson(it.json().deepCopy().put("stamp", "VERSION")));
                    }
                    return NodeResult.of(out);
                }
            }
            """;

    /** A listening trigger that emits one item with its version when it opens, and notes opening and closing. */
    private static final String BEACON =
            """
            package acme.beacon;

            import io.hetumind.core.model.Item;
            import io.hetumind.core.spi.*;
            import io.hetumind.core.spi.trigger.*;
            import java.util.List;

            public final class BeaconTrigger implements NodeType, ListenTrigger {
                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("acme-beacon.beacon")
                            .displayName("Beacon")
                            .trigger(TriggerSpec.of(TriggerKind.LISTEN, "Starts a run when it opens"))
                            .build();
                }

                public String target(TriggerParams params) {
                    return "beacon";
                }

                public AutoCloseable listen(TriggerParams params, ListenContext ctx) throws Exception {
                    Hooks.note("opened VERSION");
                    ctx.emit(List.of(Item.of(Json.object().put("beacon", "VERSION"))));
                    return () -> Hooks.note("closed VERSION");
                }

                public NodeResult execute(NodeContext ctx) {
                    return passEvent(ctx, "Beacon", "a beacon");
                }
            }
            """;

    @Inject
    DataSource db;

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** Writes {@code name.jar} (one node type, the hooks) with {@code name.properties} naming the events file. */
    private static void plugin(String name, String className, String source, String version, Path events)
            throws Exception {
        String pkg = className.substring(0, className.lastIndexOf('.'));
        Path dir = events.getParent();
        Files.writeString(TestPlugins.DIR.resolve(name + ".properties"), "events=" + events + "\n");
        TestPlugins.build(
                TestPlugins.DIR,
                name + ".jar",
                Map.of(
                        className,
                        source.replace("VERSION", version),
                        pkg + ".Hooks",
                        HOOKS.replace("PKG", pkg).replace("VERSION", version)),
                Map.of(
                        "META-INF/services/" + NodeType.class.getName(),
                        className + "\n",
                        "META-INF/services/io.hetumind.sdk.PluginLifecycle",
                        pkg + ".Hooks\n",
                        "META-INF/hetumind-plugin.properties",
                        "name=" + name + "\nversion=" + version + "\nsdk-version=1.0.0\n" + "permissions.files.write="
                                + dir.toAbsolutePath() + "\n"));
    }

    private static List<String> events(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** Waits up to 30 s for the events to satisfy {@code done}; returns them. */
    private static List<String> awaitEvents(Path file, Predicate<List<String>> done) throws Exception {
        long until = System.currentTimeMillis() + 30_000;
        List<String> now = events(file);
        while (!done.test(now) && System.currentTimeMillis() < until) {
            Thread.sleep(100);
            now = events(file);
        }
        return now;
    }

    /** Waits up to 30 s for {@code path} of the execution's JSON to be {@code want} (its status, a value). */
    private static Object awaitPath(String token, String execution, String path, Object want) throws Exception {
        long until = System.currentTimeMillis() + 30_000;
        Object got = null;
        while (System.currentTimeMillis() < until) {
            got = as(token)
                    .get("/api/v1/executions/" + execution)
                    .then()
                    .extract()
                    .path(path);
            if (want.equals(got)) {
                return got;
            }
            Thread.sleep(100);
        }
        return got;
    }

    private static String queue(String token, String wf, Path gate) {
        return as(token)
                .body(Map.of("data", Map.of("gate", gate.toAbsolutePath().toString()), "wait", false))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(202)
                .extract()
                .path("executionId");
    }

    private static void reloadQuietly(String admin) {
        as(admin).post("/api/v1/plugins/reload"); // the other tests see the directory as it was
    }

    @Test
    void aRunInFlightFinishesOnV1WhileANewRunGetsV2AndV1IsDestroyedOnlyAfterIt() throws Exception {
        String admin = InstanceAdmins.token(db);
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "reload-hold-");
        Path events = work.resolve("events.txt");
        try {
            plugin("acme-hold", "acme.hold.HoldNode", HOLD, "1.0.0", events);
            as(admin)
                    .post("/api/v1/plugins/reload")
                    .then()
                    .statusCode(200)
                    .body("loaded[0].plugin.plugin", equalTo("acme-hold@1.0.0"));
            String token = Iam.newTenant().ownerToken();
            String wf = as(token)
                    .body(
                            """
                            {"name":"held plugin","nodes":[
                              {"id":"t","name":"Start","type":"hetumind.manualTrigger","typeVersion":1,"position":[0,0],
                               "parameters":{}},
                              {"id":"h","name":"Hold","type":"acme-hold.hold","typeVersion":1,"position":[200,0],
                               "parameters":{"gate":"={{ $json.gate }}"}}],
                             "connections":{"Start":{"main":[[{"node":"Hold","type":"main","index":0}]]}}}
                            """)
                    .post("/api/v1/workflows")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");

            Path firstGate = work.resolve("first.gate");
            String first = queue(token, wf, firstGate);
            assertThat(awaitEvents(events, e -> e.contains("started 1.0.0"))).containsExactly("started 1.0.0");

            plugin("acme-hold", "acme.hold.HoldNode", HOLD, "2.0.0", events);
            as(admin)
                    .post("/api/v1/plugins/reload")
                    .then()
                    .statusCode(200)
                    .body("loaded[0].plugin.plugin", equalTo("acme-hold@2.0.0"))
                    .body("unloaded[0].plugin", equalTo("acme-hold@1.0.0"))
                    .body("unloaded[0].replacedBy", equalTo("acme-hold@2.0.0"))
                    .body("unloaded[0].runsInFlight", equalTo(1));

            Path secondGate = Files.createFile(work.resolve("second.gate"));
            String second = queue(token, wf, secondGate);
            assertThat(awaitPath(token, second, "status", "success")).isEqualTo("success");
            assertThat(awaitPath(token, second, "runData.Hold[0].data.main[0][0].json.stamp", "2.0.0"))
                    .isEqualTo("2.0.0");
            // the first run still holds v1: not finished, not destroyed
            assertThat(as(token)
                            .get("/api/v1/executions/" + first)
                            .then()
                            .extract()
                            .<String>path("status"))
                    .isEqualTo("running");
            assertThat(events(events)).containsExactly("started 1.0.0", "started 2.0.0", "finished 2.0.0");

            Files.createFile(firstGate);
            assertThat(awaitPath(token, first, "status", "success")).isEqualTo("success");
            assertThat(awaitPath(token, first, "runData.Hold[0].data.main[0][0].json.stamp", "1.0.0"))
                    .isEqualTo("1.0.0");
            assertThat(awaitEvents(events, e -> e.contains("destroyed 1.0.0")))
                    .containsExactly(
                            "started 1.0.0", "started 2.0.0", "finished 2.0.0", "finished 1.0.0", "destroyed 1.0.0");
        } finally {
            Files.deleteIfExists(TestPlugins.DIR.resolve("acme-hold.properties"));
            if (Files.deleteIfExists(TestPlugins.DIR.resolve("acme-hold.jar"))) {
                reloadQuietly(admin);
            }
        }
    }

    @Test
    void aListeningTriggerOfAChangedPluginIsReopenedWithTheNewCode() throws Exception {
        String admin = InstanceAdmins.token(db);
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "reload-beacon-");
        Path events = work.resolve("events.txt");
        try {
            plugin("acme-beacon", "acme.beacon.BeaconTrigger", BEACON, "1.0.0", events);
            as(admin)
                    .post("/api/v1/plugins/reload")
                    .then()
                    .statusCode(200)
                    .body("loaded[0].plugin.plugin", equalTo("acme-beacon@1.0.0"));
            String token = Iam.newTenant().ownerToken();
            String wf = as(token)
                    .body(
                            """
                            {"name":"beacon","nodes":[
                              {"id":"b","name":"Beacon","type":"acme-beacon.beacon","typeVersion":1,"position":[0,0],
                               "parameters":{}}],
                             "connections":{}}
                            """)
                    .post("/api/v1/workflows")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            as(token).post("/api/v1/workflows/" + wf + "/activate").then().statusCode(200);
            try {
                assertThat(awaitEvents(events, e -> e.contains("opened 1.0.0"))).containsExactly("opened 1.0.0");
                assertThat(awaitBeacons(token, wf, 1)).containsExactly("1.0.0");

                plugin("acme-beacon", "acme.beacon.BeaconTrigger", BEACON, "2.0.0", events);
                as(admin)
                        .post("/api/v1/plugins/reload")
                        .then()
                        .statusCode(200)
                        .body("loaded[0].replaces", equalTo("acme-beacon@1.0.0"));

                // the old listener was closed before the new one opened; v1 went once its listener let go
                List<String> seen =
                        awaitEvents(events, e -> e.contains("opened 2.0.0") && e.contains("destroyed 1.0.0"));
                assertThat(seen)
                        .containsExactlyInAnyOrder("opened 1.0.0", "closed 1.0.0", "opened 2.0.0", "destroyed 1.0.0");
                assertThat(seen.indexOf("closed 1.0.0"))
                        .isLessThan(seen.indexOf("opened 2.0.0"))
                        .isLessThan(seen.indexOf("destroyed 1.0.0"));
                assertThat(awaitBeacons(token, wf, 2)).containsExactlyInAnyOrder("1.0.0", "2.0.0");
            } finally {
                as(token).post("/api/v1/workflows/" + wf + "/deactivate").then().statusCode(200);
            }
        } finally {
            Files.deleteIfExists(TestPlugins.DIR.resolve("acme-beacon.properties"));
            if (Files.deleteIfExists(TestPlugins.DIR.resolve("acme-beacon.jar"))) {
                reloadQuietly(admin);
            }
        }
    }

    /** Waits up to 30 s for {@code n} successful runs of the workflow; returns the beacon version each one got. */
    private static List<String> awaitBeacons(String token, String wf, int n) throws Exception {
        long until = System.currentTimeMillis() + 30_000;
        List<String> beacons = List.of();
        while (System.currentTimeMillis() < until) {
            List<String> ids = as(token)
                    .queryParam("workflowId", wf)
                    .queryParam("status", "success")
                    .get("/api/v1/executions")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items.id", String.class);
            beacons = ids.stream()
                    .map(id -> as(token)
                            .get("/api/v1/executions/" + id)
                            .then()
                            .extract()
                            .<String>path("runData.Beacon[0].data.main[0][0].json.beacon"))
                    .toList();
            if (beacons.size() >= n && !beacons.contains(null)) {
                return beacons;
            }
            Thread.sleep(200);
        }
        return beacons;
    }
}
