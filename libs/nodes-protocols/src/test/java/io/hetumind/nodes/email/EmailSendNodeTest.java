package io.hetumind.nodes.email;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.nodes.protocols.N8nExports;
import io.hetumind.nodes.protocols.ProtocolHarness;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Send Email through the real engine against GreenMail's SMTP and SMTPS servers. */
class EmailSendNodeTest {

    private static final String PASSWORD = "Sup3r-secret-pw";

    private GreenMail mail;

    @BeforeEach
    void start() {
        ServerSetup[] setups = {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.SMTPS.dynamicPort()};
        mail = new GreenMail(setups)
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice", PASSWORD));
        mail.start();
    }

    @AfterEach
    void stop() {
        mail.stop();
    }

    private ObjectNode smtp(String password) {
        return Json.object()
                .put("user", "alice")
                .put("password", password)
                .put("host", "127.0.0.1")
                .put("port", mail.getSmtp().getPort())
                .put("secure", false);
    }

    private ProtocolHarness harness(ObjectNode cred) {
        return new ProtocolHarness(new EmailSendNode(2_000, 2_000)).credential("smtp", cred);
    }

    @Test
    void v21SendsHtmlWithCcBccReplyToAttachmentsAndTheAttribution() throws Exception {
        byte[] pdf = "%PDF-1.4 fake".getBytes(StandardCharsets.US_ASCII);
        Item item = Item.empty()
                .withBinary(Map.of(
                        "invoice", ProtocolHarness.file("invoice.pdf", "application/pdf", pdf),
                        "logo",
                                ProtocolHarness.file(
                                        "logo.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'})));
        ObjectNode params = json("{'fromEmail':'Billing <billing@example.com>',"
                + "'toEmail':'bob@example.com, Carol <carol@example.com>','subject':'Invoice Ünïcode',"
                + "'options':{'ccEmail':'dave@example.com','bccEmail':'eve@example.com',"
                + "'replyTo':'help@example.com','attachments':'invoice, logo'}}");
        params.put("html", "<p>See <img src=\"cid:logo\"></p>");
        ExecutionResult r = harness(smtp(PASSWORD)).run(2.1, params, List.of(item));
        List<Item> out = output(r);
        assertThat(out).hasSize(1);
        ObjectNode info = out.getFirst().json();
        assertThat(info.path("accepted").toString())
                .isEqualTo("[\"bob@example.com\",\"carol@example.com\",\"dave@example.com\",\"eve@example.com\"]");
        assertThat(info.path("rejected").size()).isZero();
        assertThat(info.path("envelope").path("from").asText()).isEqualTo("billing@example.com");
        assertThat(info.path("messageId").asText()).startsWith("<").endsWith(">");
        assertThat(info.path("response").asText()).startsWith("250");

        assertThat(mail.waitForIncomingEmail(5_000, 4)).isTrue();
        MimeMessage m = mail.getReceivedMessagesForDomain("bob@example.com")[0];
        assertThat(m.getSubject()).isEqualTo("Invoice Ünïcode");
        assertThat(m.getFrom()[0].toString()).isEqualTo("Billing <billing@example.com>");
        assertThat(addresses(m.getRecipients(Message.RecipientType.TO)))
                .containsExactly("bob@example.com", "carol@example.com");
        assertThat(addresses(m.getRecipients(Message.RecipientType.CC))).containsExactly("dave@example.com");
        assertThat(m.getHeader("Bcc")).isNull();
        assertThat(addresses(m.getReplyTo())).containsExactly("help@example.com");
        // one delivery per recipient: bob, carol, dave (CC) and eve (BCC, in no header)
        assertThat(mail.getReceivedMessages()).hasSize(4);

        MimeMultipart mixed = (MimeMultipart) m.getContent();
        assertThat(m.getContentType()).startsWith("multipart/mixed");
        assertThat(mixed.getCount()).isEqualTo(3);
        BodyPart body = mixed.getBodyPart(0);
        assertThat(body.getContentType()).startsWith("text/html");
        String html = (String) body.getContent();
        assertThat(html).startsWith("<p>See <img src=\"cid:logo\"></p>");
        assertThat(html).contains("This email was sent automatically with <a href=\"https://n8n.io/");
        BodyPart invoice = mixed.getBodyPart(1);
        assertThat(invoice.getFileName()).isEqualTo("invoice.pdf");
        assertThat(invoice.getContentType()).startsWith("application/pdf");
        assertThat(invoice.getHeader("Content-ID")[0]).isEqualTo("<invoice>");
        assertThat(invoice.getInputStream().readAllBytes()).isEqualTo(pdf);
        assertThat(mixed.getBodyPart(2).getHeader("Content-ID")[0]).isEqualTo("<logo>");
    }

    @Test
    void v2DefaultsToTextWithoutAttributionAndBothSendsAnAlternative() throws Exception {
        output(harness(smtp(PASSWORD))
                .run(
                        2,
                        "{'fromEmail':'a@example.com','toEmail':'b@example.com','subject':'plain','text':'hello'}",
                        null));
        output(harness(smtp(PASSWORD))
                .run(
                        2.1,
                        "{'fromEmail':'a@example.com','toEmail':'c@example.com','subject':'both','emailFormat':'both',"
                                + "'text':'hi','html':'<b>hi</b>','options':{'appendAttribution':false}}",
                        null));
        assertThat(mail.waitForIncomingEmail(5_000, 2)).isTrue();
        MimeMessage plain = mail.getReceivedMessagesForDomain("b@example.com")[0];
        assertThat(plain.getContentType()).startsWith("text/plain");
        assertThat(((String) plain.getContent()).strip()).isEqualTo("hello");

        MimeMessage both = mail.getReceivedMessagesForDomain("c@example.com")[0];
        MimeMultipart alternative = (MimeMultipart) both.getContent();
        assertThat(both.getContentType()).startsWith("multipart/alternative");
        assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("hi");
        assertThat(alternative.getBodyPart(1).getContent()).isEqualTo("<b>hi</b>");
    }

    @Test
    void v21TextGetsTheTextAttribution() throws Exception {
        output(harness(smtp(PASSWORD))
                .run(
                        2.1,
                        "{'fromEmail':'a@example.com','toEmail':'b@example.com','emailFormat':'text','text':'hello'}",
                        null));
        assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(((String) mail.getReceivedMessages()[0].getContent()).replace("\r\n", "\n"))
                .isEqualTo("hello\n\n---\nThis email was sent automatically with n8n\nhttps://n8n.io");
    }

    @Test
    void v1ReadsTopLevelCcBccAttachmentsAndSkipsMissingBinaryFields() throws Exception {
        Item item =
                Item.empty().withBinary(Map.of("data", ProtocolHarness.file("a.txt", "text/plain", "A".getBytes())));
        output(harness(smtp(PASSWORD))
                .run(
                        1,
                        "{'fromEmail':'a@example.com','toEmail':'b@example.com','ccEmail':'c@example.com',"
                                + "'subject':'v1','text':'t','html':'<i>h</i>','attachments':'data,missing'}",
                        List.of(item)));
        assertThat(mail.waitForIncomingEmail(5_000, 2)).isTrue();
        MimeMessage m = mail.getReceivedMessagesForDomain("b@example.com")[0];
        MimeMultipart mixed = (MimeMultipart) m.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat(mixed.getBodyPart(0).getContentType()).startsWith("multipart/alternative");
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("a.txt");
        assertThat(mixed.getBodyPart(1).getHeader("Content-ID")).isNull();
        assertThat(addresses(m.getRecipients(Message.RecipientType.CC))).containsExactly("c@example.com");
    }

    @Test
    void v2FailsOnAMissingAttachmentFieldNamingTheItem() {
        String message = error(harness(smtp(PASSWORD))
                .run(
                        2.1,
                        "{'fromEmail':'a@example.com','toEmail':'b@example.com','options':{'attachments':'nope'}}",
                        List.of(Item.empty()
                                .withBinary(
                                        Map.of("data", ProtocolHarness.file("a.txt", "text/plain", "A".getBytes()))))));
        assertThat(message).contains("'nope'").contains("[item 0]");
    }

    @Test
    void smtpsWithGreenMailsSelfSignedCertificateNeedsIgnoreSslIssues() throws Exception {
        ObjectNode cred = smtp(PASSWORD).put("port", mail.getSmtps().getPort()).put("secure", true);
        String message = error(harness(cred).run(2.1, "{'fromEmail':'a@example.com','toEmail':'b@example.com'}", null));
        assertThat(message)
                .contains("TLS with the SMTP server at 127.0.0.1:"
                        + mail.getSmtps().getPort());
        output(harness(cred)
                .run(
                        2.1,
                        "{'fromEmail':'a@example.com','toEmail':'b@example.com','subject':'tls',"
                                + "'options':{'allowUnauthorizedCerts':true}}",
                        null));
        assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(mail.getReceivedMessages()[0].getSubject()).isEqualTo("tls");
    }

    @Test
    void aWrongPasswordIsAUserErrorThatDoesNotShowThePassword() {
        String wrong = "Wr0ng-password-value";
        String message =
                error(harness(smtp(wrong)).run(2.1, "{'fromEmail':'a@example.com','toEmail':'b@example.com'}", null));
        assertThat(message)
                .contains("the SMTP server at 127.0.0.1:" + mail.getSmtp().getPort() + " refused the credentials")
                .contains("[item 0]")
                .doesNotContain(wrong)
                .doesNotContain(PASSWORD);
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void anUnreachableHostNamesHostAndPortQuickly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        String message = error(harness(smtp(PASSWORD).put("port", port))
                .run(2.1, "{'fromEmail':'a@example.com','toEmail':'b@example.com'}", null));
        assertThat(message).contains("could not connect to the SMTP server at 127.0.0.1:" + port);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void aSilentServerTimesOutAndAMalformedGreetingFailsClearly() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = silent.accept()) {
                    Thread.sleep(10_000);
                } catch (Exception e) {
                    // the node gave up
                }
            });
            long start = System.nanoTime();
            String message = error(harness(smtp(PASSWORD).put("port", silent.getLocalPort()))
                    .run(2.1, "{'fromEmail':'a@example.com','toEmail':'b@example.com'}", null));
            assertThat(message).contains("127.0.0.1:" + silent.getLocalPort());
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(8_000);
        }
        try (ServerSocket garbage = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = garbage.accept()) {
                    OutputStream o = s.getOutputStream();
                    o.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    o.flush();
                    InputStream in = s.getInputStream();
                    in.read(new byte[256]);
                } catch (Exception e) {
                    // closed
                }
            });
            String message = error(harness(smtp(PASSWORD).put("port", garbage.getLocalPort()))
                    .run(2.1, "{'fromEmail':'a@example.com','toEmail':'b@example.com'}", null));
            assertThat(message).contains("the SMTP server at 127.0.0.1:" + garbage.getLocalPort());
        }
    }

    @Test
    void theNetworkPolicyIsAppliedBeforeConnecting() {
        String message = error(harness(smtp(PASSWORD))
                .service(NetworkPolicy.class, NetworkPolicy.publicOnly())
                .run(2.1, "{'fromEmail':'a@example.com','toEmail':'b@example.com'}", null));
        assertThat(message).contains("Send Email refused to connect to");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void continueOnFailEmitsAnErrorItemForTheBadItemAndSendsTheRest() throws Exception {
        ExecutionResult r = harness(smtp(PASSWORD))
                .onError(OnError.CONTINUE)
                .run(
                        2.1,
                        "{'fromEmail':'a@example.com','toEmail':'={{ $json.to }}','subject':'x'}",
                        List.of(
                                Item.of(json("{'to':'ok@example.com'}")),
                                Item.of(json("{'to':'not an address'}")),
                                Item.of(json("{'to':'ok2@example.com'}"))));
        List<Item> out = output(r);
        assertThat(out).hasSize(3);
        assertThat(out.stream().filter(i -> i.json().has("error")).toList())
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.json().get("error").asText())
                            .contains("toEmail")
                            .contains("[item 1]");
                    assertThat(i.pairedItem().item()).isEqualTo(1);
                });
        assertThat(mail.waitForIncomingEmail(5_000, 2)).isTrue();
    }

    @Test
    void anN8nExportWithSendEmailV21RunsUnchanged() throws Exception {
        ExecutionResult r = N8nExports.run("/n8n/email-send.json", Map.of(), Map.of("smtp", smtp(PASSWORD)));
        assertThat(r.status())
                .as("error %s", r.state().error())
                .isEqualTo(io.hetumind.core.engine.ExecutionStatus.SUCCESS);
        assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("Weekly report (report.txt)");
        MimeMultipart mixed = (MimeMultipart) m.getContent();
        assertThat(((String) mixed.getBodyPart(0).getContent())).isEqualTo("<p>The report is attached.</p>");
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("report.txt");
        assertThat(new String(mixed.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("12 tickets closed");
    }

    private static List<String> addresses(Address[] all) {
        return Arrays.stream(all)
                .map(a -> ((jakarta.mail.internet.InternetAddress) a).getAddress())
                .toList();
    }
}
