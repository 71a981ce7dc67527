package io.hetumind.nodes.email;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.files.BinaryFiles;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One mail as one item, in n8n's three formats: {@code simple} (node-imap's header fields, the first
 * text/plain and text/html parts, attachments on request), {@code resolved} (mailparser's shape: header
 * lines, text, html, addresses as {value, html, text}, every attachment as binary) and {@code raw} (the
 * message body as the server sent it). Attachments go into the host's {@link BinaryStore} under a
 * namespace of their own ("imap-…"), as webhook uploads do, since no execution exists yet.
 */
final class ImapItems {

    /** Header fields n8n puts at the top of a simple item; the others go under {@code metadata}. */
    private static final Set<String> TOP_LEVEL = Set.of("cc", "date", "from", "subject", "to");

    private final String format;
    private final boolean downloadAttachments;
    private final String prefix;
    private final BinaryStore store;

    ImapItems(String format, boolean downloadAttachments, String prefix, BinaryStore store) {
        this.format = format;
        this.downloadAttachments = downloadAttachments;
        this.prefix = prefix;
        this.store = store;
    }

    /** Whether this format can store files, so that a host without a binary store is refused at activation. */
    static boolean needsBinaryStore(String format, boolean downloadAttachments) {
        return format.equals("resolved") || (format.equals("simple") && downloadAttachments);
    }

    Item item(Message message, long uid) throws MessagingException, IOException {
        return switch (format) {
            case "resolved" -> resolved(message, uid);
            case "raw" -> raw(message);
            default -> simple(message, uid);
        };
    }

    private Item simple(Message message, long uid) throws MessagingException, IOException {
        List<Part> parts = new ArrayList<>();
        leaves(message, parts);
        ObjectNode json = Json.F.objectNode();
        json.put("textHtml", text(parts, "html"));
        json.put("textPlain", text(parts, "plain"));
        ObjectNode metadata = json.putObject("metadata");
        json.putObject("attributes").put("uid", uid);
        for (Header h : Collections.list(message.getAllHeaders())) {
            String name = h.getName().toLowerCase(Locale.ROOT);
            ObjectNode target = TOP_LEVEL.contains(name) ? json : metadata;
            if (!target.has(name)) { // node-imap keeps every value; n8n takes the first
                target.put(name, decode(h.getValue()));
            }
        }
        Map<String, BinaryRef> binary = new LinkedHashMap<>();
        if (downloadAttachments) {
            String namespace = namespace();
            for (Part p : parts) {
                if (Part.ATTACHMENT.equalsIgnoreCase(disposition(p))) {
                    byte[] data = bytes(p);
                    binary.put(prefix + binary.size(), put(namespace, data, fileName(p), null));
                }
            }
        }
        return Item.of(json).withBinary(binary);
    }

    private Item raw(Message message) throws MessagingException, IOException {
        InputStream in = message instanceof MimeMessage m ? m.getRawInputStream() : message.getInputStream();
        String body;
        try (in) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectNode json = Json.F.objectNode();
        json.put("raw", body);
        return Item.of(json);
    }

    private Item resolved(Message fetched, long uid) throws MessagingException, IOException {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        fetched.writeTo(whole);
        MimeMessage message = new MimeMessage(
                Session.getInstance(new java.util.Properties()), new ByteArrayInputStream(whole.toByteArray()));
        List<Part> parts = new ArrayList<>();
        leaves(message, parts);
        Part textPart = body(parts, "text/plain");
        Part htmlPart = body(parts, "text/html");

        String html = htmlPart == null ? null : content(htmlPart);
        String text = textPart == null ? null : content(textPart);
        ObjectNode json = MailparserJson.of(message, text, html, uid);

        Map<String, BinaryRef> binary = new LinkedHashMap<>();
        String namespace = null;
        for (Part p : parts) {
            if (p == textPart || p == htmlPart) {
                continue;
            }
            boolean isText = p.isMimeType("text/plain") || p.isMimeType("text/html");
            if (isText && !Part.ATTACHMENT.equalsIgnoreCase(disposition(p))) {
                continue; // further inline text parts belong to the body, as in mailparser
            }
            namespace = namespace == null ? namespace() : namespace;
            String mime = baseType(p.getContentType());
            binary.put(prefix + binary.size(), put(namespace, bytes(p), fileName(p), mime));
        }
        return Item.of(json).withBinary(binary);
    }

    private BinaryRef put(String namespace, byte[] data, String fileName, String mimeType) throws IOException {
        String mime = mimeType == null || mimeType.isBlank() ? BinaryFiles.mimeFor(fileName, data) : mimeType;
        String name = fileName;
        if (name == null || name.isBlank()) {
            String ext = BinaryFiles.extensionFor(mime);
            name = ext == null ? "file" : "file." + ext;
        }
        return store.put(namespace, new ByteArrayInputStream(data), mime, name);
    }

    private static String namespace() {
        return "imap-" + UUID.randomUUID();
    }

    /** node-imap's flat part list: every part that is not a multipart, in order. */
    private static void leaves(Part part, List<Part> out) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                leaves(mp.getBodyPart(i), out);
            }
        } else {
            out.add(part);
        }
    }

    /** n8n's getText: the first text/&lt;subtype&gt; part decoded, or "" (also when it cannot be read). */
    private static String text(List<Part> parts, String subtype) {
        for (Part p : parts) {
            try {
                if (p.isMimeType("text/" + subtype)) {
                    return content(p);
                }
            } catch (MessagingException | IOException e) {
                return "";
            }
        }
        return "";
    }

    /** The first part of that type that is not an attachment: mailparser's body. */
    private static Part body(List<Part> parts, String type) throws MessagingException {
        for (Part p : parts) {
            if (p.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(disposition(p))) {
                return p;
            }
        }
        return null;
    }

    private static String content(Part p) throws MessagingException, IOException {
        Object c = p.getContent();
        if (c instanceof String s) {
            return s;
        }
        return new String(bytes(p), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Part p) throws MessagingException, IOException {
        try (InputStream in = p.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static String disposition(Part p) throws MessagingException {
        try {
            return p.getDisposition();
        } catch (jakarta.mail.internet.ParseException e) {
            return null;
        }
    }

    private static String fileName(Part p) throws MessagingException {
        String name;
        try {
            name = p.getFileName();
        } catch (jakarta.mail.internet.ParseException e) {
            return null;
        }
        return name == null ? null : decode(name);
    }

    private static String baseType(String contentType) {
        if (contentType == null) {
            return null;
        }
        return contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }

    /** A header value as node-imap gives it: unfolded, encoded words decoded. */
    static String decode(String value) {
        String unfolded = MimeUtility.unfold(value == null ? "" : value);
        try {
            return MimeUtility.decodeText(unfolded);
        } catch (java.io.UnsupportedEncodingException e) {
            return unfolded;
        }
    }
}
