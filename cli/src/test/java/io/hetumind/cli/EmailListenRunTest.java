package io.hetumind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.hetumind.core.spi.Json;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hetumind run} of a workflow started by the Email Trigger (IMAP): the mail's attachment is
 * kept in the run's binary store while listening, so the next node reads it.
 */
class EmailListenRunTest {

    private GreenMail mail;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        mail = new GreenMail(new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort()})
                .withConfiguration(
                        GreenMailConfiguration.aConfig().withUser("alice@example.com", "alice", "pw-imap-9"));
        mail.start();
    }

    @AfterEach
    void stop() {
        mail.stop();
    }

    @Test
    void theMailsAttachmentReachesTheNextNode() throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("bob@example.com"));
        m.setRecipients(Message.RecipientType.TO, "alice@example.com");
        m.setSubject("report");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("see attached");
        MimeBodyPart file = new MimeBodyPart();
        file.setContent("total=42".getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        file.setFileName("report.txt");
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(text);
        mixed.addBodyPart(file);
        m.setContent(mixed);
        m.saveChanges();
        mail.getUserManager().getUser("alice").deliver(m);

        Path creds = dir.resolve("creds.json");
        Files.writeString(
                creds,
                """
                {"box": {"type": "imap", "data": {"user": "alice", "password": "pw-imap-9", "host": "127.0.0.1",
                                                  "port": %d, "secure": false}}}
                """
                        .formatted(mail.getImap().getPort()));
        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));
        Path wf = dir.resolve("wf.json");
        Files.writeString(
                wf,
                """
                {"name": "On mail",
                 "nodes": [
                  {"id": "t", "name": "Email Trigger (IMAP)", "type": "n8n-nodes-base.emailReadImap",
                   "typeVersion": 2.1, "position": [0, 0],
                   "parameters": {"format": "simple", "downloadAttachments": true, "options": {}},
                   "credentials": {"imap": {"id": "box", "name": "box"}}},
                  {"id": "x", "name": "Extract", "type": "n8n-nodes-base.extractFromFile", "typeVersion": 1,
                   "position": [200, 0],
                   "parameters": {"operation": "text", "binaryPropertyName": "attachment_0", "options": {}}}
                 ],
                 "connections": {"Email Trigger (IMAP)": {"main": [[{"node": "Extract", "type": "main", "index": 0}]]}}}
                """);
        CliTest.Run r = CliTest.cli(
                "run", "--json", "--listen-timeout", "20s", "--credentials", creds.toString(), wf.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = Json.parse(r.out());
        JsonNode trigger = json.at("/runData/Email Trigger (IMAP)/0/data/main/0/0");
        assertThat(trigger.at("/json/subject").asText()).isEqualTo("report");
        assertThat(trigger.at("/json/textPlain").asText()).isEqualTo("see attached");
        assertThat(json.at("/runData/Extract/0/data/main/0/0/json/data").asText())
                .isEqualTo("total=42");
        assertThat(r.out() + r.err()).doesNotContain("pw-imap-9");
    }
}
