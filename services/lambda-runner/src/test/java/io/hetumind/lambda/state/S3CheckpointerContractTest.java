package io.hetumind.lambda.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.CheckpointCorruptException;
import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.Checkpointer.Version;
import io.hetumind.lambda.S3TestServer;
import io.hetumind.testkit.CheckpointerContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The shared checkpointer contract against an S3-compatible server, plus what only S3 can get wrong. */
class S3CheckpointerContractTest extends CheckpointerContract {

    private static final String BUCKET = "contract";
    private static S3TestServer server;
    private static S3Client s3;

    @BeforeAll
    static void startServer() {
        server = S3TestServer.start(BUCKET);
        s3 = server.client();
    }

    @AfterAll
    static void stopServer() throws Exception {
        s3.close();
        server.close();
    }

    @Override
    protected Checkpointer store() {
        return new S3Checkpointer(s3, BUCKET, "t/");
    }

    @Override
    protected Checkpointer otherOwner(Checkpointer first) {
        return new S3Checkpointer(server.client(), BUCKET, "t/"); // another invocation: its own client and cache
    }

    @Test
    void stateIsOneCompressedObjectUnderTheExecutionsFolder() {
        S3Checkpointer s = new S3Checkpointer(s3, BUCKET, "t/");
        String id = newId();
        String big = "{\"items\":\"" + "abc".repeat(100_000) + "\"}";
        s.commit(
                id,
                new Checkpointer.Commit(
                        Version.NONE, events(1, 2), big, io.hetumind.core.engine.ExecutionStatus.RUNNING, -1));
        assertThat(s.stateKey(id)).isEqualTo("t/executions/" + id + "/state.json.gz");
        long size = s3.headObject(b -> b.bucket(BUCKET).key(s.stateKey(id))).contentLength();
        assertThat(size).isPositive().isLessThan(big.length() / 20);
    }

    @Test
    void aCorruptStateObjectIsReportedAsSuchNamingTheExecution() {
        S3Checkpointer s = new S3Checkpointer(s3, BUCKET, "t/");
        String id = newId();
        s3.putObject(b -> b.bucket(BUCKET).key(s.stateKey(id)), RequestBody.fromString("not gzip at all"));
        assertThatThrownBy(() -> s.load(id))
                .isInstanceOf(CheckpointCorruptException.class)
                .hasMessageContaining(id);
    }

    @Test
    void executionIdsThatWouldEscapeTheirFolderAreRefused() {
        S3Checkpointer s = new S3Checkpointer(s3, BUCKET, "t/");
        assertThatThrownBy(() -> s.load("../other")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.load("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.load("")).isInstanceOf(IllegalArgumentException.class);
    }
}
