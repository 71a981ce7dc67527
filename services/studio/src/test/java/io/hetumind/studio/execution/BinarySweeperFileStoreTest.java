package io.hetumind.studio.execution;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.studio.engine.EngineConfig;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The sweep over a file store (the single-process default; the test profile keeps binaries in PostgreSQL): the
 * namespaces of recorded executions stay, those of missing ones go, files stored before any execution go once older
 * than every record by more than the grace, and nothing changed within the grace is touched.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class BinarySweeperFileStoreTest {
    private static final Duration GRACE = Duration.ofHours(6);

    @Inject
    Jdbc db;

    @Inject
    EngineConfig engine;

    @Inject
    MeterRegistry meters;

    @Test
    void sweepsAFileStoreByTheRecordsLeft() throws Exception {
        Path dir = Files.createTempDirectory("swept-binaries");
        FileBinaryStore files = new FileBinaryStore(dir, 1024);
        BinarySweeper sweeper = new BinarySweeper(db, files, engine, meters);
        Iam iam = Iam.newTenant();
        UUID wf = Fixtures.saveWorkflow(Fixtures.tenantOf(iam.ownerToken()), Fixtures.HELLO);
        String recorded = given().auth()
                .oauth2(iam.ownerToken())
                .contentType(ContentType.JSON)
                .body(Map.of("data", Map.of("name", "Ada"), "mode", "inline"))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .extract()
                .path("executionId");
        String missing = UUID.randomUUID().toString();
        String early = "rabbitmqTrigger-" + UUID.randomUUID();
        String fresh = "imap-" + UUID.randomUUID();
        String other = "not a namespace of ours";
        for (String ns : new String[] {recorded, recorded + ".c2.0", missing, missing + ".error", early, fresh}) {
            files.put(ns, new ByteArrayInputStream(new byte[] {1, 2}), null, null);
        }
        Files.createDirectories(dir.resolve(other));
        FileTime longAgo = FileTime.from(Instant.now().minus(Duration.ofDays(30)));
        for (String ns : new String[] {recorded, recorded + ".c2.0", missing, missing + ".error", early, other}) {
            Files.setLastModifiedTime(dir.resolve(ns), longAgo);
        }

        BinarySweeper.Swept swept = sweeper.sweep(GRACE);
        assertThat(swept).isEqualTo(new BinarySweeper.Swept(2, 1));
        assertThat(dir.resolve(recorded)).isDirectory();
        assertThat(dir.resolve(recorded + ".c2.0")).isDirectory();
        assertThat(dir.resolve(missing)).doesNotExist();
        assertThat(dir.resolve(missing + ".error")).doesNotExist();
        assertThat(dir.resolve(early)).doesNotExist();
        assertThat(dir.resolve(fresh)).as("changed within the grace").isDirectory();
        assertThat(dir.resolve(other)).as("a name the store never gives").isDirectory();
        assertThat(sweeper.sweep(GRACE)).as("a second pass finds nothing").isEqualTo(new BinarySweeper.Swept(0, 0));
    }
}
