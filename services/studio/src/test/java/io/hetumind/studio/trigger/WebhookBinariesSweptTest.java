package io.hetumind.studio.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.spi.BinaryStore;
import io.hetumind.studio.engine.EngineConfig;
import io.hetumind.studio.execution.BinarySweeper;
import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.studio.testsupport.Flows;
import io.hetumind.studio.workflow.StoredWorkflow;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A webhook's uploaded files are kept under its execution's id, and the sweep removes them, with every other
 * namespace of that execution, once its record is gone; files stored before any execution (a listener's) go once
 * every record left is younger.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class WebhookBinariesSweptTest {
    /** Longer than any other test's files can be old while this one runs, so the sweep leaves them alone. */
    private static final Duration GRACE = Duration.ofHours(6);

    @Inject
    Triggers triggers;

    @Inject
    DataSource db;

    @Inject
    BinarySweeper sweeper;

    @Inject
    BinaryStore binaries;

    @Inject
    EngineConfig engine;

    @Test
    void uploadsGoWithTheirExecutionRecord() throws Exception {
        Iam acme = Iam.newTenant();
        UUID tenant = Fixtures.tenantOf(acme.ownerToken());
        String path = "swept-" + UUID.randomUUID().toString().substring(0, 8);
        StoredWorkflow wf = Fixtures.save(
                db,
                tenant,
                Flows.webhookOnly(
                        "{\"path\":\"" + path + "\",\"httpMethod\":\"POST\",\"responseMode\":"
                                + "\"lastNode\",\"responseData\":\"firstEntryBinary\",\"responseBinaryPropertyName\":\"picture\"}"));
        QuarkusTransaction.requiringNew().run(() -> triggers.activate(wf));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 9, 8, 7};
        byte[] echoed = given().multiPart("picture", "tiny.png", png, "image/png")
                .post("/webhook/" + path)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertThat(echoed).isEqualTo(png);
        UUID execution = executionOf(wf.workflowId());
        settled(acme, execution.toString(), "success"); // the answer may leave before the record's settle
        String ref = binaryId(acme, execution.toString(), "Webhook", "picture");
        assertThat(ref).as("the upload is kept under its execution's id").startsWith(execution + "/");
        assertThat(download(acme, execution.toString(), ref)).isEqualTo(png);
        // a child run's files, and a listener's stored before any execution
        String child = execution + ".c1.0";
        binaries.put(child, new ByteArrayInputStream(new byte[] {1}), "application/octet-stream", "c.bin");
        String early = "imap-" + UUID.randomUUID();
        binaries.put(early, new ByteArrayInputStream(new byte[] {2}), "application/octet-stream", "e.bin");
        String fresh = "imap-" + UUID.randomUUID();
        binaries.put(fresh, new ByteArrayInputStream(new byte[] {3}), "application/octet-stream", "f.bin");
        for (String name : new String[] {execution.toString(), child, early}) {
            backdate(name, Duration.ofDays(30));
        }

        sweeper.sweep(GRACE);
        assertThat(stored(execution.toString())).as("its record is still there").isTrue();
        assertThat(stored(child)).isTrue();
        assertThat(stored(early))
                .as("older than every record by more than the grace")
                .isFalse();
        assertThat(stored(fresh)).as("changed within the grace").isTrue();

        given().header("Authorization", "Bearer " + acme.ownerToken())
                .delete("/api/v1/executions/" + execution)
                .then()
                .statusCode(204);
        BinarySweeper.Swept swept = sweeper.sweep(GRACE);
        assertThat(swept.ofExecutions()).isGreaterThanOrEqualTo(2);
        assertThat(stored(execution.toString())).as("its record is gone").isFalse();
        assertThat(stored(child)).isFalse();
        assertThat(stored(fresh)).isTrue();
        binaries.deleteExecution(fresh);
    }

    @Test
    void aRetryKeepsItsOwnCopyOfTheFilesWhenTheFirstRunIsDeleted() throws Exception {
        Iam acme = Iam.newTenant();
        UUID tenant = Fixtures.tenantOf(acme.ownerToken());
        String path = "retried-" + UUID.randomUUID().toString().substring(0, 8);
        StoredWorkflow wf = Fixtures.save(
                db,
                tenant,
                """
                {"name":"upload then fail","nodes":[
                 {"id":"1","name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],
                  "parameters":{"path":"%s","httpMethod":"POST"}},
                 {"id":"2","name":"Fail","type":"n8n-nodes-base.stopAndError","typeVersion":1,"position":[200,0],
                  "parameters":{"errorMessage":"boom"}}],
                 "connections":{"Webhook":{"main":[[{"node":"Fail","type":"main","index":0}]]}}}
                """
                        .formatted(path));
        QuarkusTransaction.requiringNew().run(() -> triggers.activate(wf));
        byte[] pdf = {'%', 'P', 'D', 'F', '-', 1, 7};
        given().multiPart("doc", "a.pdf", pdf, "application/pdf")
                .post("/webhook/" + path)
                .then()
                .statusCode(200);
        UUID first = executionOf(wf.workflowId());
        settled(acme, first.toString(), "error");
        String retry = given().auth()
                .oauth2(acme.ownerToken())
                .contentType("application/json")
                .body("{}")
                .post("/api/v1/executions/" + first + "/retry")
                .then()
                .statusCode(202)
                .extract()
                .path("executionId");
        settled(acme, retry, "error");
        String copy = binaryId(acme, retry, "Webhook", "doc");
        assertThat(copy).as("the retry's input files are its own").startsWith(retry + "/");
        backdate(first.toString(), Duration.ofDays(30));
        backdate(retry, Duration.ofDays(30));
        given().auth()
                .oauth2(acme.ownerToken())
                .delete("/api/v1/executions/" + first)
                .then()
                .statusCode(204);
        sweeper.sweep(GRACE);
        assertThat(stored(first.toString())).isFalse();
        byte[] read = download(acme, retry, copy);
        assertThat(read).isEqualTo(pdf);
    }

    @Test
    void aClientCanPointOnlyAtItsOwnTenantsFiles() throws Exception {
        Iam acme = Iam.newTenant();
        String path = "owned-" + UUID.randomUUID().toString().substring(0, 8);
        StoredWorkflow hook = Fixtures.save(
                db,
                Fixtures.tenantOf(acme.ownerToken()),
                Flows.webhookOnly("{\"path\":\"" + path + "\",\"httpMethod\":\"POST\"}"));
        QuarkusTransaction.requiringNew().run(() -> triggers.activate(hook));
        given().multiPart("doc", "secret.txt", "acme's secret".getBytes(), "text/plain")
                .post("/webhook/" + path)
                .then()
                .statusCode(200);
        UUID execution = executionOf(hook.workflowId());
        // the webhook answered on receipt: its run data is there once the run has settled
        settled(acme, execution.toString(), "success");
        String ref = binaryId(acme, execution.toString(), "Webhook", "doc");
        String file = ref.substring(ref.indexOf('/') + 1);
        String item = "{\"json\":{},\"binary\":{\"data\":{\"id\":\"%s\",\"mimeType\":\"text/plain\"}}}";

        Iam intruder = Iam.newTenant();
        StoredWorkflow theirs = Fixtures.save(db, Fixtures.tenantOf(intruder.ownerToken()), Flows.manualOnly());
        for (String id : new String[] {ref, "imap-" + UUID.randomUUID() + "/" + file}) {
            given().auth()
                    .oauth2(intruder.ownerToken())
                    .contentType("application/json")
                    .body("{\"mode\":\"inline\",\"items\":[{\"json\":{}}," + item.formatted(id) + "]}")
                    .post("/api/v1/workflows/" + theirs.workflowId() + "/execute")
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo("items[1].binary.data"));
        }
        String pinned = Flows.manualOnly()
                .replace(
                        "\"connections\":{}",
                        "\"connections\":{},\"pinData\":{\"Start\":[" + item.formatted(ref) + "]}");
        int before = given().auth()
                .oauth2(intruder.ownerToken())
                .get("/api/v1/workflows")
                .then()
                .statusCode(200)
                .extract()
                .path("items.size()");
        given().auth()
                .oauth2(intruder.ownerToken())
                .contentType("application/json")
                .body(pinned)
                .post("/api/v1/workflows")
                .then()
                .statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("pinData.Start[0].binary.data"));
        int after = given().auth()
                .oauth2(intruder.ownerToken())
                .get("/api/v1/workflows")
                .then()
                .extract()
                .path("items.size()");
        assertThat(after).as("nothing stored").isEqualTo(before);

        // The owner may hand its own file to a run, which gets a copy of it; ids the store cannot open pass through.
        StoredWorkflow own = Fixtures.save(db, Fixtures.tenantOf(acme.ownerToken()), Flows.manualOnly());
        String run = given().auth()
                .oauth2(acme.ownerToken())
                .contentType("application/json")
                .body("{\"mode\":\"inline\",\"wait\":false,\"items\":[" + item.formatted(ref) + ","
                        + item.formatted("filesystem-v2:workflows/1/executions/2/binary_data/x") + "]}")
                .post("/api/v1/workflows/" + own.workflowId() + "/execute")
                .then()
                .statusCode(202)
                .extract()
                .path("executionId");
        settled(acme, run, "success");
        assertThat(binaryId(acme, run, "Start", "data"))
                .as("the run's own copy")
                .startsWith(run + "/");
    }

    private static void settled(Iam tenant, String execution, String expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        String status = null;
        while (System.currentTimeMillis() < deadline) {
            status = given().auth()
                    .oauth2(tenant.ownerToken())
                    .get("/api/v1/executions/" + execution)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("status");
            if (expected.equals(status)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("execution " + execution + " is " + status + ", not " + expected);
    }

    /** The id of the first item's binary {@code key} in {@code node}'s output. */
    private static String binaryId(Iam tenant, String execution, String node, String key) {
        return given().auth()
                .oauth2(tenant.ownerToken())
                .get("/api/v1/executions/" + execution)
                .then()
                .statusCode(200)
                .extract()
                .path("runData." + node + "[0].data.main[0][0].binary." + key + ".id");
    }

    private static byte[] download(Iam tenant, String execution, String ref) {
        return given().auth()
                .oauth2(tenant.ownerToken())
                .get("/api/v1/executions/" + execution + "/binary?ref=" + ref)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
    }

    private boolean stored(String namespace) throws java.io.IOException {
        return binaries.namespaces().stream().anyMatch(n -> n.name().equals(namespace));
    }

    /** Makes the namespace look unchanged for {@code age}, in whichever store the studio uses. */
    private void backdate(String namespace, Duration age) throws Exception {
        if (binaries instanceof io.hetumind.core.engine.FileBinaryStore) {
            Files.setLastModifiedTime(
                    Path.of(engine.binaryDir()).resolve(namespace),
                    FileTime.from(Instant.now().minus(age)));
            return;
        }
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE binary_data SET created_at = created_at - make_interval(secs => ?) WHERE namespace = ?")) {
            ps.setLong(1, age.toSeconds());
            ps.setString(2, namespace);
            assertThat(ps.executeUpdate()).as("rows of " + namespace).isPositive();
        }
    }

    private UUID executionOf(UUID workflow) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM execution WHERE workflow_id = ?")) {
            ps.setObject(1, workflow);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the webhook's execution is recorded").isTrue();
                UUID id = rs.getObject(1, UUID.class);
                assertThat(rs.next()).isFalse();
                return id;
            }
        }
    }
}
