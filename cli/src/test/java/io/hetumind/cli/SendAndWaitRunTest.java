package io.hetumind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.hetumind.core.spi.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Send Email's Send and Wait on the command line: the CLI serves no resume links (no HTTP server, as n8n's {@code
 * execute}), so the node fails by name before sending a message nobody could answer.
 */
class SendAndWaitRunTest {

    private GreenMail mail;

    @BeforeEach
    void start() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
    }

    @AfterEach
    void stop() {
        mail.stop();
    }

    @Test
    void sendAndWaitFailsByNameWithoutResumeLinks(@TempDir Path dir) throws Exception {
        Path creds = dir.resolve("creds.json");
        Files.writeString(
                creds,
                """
                {"smtp": {"type": "smtp", "data": {"host": "127.0.0.1", "port": %d, "secure": false}}}
                """
                        .formatted(mail.getSmtp().getPort()));
        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));
        Path wf = dir.resolve("wf.json");
        Files.writeString(
                wf,
                """
                {"name": "Ask",
                 "nodes": [
                  {"id": "t", "name": "Manual Trigger", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1,
                   "position": [0, 0], "parameters": {}},
                  {"id": "a", "name": "Ask", "type": "n8n-nodes-base.emailSend", "typeVersion": 2.1,
                   "position": [200, 0],
                   "parameters": {"operation": "sendAndWait", "fromEmail": "bot@example.com",
                                  "toEmail": "boss@example.com", "subject": "Deploy?", "message": "Deploy?",
                                  "approvalOptions": {}, "options": {}},
                   "credentials": {"smtp": {"id": "smtp", "name": "smtp"}}}
                 ],
                 "connections": {"Manual Trigger": {"main": [[{"node": "Ask", "type": "main", "index": 0}]]}}}
                """);
        CliTest.Run r = CliTest.cli("run", "--json", "--credentials", creds.toString(), wf.toString());
        assertThat(r.code()).isNotZero();
        JsonNode json = Json.parse(r.out());
        assertThat(json.path("status").asText()).isEqualTo("error");
        assertThat(json.at("/runData/Ask/0/error/message").asText())
                .contains("Send and Wait for Response needs a host that serves resume links");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }
}
