package io.hetumind.taskserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Protocol;
import io.hetumind.core.task.Uuid7;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A large log: its chunks travel gzip'd ({@code lines_gz}), are stored gzip'd, and read back whole and in order. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class LogChunkTest {
    static Iam acme;

    @Inject
    Db db;

    @BeforeAll
    static void tenant() {
        acme = Iam.newTenant();
    }

    static RequestSpecification api() {
        return RestAssured.given()
                .header("Authorization", "Bearer " + acme.ownerToken())
                .contentType(ContentType.JSON);
    }

    /** A build log: repetitive, as real ones are, but no two lines alike. */
    static List<Messages.LogLine> chunk(int from, int count) {
        List<Messages.LogLine> lines = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String text = i % 10 == 0
                    ? "[WARNING] /src/main/java/io/example/module" + (i % 37) + "/Service" + i
                            + ".java: deprecated API used at line " + (i * 7 % 400)
                    : "[INFO] Compiling source file " + i + " of " + (from + count) + ": io/example/module" + (i % 37)
                            + "/Type" + i + ".java (" + (i * 131 % 9000) + " bytes)";
            lines.add(new Messages.LogLine(i % 10 == 0 ? "stderr" : "stdout", text, 1_700_000_000_000L + i));
        }
        return lines;
    }

    @Test
    void aLargeLogTravelsAndIsStoredCompressedAndReadsBackWholeInOrder() throws Exception {
        String job = api().body(Map.of("name", "big-log", "namespace", "logs", "command", "true", "timeoutMs", 60_000))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String id = api().post("/api/v1/jobs/" + job + "/trigger")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        UUID instance = UUID.fromString(id);
        long plainBytes = 0;
        long sentBytes = 0;
        List<Messages.LogLine> all = new ArrayList<>();
        try (AgentClient agent = AgentClient.connect(acme.agentToken("logs"))) {
            agent.register("logger", Map.of(), 1, List.of());
            assertThat(agent.acquire(1, 5000).instances()).hasSize(1);
            assertThat(agent.update(AgentClient.event(instance, "started", null))
                            .ok())
                    .isTrue();
            for (int c = 0; c < 5; c++) {
                List<Messages.LogLine> lines = chunk(c * 1000, 1000);
                all.addAll(lines);
                long at = System.currentTimeMillis();
                plainBytes += Protocol.encode(
                                Kind.INSTANCE_UPDATE,
                                new Messages.InstanceUpdate(
                                        instance, "log", c * 1000L, lines, null, null, null, null, at))
                        .length();
                UUID frameId = Uuid7.next();
                String frame = Protocol.encode(
                        frameId,
                        Kind.INSTANCE_UPDATE,
                        Messages.InstanceUpdate.compressedLog(instance, c * 1000L, lines, at));
                sentBytes += frame.length();
                agent.sendRaw(frame);
                assertThat(agent.ackOf(frameId).ok()).isTrue();
            }
            // A resend of a chunk under a new message id (the agent lost the ack and restarted) stores nothing again.
            Messages.Ack again =
                    agent.update(Messages.InstanceUpdate.compressedLog(instance, 2000, chunk(2000, 1000), 1));
            assertThat(again.ok()).isTrue();
            // A block that is not gzip'd lines is refused with a reason; the connection stays and nothing is stored.
            agent.sendRaw(HostileAgentTest.frame(
                    "instance_update",
                    "{\"instance_id\":\"" + instance
                            + "\",\"event\":\"log\",\"first_seq\":5000,\"lines_gz\":\"H4sIAAAA\"}"));
            Messages.Error refused = agent.next(Kind.ERROR).payload(Messages.Error.class);
            assertThat(refused.code()).isEqualTo("invalid");
            assertThat(refused.message()).contains("lines_gz");
            agent.assertOpen();
            assertThat(agent.update(AgentClient.event(instance, "succeeded", 0)).ok())
                    .isTrue();
        }
        assertThat(sentBytes)
                .as("on the wire, against " + plainBytes + " plain")
                .isLessThan(plainBytes / 4);

        long[] stored = db.tx(c -> io.hetumind.platform.db.Jdbc.one(
                c,
                "SELECT count(*), sum(line_count), sum(raw_bytes), sum(octet_length(lines)) FROM instance_log_chunk"
                        + " WHERE instance_id = ?",
                rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)},
                instance));
        assertThat(stored[0]).as("one row per chunk").isEqualTo(5);
        assertThat(stored[1]).isEqualTo(5000);
        assertThat(stored[3])
                .as("stored gzip'd, against " + stored[2] + " bytes of text")
                .isLessThan(stored[2] / 4);

        List<String> read = new ArrayList<>();
        List<Integer> seqs = new ArrayList<>();
        long after = -1;
        while (true) {
            var page = api().get("/api/v1/task-instances/" + id + "/logs?after=" + after + "&limit=1500")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            List<String> lines = page.getList("lines.line", String.class);
            read.addAll(lines);
            seqs.addAll(page.getList("lines.seq", Integer.class));
            after = page.getLong("nextAfter");
            if (page.getBoolean("complete")) {
                break;
            }
        }
        assertThat(read)
                .containsExactlyElementsOf(
                        all.stream().map(Messages.LogLine::text).toList());
        assertThat(seqs)
                .isEqualTo(java.util.stream.IntStream.range(0, 5000).boxed().toList());
        // A page that starts inside a chunk.
        assertThat(api().get("/api/v1/task-instances/" + id + "/logs?after=2499&limit=2")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<List<Integer>>path("lines.seq"))
                .containsExactly(2500, 2501);
    }
}
