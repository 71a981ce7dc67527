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
                Flows.webhookOnly("{\"path\":\"" + path + "\",\"httpMethod\":\"POST\",\"responseMode\":"
                        + "\"lastNode\",\"responseData\":\"firstEntryBinary\"}"));
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
        Path root = Path.of(engine.binaryDir());
        Path uploads = root.resolve(execution.toString());
        assertThat(uploads).as("the upload is kept under its execution's id").isDirectory();
        try (var files = Files.list(uploads)) {
            java.util.List<Path> kept = files.toList();
            assertThat(kept).hasSize(1);
            assertThat(Files.readAllBytes(kept.getFirst())).isEqualTo(png);
        }
        // a child run's files, and a listener's stored before any execution: both long unchanged
        String child = execution + ".c1.0";
        binaries.put(child, new ByteArrayInputStream(new byte[] {1}), "application/octet-stream", "c.bin");
        String early = "imap-" + UUID.randomUUID();
        binaries.put(early, new ByteArrayInputStream(new byte[] {2}), "application/octet-stream", "e.bin");
        String fresh = "imap-" + UUID.randomUUID();
        binaries.put(fresh, new ByteArrayInputStream(new byte[] {3}), "application/octet-stream", "f.bin");
        FileTime longAgo = FileTime.from(Instant.now().minus(Duration.ofDays(30)));
        for (String name : new String[] {execution.toString(), child, early}) {
            Files.setLastModifiedTime(root.resolve(name), longAgo);
        }

        sweeper.sweep(GRACE);
        assertThat(uploads).as("its record is still there").isDirectory();
        assertThat(root.resolve(child)).isDirectory();
        assertThat(root.resolve(early))
                .as("older than every record by more than the grace")
                .doesNotExist();
        assertThat(root.resolve(fresh)).as("changed within the grace").isDirectory();

        given().header("Authorization", "Bearer " + acme.ownerToken())
                .delete("/api/v1/executions/" + execution)
                .then()
                .statusCode(204);
        BinarySweeper.Swept swept = sweeper.sweep(GRACE);
        assertThat(swept.ofExecutions()).isGreaterThanOrEqualTo(2);
        assertThat(uploads).as("its record is gone").doesNotExist();
        assertThat(root.resolve(child)).doesNotExist();
        assertThat(root.resolve(fresh)).isDirectory();
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
        settled(acme, first.toString());
        String retry = given().auth()
                .oauth2(acme.ownerToken())
                .contentType("application/json")
                .body("{}")
                .post("/api/v1/executions/" + first + "/retry")
                .then()
                .statusCode(202)
                .extract()
                .path("executionId");
        settled(acme, retry);
        Path root = Path.of(engine.binaryDir());
        Path copy = root.resolve(retry);
        assertThat(copy).as("the retry's input files are its own").isDirectory();
        String file;
        try (var files = Files.list(copy)) {
            file = files.toList().getFirst().getFileName().toString();
        }
        Files.setLastModifiedTime(
                root.resolve(first.toString()), FileTime.from(Instant.now().minus(Duration.ofDays(30))));
        Files.setLastModifiedTime(copy, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
        given().auth()
                .oauth2(acme.ownerToken())
                .delete("/api/v1/executions/" + first)
                .then()
                .statusCode(204);
        sweeper.sweep(GRACE);
        assertThat(root.resolve(first.toString())).doesNotExist();
        byte[] read = given().auth()
                .oauth2(acme.ownerToken())
                .get("/api/v1/executions/" + retry + "/binary?ref=" + retry + "/" + file)
                .then()
                .statusCode(200)
                .contentType("application/pdf")
                .extract()
                .asByteArray();
        assertThat(read).isEqualTo(pdf);
    }

    private static void settled(Iam tenant, String execution) throws InterruptedException {
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
            if ("error".equals(status)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("execution " + execution + " did not fail as its workflow does, it is " + status);
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
