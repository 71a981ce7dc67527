package io.hetumind.nodes.email;

import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.CredentialRegistry;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.trigger.ListenContext;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.nodes.protocols.ProtocolHarness;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Email Trigger (IMAP) listening on GreenMail's IMAP and IMAPS servers (user alice, a password). */
class EmailReadImapNodeTest {

    private static final String PASSWORD = "Imap-s3cret-pw";
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final byte[] PDF = new byte[300];

    static {
        PDF[0] = '%';
        for (int i = 1; i < PDF.length; i++) {
            PDF[i] = (byte) i;
        }
    }

    private GreenMail mail;

    @BeforeEach
    void start() {
        startServer(ServerSetupTest.IMAP.dynamicPort());
    }

    private void startServer(ServerSetup imap) {
        mail = new GreenMail(new ServerSetup[] {imap, ServerSetupTest.IMAPS.dynamicPort()})
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.com", "alice", PASSWORD));
        mail.start();
    }

    @AfterEach
    void stop() {
        mail.stop();
    }

    private ObjectNode cred(String password) {
        return Json.object()
                .put("user", "alice")
                .put("password", password)
                .put("host", "127.0.0.1")
                .put("port", mail.getImap().getPort())
                .put("secure", false);
    }

    private static TriggerParams params(double version, String json) {
        return new TriggerParams(Node.of("Mail In", EmailReadImapNode.TYPE, version, json(json)));
    }

    /** A quick node: each IDLE (or pause without IDLE) ends after 200 ms. */
    private static EmailReadImapNode node() {
        return new EmailReadImapNode(Duration.ofMillis(200), true);
    }

    /** A host that records what it is handed; refuses emits while {@code refuse} is positive. */
    static final class Host implements ListenContext {
        final ObjectNode cred;
        final BlockingQueue<List<Item>> emitted = new LinkedBlockingQueue<>();
        final BlockingQueue<String> broken = new LinkedBlockingQueue<>();
        final AtomicInteger refuse = new AtomicInteger();
        NetworkPolicy policy = NetworkPolicy.allowAll();
        BinaryStore store = ProtocolHarness.STORE;

        Host(ObjectNode cred) {
            this.cred = cred;
        }

        @Override
        public String workflowId() {
            return "wf-" + System.identityHashCode(this);
        }

        @Override
        public ZoneId zone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Optional<ObjectNode> credentials(String credentialType) {
            return "imap".equals(credentialType) ? Optional.ofNullable(cred) : Optional.empty();
        }

        @Override
        public <T> Optional<T> service(Class<T> type) {
            if (type == NetworkPolicy.class) {
                return Optional.of(type.cast(policy));
            }
            return type == BinaryStore.class && store != null ? Optional.of(type.cast(store)) : Optional.empty();
        }

        @Override
        public System.Logger log() {
            return System.getLogger("test");
        }

        @Override
        public void emit(List<Item> items) throws EmitRefusedException {
            if (refuse.getAndDecrement() > 0) {
                throw new EmitRefusedException("queue full", null);
            }
            emitted.add(items);
        }

        @Override
        public void broken(String reason, Throwable cause) {
            broken.add(reason);
        }

        volatile ObjectNode saved;

        @Override
        public Optional<ObjectNode> loadState() {
            return Optional.ofNullable(saved).map(ObjectNode::deepCopy);
        }

        @Override
        public void saveState(ObjectNode state) {
            saved = state.deepCopy();
        }

        List<Item> next() throws InterruptedException {
            List<Item> items = emitted.poll(15, TimeUnit.SECONDS);
            assertThat(items).as("an emit within 15 s").isNotNull();
            return items;
        }
    }

    private MimeMessage text(String from, String subject, String body) throws Exception {
        MimeMessage m = new MimeMessage(SESSION);
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, "Alice <alice@example.com>");
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        m.setHeader("X-Ticket", "T-42");
        m.saveChanges();
        return m;
    }

    private MimeMessage withAttachment(String subject) throws Exception {
        MimeMessage m = new MimeMessage(SESSION);
        m.setFrom(new InternetAddress("Bob Builder <bob@example.com>"));
        m.setRecipients(Message.RecipientType.TO, "alice@example.com");
        m.setRecipients(Message.RecipientType.CC, "carol@example.com");
        m.setSubject(subject);
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText("Hello plain", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p>Hello <b>html</b></p>", "text/html; charset=UTF-8");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(html);
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);
        MimeBodyPart file = new MimeBodyPart();
        file.setContent(PDF, "application/octet-stream");
        file.setFileName("report.pdf");
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(body);
        mixed.addBodyPart(file);
        m.setContent(mixed);
        m.saveChanges();
        return m;
    }

    private void deliver(MimeMessage... messages) {
        for (MimeMessage m : messages) {
            mail.getUserManager().getUser("alice").deliver(m);
        }
    }

    private List<StoredMessage> stored() throws Exception {
        return mail.getManagers()
                .getImapHostManager()
                .getInbox(mail.getUserManager().getUser("alice"))
                .getMessages();
    }

    private static boolean seen(StoredMessage m) {
        return m.getFlags().contains(Flags.Flag.SEEN);
    }

    @Test
    void descriptorIsAListeningTriggerThatPassesTheRegistryChecks() {
        NodeRegistry nodes = NodeRegistry.of(List.of(new EmailReadImapNode()));
        assertThat(nodes.find("n8n-nodes-base.emailReadImap")).isPresent();
        assertThat(new EmailReadImapNode().triggerKind()).isEqualTo(TriggerKind.LISTEN);
        assertThat(CredentialRegistry.of(List.of(new ImapCredential())).checkNodes(nodes))
                .isEmpty();
        assertThat(new EmailReadImapNode().target(params(2.1, "{}"))).isEqualTo("IMAP mailbox INBOX");
    }

    @Test
    void malformedOrUnknownCriteriaAreRefusedByNameBeforeConnecting() {
        var node = new EmailReadImapNode();
        assertThatThrownBy(() -> node.target(params(2.1, "{'options':{'customEmailConfig':'[\\\"UNSEEN\\\"'}}")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("Mail In")
                .hasMessageContaining("options.customEmailConfig")
                .hasMessageContaining("Custom email config is not valid JSON.");
        assertThatThrownBy(() -> node.target(params(2.1, "{'options':{'customEmailConfig':'[\\\"UNREAD\\\"]'}}")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("Unexpected search option: UNREAD");
        assertThatThrownBy(() -> node.target(params(2.1, "{'options':{'customEmailConfig':'[[\\\"FROM\\\"]]'}}")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("Incorrect number of arguments for search option: FROM");
        assertThatThrownBy(() ->
                        node.target(params(2.1, "{'options':{'customEmailConfig':'[[\\\"SINCE\\\",\\\"soon\\\"]]'}}")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("parseable date");
        assertThatThrownBy(() -> node.target(params(2.1, "{'options':{'customEmailConfig':'{\\\"a\\\":1}'}}")))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("must be a JSON array");
        // a listen with the same parameters fails the same way, without a connection
        Host host = new Host(cred(PASSWORD));
        assertThatThrownBy(() -> node.listen(params(2.1, "{'options':{'customEmailConfig':'nope'}}"), host))
                .isInstanceOf(TriggerConfigException.class);
    }

    @Test
    void unseenMailArrivesAsSimpleItemsInOneEmitAndIsMarkedRead() throws Exception {
        deliver(text("Bob <bob@example.com>", "Grüße", "first body"));
        Host host = new Host(cred(PASSWORD));
        try (AutoCloseable l = node().listen(params(2.1, "{}"), host)) {
            List<Item> first = host.next();
            assertThat(first).hasSize(1);
            ObjectNode json = first.getFirst().json();
            assertThat(json.path("textPlain").asText()).isEqualTo("first body");
            assertThat(json.path("textHtml").asText()).isEmpty();
            assertThat(json.path("subject").asText()).isEqualTo("Grüße");
            assertThat(json.path("from").asText()).isEqualTo("Bob <bob@example.com>");
            assertThat(json.path("to").asText()).isEqualTo("Alice <alice@example.com>");
            assertThat(json.path("metadata").path("x-ticket").asText()).isEqualTo("T-42");
            assertThat(json.path("metadata").has("message-id")).isTrue();
            assertThat(json.path("attributes").path("uid").asLong()).isPositive();
            assertThat(List.copyOf(json.properties().stream()
                                    .map(e -> e.getKey())
                                    .toList())
                            .subList(0, 4))
                    .containsExactly("textHtml", "textPlain", "metadata", "attributes");
            assertThat(first.getFirst().binary()).isEmpty();
            await(() -> seen(stored().getFirst()));

            // two new mails while listening: one emit, two items, in UID order
            deliver(text("bob@example.com", "two", "2"), text("bob@example.com", "three", "3"));
            List<Item> next = host.next();
            if (next.size() == 1) { // the server may announce them one by one
                next = List.of(next.getFirst(), host.next().getFirst());
            }
            assertThat(next).extracting(i -> i.json().path("subject").asText()).containsExactly("two", "three");
            assertThat(host.emitted.poll(600, TimeUnit.MILLISECONDS)).isNull();
            // marked after the host took them (closing earlier would leave them unread)
            await(() -> stored().stream().allMatch(EmailReadImapNodeTest::seen));
        }
        assertThat(host.broken).as("closing is not a broken connection").isEmpty();
    }

    @Test
    void attachmentsBecomeBinaryDataWhenAsked() throws Exception {
        deliver(withAttachment("with file"));
        Host host = new Host(cred(PASSWORD));
        try (AutoCloseable l = node().listen(
                        params(2, "{'downloadAttachments':true,'dataPropertyAttachmentsPrefixName':'file_'}"), host)) {
            Item item = host.next().getFirst();
            assertThat(item.json().path("textPlain").asText()).isEqualTo("Hello plain");
            assertThat(item.json().path("textHtml").asText()).isEqualTo("<p>Hello <b>html</b></p>");
            assertThat(item.json().path("cc").asText()).isEqualTo("carol@example.com");
            BinaryRef ref = item.binary().get("file_0");
            assertThat(ref).isNotNull();
            assertThat(ref.fileName()).isEqualTo("report.pdf");
            assertThat(ref.mimeType()).as("n8n: from the file name").isEqualTo("application/pdf");
            assertThat(ProtocolHarness.bytes(ref)).isEqualTo(PDF);
        }
    }

    @Test
    void resolvedGivesMailparsersShapeWithEveryAttachment() throws Exception {
        deliver(withAttachment("resolved one"));
        Host host = new Host(cred(PASSWORD));
        try (AutoCloseable l =
                node().listen(params(2.1, "{'format':'resolved','postProcessAction':'nothing'}"), host)) {
            Item item = host.next().getFirst();
            ObjectNode json = item.json();
            assertThat(json.path("headers").path("subject").asText()).isEqualTo("Subject: resolved one");
            assertThat(json.path("text").asText()).isEqualTo("Hello plain");
            assertThat(json.path("html").asText()).isEqualTo("<p>Hello <b>html</b></p>");
            assertThat(json.path("textAsHtml").asText()).isEqualTo("<p>Hello plain</p>");
            assertThat(json.path("subject").asText()).isEqualTo("resolved one");
            ObjectNode from = Json.object();
            from.putArray("value").addObject().put("address", "bob@example.com").put("name", "Bob Builder");
            from.put(
                    "html",
                    "<span class=\"mp_address_group\"><span class=\"mp_address_name\">Bob Builder</span> &lt;<a"
                            + " href=\"mailto:bob@example.com\" class=\"mp_address_email\">bob@example.com</a>&gt;"
                            + "</span>");
            from.put("text", "\"Bob Builder\" <bob@example.com>");
            assertThat(json.path("from")).isEqualTo(from);
            assertThat(json.path("date").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(json.path("messageId").asText()).startsWith("<");
            assertThat(json.has("attachments")).isFalse();
            assertThat(json.path("attributes").path("uid").asLong()).isPositive();
            BinaryRef ref = item.binary().get("attachment_0");
            assertThat(ref.fileName()).isEqualTo("report.pdf");
            assertThat(ref.mimeType()).as("mailparser: the part's own type").isEqualTo("application/octet-stream");
            assertThat(ProtocolHarness.bytes(ref)).isEqualTo(PDF);
            assertThat(item.binary()).hasSize(1);
        }
        assertThat(stored()).as("fetching the whole mail does not mark it seen").noneMatch(EmailReadImapNodeTest::seen);
    }

    @Test
    void rawGivesTheBodyAsTheServerSentIt() throws Exception {
        deliver(text("bob@example.com", "raw", "line one\nline two"));
        Host host = new Host(cred(PASSWORD));
        try (AutoCloseable l = node().listen(params(1, "{'format':'raw','postProcessAction':'nothing'}"), host)) {
            ObjectNode json = host.next().getFirst().json();
            assertThat(json.properties()).hasSize(1);
            assertThat(json.path("raw").asText()).contains("line one").contains("line two");
            assertThat(json.path("raw").asText()).doesNotContain("Subject:");
        }
        assertThat(stored()).as("reading the body does not mark it seen").noneMatch(EmailReadImapNodeTest::seen);
    }

    @Test
    void withoutMarkingReadTheLastUidKeepsMailFromComingTwiceAndV20StartsAfresh() throws Exception {
        deliver(text("bob@example.com", "keep", "k"));
        EmailReadImapNode node = node();
        Host host = new Host(cred(PASSWORD));
        String p = "{'postProcessAction':'nothing'}";
        try (AutoCloseable l = node.listen(params(2.1, p), host)) {
            assertThat(host.next()).hasSize(1);
            deliver(text("bob@example.com", "later", "l"));
            assertThat(host.next())
                    .extracting(i -> i.json().path("subject").asText())
                    .containsExactly("later");
        }
        assertThat(stored()).noneMatch(EmailReadImapNodeTest::seen);
        // v2.1 keeps the last UID across activations: nothing again
        try (AutoCloseable l = node.listen(params(2.1, p), host)) {
            assertThat(host.emitted.poll(800, TimeUnit.MILLISECONDS)).isNull();
        }
        // v2.0 starts afresh at activation: both unseen mails once more
        try (AutoCloseable l = node.listen(params(2, p), host)) {
            assertThat(host.next()).hasSize(2);
        }
    }

    @Test
    void aRestartedHostGoesOnFromTheLastUidItKept() throws Exception {
        deliver(text("bob@example.com", "one", "1"), text("bob@example.com", "two", "2"));
        Host host = new Host(cred(PASSWORD));
        String p = "{'postProcessAction':'nothing'}";
        try (AutoCloseable l = node().listen(params(2.1, p), host)) {
            assertThat(host.next()).hasSize(2);
        }
        assertThat(host.saved.path("lastMessageUid").asLong()).isPositive();
        assertThat(host.saved.has("uidValidity")).isTrue();
        // a new process (a fresh node, nothing in memory): the kept UID, not "since today", decides
        try (AutoCloseable l = node().listen(params(2.1, p), host)) {
            assertThat(host.emitted.poll(800, TimeUnit.MILLISECONDS)).isNull();
            deliver(text("bob@example.com", "three", "3"));
            assertThat(host.next())
                    .extracting(i -> i.json().path("subject").asText())
                    .containsExactly("three");
        }
        // without the kept UID the same restart takes today's unseen mail again (n8n's first activation)
        host.saved = null;
        try (AutoCloseable l = node().listen(params(2.1, p), host)) {
            assertThat(host.next()).hasSize(3);
        }
    }

    @Test
    void customCriteriaAreSentToTheServerAsWritten() throws Exception {
        deliver(
                text("bob@example.com", "from bob", "b"),
                text("eve@example.com", "from eve", "e"),
                text("eve@example.com", "Überweisung", "u"));
        Host host = new Host(cred(PASSWORD));
        String criteria = "[\\\"UNSEEN\\\", [\\\"OR\\\", [\\\"FROM\\\", \\\"bob@example.com\\\"],"
                + " [\\\"SUBJECT\\\", \\\"Überweisung\\\"]]]";
        try (AutoCloseable l =
                node().listen(params(2.1, "{'options':{'customEmailConfig':'" + criteria + "'}}"), host)) {
            assertThat(host.next())
                    .extracting(i -> i.json().path("subject").asText())
                    .containsExactly("from bob", "Überweisung");
            await(() -> stored().stream().filter(EmailReadImapNodeTest::seen).count() == 2);
        }
        assertThat(stored())
                .filteredOn(EmailReadImapNodeTest::seen)
                .extracting(m -> m.getMimeMessage().getSubject())
                .containsExactlyInAnyOrder("from bob", "Überweisung");
    }

    @Test
    void v21EmitsBatchesOfTwentyAndV2EverythingAtOnce() throws Exception {
        for (int i = 0; i < 25; i++) {
            deliver(text("bob@example.com", "m" + i, "b"));
        }
        Host host = new Host(cred(PASSWORD));
        try (AutoCloseable l = node().listen(params(2.1, "{'postProcessAction':'nothing'}"), host)) {
            assertThat(host.next()).hasSize(20);
            List<Item> rest = host.next();
            assertThat(rest).hasSize(5);
            assertThat(rest.getLast().json().path("subject").asText()).isEqualTo("m24");
        }
        try (AutoCloseable l = node().listen(params(2, "{}"), host)) {
            assertThat(host.next()).hasSize(25);
        }
    }

    @Test
    void mailTheHostRefusedStaysUnreadAndComesAgain() throws Exception {
        deliver(text("bob@example.com", "again", "a"));
        Host host = new Host(cred(PASSWORD));
        host.refuse.set(1);
        try (AutoCloseable l = node().listen(params(2.1, "{}"), host)) {
            assertThat(host.next())
                    .extracting(i -> i.json().path("subject").asText())
                    .containsExactly("again");
            await(() -> seen(stored().getFirst()));
        }
    }

    @Test
    void idleDeliversNewMailLongBeforeTheNextWake() throws Exception {
        Host host = new Host(cred(PASSWORD));
        try (AutoCloseable l = new EmailReadImapNode(Duration.ofMinutes(5), true).listen(params(2.1, "{}"), host)) {
            Thread.sleep(300); // in IDLE by now
            long t0 = System.nanoTime();
            deliver(text("bob@example.com", "pushed", "p"));
            assertThat(host.next())
                    .extracting(i -> i.json().path("subject").asText())
                    .containsExactly("pushed");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aForcedReconnectKeepsListeningWithoutTakingMailTwice() throws Exception {
        deliver(text("bob@example.com", "before", "b"));
        Host host = new Host(cred(PASSWORD));
        // 0.01 minutes: a reconnect every 600 ms
        String p = "{'postProcessAction':'nothing','options':{'forceReconnect':0.01}}";
        try (AutoCloseable l = node().listen(params(2.1, p), host)) {
            assertThat(host.next())
                    .extracting(i -> i.json().path("subject").asText())
                    .containsExactly("before");
            Thread.sleep(1_500); // two reconnects, each searching again
            deliver(text("bob@example.com", "after", "a"));
            assertThat(host.next())
                    .extracting(i -> i.json().path("subject").asText())
                    .containsExactly("after");
            assertThat(host.emitted.poll(1_500, TimeUnit.MILLISECONDS)).isNull();
        }
        assertThat(host.broken).isEmpty();
    }

    @Test
    void pollsWhenIdleIsNotUsed() throws Exception {
        Host host = new Host(cred(PASSWORD));
        try (AutoCloseable l = new EmailReadImapNode(Duration.ofMillis(200), false).listen(params(1, "{}"), host)) {
            deliver(text("bob@example.com", "polled", "p"));
            assertThat(host.next())
                    .extracting(i -> i.json().path("subject").asText())
                    .containsExactly("polled");
        }
    }

    @Test
    void tlsWithASelfSignedCertificateNeedsTheCredentialsConsent() throws Exception {
        deliver(text("bob@example.com", "over tls", "t"));
        ObjectNode strict =
                cred(PASSWORD).put("secure", true).put("port", mail.getImaps().getPort());
        assertThatThrownBy(() -> node().listen(params(2.1, "{}"), new Host(strict)))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("TLS with the IMAP server at 127.0.0.1:"
                        + mail.getImaps().getPort());
        Host host = new Host(strict.deepCopy().put("allowUnauthorizedCerts", true));
        try (AutoCloseable l = node().listen(params(2.1, "{'postProcessAction':'nothing'}"), host)) {
            assertThat(host.next())
                    .extracting(i -> i.json().path("subject").asText())
                    .containsExactly("over tls");
        }
        // v1 reads the consent from its options, not from the credential
        assertThatThrownBy(() -> node().listen(params(1, "{}"), host))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("TLS with the IMAP server");
        Host v1 = new Host(strict);
        try (AutoCloseable l = node().listen(params(1, "{'options':{'allowUnauthorizedCerts':true}}"), v1)) {
            assertThat(v1.next())
                    .extracting(i -> i.json().path("subject").asText())
                    .containsExactly("over tls");
        }
    }

    @Test
    void aRefusedPasswordIsAUserErrorNamingTheServerButNotThePassword() {
        String where = "127.0.0.1:" + mail.getImap().getPort();
        assertThatThrownBy(() -> node().listen(params(2.1, "{}"), new Host(cred("wrong-Pw-123"))))
                .isInstanceOfSatisfying(
                        NodeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
                .hasMessageContaining("the IMAP server at " + where + " refused the credentials of user 'alice'")
                .hasMessageNotContaining("wrong-Pw-123");
    }

    @Test
    void anUnreachableHostAndAMissingMailboxAreClearErrors() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() ->
                        node().listen(params(2.1, "{}"), new Host(cred(PASSWORD).put("port", closed))))
                .isInstanceOfSatisfying(
                        NodeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.OPERATIONAL))
                .hasMessageContaining("could not connect to the IMAP server at 127.0.0.1:" + closed)
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> node().listen(params(2.1, "{'mailbox':'Nope'}"), new Host(cred(PASSWORD))))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("mailbox 'Nope' does not exist at the IMAP server at 127.0.0.1:");
    }

    @Test
    void theNetworkPolicyIsAppliedBeforeConnecting() {
        Host host = new Host(cred(PASSWORD));
        host.policy = NetworkPolicy.publicOnly();
        assertThatThrownBy(() -> node().listen(params(2.1, "{}"), host))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("Email Trigger (IMAP) refused to connect");
    }

    @Test
    void attachmentsWithoutABinaryStoreAreRefusedAtActivation() {
        Host host = new Host(cred(PASSWORD));
        host.store = null;
        assertThatThrownBy(() -> node().listen(params(2.1, "{'format':'resolved'}"), host))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("no binary store is configured on this host");
    }

    @Test
    void closingStopsTheListenerAndALostServerIsReportedThenAReopenWorks() throws Exception {
        Host host = new Host(cred(PASSWORD));
        AutoCloseable l = node().listen(params(2.1, "{}"), host);
        long t0 = System.nanoTime();
        l.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        deliver(text("bob@example.com", "after close", "x"));
        assertThat(host.emitted.poll(800, TimeUnit.MILLISECONDS)).isNull();
        assertThat(host.broken).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("imap-listener-" + host.workflowId()));

        // the server goes away while listening: reported with host:port, then the host's reopen works
        int port = mail.getImap().getPort();
        Host second = new Host(cred(PASSWORD));
        try (AutoCloseable l2 = node().listen(params(2.1, "{}"), second)) {
            assertThat(second.next()).hasSize(1);
            mail.stop();
            String reason = second.broken.poll(15, TimeUnit.SECONDS);
            assertThat(reason).contains("connection to the IMAP server at 127.0.0.1:" + port + " lost");
        }
        startServer(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        deliver(text("bob@example.com", "after restart", "r"));
        try (AutoCloseable l3 = node().listen(params(2.1, "{}"), second)) {
            assertThat(second.next())
                    .extracting(i -> i.json().path("subject").asText())
                    .containsExactly("after restart");
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!check.ok()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(end);
            Thread.sleep(50);
        }
    }
}
