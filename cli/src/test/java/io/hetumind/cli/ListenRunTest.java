package io.hetumind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hetumind run} of a workflow whose trigger listens: one event, one run, then exit. */
class ListenRunTest {

    private static Server broker;
    private static int port;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", String.valueOf(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("allow_anonymous", "false");
        broker = new Server();
        broker.startServer(
                new MemoryConfig(p),
                List.of(),
                null,
                (clientId, user, password) -> "bob".equals(user)
                        && password != null
                        && "pw-123".equals(new String(password, StandardCharsets.UTF_8)),
                null);
    }

    @AfterAll
    static void stop() {
        broker.stopServer();
    }

    private Path files(String password) throws Exception {
        Path creds = dir.resolve("creds.json");
        Files.writeString(
                creds,
                """
                {"broker": {"type": "mqtt", "data": {"host": "127.0.0.1", "port": %d, "username": "bob",
                                                     "password": "%s", "clean": true}}}
                """
                        .formatted(port, password));
        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));
        Path wf = dir.resolve("wf.json");
        Files.writeString(
                wf,
                """
                {"name": "On sensor",
                 "nodes": [
                  {"id": "t", "name": "MQTT Trigger", "type": "n8n-nodes-base.mqttTrigger", "typeVersion": 1,
                   "position": [0, 0], "parameters": {"topics": "sensors/#", "options": {"jsonParseBody": true}},
                   "credentials": {"mqtt": {"id": "broker", "name": "broker"}}},
                  {"id": "s", "name": "Set", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "position": [200, 0],
                   "parameters": {"mode": "manual", "includeOtherFields": true,
                     "assignments": {"assignments": [{"id": "1", "name": "celsius", "type": "number",
                                                      "value": "={{ $json.message.t }}"}]}, "options": {}}}
                 ],
                 "connections": {"MQTT Trigger": {"main": [[{"node": "Set", "type": "main", "index": 0}]]}}}
                """);
        return dir;
    }

    @Test
    void runsOnceWithTheFirstMessageThenExits() throws Exception {
        Path d = files("pw-123");
        CompletableFuture<CliTest.Run> run = CompletableFuture.supplyAsync(() -> CliTest.cli(
                "run",
                "--json",
                "--listen-timeout",
                "20s",
                "--credentials",
                d.resolve("creds.json").toString(),
                d.resolve("wf.json").toString()));
        MqttClient pub = new MqttClient("tcp://127.0.0.1:" + port, "pub-cli", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("bob");
        o.setPassword("pw-123".toCharArray());
        pub.connect(o);
        try {
            // the CLI subscribes some time after it started: publish until it has run
            while (!run.isDone()) {
                pub.publish("sensors/kitchen", "{\"t\":21.5}".getBytes(StandardCharsets.UTF_8), 0, false);
                Thread.sleep(200);
            }
        } finally {
            pub.disconnect();
            pub.close();
        }
        CliTest.Run r = run.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = Json.parse(r.out());
        assertThat(json.at("/runData/MQTT Trigger").size()).isEqualTo(1);
        JsonNode out = json.at("/runData/Set/0/data/main/0");
        assertThat(out.size()).as("one event, one item").isEqualTo(1);
        assertThat(out.at("/0/json/celsius").asDouble()).isEqualTo(21.5);
        assertThat(out.at("/0/json/topic").asText()).isEqualTo("sensors/kitchen");
    }

    /** A polling trigger is not waited on: the CLI reads the feed once and runs with its first item, as n8n. */
    @Test
    void anRssFeedTriggerRunsAtOnceWithTheFeedsFirstItem() throws Exception {
        com.sun.net.httpserver.HttpServer feed =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        feed.createContext("/rss", ex -> {
            byte[] body = ("<rss version=\"2.0\"><channel><title>t</title>"
                            + "<item><title>newest</title><pubDate>Mon, 07 Dec 2026 10:00:00 GMT</pubDate></item>"
                            + "<item><title>older</title><pubDate>Sun, 06 Dec 2026 10:00:00 GMT</pubDate></item>"
                            + "</channel></rss>")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        feed.start();
        try {
            Path wf = dir.resolve("rss.json");
            Files.writeString(
                    wf,
                    """
                    {"name": "On feed", "connections": {},
                     "nodes": [{"id": "r", "name": "RSS Feed Trigger", "type": "n8n-nodes-base.rssFeedReadTrigger",
                                "typeVersion": 1, "position": [0, 0],
                                "parameters": {"feedUrl": "http://127.0.0.1:%d/rss"}}]}
                    """
                            .formatted(feed.getAddress().getPort()));
            CliTest.Run r = CliTest.cli("run", "--json", "--listen-timeout", "1s", wf.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).doesNotContain("listening");
            JsonNode out = Json.parse(r.out()).at("/runData/RSS Feed Trigger/0/data/main/0");
            assertThat(out.size()).isEqualTo(1);
            assertThat(out.at("/0/json/title").asText()).isEqualTo("newest");
        } finally {
            feed.stop(0);
        }
    }

    @Test
    void noEventWithinTheTimeoutIsAClearFailureAndNothingRuns() throws Exception {
        Path d = files("pw-123");
        CliTest.Run r = CliTest.cli(
                "run",
                "--listen-timeout",
                "1s",
                "--credentials",
                d.resolve("creds.json").toString(),
                d.resolve("wf.json").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .contains("hetumind: MQTT Trigger: no event on MQTT topics sensors/# within 1s; nothing ran");
        assertThat(r.out()).doesNotContain("✔");
    }

    @Test
    void aRefusedCredentialFailsAtOnceWithoutThePassword() throws Exception {
        Path d = files("not-the-pw-77");
        CliTest.Run r = CliTest.cli(
                "run",
                "--credentials",
                d.resolve("creds.json").toString(),
                d.resolve("wf.json").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("MQTT Trigger: could not connect to the MQTT broker at 127.0.0.1:" + port);
        assertThat(r.out() + r.err()).doesNotContain("not-the-pw-77");
    }

    @Test
    void aBadTimeoutIsAUsageError() throws Exception {
        Path d = files("pw-123");
        CliTest.Run r = CliTest.cli(
                "run", "--listen-timeout", "soon", d.resolve("wf.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--listen-timeout: 'soon' is not a duration");
    }
}
