package io.hetumind.nodes.email;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NetworkRefusedException;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.trigger.ListenContext;
import io.hetumind.core.spi.trigger.ListenTrigger;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.TriggerSpec;
import io.hetumind.nodes.credentials.Secrets;
import io.hetumind.nodes.net.PinnedAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Email Trigger (IMAP), n8n v1, v2 and v2.1: keeps a mailbox open and starts an execution with the
 * mail that matches {@code options.customEmailConfig} (["UNSEEN"] by default), one item per mail in
 * the {@code format} chosen, then marks it seen ({@code postProcessAction: read}). The server is
 * resolved once through the host's network policy and Angus Mail connects to that address, while
 * TLS still checks the certificate against the credential's host name. Only mail above the last UID
 * taken is emitted; that UID is kept per workflow and node for as long as this process runs
 * (v1 and v2.1 keep it across reconnects and reactivations, v2.0 and v2.1 without
 * {@code trackLastMessageId} start afresh at each activation, as in n8n).
 */
public final class EmailReadImapNode implements NodeType, ListenTrigger {

    public static final String TYPE = "hetumind.emailReadImap";

    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    private static final int IO_TIMEOUT_MILLIS = 120_000;
    private static final Duration WAKE = Duration.ofSeconds(30);

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder(TYPE)
            .versions(1, 2, 2.1)
            .displayName("Email Trigger (IMAP)")
            .description("Triggers the workflow when a new email is received")
            .group(NodeGroup.TRIGGER)
            .icon("inbox")
            .alias("n8n-nodes-base.emailReadImap")
            .trigger(TriggerSpec.of(TriggerKind.LISTEN, "Starts the workflow for new email in the mailbox")
                    .with("mailbox", "mailbox"))
            .credential("imap", true)
            .property(PropertySpec.string("mailbox").displayName("Mailbox Name").defaultValue("INBOX"))
            .property(PropertySpec.options("postProcessAction")
                    .displayName("Action")
                    .option("read", "Mark as Read")
                    .option("nothing", "Nothing")
                    .defaultValue("read")
                    .description("What to do after the email has been received. If \"nothing\" gets selected it"
                            + " will be processed multiple times."))
            .property(PropertySpec.bool("downloadAttachments")
                    .displayName("Download Attachments")
                    .defaultValue(false)
                    .showWhen("format", "simple")
                    .description("Whether attachments of emails should be downloaded. Only set if needed as it"
                            + " increases processing."))
            .property(PropertySpec.options("format")
                    .displayName("Format")
                    .option(
                            "raw",
                            "RAW",
                            "Returns the full email message data with body content in the raw field as a base64url"
                                    + " encoded string; the payload field is not used")
                    .option(
                            "resolved",
                            "Resolved",
                            "Returns the full email with all data resolved and attachments saved as binary data")
                    .option(
                            "simple",
                            "Simple",
                            "Returns the full email; do not use if you wish to gather inline attachments")
                    .defaultValue("simple")
                    .description("The format to return the message in"))
            .property(prefix().showWhen("format", "resolved"))
            .property(prefix().showWhen("format", "simple").showWhen("downloadAttachments", true))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .child(customEmailConfig())
                    .child(PropertySpec.bool("allowUnauthorizedCerts")
                            .displayName("Ignore SSL Issues (Insecure)")
                            .defaultValue(false)
                            .description("Whether to connect even if SSL certificate validation is not possible"))
                    .child(PropertySpec.number("forceReconnect")
                            .displayName("Force Reconnect")
                            .defaultValue(60)
                            .description("Sets an interval (in minutes) to force a reconnection"))
                    .showWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .child(customEmailConfig())
                    .child(forceReconnectEveryMinutes())
                    .showWhen(PropertySpec.VERSION, 2))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .child(customEmailConfig())
                    .child(forceReconnectEveryMinutes())
                    .child(PropertySpec.bool("trackLastMessageId")
                            .displayName("Fetch Only New Emails")
                            .defaultValue(true)
                            .description("Whether to fetch only new emails since the last run, or all emails that"
                                    + " match the \"Custom Email Rules\" ([\"UNSEEN\"] by default)"))
                    .hideWhen(PropertySpec.VERSION, 1, 2))
            .build();

    private static PropertySpec.Builder prefix() {
        return PropertySpec.string("dataPropertyAttachmentsPrefixName")
                .displayName("Property Prefix Name")
                .defaultValue("attachment_")
                .description("Prefix for name of the binary property to which to write the attachments. An index"
                        + " starting with 0 will be added. So if name is \"attachment_\" the first attachment is"
                        + " saved to \"attachment_0\"");
    }

    private static PropertySpec.Builder customEmailConfig() {
        return PropertySpec.string("customEmailConfig")
                .displayName("Custom Email Rules")
                .defaultValue(ImapSearch.DEFAULT)
                .description("Custom email fetching rules: IMAP search criteria as a JSON array, as node-imap's"
                        + " search function reads them, e.g. [\"UNSEEN\", [\"FROM\", \"a@example.com\"]]");
    }

    private static PropertySpec.Builder forceReconnectEveryMinutes() {
        return PropertySpec.number("forceReconnect")
                .displayName("Force Reconnect Every Minutes")
                .defaultValue(60)
                .description("Sets an interval (in minutes) to force a reconnection");
    }

    /**
     * n8n's {@code lastMessageUid} per workflow and node while this process runs; the host keeps it too ({@code
     * ListenContext.saveState}), so a restart or another replica goes on from it.
     */
    private final Map<String, AtomicReference<ImapListener.Cursor>> cursors = new ConcurrentHashMap<>();

    private final Duration wake;
    private final boolean useIdle;

    public EmailReadImapNode() {
        this(WAKE, true);
    }

    /** {@code wake}: how long one IDLE (or, without IDLE, one pause between looks) lasts at most. */
    EmailReadImapNode(Duration wake, boolean useIdle) {
        this.wake = wake;
        this.useIdle = useIdle;
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        return passEvent(ctx, "Email Trigger (IMAP)", "mail");
    }

    @Override
    public String target(TriggerParams params) {
        search(params);
        format(params);
        String action = params.string("postProcessAction", "read");
        if (!action.equals("read") && !action.equals("nothing")) {
            throw new TriggerConfigException(
                    params.node().name(), "postProcessAction", "must be 'read' or 'nothing', not '" + action + "'");
        }
        return "IMAP mailbox " + params.string("mailbox", "INBOX");
    }

    static ImapSearch search(TriggerParams params) {
        String text = params.string("options.customEmailConfig", ImapSearch.DEFAULT);
        try {
            return ImapSearch.parse(text);
        } catch (ImapSearch.BadCriteria e) {
            throw new TriggerConfigException(params.node().name(), "options.customEmailConfig", e.getMessage());
        }
    }

    private static String format(TriggerParams params) {
        String format = params.string("format", "simple");
        if (!List.of("simple", "resolved", "raw").contains(format)) {
            throw new TriggerConfigException(
                    params.node().name(), "format", "must be 'simple', 'resolved' or 'raw', not '" + format + "'");
        }
        return format;
    }

    @Override
    public AutoCloseable listen(TriggerParams params, ListenContext ctx) {
        target(params);
        double version = params.node().typeVersion();
        String format = format(params);
        boolean download = params.bool("downloadAttachments", false);
        String prefix = params.string("dataPropertyAttachmentsPrefixName", "attachment_");
        boolean track = params.bool("options.trackLastMessageId", true);
        // as n8n: a forced reconnect only when the option is set (its default 60 shows once it is added)
        double minutes = params.tree("options.forceReconnect") == null ? 0 : params.number("options.forceReconnect", 0);
        Duration forceReconnect = minutes > 0 ? Duration.ofMillis((long) (minutes * 60_000)) : null;

        ObjectNode cred = ctx.credentials("imap")
                .orElseThrow(() -> NodeException.user("credentials of type 'imap' are not set for this node"));
        Secrets secrets = Secrets.of(ImapCredential.DESCRIPTOR, cred);
        BinaryStore store = null;
        if (ImapItems.needsBinaryStore(format, download)) {
            store = ctx.service(BinaryStore.class)
                    .orElseThrow(() -> NodeException.user(
                            "Email Trigger (IMAP) '" + params.node().name()
                                    + "' stores attachments, but no binary store is configured on this host"));
        }
        String host = cred.path("host").asText("").strip();
        if (host.isEmpty()) {
            throw NodeException.user("credential 'imap': 'host' is empty");
        }
        int port = cred.path("port").asInt(993);
        if (port < 1 || port > 65535) {
            throw NodeException.user("credential 'imap': port " + port + " is out of range");
        }
        NetworkPolicy policy = ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll);
        PinnedAddress server;
        try {
            server = new PinnedAddress(host, port, policy.resolve(host, port).getFirst());
        } catch (NetworkRefusedException e) {
            throw e.by("Email Trigger (IMAP)", -1);
        } catch (UnknownHostException e) {
            throw NodeException.operational("The host '" + host + "' could not be resolved", null);
        }
        boolean insecure = version < 2
                ? params.bool("options.allowUnauthorizedCerts", false)
                : cred.path("allowUnauthorizedCerts").asBoolean(false);
        boolean secure = cred.path("secure").asBoolean(true);

        // v1 and v2.1 keep the last UID across activations; v2.0 (and v2.1 told not to) start afresh
        AtomicReference<ImapListener.Cursor> cursor = cursors.computeIfAbsent(
                ctx.workflowId() + "\u0000" + params.node().name(), k -> new AtomicReference<>());
        boolean v21 = version >= 2.1;
        if ((version >= 2 && !v21) || (v21 && !track)) {
            cursor.set(null);
        } else if (cursor.get() == null) {
            // first listen in this process: go on from what the host kept (a restart, another replica)
            ctx.loadState().map(ImapListener.Cursor::of).ifPresent(cursor::set);
        }
        ImapListener.Settings settings = new ImapListener.Settings(
                params.string("mailbox", "INBOX"),
                params.string("postProcessAction", "read").equals("read"),
                search(params),
                v21 ? ImapListener.BATCH : 0,
                v21 && track ? LocalDate.now(ctx.zone()) : null,
                forceReconnect,
                wake,
                useIdle);
        ImapItems items = new ImapItems(format, download, prefix, store);
        return new ImapListener(
                        server,
                        properties(server, secure, insecure),
                        cred.path("user").asText(""),
                        cred.path("password").asText(""),
                        secrets,
                        settings,
                        items,
                        cursor,
                        ctx)
                .start();
    }

    private static Properties properties(PinnedAddress server, boolean secure, boolean insecure) {
        Properties p = new Properties();
        p.put("mail.imap.socketFactory", server.socketFactory());
        p.put("mail.imap.socketFactory.fallback", "false");
        p.put("mail.imap.ssl.enable", Boolean.toString(secure));
        if (insecure) {
            p.put("mail.imap.ssl.trust", "*");
            p.put("mail.imap.ssl.checkserveridentity", "false");
        } else {
            p.put("mail.imap.ssl.checkserveridentity", "true");
        }
        p.put("mail.imap.connectiontimeout", Integer.toString(CONNECT_TIMEOUT_MILLIS));
        p.put("mail.imap.timeout", Integer.toString(IO_TIMEOUT_MILLIS));
        p.put("mail.imap.writetimeout", Integer.toString(IO_TIMEOUT_MILLIS));
        // reading a mail must not mark it seen: n8n marks only after processing, and only with "read"
        p.put("mail.imap.peek", "true");
        return p;
    }
}
