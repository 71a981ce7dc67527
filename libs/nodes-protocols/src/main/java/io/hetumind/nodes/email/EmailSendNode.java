package io.hetumind.nodes.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.ResumeLinkHandler;
import io.hetumind.nodes.credentials.Secrets;
import io.hetumind.nodes.files.BinaryFiles;
import io.hetumind.nodes.internal.PerItem;
import io.hetumind.nodes.net.PinnedAddress;
import jakarta.activation.DataHandler;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Send Email (n8n v1, v2, v2.1): one SMTP message per item through the {@code smtp} credential's
 * server, with text and/or HTML bodies, CC/BCC/Reply-To and attachments from binary fields. The
 * server is resolved once through the host's network policy and the client connects to that
 * address; TLS (implicit, or STARTTLS when offered) still checks the certificate against the
 * credential's host name unless "Ignore SSL Issues" is set. From v2, operation {@code sendAndWait} sends one message with
 * approval buttons and waits for a click ({@link SendAndWait}).
 */
public final class EmailSendNode implements NodeType, ResumeLinkHandler {

    public static final String TYPE = "hetumind.emailSend";

    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    private static final int IO_TIMEOUT_MILLIS = 60_000;

    static final String ATTRIBUTION = "This email was sent automatically with ";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder(TYPE)
            .versions(1, 2, 2.1)
            .displayName("Send Email")
            .description("Sends an email using SMTP protocol")
            .group(NodeGroup.HTTP)
            .icon("envelope")
            .alias("n8n-nodes-base.emailSend")
            .credential("smtp", true)
            .property(PropertySpec.options("resource")
                    .displayName("Resource")
                    .option("email", "Email")
                    .defaultValue("email")
                    .noExpression()
                    .hideWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.options("operation")
                    .displayName("Operation")
                    .option("send", "Send", "Send an email")
                    .option(SendAndWait.OPERATION, "Send and Wait for Response", "Send message and wait for response")
                    .defaultValue("send")
                    .noExpression()
                    .showWhen("resource", "email")
                    .hideWhen(PropertySpec.VERSION, 1))
            .property(fromEmail().showWhen(PropertySpec.VERSION, 1))
            .property(toEmail().showWhen(PropertySpec.VERSION, 1))
            .property(fromEmail()
                    .showWhen("resource", "email")
                    .showWhen("operation", "send", SendAndWait.OPERATION)
                    .hideWhen(PropertySpec.VERSION, 1))
            .property(toEmail()
                    .showWhen("resource", "email")
                    .showWhen("operation", "send", SendAndWait.OPERATION)
                    .hideWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.string("ccEmail")
                    .displayName("CC Email")
                    .defaultValue("")
                    .placeholder("cc@example.com")
                    .showWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.string("bccEmail")
                    .displayName("BCC Email")
                    .defaultValue("")
                    .placeholder("bcc@example.com")
                    .showWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.string("subject")
                    .displayName("Subject")
                    .defaultValue("")
                    .placeholder("My subject line")
                    .showWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.string("subject")
                    .displayName("Subject")
                    .defaultValue("")
                    .placeholder("My subject line")
                    .showWhen("resource", "email")
                    .showWhen("operation", "send")
                    .hideWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.options("emailFormat")
                    .displayName("Email Format")
                    .option("text", "Text")
                    .option("html", "HTML")
                    .option("both", "Both")
                    .defaultValue("text")
                    .showWhen("resource", "email")
                    .showWhen("operation", "send")
                    .showWhen(PropertySpec.VERSION, 2))
            .property(PropertySpec.options("emailFormat")
                    .displayName("Email Format")
                    .option("text", "Text", "Send email as plain text")
                    .option("html", "HTML", "Send email as HTML")
                    .option("both", "Both", "Send both formats, recipient's client selects version to display")
                    .defaultValue("html")
                    .showWhen("resource", "email")
                    .showWhen("operation", "send")
                    .hideWhen(PropertySpec.VERSION, 1, 2))
            .property(PropertySpec.string("text")
                    .displayName("Text")
                    .defaultValue("")
                    .rows(5)
                    .description("Plain text message of email")
                    .showWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.string("html")
                    .displayName("HTML")
                    .defaultValue("")
                    .rows(5)
                    .description("HTML text message of email")
                    .showWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.string("text")
                    .displayName("Text")
                    .defaultValue("")
                    .rows(5)
                    .description("Plain text message of email")
                    .showWhen("resource", "email")
                    .showWhen("operation", "send")
                    .showWhen("emailFormat", "text", "both")
                    .hideWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.string("html")
                    .displayName("HTML")
                    .defaultValue("")
                    .rows(5)
                    .description("HTML text message of email")
                    .showWhen("resource", "email")
                    .showWhen("operation", "send")
                    .showWhen("emailFormat", "html", "both")
                    .hideWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.string("attachments")
                    .displayName("Attachments")
                    .defaultValue("")
                    .description("Name of the binary properties to attach, comma-separated")
                    .showWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add Option")
                    .child(PropertySpec.bool("allowUnauthorizedCerts")
                            .displayName("Ignore SSL Issues")
                            .defaultValue(false)
                            .description("Whether to connect even if SSL certificate validation is not possible"))
                    .child(PropertySpec.string("replyTo")
                            .displayName("Reply To")
                            .defaultValue("")
                            .placeholder("info@example.com")
                            .description("The email address to send the reply to"))
                    .showWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add Option")
                    .child(PropertySpec.bool("appendAttribution")
                            .displayName("Append n8n Attribution")
                            .defaultValue(true)
                            .description("Whether to end the email with “This email was sent automatically with n8n”"))
                    .child(PropertySpec.string("attachments")
                            .displayName("Attachments")
                            .defaultValue("")
                            .description("Name of the binary properties to attach, comma-separated; each is"
                                    + " also reachable in HTML as cid:<property name>"))
                    .child(PropertySpec.string("ccEmail")
                            .displayName("CC Email")
                            .defaultValue("")
                            .placeholder("cc@example.com"))
                    .child(PropertySpec.string("bccEmail")
                            .displayName("BCC Email")
                            .defaultValue("")
                            .placeholder("bcc@example.com"))
                    .child(PropertySpec.bool("allowUnauthorizedCerts")
                            .displayName("Ignore SSL Issues")
                            .defaultValue(false)
                            .description("Whether to connect even if SSL certificate validation is not possible"))
                    .child(PropertySpec.string("replyTo")
                            .displayName("Reply To")
                            .defaultValue("")
                            .placeholder("info@example.com")
                            .description("The email address to send the reply to"))
                    .showWhen("resource", "email")
                    .showWhen("operation", "send")
                    .hideWhen(PropertySpec.VERSION, 1))
            .properties(SendAndWaitSpec.properties())
            .build();

    private static PropertySpec.Builder fromEmail() {
        return PropertySpec.string("fromEmail")
                .displayName("From Email")
                .defaultValue("")
                .required()
                .placeholder("admin@example.com")
                .description("Email address of the sender. You can also specify a name: Nathan Doe <nate@n8n.io>.");
    }

    private static PropertySpec.Builder toEmail() {
        return PropertySpec.string("toEmail")
                .displayName("To Email")
                .defaultValue("")
                .required()
                .placeholder("info@example.com")
                .description("Email address of the recipient(s), comma-separated; a name may be given");
    }

    private final int connectTimeoutMillis;
    private final int ioTimeoutMillis;

    public EmailSendNode() {
        this(CONNECT_TIMEOUT_MILLIS, IO_TIMEOUT_MILLIS);
    }

    /** With other bounds on connecting and on each read/write (tests). */
    EmailSendNode(int connectTimeoutMillis, int ioTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.ioTimeoutMillis = ioTimeoutMillis;
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        ObjectNode cred = ctx.credentials("smtp")
                .orElseThrow(() -> NodeException.user("credentials of type 'smtp' are not set for this node"));
        Secrets secrets = Secrets.of(SmtpCredential.DESCRIPTOR, cred);
        double version = ctx.node().typeVersion();
        if (version >= 2) {
            String operation = ctx.param("operation", 0, String.class, "send");
            if (operation.equals(SendAndWait.OPERATION)) {
                try {
                    return SendAndWait.execute(this, ctx, cred);
                } catch (NodeException e) {
                    throw secrets.redact(e);
                }
            }
            if (!operation.equals("send")) {
                throw NodeException.user(
                        "parameter 'operation': '" + operation + "' is not one of send, " + SendAndWait.OPERATION);
            }
        }
        List<Item> items = ctx.items();
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                out.add(new Item(send(ctx, cred, version, i, items.get(i)), Map.of(), new PairedItem(i, 0)));
            } catch (NodeException e) {
                NodeException safe = secrets.redact(e);
                if (!ctx.continueOnFail()) {
                    throw safe;
                }
                errors.add(PerItem.errorItem(safe.getMessage(), i));
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    @Override
    public List<String> unsupported(Node node) {
        return SendAndWait.unsupported(node);
    }

    @Override
    public boolean waitsForLink(Node node) {
        return SendAndWait.waitsForLink(node);
    }

    @Override
    public Outcome onLink(Call call) {
        return SendAndWait.onLink(call);
    }

    /** Sends one HTML message (Send and Wait's), as n8n's transport does with no options: certificates checked. */
    void sendHtml(NodeContext ctx, ObjectNode cred, String from, String to, String subject, String html) {
        String host = cred.path("host").asText("").strip();
        if (host.isEmpty()) {
            throw NodeException.user("credential 'smtp': 'host' is empty [item 0]", 0);
        }
        PinnedAddress server =
                PinnedAddress.resolve(ctx, "Send Email", host, cred.path("port").asInt(465), 0);
        Session session = Session.getInstance(properties(cred, server, false));
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(single("fromEmail", from, 0));
            message.setRecipients(Message.RecipientType.TO, list("toEmail", to, 0));
            message.setSubject(subject, "UTF-8");
            message.setText(html, "UTF-8", "html");
            message.saveChanges();
            transmit(session, server, cred, message, 0);
        } catch (MessagingException e) {
            throw failure(e, server, 0);
        }
    }

    private ObjectNode send(NodeContext ctx, ObjectNode cred, double version, int i, Item item) {
        boolean v1 = version < 2;
        String optionPrefix = v1 ? "" : "options.";
        String from = ctx.param("fromEmail", i, String.class, "");
        String to = ctx.param("toEmail", i, String.class, "");
        String cc = ctx.param(optionPrefix + "ccEmail", i, String.class, "");
        String bcc = ctx.param(optionPrefix + "bccEmail", i, String.class, "");
        String replyTo = ctx.param("options.replyTo", i, String.class, "");
        String subject = ctx.param("subject", i, String.class, "");
        String attachments = ctx.param(optionPrefix + "attachments", i, String.class, "");
        boolean insecure = ctx.param("options.allowUnauthorizedCerts", i, Boolean.class, false);

        String text;
        String html;
        if (v1) {
            text = ctx.param("text", i, String.class, "");
            html = ctx.param("html", i, String.class, "");
        } else {
            String format = ctx.param("emailFormat", i, String.class, version >= 2.1 ? "html" : "text");
            if (!format.equals("text") && !format.equals("html") && !format.equals("both")) {
                throw NodeException.user(
                        "parameter 'emailFormat': '" + format + "' is not one of text, html, both [item " + i + "]", i);
            }
            text = format.equals("html") ? null : ctx.param("text", i, String.class, "");
            html = format.equals("text") ? null : ctx.param("html", i, String.class, "");
            // as n8n: the attribution is on by default from v2.1
            JsonNode options = ctx.paramTree("options", i);
            JsonNode append = options == null ? null : options.get("appendAttribution");
            if (append != null && !append.isNull() ? append.asBoolean() : version >= 2.1) {
                if (format.equals("html") || (format.equals("both") && !html.isEmpty())) {
                    html = html + "\n<br>\n<br>\n---\n<br>\n<em>" + ATTRIBUTION
                            + "<a href=\"https://n8n.io/?utm_source=n8n-internal&utm_medium=powered_by"
                            + "&utm_campaign=n8n-nodes-base.emailSend\" target=\"_blank\">n8n</a></em>\n";
                } else {
                    text = text + "\n\n---\n" + ATTRIBUTION + "n8n\nhttps://n8n.io";
                }
            }
        }

        String host = cred.path("host").asText("").strip();
        if (host.isEmpty()) {
            throw NodeException.user("credential 'smtp': 'host' is empty [item " + i + "]", i);
        }
        int port = cred.path("port").asInt(465);
        PinnedAddress server = PinnedAddress.resolve(ctx, "Send Email", host, port, i);
        Session session = Session.getInstance(properties(cred, server, insecure));
        try {
            MimeMessage message = new MimeMessage(session);
            InternetAddress sender = single("fromEmail", from, i);
            message.setFrom(sender);
            message.setRecipients(Message.RecipientType.TO, list("toEmail", to, i));
            if (!cc.isBlank()) {
                message.setRecipients(Message.RecipientType.CC, list("ccEmail", cc, i));
            }
            if (!bcc.isBlank()) {
                message.setRecipients(Message.RecipientType.BCC, list("bccEmail", bcc, i));
            }
            if (!replyTo.isBlank()) {
                message.setReplyTo(list("replyTo", replyTo, i));
            }
            message.setSubject(subject, "UTF-8");
            List<MimeBodyPart> files = attachments(ctx, v1, attachments, i, item);
            body(message, text, html, files);
            message.saveChanges();
            return transmit(session, server, cred, message, i);
        } catch (MessagingException e) {
            throw failure(e, server, i);
        }
    }

    private Properties properties(ObjectNode cred, PinnedAddress server, boolean insecure) {
        Properties p = new Properties();
        boolean secure = cred.path("secure").asBoolean(true);
        p.put("mail.smtp.socketFactory", server.socketFactory());
        p.put("mail.smtp.socketFactory.fallback", "false");
        p.put("mail.smtp.ssl.enable", Boolean.toString(secure));
        p.put(
                "mail.smtp.starttls.enable",
                Boolean.toString(!secure && !cred.path("disableStartTls").asBoolean(false)));
        if (insecure) {
            p.put("mail.smtp.ssl.trust", "*");
            p.put("mail.smtp.ssl.checkserveridentity", "false");
        } else {
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        String heloName = cred.path("hostName").asText("");
        if (!heloName.isBlank()) {
            p.put("mail.smtp.localhost", heloName.strip());
        }
        String user = cred.path("user").asText("");
        String password = cred.path("password").asText("");
        p.put("mail.smtp.auth", Boolean.toString(!user.isEmpty() || !password.isEmpty()));
        p.put("mail.smtp.connectiontimeout", Integer.toString(connectTimeoutMillis));
        p.put("mail.smtp.timeout", Integer.toString(ioTimeoutMillis));
        p.put("mail.smtp.writetimeout", Integer.toString(ioTimeoutMillis));
        // like nodemailer: the message goes to the recipients the server accepts; the others are reported
        p.put("mail.smtp.sendpartial", "true");
        return p;
    }

    private static ObjectNode transmit(
            Session session, PinnedAddress server, ObjectNode cred, MimeMessage message, int i)
            throws MessagingException {
        String user = cred.path("user").asText("");
        String password = cred.path("password").asText("");
        Address[] recipients = message.getAllRecipients();
        Set<String> rejected = new LinkedHashSet<>();
        String response;
        try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            if (user.isEmpty() && password.isEmpty()) {
                transport.connect(server.host(), server.port(), null, null);
            } else {
                transport.connect(server.host(), server.port(), user, password);
            }
            try {
                transport.sendMessage(message, recipients);
            } catch (SendFailedException e) {
                Address[] sent = e.getValidSentAddresses();
                if (sent == null || sent.length == 0) {
                    throw e;
                }
                if (e.getInvalidAddresses() != null) {
                    for (Address a : e.getInvalidAddresses()) {
                        rejected.add(((InternetAddress) a).getAddress());
                    }
                }
                if (e.getValidUnsentAddresses() != null) {
                    for (Address a : e.getValidUnsentAddresses()) {
                        rejected.add(((InternetAddress) a).getAddress());
                    }
                }
            }
            response = transport.getLastServerResponse();
        }
        ObjectNode json = Json.object();
        ArrayNode accepted = json.putArray("accepted");
        ArrayNode envelopeTo = Json.array();
        for (Address a : recipients) {
            String address = ((InternetAddress) a).getAddress();
            envelopeTo.add(address);
            if (!rejected.contains(address)) {
                accepted.add(address);
            }
        }
        ArrayNode rejectedJson = json.putArray("rejected");
        rejected.forEach(rejectedJson::add);
        json.put("response", response == null ? "" : response.strip());
        ObjectNode envelope = json.putObject("envelope");
        envelope.put("from", ((InternetAddress) message.getFrom()[0]).getAddress());
        envelope.set("to", envelopeTo);
        json.put("messageId", message.getMessageID());
        return json;
    }

    private static void body(MimeMessage message, String text, String html, List<MimeBodyPart> files)
            throws MessagingException {
        boolean hasText = text != null && !text.isEmpty();
        boolean hasHtml = html != null && !html.isEmpty();
        MimeMultipart alternative = null;
        if (hasText && hasHtml) {
            alternative = new MimeMultipart("alternative");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, "UTF-8", "plain");
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html, "UTF-8", "html");
            alternative.addBodyPart(plain);
            alternative.addBodyPart(rich);
        }
        String subtype = hasHtml ? "html" : "plain";
        String single = hasHtml ? html : hasText ? text : "";
        if (files.isEmpty()) {
            if (alternative != null) {
                message.setContent(alternative);
            } else {
                message.setText(single, "UTF-8", subtype);
            }
            return;
        }
        MimeBodyPart content = new MimeBodyPart();
        if (alternative != null) {
            content.setContent(alternative);
        } else {
            content.setText(single, "UTF-8", subtype);
        }
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(content);
        for (MimeBodyPart file : files) {
            mixed.addBodyPart(file);
        }
        message.setContent(mixed);
    }

    private static List<MimeBodyPart> attachments(NodeContext ctx, boolean v1, String names, int i, Item item)
            throws MessagingException {
        List<MimeBodyPart> parts = new ArrayList<>();
        if (names.isBlank() || item.binary().isEmpty()) {
            return parts;
        }
        for (String raw : names.split(",")) {
            String name = raw.strip();
            BinaryRef ref = item.binary().get(name);
            if (ref == null && v1) {
                continue; // v1 skips names the item does not have
            }
            byte[] data;
            try {
                data = BinaryFiles.read(ctx, i, item, name);
            } catch (IOException e) {
                throw NodeException.operational(
                        "binary field '" + name + "' could not be read: " + e.getMessage() + " [item " + i + "]", e);
            }
            MimeBodyPart part = new MimeBodyPart();
            String mime =
                    ref.mimeType() == null || ref.mimeType().isBlank() ? "application/octet-stream" : ref.mimeType();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(data, mime)));
            String fileName = ref.fileName() == null || ref.fileName().isBlank() ? "unknown" : ref.fileName();
            part.setFileName(fileName);
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            if (!v1) {
                part.setContentID("<" + name + ">"); // v2: reachable as cid:<name> from the HTML
            }
            parts.add(part);
        }
        return parts;
    }

    private static InternetAddress single(String parameter, String value, int i) {
        InternetAddress[] all = list(parameter, value, i);
        if (all.length != 1) {
            throw NodeException.user("parameter '" + parameter + "' must hold one address [item " + i + "]", i);
        }
        return all[0];
    }

    private static InternetAddress[] list(String parameter, String value, int i) {
        if (value == null || value.isBlank()) {
            throw NodeException.user("parameter '" + parameter + "' is empty [item " + i + "]", i);
        }
        try {
            InternetAddress[] all = InternetAddress.parse(value, false);
            for (InternetAddress a : all) {
                a.validate();
            }
            if (all.length == 0) {
                throw new AddressException("no address");
            }
            return all;
        } catch (AddressException e) {
            throw NodeException.user(
                    "parameter '" + parameter + "': '" + value + "' is not a valid email address list ("
                            + e.getMessage() + ") [item " + i + "]",
                    i);
        }
    }

    private static NodeException failure(MessagingException e, PinnedAddress server, int i) {
        String where = "the SMTP server at " + server.where();
        if (e instanceof AuthenticationFailedException) {
            return new NodeException(
                    ErrorKind.USER,
                    where + " refused the credentials: " + reply(e) + " [item " + i + "]",
                    i,
                    null,
                    null);
        }
        Throwable root = e;
        javax.net.ssl.SSLException tls = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof javax.net.ssl.SSLException s && tls == null) {
                tls = s;
            }
        }
        if (tls != null) {
            return new NodeException(
                    ErrorKind.OPERATIONAL,
                    "TLS with " + where + " failed: " + tls.getMessage()
                            + " (option 'Ignore SSL Issues' skips the certificate check) [item " + i + "]",
                    i,
                    null,
                    null);
        }
        if (root instanceof ConnectException || root instanceof java.net.NoRouteToHostException) {
            return new NodeException(
                    ErrorKind.OPERATIONAL,
                    "could not connect to " + where + ": " + root.getMessage() + " [item " + i + "]",
                    i,
                    null,
                    null);
        }
        if (root instanceof SocketTimeoutException) {
            return new NodeException(
                    ErrorKind.OPERATIONAL,
                    where + " did not answer in time (is it an SMTP server?) [item " + i + "]",
                    i,
                    null,
                    null);
        }
        if (e instanceof SendFailedException) {
            return new NodeException(
                    ErrorKind.USER, where + " refused the message: " + reply(e) + " [item " + i + "]", i, null, null);
        }
        return new NodeException(
                ErrorKind.OPERATIONAL,
                "sending through " + where + " failed: " + reply(e) + " [item " + i + "]",
                i,
                null,
                null);
    }

    private static String reply(MessagingException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            Throwable c = e.getCause();
            m = c != null && c.getMessage() != null
                    ? c.getMessage()
                    : e.getClass().getSimpleName();
        }
        return m.strip().replaceAll("\\s+", " ");
    }
}
