package io.hetumind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.hetumind.core.spi.Json;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hetumind run} of a workflow whose RabbitMQ Trigger removes a message only when the execution succeeds, on the
 * machine's RabbitMQ (127.0.0.1:5672, guest/guest): the CLI tells the listener how its one run ended.
 */
class RabbitMqListenRunTest {

    @TempDir
    Path dir;

    private String q;
    private Connection amqp;
    private Channel ch;

    @BeforeEach
    void open() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 5672), 2_000);
        } catch (java.io.IOException e) {
            throw new AssertionError("RabbitMQ is not reachable at 127.0.0.1:5672 — .ci/run starts it");
        }
        q = "hm-cli-" + Long.toString(System.nanoTime(), 36);
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        amqp = f.newConnection();
        ch = amqp.createChannel();
        ch.queueDeclare(q, false, false, false, null);
    }

    @AfterEach
    void close() throws Exception {
        ch.queueDelete(q);
        amqp.close();
    }

    private Path files(boolean fail) throws Exception {
        Path creds = dir.resolve("creds.json");
        Files.writeString(
                creds,
                """
                {"broker": {"type": "rabbitmq", "data": {"hostname": "127.0.0.1", "port": 5672, "username": "guest",
                                                         "password": "guest", "vhost": "/"}}}
                """);
        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));
        String next = fail
                ? """
                  {"id": "s", "name": "Next", "type": "n8n-nodes-base.stopAndError", "typeVersion": 1,
                   "position": [200, 0], "parameters": {"errorMessage": "refused"}}"""
                : """
                  {"id": "s", "name": "Next", "type": "n8n-nodes-base.noOp", "typeVersion": 1,
                   "position": [200, 0], "parameters": {}}""";
        Path wf = dir.resolve("wf.json");
        Files.writeString(
                wf,
                """
                {"name": "On order",
                 "nodes": [
                  {"id": "t", "name": "Orders", "type": "n8n-nodes-base.rabbitmqTrigger", "typeVersion": 1,
                   "position": [0, 0], "parameters": {"queue": "%s",
                     "options": {"acknowledge": "executionFinishesSuccessfully", "jsonParseBody": true}},
                   "credentials": {"rabbitmq": {"id": "broker", "name": "broker"}}},
                  %s
                 ],
                 "connections": {"Orders": {"main": [[{"node": "Next", "type": "main", "index": 0}]]}}}
                """
                        .formatted(q, next));
        return dir;
    }

    private CliTest.Run run(Path d) {
        return CliTest.cli(
                "run",
                "--json",
                "--listen-timeout",
                "20s",
                "--credentials",
                d.resolve("creds.json").toString(),
                d.resolve("wf.json").toString());
    }

    private int ready() throws Exception {
        return ch.queueDeclarePassive(q).getMessageCount();
    }

    @Test
    void aSucceededRunRemovesTheMessage() throws Exception {
        ch.basicPublish("", q, null, "{\"order\":7}".getBytes(StandardCharsets.UTF_8));
        CliTest.Run r = run(files(false));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = Json.parse(r.out());
        assertThat(json.at("/runData/Next/0/data/main/0/0/json/content/order").asInt())
                .isEqualTo(7);
        assertThat(json.at("/runData/Next/0/data/main/0/0/json/fields/routingKey")
                        .asText())
                .isEqualTo(q);
        Thread.sleep(300);
        assertThat(ready()).as("acknowledged after the run").isZero();
    }

    @Test
    void aFailedRunLeavesTheMessageInTheQueue() throws Exception {
        ch.basicPublish("", q, null, "{\"order\":8}".getBytes(StandardCharsets.UTF_8));
        CliTest.Run r = run(files(true));
        assertThat(r.code()).as("the run failed").isNotZero();
        Thread.sleep(300);
        GetResponse back = ch.basicGet(q, true);
        assertThat(back).as("put back after the failed run").isNotNull();
        assertThat(new String(back.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"order\":8}");
        assertThat(back.getEnvelope().isRedeliver()).isTrue();
    }
}
